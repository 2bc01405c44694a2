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
        uint64_t run_start_cycles = 0;  // cycle_clock.cycles when its current (or last) run began
    };

    explicit Impl(const MachineConfig& c);

    MachineConfig config;
    std::ostream& console;              // the PL011
    std::ostream& semihosting_console;  // SYS_WRITEC/WRITE0 (stderr, as QEMU)
    Bus bus;
    std::vector<Slot> slots;
    std::vector<ExceptionObserver*> observers;
    Machine::CycleClock cycle_clock;  // PMCCNTR_EL0 and, with hz, the time (Machine::set_cycle_clock)
    std::shared_ptr<const ElfImage> image;  // set by load_image (board/load_image.cpp)

    uint64_t now = 0;  // ns since reset (1 ns per instruction, or ns_at_cycles(cycle_time))
    // --clock cycles: the time in core cycles, each CPU's turns adding the
    // cycles they took (as each adds its instructions to `now` otherwise).
    uint64_t cycle_time = 0;
    bool cycle_timed() const { return cycle_clock.hz != 0; }
    uint64_t ns_at_cycles(uint64_t cycles) const;  // rounded down
    uint64_t cycles_at_ns(uint64_t ns) const;      // the first cycle at or past ns
    uint64_t cycles_of(const Cpu& cpu) const {
        return cycle_clock.cycles ? cycle_clock.cycles(cpu) : cpu.instructions_now();
    }
    // A CPU's run: before it, bound it by the next device event (a chunk of
    // instructions, or with cycle time a cycle to stop at); after it, move
    // the time on by what it ran.
    uint64_t begin_run(Slot& slot, uint64_t max_insns);
    void end_run(Slot& slot, uint64_t ran);
    // Time jumps to at least `ns` (WFI fast-forward).
    void advance_to_ns(uint64_t ns);
    // ns the CPU has spent in its current run so far.
    uint64_t run_elapsed_ns(const Cpu& cpu) const;
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
