// The call chain behind a stack's high-water mark (see observers.hpp,
// StackChain): frame records from x29, split into frames by owner, with the
// pt_regs of every exception entry on the way as frames of their own.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "irqsim/elf.hpp"
#include "irqsim/machine.hpp"
#include "irqsim/observers.hpp"
// The guest's pt_regs layout (the 2015 arm64 one), shared with its entry
// code. Its syscall numbers are the guest's, not the host's.
#undef __NR_exit
#include "asm/offsets.h"

namespace irqsim {

namespace {

// The guest's exception-entry code (src/asm/entry.S, kernel names): a return
// address here means the frame above is an exception's, not a caller's; the
// second name is the entry that saved those pt_regs.
struct EntryCode {
    const char* symbol;
    const char* saved_by;
};
constexpr EntryCode kEntryCode[] = {
    {"el1_irq", "el1_irq"},         {"el0_irq", "el0_irq"},         {"el1_sync", "el1_sync"},
    {"el0_sync", "el0_sync"},       {"el0_svc", "el0_svc"},         {"el1_preempt", "el1_irq"},
    {"ret_to_user", "el0_sync"},    {"ret_fast_syscall", "el0_svc"},
};

class ChainBuilder {
public:
    ChainBuilder(Machine& m, uint64_t thread_size) : m_(m), image_(*m.image()), ts_(thread_size) {}

    // The symbol owning addr: the function whose extent covers it, else the
    // nearest label below (entry.S's sizeless labels).
    const ElfSymbol* symbol_at(uint64_t addr) const {
        const auto& syms = image_.symbols;
        auto it = std::upper_bound(syms.begin(), syms.end(), addr, [](uint64_t a, const auto& s) { return a < s.value; });
        const ElfSymbol* nearest = it == syms.begin() ? nullptr : &*std::prev(it);
        for (auto s = it; s != syms.begin() && it - s < 16;) {
            --s;
            if (s->function && addr - s->value < s->size) return &*s;
        }
        return nearest;
    }
    std::string name_at(uint64_t addr) const {
        const ElfSymbol* s = symbol_at(addr);
        return s ? s->name : fmt::format("{:#x}", addr);
    }
    // The entry that saved the pt_regs above a frame returning to addr, or
    // null when addr is not entry code.
    const char* entry_of(uint64_t addr) const {
        std::string n = name_at(addr);
        for (const auto& e : kEntryCode)
            if (n == e.symbol) return e.saved_by;
        return nullptr;
    }
    // Has the function at pc set x29 to its own frame record yet? GCC's
    // prologue does it with `mov x29, sp` or `add x29, sp, #imm`.
    bool owns_frame_record(uint64_t pc) const {
        const ElfSymbol* s = symbol_at(pc);
        if (!s) return false;
        for (uint64_t a = s->value; a < pc && a < s->value + 64; a += 4) {
            uint32_t w = 0;
            if (!m_.bus().copy_out(a, &w, 4)) return false;
            if ((w & 0xFFC003FFu) == 0x910003FDu) return true;  // ADD x29, sp, #imm12 (Arm ARM C6.2.4)
        }
        return false;
    }
    uint64_t word(uint64_t addr) const {
        uint64_t v = 0;
        m_.bus().copy_out(addr, &v, 8);
        return v;
    }
    // pt_regs saved by an entry from EL1, above the handler's frame record at
    // fp: its saved SP is the SP just above it. When the record's link
    // `next` lies above on this stack, the pt_regs are below it and saved
    // that x29; otherwise the link is stale (el1_preempt runs with the IRQ
    // stack's x29) and the saved x29 is the way on.
    uint64_t find_el1_regs(uint64_t fp, uint64_t next) const {
        bool next_above = next > fp && next - fp < ts_;
        uint64_t hi = next_above ? next : fp + 4096;
        for (uint64_t p = fp + 16; p + S_FRAME_SIZE <= hi && p < fp + 4096; p += 16)
            if (word(p + S_SP) == p + S_FRAME_SIZE && (!next_above || word(p + S_X29) == next)) return p;
        return 0;
    }
    // pt_regs of the entry from EL0 that started this kernel stack: below
    // THREAD_START_SP (the top less 16), PSTATE saying EL0t.
    uint64_t find_el0_regs(uint64_t fp) const {
        uint64_t top = (fp & ~(ts_ - 1)) + ts_, p = top - 16 - S_FRAME_SIZE;
        return p >= fp + 16 && (word(p + S_PSTATE) & 0xf) == 0 ? p : 0;
    }

