// Stack high-water marks from the stores and SP values the guest actually
// produces (see observers.hpp). One store watch over guest RAM; with the
// tracker detached, stores cost nothing extra.
#include "irqsim/machine.hpp"
#include "irqsim/observers.hpp"

namespace irqsim {

StackTracker::StackTracker(Machine& machine, uint64_t thread_size) : machine_(machine), thread_size_(thread_size) {
    watch_ = machine_.bus().add_store_watch(virt_map::kRamBase, machine_.config().ram_size,
                                            [this](uint64_t addr, unsigned, unsigned cpu) { note(cpu, addr); });
}

StackTracker::~StackTracker() { machine_.bus().remove_store_watch(watch_); }

void StackTracker::note(unsigned cpu_index, uint64_t addr) {
    Cpu& cpu = machine_.cpu(cpu_index);
    if (cpu.el != ExceptionLevel::EL1) return;  // user stacks are not kernel stacks
    uint64_t sp = cpu.sp, mask = ~(thread_size_ - 1);
    // A push or spill lands at or above SP, in SP's own slot; a pre-index
    // push (stp x29, x30, [sp, #-N]!) stores before SP moves, at most 512
    // bytes below it (STP's imm7 x 8), possibly below the slot's base: an
    // overflow, counted against SP's slot.
    constexpr uint64_t kPreIndexReach = 512;
    if (addr + kPreIndexReach < sp || addr >= (sp & mask) + thread_size_) return;
    Slot& s = slots_[sp & mask];
    s.lowest_store = std::min(s.lowest_store, addr);
    s.lowest_sp = std::min(s.lowest_sp, sp);
    if (cpu_index < kMaxCpus) s.lowest_by_cpu[cpu_index] = std::min(s.lowest_by_cpu[cpu_index], addr);
}

void StackTracker::exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) {
    // After entry SP is SP_EL1: the interrupted kernel stack (from EL1) or
    // the task's kernel stack (from EL0).
    (void)rec;
    uint64_t sp = cpu.sp;
    Slot& s = slots_[sp & ~(thread_size_ - 1)];
    ++s.exceptions;
    s.lowest_sp = std::min(s.lowest_sp, sp);
    if (cpu.index() < kMaxCpus) s.lowest_by_cpu[cpu.index()] = std::min(s.lowest_by_cpu[cpu.index()], sp);
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
