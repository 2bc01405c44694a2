// Machine::Impl, shared by the board's files.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <vector>

#include "board/board_cpu.hpp"
#include "irqsim/virt_devices.hpp"
#include "irqsim/machine.hpp"

namespace irqsim {

struct Machine::Impl {
    struct Slot {
        std::unique_ptr<BoardCpu> sys;
        std::unique_ptr<Cpu> cpu;
    };

    explicit Impl(const MachineConfig& c);

    MachineConfig config;
    std::ostream& console;              // the PL011
    std::ostream& semihosting_console;  // SYS_WRITEC/WRITE0 (stderr, as QEMU)
    Bus bus;
    std::vector<Slot> slots;
    std::vector<ExceptionObserver*> observers;
    std::function<uint64_t(const Cpu&)> cycle_clock;  // PMCCNTR_EL0 (Machine::set_cycle_clock)
    std::shared_ptr<const ElfImage> image;  // set by load_image (board/load_image.cpp)

    uint64_t now = 0;  // ns since reset (1 ns per instruction)
    uint64_t retired = 0;
    bool finished = false;
    RunResult result{RunOutcome::PoweredOff, 0};
    std::string fault_report;

    // The board's devices (QEMU virt layout): GIC, timer on its PPIs, PL011.
    std::unique_ptr<VirtDevices> devices;
    std::vector<SysRegInfo> icc_rows;  // GICv3 CPU interface as system registers

    // The time (ns) a counter read or timer write by `cpu`'s executing
    // instruction sees (machine.cpp says why it is one past `now`).
    uint64_t time_seen_by_current_insn(const Cpu& cpu) const;
    // The schedule of CPU turns (MachineConfig::interleave_seed).
    uint64_t interleave_state = 0;  // splitmix64 state
    std::vector<unsigned> turn_order;
    uint64_t next_interleave_draw();
    void plan_round();                  // fills turn_order for the next round
    uint64_t turn_quantum();            // instructions for the next turn
    // Where run() stopped for a debugger, to resume there (Machine::run).
    struct Resume {
        bool mid_round = false;  // turn_order holds the round being run
        size_t turn = 0;         // its index in turn_order
        bool mid_turn = false;   // the CPU at `turn` has `quantum` left
        uint64_t quantum = 0;
        bool progressed = false;  // some CPU ran in this round
    } resume;
    Machine::StopPoll stop_poll = nullptr;
    void* stop_poll_ctx = nullptr;
    int stopped_cpu = -1;
    // Takes the interrupt due on a running CPU (waking it from WFI first);
    // false when the CPU cannot run now (off, asleep, or the machine ended).
    bool deliver_interrupts(Slot& slot, bool* taken = nullptr);

    uint64_t mpidr(unsigned index) const;
    int cpu_by_mpidr(uint64_t mpidr) const;
    void power_on(unsigned index, uint64_t entry, uint64_t context);
    void finish(RunOutcome outcome, int status);
    void guest_fault(Cpu& cpu, const std::string& why);
    // The GICv3 CPU interface registers as system-register rows.
    std::vector<SysRegInfo> make_icc_rows();
};

}  // namespace irqsim
