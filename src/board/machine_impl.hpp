// Machine::Impl, shared by the board's files.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <vector>

#include "board/board_cpu.hpp"
#include "irqsim/gic.hpp"
#include "irqsim/timer.hpp"
#include "irqsim/uart.hpp"
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
    std::shared_ptr<const ElfImage> image;  // set by load_image (board/load_image.cpp)

    uint64_t now = 0;  // ns since reset (1 ns per instruction)
    uint64_t retired = 0;
    bool finished = false;
    RunResult result{RunOutcome::PoweredOff, 0};
    std::string fault_report;

    // The board's devices (QEMU virt layout).
    std::unique_ptr<Gic> gic;
    std::unique_ptr<GenericTimer> timer;
    std::unique_ptr<Pl011> uart;
    std::vector<SysRegInfo> icc_rows;  // GICv3 CPU interface as system registers

    bool irq_line(unsigned cpu) const { return gic->irq_asserted(cpu); }
    bool fiq_line(unsigned cpu) const { return gic->fiq_asserted(cpu); }
    // Earliest time (ns) at which a timer will raise its output, or ~0.
    uint64_t next_device_event() const;
    // Brings the devices up to `now` (the counter, and so timer outputs).
    void advance_devices(uint64_t at_ns) { timer->set_counter(ticks_from_ns(at_ns)); }

    uint64_t mpidr(unsigned index) const;
    int cpu_by_mpidr(uint64_t mpidr) const;
    void power_on(unsigned index, uint64_t entry, uint64_t context);
    void finish(RunOutcome outcome, int status);
    void guest_fault(Cpu& cpu, const std::string& why);
    // The GICv3 CPU interface registers as system-register rows.
    std::vector<SysRegInfo> make_icc_rows();
};

}  // namespace irqsim
