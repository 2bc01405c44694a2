// The cycle model on a Machine: one cost model per CPU (src/cycles,
// docs/cycles.md), a shared L2, PMCCNTR_EL0 counting the model's cycles.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace irqsim {

class Machine;
struct ElfImage;

// A cycle profile (--profile, docs/cycles.md): what each ELF symbol and each
// exception phase cost, with the reasons instructions waited.
struct ProfileRow {
    std::string name;
    uint64_t instructions = 0, cycles = 0;
    // The cycles by reason (CycleProfile::reason_name); they add up to cycles.
    std::array<uint64_t, 7> by_reason{};
};
struct CycleProfile {
    static constexpr unsigned kReasons = 7;
    // execute (no wait), dependency, resource, cache_miss, frontend,
    // mispredict, serialize.
    static const char* reason_name(unsigned k);
    // The phases, in this order: task (outside any exception), exception (an
    // exception other than an IRQ), then irq_entry .. irq_exit (IrqPhase),
    // then irq_witness: the copy design's guest-side lost wake-up check,
    // which IrqAccounting leaves out of the IRQ's phases (IrqPhase::Witness).
    static constexpr unsigned kPhases = 8;
    static const char* phase_name(unsigned k);

    std::string core;
    uint64_t instructions = 0, cycles = 0;  // every CPU's
    std::vector<ProfileRow> symbols;        // most cycles first; "(no symbol)" for code outside them
    std::vector<ProfileRow> phases;         // kPhases rows, in phase order
};
// The profile as a table (the `max_rows` costliest symbols, the rest folded
// into one row, then the phases) and as one JSON object.
std::string format_profile(const CycleProfile& profile, size_t max_rows = 25);
std::string profile_json(const CycleProfile& profile);

// The clock (Hz) of each core in a public board built with it, which
// `--clock cycles` runs the board's time at (docs/cycles.md, "--clock"):
// a53, a57 or a72 (throws std::invalid_argument otherwise).
uint64_t core_clock_hz(const std::string& core);

class CycleSystem {
public:
    // `core`: a53, a57 or a72 (throws std::invalid_argument otherwise).
    // `cold_irqs`: every cache level is emptied as each IRQ is taken, as if
    // the interrupted task had thrashed them (the cold-cache case).
    CycleSystem(Machine& m, const std::string& core, bool cold_irqs = false);
    ~CycleSystem();
    CycleSystem(const CycleSystem&) = delete;
    CycleSystem& operator=(const CycleSystem&) = delete;

    // Cycles CPU `cpu` has spent so far.
    uint64_t cycles(unsigned cpu) const;
    // Every CPU's together.
    uint64_t total_cycles() const;
    // Makes these cycles the board's clock at `hz` (--clock cycles;
    // Machine::set_cycle_clock), before the machine runs.
    void drive_clock(uint64_t hz);
    // Instruction-stall breakdown of CPU `cpu`, "reason=cycles ..." (profiles).
    std::string stall_summary(unsigned cpu) const;

    // Profiles every CPU from now on: cycles and instructions per symbol of
    // `image` and per phase, `phase(cpu)` naming the phase CPU `cpu` is in
    // (an index of CycleProfile::phase_name; IrqAccounting::profile_phase).
    // Null `phase`: everything is "task".
    void enable_profile(const ElfImage& image, std::function<unsigned(unsigned cpu)> phase);
    CycleProfile profile() const;  // empty unless enabled

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace irqsim