    // The code at pc, its stack starting at lo, with x29 = fp and x30 = lr:
    // either it owns the record at fp (its frame continues there), or it is
    // a leaf (or in its prologue) and its caller, at lr, owns it. Returns
    // where the owner of fp's record starts; sets `owner`.
    uint64_t first_frame(StackChain& c, uint64_t lo, uint64_t pc, uint64_t lr, uint64_t fp, std::string& owner) const {
        if (owns_frame_record(pc)) {
            owner = name_at(pc);
            return lo;
        }
        add(c, StackFrame::Kind::Function, lo, fp, name_at(pc));
        owner = name_at(lr);
        return std::max(lo, fp);
    }

    void add(StackChain& c, StackFrame::Kind kind, uint64_t lo, uint64_t hi, std::string fn) const {
        if (hi > lo) c.frames.push_back({kind, lo, hi, std::move(fn)});
    }

    StackChain build(Cpu& cpu, uint64_t low, uint64_t pc, uint64_t entry_sp, bool entry_from_el0) const {
        using K = StackFrame::Kind;
        StackChain c;
        c.cpu = cpu.index();
        c.pc = pc;
        c.sp = cpu.sp;
        c.low = low;
        uint64_t cur = low, fp = cpu.x[29];
        std::string owner;
        if (entry_sp && cpu.sp + S_FRAME_SIZE == entry_sp && low >= cpu.sp && low < entry_sp) {
            // kernel_entry is saving pt_regs: the interrupted context lies above.
            add(c, K::ExceptionRegs, low, entry_sp, name_at(pc));
            if (entry_from_el0) {
                add(c, K::ExceptionRegs, entry_sp, (entry_sp & ~(ts_ - 1)) + ts_, name_at(pc));
                c.ends = "the pt_regs of an entry from EL0 (the task's first frame)";
                return c;
            }
            cur = first_frame(c, entry_sp, cpu.elr_el1, cpu.x[30], fp, owner);
        } else {
            cur = first_frame(c, low, pc, cpu.x[30], fp, owner);
        }
        for (unsigned n = 0; n < 256; ++n) {
            if (fp < cur || fp & 15) {
                c.ends = fmt::format("frame record {:#x} is not above the frames walked", fp);
                return c;
            }
            uint64_t next = word(fp), ra = word(fp + 8);
            if (const char* entry = entry_of(ra)) {
                if (next == 0) {
                    uint64_t p = find_el0_regs(fp);
                    if (!p) break;
                    add(c, K::Function, cur, p, owner);
                    add(c, K::ExceptionRegs, p, (fp & ~(ts_ - 1)) + ts_, entry);
                    c.ends = "the pt_regs of an entry from EL0 (the task's first frame)";
                    return c;
                }
                if (uint64_t p = find_el1_regs(fp, next)) {
                    add(c, K::Function, cur, p, owner);
                    add(c, K::ExceptionRegs, p, p + S_FRAME_SIZE, entry);
                    // On with the interrupted context, as at the top.
                    fp = word(p + S_X29);
                    cur = first_frame(c, p + S_FRAME_SIZE, word(p + S_PC), word(p + S_LR), fp, owner);
                    continue;
                }
                if (next > fp && next - fp < ts_) {
                    // No pt_regs here: `next` is the record an IRQ-stack
                    // switch pushed, leading to the interrupted stack.
                    add(c, K::Function, cur, next, owner);
                    add(c, K::SwitchRecord, next, next + 16, name_at(ra));
                    c.ends = "the IRQ stack's frame record to the interrupted stack";
                    return c;
                }
                c.ends = fmt::format("{} left this stack without pt_regs or a switch record", name_at(ra));
                break;
            }
            if (next == 0) {
                c.ends = "a zero frame pointer (the thread's first frame)";
                break;
            }
            if (next <= fp || next - fp >= ts_) {
                c.ends = fmt::format("the frame record at {:#x} leads off this stack", fp);
                break;
            }
            add(c, K::Function, cur, next, owner);
            cur = next;
            owner = name_at(ra);
            fp = next;
        }
        add(c, K::Function, cur, fp + 16, owner);
        if (c.ends.empty()) c.ends = "too many frames";
        return c;
    }

private:
    Machine& m_;
    const ElfImage& image_;
    uint64_t ts_;
};

}  // namespace

StackChain capture_stack_chain(Machine& machine, Cpu& cpu, uint64_t low, uint64_t pc, uint64_t entry_sp,
                               bool entry_from_el0, uint64_t thread_size) {
    if (!machine.image()) {
        StackChain c;
        c.cpu = cpu.index(), c.pc = pc, c.sp = cpu.sp, c.low = low;
        c.ends = "no symbols (no image loaded)";
        return c;
    }
    return ChainBuilder(machine, thread_size).build(cpu, low, pc, entry_sp, entry_from_el0);
}

}  // namespace irqsim
