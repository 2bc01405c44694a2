// Machine::Impl, shared by the board's files.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <vector>

#include "board/board_cpu.hpp"
#include "irqsim/machine.hpp"

namespace irqsim {

struct Machine::Impl {
    struct Slot {
        std::unique_ptr<BoardCpu> sys;
        std::unique_ptr<Cpu> cpu;
    };

    explicit Impl(const MachineConfig& c);

    MachineConfig config;
    std::ostream& console;
    Bus bus;
    std::vector<Slot> slots;
    std::vector<ExceptionObserver*> observers;

    uint64_t now = 0;  // ns since reset (1 ns per instruction)
    uint64_t retired = 0;
    bool finished = false;
    RunResult result{RunOutcome::PoweredOff, 0};
    std::string fault_report;

    // Interrupt controller and timer seam: the GIC/timer devices plug in here.
    std::function<bool(unsigned cpu)> irq_line = [](unsigned) { return false; };
    std::function<bool(unsigned cpu)> fiq_line = [](unsigned) { return false; };
    // Earliest time (ns) at which a device will change an interrupt line, or
    // ~0 if none is armed; and a call that brings devices up to `now`.
    std::function<uint64_t()> next_device_event = [] { return ~uint64_t{0}; };
    std::function<void(uint64_t now)> advance_devices = [](uint64_t) {};
    // Extra system registers (GIC CPU interface, timers), tried first.
    std::function<bool(unsigned cpu, uint32_t enc, bool is_read, uint64_t& v)> device_sysreg =
        [](unsigned, uint32_t, bool, uint64_t&) { return false; };

    uint64_t mpidr(unsigned index) const;
    int cpu_by_mpidr(uint64_t mpidr) const;
    void power_on(unsigned index, uint64_t entry, uint64_t context);
    void finish(RunOutcome outcome, int status);
    void guest_fault(Cpu& cpu, const std::string& why);
    // Time as the guest's counter sees it (CNTPCT/CNTVCT ticks).
    uint64_t counter_ticks(uint64_t at_ns) const;
};

}  // namespace irqsim
