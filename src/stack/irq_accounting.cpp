// Per-IRQ instruction accounting by phase (see observers.hpp).
#include "irqsim/observers.hpp"

#include <string>

#include "irqsim/elf.hpp"

namespace irqsim {

const char* irq_phase_name(IrqPhase p) {
    static constexpr const char* kNames[] = {"entry", "switch", "copy", "handler", "exit", "witness"};
    return kNames[static_cast<unsigned>(p)];
}

std::vector<IrqPhaseLabel> irq_phase_labels(const ElfImage& image) {
    // Each design's irq_handler marks its own steps; several of them are one
    // phase (the copy design's copy and copy-back, the switch to and from
    // the IRQ stack). The entry phase starts with the exception itself.
    struct Label {
        const char* name;
        IrqPhase phase;
    };
    static constexpr Label kLabels[] = {
        {"irq_phase_switch", IrqPhase::Switch},   {"irq_phase_stack", IrqPhase::Switch},
        {"irq_phase_restore", IrqPhase::Switch},  {"irq_phase_copy", IrqPhase::Copy},
        {"irq_phase_copyback", IrqPhase::Copy},   {"irq_phase_handler", IrqPhase::Handler},
        {"irq_phase_exit", IrqPhase::Exit},       {"irq_phase_witness", IrqPhase::Witness},
    };
    std::vector<IrqPhaseLabel> out;
    for (const auto& l : kLabels)
        for (const char* el : {"_el1", "_el0"})
            if (const ElfSymbol* s = image.find_symbol(std::string(l.name) + el)) out.push_back({s->value, l.phase});
    return out;
}

namespace {
// A guest that switches tasks inside an IRQ (preemption on IRQ exit) can
// ERET through another task's frame, so pairs need not nest perfectly; a
// bound keeps a confused stack from growing without end.
constexpr size_t kMaxFrames = 64;
}  // namespace

void IrqAccounting::account(Frame& f, uint64_t now, uint64_t now_cycles) {
    if (f.irq && f.phase != IrqPhase::Witness) {
        uint64_t n = now - f.since;
        phase_instructions[static_cast<unsigned>(f.phase)] += n;
        irq_instructions += n;
        uint64_t c = now_cycles - f.since_cycles;
        phase_cycles[static_cast<unsigned>(f.phase)] += c;
        irq_cycles += c;
    }
    f.since = now;
    f.since_cycles = now_cycles;
}

void IrqAccounting::exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) {
    auto& st = stacks_[cpu.index()];
    uint64_t now = cpu.instructions_now(), now_c = cycles_now(cpu);
    if (!st.empty()) account(st.back(), now, now_c);
    if (st.size() >= kMaxFrames) st.clear();
    bool irq = rec.event->kind == ExceptionKind::Irq || rec.event->kind == ExceptionKind::Fiq;
    st.push_back({irq, IrqPhase::Entry, now, now_c});
    if (irq) {
        ++irqs;
        unsigned depth = 0;
        for (const Frame& f : st) depth += f.irq;
        max_nesting = std::max(max_nesting, depth);
    }
}

void IrqAccounting::exception_returned(Cpu& cpu, ExceptionLevel, ExceptionLevel, uint64_t) {
    auto& st = stacks_[cpu.index()];
    if (st.empty()) return;
    uint64_t now = cpu.instructions_now() + 1;  // the ERET itself belongs to the frame it ends
    // The cost model prices an ERET (and its refill) before it executes, so
    // its clock already includes it here.
    uint64_t now_c = cycles_now(cpu);
    account(st.back(), now, now_c);
    st.pop_back();
    if (!st.empty()) {
        st.back().since = now;
        st.back().since_cycles = now_c;
    }
}

void IrqAccounting::enter_phase(Cpu& cpu, IrqPhase phase) {
    auto& st = stacks_[cpu.index()];
    if (st.empty() || !st.back().irq) return;
    account(st.back(), cpu.instructions_now(), cycles_now(cpu));
    st.back().phase = phase;
}

}  // namespace irqsim
