// Host-side observers of a guest kernel run (../shared/DESIGN.md, src/stack):
// per-IRQ instruction accounting by phase, stack high-water marks from the
// stores and SP values actually seen, and a frame-record unwinder.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "irqsim/exception.hpp"

namespace irqsim {

class Bus;
class Machine;

// The phases of an interrupt, as the guest's `irq_phase_*` labels mark them.
enum class IrqPhase : uint8_t { Entry, Switch, Copy, Handler, Exit };
inline constexpr unsigned kIrqPhases = 5;
const char* irq_phase_name(IrqPhase p);

// Counts instructions from IRQ vector entry to its ERET, split into phases.
// Time spent in a nested exception belongs to that exception, not to the one
// it interrupted, so the phases of all IRQs add up to the IRQ total.
class IrqAccounting final : public ExceptionObserver {
public:
    explicit IrqAccounting(unsigned cpus) : stacks_(cpus) {}
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override;
    void exception_returned(Cpu& cpu, ExceptionLevel from, ExceptionLevel to, uint64_t pc) override;
    // A phase label was reached on `cpu` (installed as a PC hook).
    void enter_phase(Cpu& cpu, IrqPhase phase);

    uint64_t irqs = 0;              // IRQ exceptions taken
    uint64_t irq_instructions = 0;  // instructions attributed to IRQs
    std::array<uint64_t, kIrqPhases> phase_instructions{};
    unsigned max_nesting = 0;  // deepest IRQ-within-IRQ nesting (1 = no nesting)

private:
    struct Frame {
        bool irq;
        IrqPhase phase;
        uint64_t since;  // instruction count when the current phase resumed
    };
    void account(Frame& f, uint64_t now);
    std::vector<std::vector<Frame>> stacks_;  // per CPU
};

// Stack usage by THREAD_SIZE-aligned slot: the lowest address the owning CPU
// stored to at or above its own SP (pushes, spills, frame records), and the
// lowest SP seen there. Stores by other CPUs (a remote TIF flag) and stores
// below SP are not stack usage and are left out.
class StackTracker final : public ExceptionObserver {
public:
    static constexpr unsigned kMaxCpus = 8;  // the board's limit (Machine)
    StackTracker(Machine& machine, uint64_t thread_size);
    ~StackTracker() override;
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override;
    void exception_returned(Cpu&, ExceptionLevel, ExceptionLevel, uint64_t) override {}

    struct Slot {
        uint64_t lowest_store = ~uint64_t{0};
        uint64_t lowest_sp = ~uint64_t{0};
        uint64_t exceptions = 0;  // exceptions taken with SP in this slot
        // The same, per CPU: a slot may hold the ends of two CPUs' stacks
        // when they are not THREAD_SIZE-aligned (static per-CPU IRQ stacks).
        std::array<uint64_t, kMaxCpus> lowest_by_cpu;
        Slot() { lowest_by_cpu.fill(~uint64_t{0}); }
        uint64_t lowest() const { return std::min(lowest_store, lowest_sp); }
    };
    const std::map<uint64_t, Slot>& slots() const { return slots_; }
    uint64_t thread_size() const { return thread_size_; }

private:
    void note(unsigned cpu, uint64_t addr);
    Machine& machine_;
    uint64_t thread_size_;
    int watch_ = 0;
    std::map<uint64_t, Slot> slots_;
};

// One walk over AArch64 frame records ([fp] = caller's fp, [fp + 8] = return
// address) starting at `fp` (a CPU's x29). Frames may cross from one stack to
// another (IRQ stack to task stack) in either direction, so the walk is
// bounded by max_frames rather than by fp growing. Used by the compare
// observers and by both fault reports.
struct UnwindResult {
    std::vector<uint64_t> frames;  // frame-record addresses walked
    std::vector<uint64_t> return_addresses;
    bool ended_at_zero_fp = false;  // the chain ended with fp == 0 (a task's first frame)
    std::string stopped_because;    // empty when ended_at_zero_fp
};
UnwindResult unwind_frame_records(const Bus& bus, uint64_t fp, unsigned max_frames = 128);

}  // namespace irqsim
