// The board: CPUs, RAM, GIC, generic timer, PL011 UART, PSCI and semihosting,
// laid out like QEMU's `virt` machine so that one image runs on both
// (../shared/DESIGN.md, "The board"). CPUs are interleaved deterministically
// in quanta of instructions; time is instruction count (1 ns per
// instruction, as QEMU's -icount shift=0) unless a cost model's cycles drive
// it (set_cycle_clock).
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "irqsim/cpu.hpp"
#include "irqsim/exception.hpp"
#include "irqsim/gic.hpp"
#include "irqsim/memory.hpp"
#include "irqsim/timer.hpp"

namespace irqsim {

// QEMU virt's memory map (hw/arm/virt.c, base_memmap). The device addresses,
// GicVersion and the timer's PPIs and frequency come with the devices
// (gic.hpp, timer.hpp).
namespace virt_map {
inline constexpr uint64_t kRamBase = 0x40000000;
}  // namespace virt_map

struct MachineConfig {
    unsigned cpus = 1;
    GicVersion gic = GicVersion::V2;
    uint64_t ram_size = uint64_t{128} << 20;  // QEMU virt's default
    bool semihosting = false;
    // Instructions a CPU runs before the next one gets a turn.
    uint64_t quantum = 1000;
    // 0: every CPU runs `quantum` instructions per turn, in index order.
    // Otherwise each turn's length is drawn from 1..2*quantum and each round's
    // order of CPUs is shuffled, by a PRNG seeded with this value: a seed
    // search explores interleavings (races between CPUs) while a run stays a
    // pure function of its inputs. Independent of any seed the guest uses.
    uint64_t interleave_seed = 0;
    std::ostream* console = nullptr;              // UART output; stdout if null
    std::ostream* semihosting_console = nullptr;  // semihosting SYS_WRITEC/WRITE0; stderr if null
};

enum class RunOutcome : uint8_t {
    PoweredOff,   // PSCI SYSTEM_OFF / SYSTEM_RESET
    Exited,       // semihosting SYS_EXIT
    InsnLimit,    // max_insns ran out
    GuestFault,   // a fault the guest could not handle; see fault_report()
    Deadlock,     // every CPU waits and nothing can wake them
    Stopped,      // a debugger stopped it (breakpoint, watchpoint, stop poll); run() resumes
};

struct RunResult {
    RunOutcome outcome;
    int exit_status;  // semihosting exit code, 0 for power-off
};

struct ElfImage;

class Machine {
public:
    explicit Machine(const MachineConfig& config);
    ~Machine();
    Machine(const Machine&) = delete;
    Machine& operator=(const Machine&) = delete;

    // Loads an ELF image into RAM (throws ElfError / std::runtime_error with
    // a message naming the file) and points CPU 0 at its entry: EL1h, DAIF
    // masked, as QEMU's -kernel boot of a bare ELF does.
    void load_image(const std::string& path);
    void set_entry(uint64_t pc);
    // The loaded image (symbols for observers and reports), or null.
    const ElfImage* image() const;

    RunResult run(uint64_t max_insns = ~uint64_t{0});

    // --- debugger support (src/gdb) ---------------------------------------
    // run() returns RunOutcome::Stopped when a PC hook or a debug watch stops
    // a CPU (stopped_cpu()) or the stop poll answers true; the next run()
    // resumes at that very point of the schedule (turn, quantum left), so a
    // run stopped and continued any number of times retires the same
    // instructions in the same order as one never stopped. The poll is asked
    // between the scheduler's chunks; null (the default) costs nothing.
    using StopPoll = bool (*)(void* ctx);
    void set_stop_poll(StopPoll poll, void* ctx);
    int stopped_cpu() const;  // -1 when no CPU stopped (the poll did)
    // One instruction on CPU `index`, the others held (all-stop single step):
    // an interrupt due is taken first, as between the scheduler's chunks
    // (the step then ends at the vector). Time advances by what ran. A CPU
    // that is off, or asleep in WFI/WFE with nothing to wake it, stays put.
    // RunOutcome::Stopped, or how the machine finished during the step.
    RunResult step_cpu(unsigned index);

    unsigned cpu_count() const;
    Cpu& cpu(unsigned index);
    Bus& bus();
    uint64_t now_ns() const;
    // The time CPU `cpu` has reached inside its current run (now_ns() plus
    // what it has run of its turn so far): observers' timestamps.
    uint64_t now_ns(const Cpu& cpu) const;
    uint64_t instructions() const;
    const MachineConfig& config() const;

    void add_exception_observer(ExceptionObserver* observer);
    void remove_exception_observer(ExceptionObserver* observer);
    // A cost model's cycles (include/irqsim/cycles.hpp): PMCCNTR_EL0's
    // source and, with `hz` set (--clock cycles), the board's clock: a CPU's
    // turn then advances the time by the cycles it took at `hz` rather than
    // by its instructions, so CNTPCT/CNTVCT run at CNTFRQ of a core clocked
    // at `hz` and the timer's deadlines fall on cycles (docs/cycles.md).
    struct CycleClock {
        std::function<uint64_t(const Cpu&)> cycles;  // what CPU has spent so far; empty: 1 per instruction
        // Makes the CPU's run end at the first instruction boundary where
        // its cycles reach `cycle` (~0: never); needed with `hz`.
        std::function<void(const Cpu&, uint64_t cycle)> stop_at;
        uint64_t hz = 0;  // 0: the time stays the instruction count
    };
    // Between runs (not from an observer inside one); the time goes on from
    // where it is.
    void set_cycle_clock(CycleClock clock);
    // Host report of the last unhandled guest fault: CPU, EL, PC, the word
    // disassembled, ESR in words, a frame-record backtrace.
    const std::string& fault_report() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// Writes exception entries and returns in the text form of
// `qemu-system-aarch64 -d int`, so the two can be diffed.
class QemuIntTrace final : public ExceptionObserver {
public:
    explicit QemuIntTrace(std::ostream& out) : out_(out) {}
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override;
    void exception_returned(Cpu& cpu, ExceptionLevel from, ExceptionLevel to, uint64_t pc) override;
    void firmware_call(Cpu& cpu, const ExceptionEvent& ev, ExceptionLevel from, unsigned target_el,
                       const std::string& detail) override;

private:
    std::ostream& out_;
};

}  // namespace irqsim
