// Stack high-water marks from the stores and SP values the guest actually
// produces, the call chain behind each new low, and a guard below every
// stack (see observers.hpp). One store watch over guest RAM; with the
// tracker detached, stores cost nothing extra.
#include <fmt/format.h>

#include <algorithm>

#include "cpu/disasm.hpp"
#include "irqsim/elf.hpp"
#include "irqsim/machine.hpp"
#include "irqsim/observers.hpp"

namespace irqsim {

namespace {
// SP leaving a stack for the one below counts as running off its bottom only
// when it was this close to the bottom (a frame or two); farther up, it is a
// switch (to an IRQ stack, another task) that happens to land below.
constexpr uint64_t kBottomReach = 1024;
}  // namespace

StackTracker::StackTracker(Machine& machine, uint64_t thread_size, uint64_t thread_info_bytes_at_base)
    : machine_(machine), thread_size_(thread_size), ti_at_base_(thread_info_bytes_at_base), on_(machine.cpu_count()) {
    for (unsigned i = 0; i < machine.cpu_count(); ++i) cpus_.push_back(&machine.cpu(i));
    watch_ = machine_.bus().add_store_watch(
        virt_map::kRamBase, machine_.config().ram_size,
        [](void* self, uint64_t addr, unsigned, unsigned cpu) {
            auto* t = static_cast<StackTracker*>(self);
            if (!t->note_common(cpu, addr)) t->note(cpu, addr);
        },
        this);
}

StackTracker::~StackTracker() { machine_.bus().remove_store_watch(watch_); }

StackTracker::Slot& StackTracker::slot_of(OnStack& o, uint64_t sp) {
    uint64_t base = sp & ~(thread_size_ - 1);
    if (base != o.slot_base) {
        o.slot = &slots_[base];  // std::map nodes stay put
        o.slot_base = base;
    }
    return *o.slot;
}

// Nearly every store the watch reports is by user code (no kernel stack) or a
// push or spill into the stack the CPU's last one went to, above its usable
// bottom, that sets no new low: what note() would conclude, decided here
// without its calls (so without its register saves). False: note() decides.
inline bool StackTracker::note_common(unsigned cpu_index, uint64_t addr) {
    const Cpu& cpu = *cpus_[cpu_index];
    if (cpu.el != ExceptionLevel::EL1) return true;  // user stacks are not kernel stacks
    uint64_t sp = cpu.sp, base = sp & ~(thread_size_ - 1);
    OnStack& o = on_[cpu_index];
    if (!in_last_stack(o, cpu_index, addr, sp)) return false;
    o.below = false;
    o.last_sp = sp;
    return addr >= base + thread_size_ || !is_new_low(*o.slot, cpu_index, addr, sp);
}

// A kernel store note_common() did not settle.
void StackTracker::note(unsigned cpu_index, uint64_t addr) {
    Cpu& cpu = *cpus_[cpu_index];
    uint64_t sp = cpu.sp, mask = ~(thread_size_ - 1);
    // Into the stack of the last stack store, below its top: a new low there
    // (note_common() found it so and kept the bookkeeping).
    OnStack& o = on_[cpu_index];
    if (in_last_stack(o, cpu_index, addr, sp)) {
        mark(*o.slot, cpu, addr, sp, cpu.pc);
        return;
    }
    // The guard first: an overflowing frame spans SP's slot and the one above
    // (it needs SP written back, so a pre-index push is seen at the next store).
    if (addr >= sp && addr - sp < thread_size_) guard(cpu, addr);
    // A push or spill lands at or above SP, in SP's own slot; a pre-index
    // push (stp x29, x30, [sp, #-N]!) stores before SP moves, at most 512
    // bytes below it (STP's imm7 x 8), possibly below the slot's base: an
    // overflow, counted against SP's slot.
    constexpr uint64_t kPreIndexReach = 512;
    if (addr + kPreIndexReach < sp || addr >= (sp & mask) + thread_size_) return;
    mark(slot_of(on_[cpu_index], sp), cpu, addr, sp, cpu.pc);
}

void StackTracker::mark(Slot& s, Cpu& cpu, uint64_t addr, uint64_t sp, uint64_t pc) {
    unsigned c = cpu.index();
    uint64_t low = addr != ~uint64_t{0} ? addr : sp;  // per CPU: its stores, and SP at exception entry
    bool by_cpu = c < kMaxCpus && low < s.lowest_by_cpu[c];
    if (!by_cpu && addr >= s.lowest_store && sp >= s.lowest_sp) return;  // no new low: the common case (is_new_low)
    uint64_t before = s.lowest();
    s.lowest_store = std::min(s.lowest_store, addr);
    s.lowest_sp = std::min(s.lowest_sp, sp);
    if (by_cpu) s.lowest_by_cpu[c] = low;
    if (!machine_.image()) return;
    // A new low: the call chain that reached it (rare after the first
    // moments of a run, so the walk costs little).
    const OnStack& o = on_[c];
    auto chain = [&](uint64_t l) {
        return capture_stack_chain(machine_, cpu, l, pc, o.entry_sp, o.entry_from_el0, thread_size_);
    };
    if (s.lowest() < before) s.deepest = chain(s.lowest());
    if (by_cpu) s.deepest_by_cpu[c] = s.deepest.low == low && s.deepest.pc == pc ? s.deepest : chain(low);
}

void StackTracker::guard(Cpu& cpu, uint64_t addr) {
    OnStack& o = on_[cpu.index()];
    uint64_t sp = cpu.sp, base = sp & ~(thread_size_ - 1);
    if (!o.base) {
        o.base = base;
    } else if (base != o.base) {
        bool ran_off = sp < o.base && o.base - sp <= thread_size_ && (o.below || o.last_sp - o.base < kBottomReach);
        if (ran_off) {
            o.below = true;
        } else {
            o.base = base;
            o.below = false;
        }
    } else {
        o.below = false;
    }
    o.last_sp = sp;
    uint64_t bottom = o.base + ti_at_base_;
    if (sp >= bottom) return;

    auto it = std::find_if(overflows_.begin(), overflows_.end(),
                           [&](const StackOverflow& v) { return v.stack_base == o.base; });
    bool hits_ti = ti_at_base_ && addr >= o.base && addr < bottom;
    if (it != overflows_.end()) {
        if (hits_ti && !it->thread_info_overwritten) {
            it->thread_info_overwritten = true;
            it->thread_info_overwritten_at = cpu.pc;
        }
        return;
    }
    StackOverflow v;
    v.cpu = cpu.index();
    v.pc = cpu.pc;
    v.sp = sp;
    v.address = addr;
    v.stack_base = o.base;
    v.usable_bottom = bottom;
    v.stack = fmt::format("stack at {:#x}", o.base);
    v.thread_info_overwritten = hits_ti;
    v.thread_info_overwritten_at = hits_ti ? cpu.pc : 0;
    const ElfImage* image = machine_.image();
    auto where = [image](uint64_t a) { return image ? image->symbolize(a) : fmt::format("{:#x}", a); };
    uint32_t word = 0;
    machine_.bus().copy_out(cpu.pc, &word, 4);
    v.where = fmt::format("{:#x} {}: {:08x}  {}", cpu.pc, where(cpu.pc), word, disassemble(word, cpu.pc));
    UnwindResult u = unwind_frame_records(machine_.bus(), cpu.x[29], 64);
    v.backtrace = u.return_addresses;
    for (uint64_t ra : u.return_addresses) v.backtrace_symbols.push_back(where(ra));
    overflows_.push_back(std::move(v));
}

void StackTracker::exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) {
    // After entry SP is SP_EL1: the interrupted kernel stack (from EL1) or
    // the task's kernel stack (from EL0), where pt_regs go next.
    uint64_t sp = cpu.sp;
    OnStack& o = on_[cpu.index()];
    o.entry_sp = sp;
    o.entry_from_el0 = rec.from_el == ExceptionLevel::EL0;
    if (o.entry_from_el0) {
        o.base = sp & ~(thread_size_ - 1);
        o.below = false;
    }
    Slot& s = slot_of(o, sp);
    ++s.exceptions;
    mark(s, cpu, ~uint64_t{0}, sp, cpu.elr_el1);  // the chain as interrupted
}

UnwindResult unwind_frame_records(const Bus& bus, uint64_t fp, unsigned max_frames) {
    UnwindResult r;
    while (r.frames.size() < max_frames) {
        if (fp == 0) {
            r.ended_at_zero_fp = true;
            return r;
        }
        if (fp & 15) {
            r.stopped_because = "frame pointer not 16-byte aligned";
            return r;
        }
        uint64_t rec[2];
        if (!bus.copy_out(fp, rec, sizeof rec)) {
            r.stopped_because = "frame record outside RAM";
            return r;
        }
        r.frames.push_back(fp);
        r.return_addresses.push_back(rec[1]);
        fp = rec[0];
    }
    r.stopped_because = "too many frames (a loop?)";
    return r;
}

}  // namespace irqsim
