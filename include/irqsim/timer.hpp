// The Arm generic timer (Arm ARM D11): one system counter and, per CPU, the
// EL1 physical timer (PPI 30) and the virtual timer (PPI 27), each a
// level-sensitive output the board wires to the GIC.
//
//   GenericTimer timer(num_cpus, [&](unsigned cpu, unsigned ppi, bool level) { gic.set_ppi_level(cpu, ppi, level); });
//   timer.set_counter(ticks_from_ns(ns));      // the board advances time
//   read_sysreg/write_sysreg forward CNT* encodings to timer.read/write
//   WFI with nothing pending: jump the counter to *timer.next_deadline()
//
// Deterministic: time moves only when the board calls set_counter().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "irqsim/sysreg_encoding.hpp"

namespace irqsim {

namespace virt_map {
// CNTFRQ_EL0 as QEMU 7.2 reports it for virt (62.5 MHz: one tick every 16 ns).
inline constexpr uint64_t kCntFrqHz = 62'500'000;
// The PPIs QEMU virt wires the EL1 timers to (Arm BSA: physical 30, virtual 27).
inline constexpr unsigned kTimerPhysPpi = 30;
inline constexpr unsigned kTimerVirtPpi = 27;
}  // namespace virt_map

// The one place that converts between guest nanoseconds and counter ticks.
// With QEMU's -icount shift=0 one instruction takes 1 ns, so ticks =
// instructions * 62.5e6 / 1e9 (QEMU: ns / gt_cntfrq_period_ns).
constexpr uint64_t ticks_from_ns(uint64_t ns) {
    return static_cast<uint64_t>(static_cast<unsigned __int128>(ns) * virt_map::kCntFrqHz / 1'000'000'000u);
}
// A core's cycles at `hz` as nanoseconds, rounded down (--clock cycles).
constexpr uint64_t ns_from_cycles(uint64_t cycles, uint64_t hz) {
    return static_cast<uint64_t>(static_cast<unsigned __int128>(cycles) * 1'000'000'000u / hz);
}
// The first nanosecond at which the counter reads at least `ticks`.
constexpr uint64_t ns_from_ticks(uint64_t ticks) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(ticks) * 1'000'000'000u + virt_map::kCntFrqHz - 1) / virt_map::kCntFrqHz);
}

// System-register encodings, (op0<<14)|(op1<<11)|(CRn<<7)|(CRm<<3)|op2
// (Arm ARM D17.8, the generic timer registers).
namespace cnt {
inline constexpr uint32_t KCTL_EL1 = sysreg_encoding(3, 0, 14, 1, 0);
inline constexpr uint32_t FRQ_EL0 = sysreg_encoding(3, 3, 14, 0, 0);
inline constexpr uint32_t PCT_EL0 = sysreg_encoding(3, 3, 14, 0, 1);
inline constexpr uint32_t VCT_EL0 = sysreg_encoding(3, 3, 14, 0, 2);
inline constexpr uint32_t P_TVAL_EL0 = sysreg_encoding(3, 3, 14, 2, 0);
inline constexpr uint32_t P_CTL_EL0 = sysreg_encoding(3, 3, 14, 2, 1);
inline constexpr uint32_t P_CVAL_EL0 = sysreg_encoding(3, 3, 14, 2, 2);
inline constexpr uint32_t V_TVAL_EL0 = sysreg_encoding(3, 3, 14, 3, 0);
inline constexpr uint32_t V_CTL_EL0 = sysreg_encoding(3, 3, 14, 3, 1);
inline constexpr uint32_t V_CVAL_EL0 = sysreg_encoding(3, 3, 14, 3, 2);
// CNTx_CTL_EL0 fields.
inline constexpr uint64_t CTL_ENABLE = 1, CTL_IMASK = 2, CTL_ISTATUS = 4;

// The timer rules of Arm ARM D11.2.4, in one place (the system-register
// table can use them too).
// ISTATUS: the timer condition CVAL <= count, reported while enabled.
constexpr bool condition_met(uint64_t ctl, uint64_t cval, uint64_t count) { return (ctl & CTL_ENABLE) && count >= cval; }
// The interrupt output: a level, ENABLE && ISTATUS && !IMASK.
constexpr bool output(uint64_t ctl, uint64_t cval, uint64_t count) {
    return condition_met(ctl, cval, count) && !(ctl & CTL_IMASK);
}
// TVAL reads (CVAL - count)[31:0], a signed 32-bit view; bits [63:32] RES0.
constexpr uint64_t timer_value(uint64_t cval, uint64_t count) { return static_cast<uint32_t>(cval - count); }
// A TVAL write sets CVAL = count + SignExtend(TimerValue[31:0]).
constexpr uint64_t cval_from_timer_value(uint64_t tval, uint64_t count) {
    return count + static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(tval)));
}
}  // namespace cnt

class GenericTimer {
public:
    static constexpr unsigned kPhysPpi = virt_map::kTimerPhysPpi, kVirtPpi = virt_map::kTimerVirtPpi;
    using PpiOutput = std::function<void(unsigned cpu, unsigned ppi, bool level)>;

    GenericTimer(unsigned num_cpus, PpiOutput output);

    // The system counter (CNTPCT; CNTVOFF is 0 so CNTVCT equals it). Time
    // only moves forward; each call re-evaluates every timer's output.
    void set_counter(uint64_t ticks);
    uint64_t counter() const { return counter_; }

    // The CNT* registers above. false: not a timer register here (or a
    // write to a read-only one), which the caller turns into UNDEFINED.
    bool read(unsigned cpu, uint32_t encoding, uint64_t& value) const;
    bool write(unsigned cpu, uint32_t encoding, uint64_t value);

    // The earliest counter value at which some timer output (or this CPU's)
    // will rise, if any is enabled, unmasked and not yet expired.
    std::optional<uint64_t> next_deadline() const;
    std::optional<uint64_t> next_deadline(unsigned cpu) const;

    bool output(unsigned cpu, unsigned ppi) const;

    // Keep CPU `cpu`'s CTL/CVAL registers elsewhere (e.g. in the CPU's
    // system-register state, when its MRS/MSR path implements them): the
    // timer then only drives outputs and deadlines from that storage, and
    // the owner calls refresh(cpu) after changing it.
    struct Storage {
        uint64_t* phys_ctl;
        uint64_t* phys_cval;
        uint64_t* virt_ctl;
        uint64_t* virt_cval;
    };
    void bind(unsigned cpu, const Storage& storage);
    // Re-evaluates one CPU's outputs (after its registers changed).
    void refresh(unsigned cpu);

    GenericTimer(const GenericTimer&) = delete;
    GenericTimer& operator=(const GenericTimer&) = delete;

private:
    struct Channel {
        uint64_t own_ctl = 0, own_cval = 0;
        uint64_t* ctl = &own_ctl;  // ENABLE, IMASK (ISTATUS is computed)
        uint64_t* cval = &own_cval;
        bool output = false;
    };
    struct PerCpu {
        Channel phys, virt;
        uint64_t cntkctl = 0;
    };
    bool istatus(const Channel& ch) const;
    Channel* channel(unsigned cpu, uint32_t encoding);
    const Channel* channel(unsigned cpu, uint32_t encoding) const;

    std::vector<PerCpu> cpus_;
    PpiOutput output_;
    uint64_t counter_ = 0;
};

}  // namespace irqsim
