// The cycle model on a Machine: one cost model per CPU (src/cycles,
// docs/cycles.md), a shared L2, PMCCNTR_EL0 counting the model's cycles.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace irqsim {

class Machine;

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
    // Instruction-stall breakdown of CPU `cpu`, "reason=cycles ..." (profiles).
    std::string stall_summary(unsigned cpu) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace irqsim
