// The generic timer, with expectations from the Arm ARM (DDI 0487, D11.2
// "The AArch64 view of the Generic Timer" and the CNTP_*/CNTV_* register
// descriptions) and QEMU virt's documented frequency.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gic/gic_fixture.hpp"
#include "irqsim/timer.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {
struct Wires {
    std::vector<std::pair<unsigned, unsigned>> raised;  // (cpu, ppi) currently high
    GenericTimer timer;
    explicit Wires(unsigned cpus = 1)
        : timer(cpus, [this](unsigned cpu, unsigned ppi, bool level) {
              std::pair<unsigned, unsigned> w{cpu, ppi};
              if (level)
                  raised.push_back(w);
              else
                  std::erase(raised, w);
          }) {}
    uint64_t rd(uint32_t enc, unsigned cpu = 0) {
        uint64_t v = 0;
        REQUIRE(timer.read(cpu, enc, v));
        return v;
    }
    void wr(uint32_t enc, uint64_t v, unsigned cpu = 0) { REQUIRE(timer.write(cpu, enc, v)); }
    bool high(unsigned ppi, unsigned cpu = 0) { return std::find(raised.begin(), raised.end(), std::pair{cpu, ppi}) != raised.end(); }
};
}  // namespace

TEST_CASE("every timer register constant is the encoding the GNU assembler gives its name", "[timer]") {
    const std::vector<std::pair<const char*, uint32_t>> regs = {
        {"cntkctl_el1", cnt::KCTL_EL1},     {"cntfrq_el0", cnt::FRQ_EL0},       {"cntpct_el0", cnt::PCT_EL0},
        {"cntvct_el0", cnt::VCT_EL0},       {"cntp_tval_el0", cnt::P_TVAL_EL0}, {"cntp_ctl_el0", cnt::P_CTL_EL0},
        {"cntp_cval_el0", cnt::P_CVAL_EL0}, {"cntv_tval_el0", cnt::V_TVAL_EL0}, {"cntv_ctl_el0", cnt::V_CTL_EL0},
        {"cntv_cval_el0", cnt::V_CVAL_EL0},
    };
    check_sysreg_encodings(regs);
}

TEST_CASE("CNTFRQ_EL0 reads 62.5 MHz and ticks are 16 ns apart", "[timer]") {
    // QEMU virt reports 62.5 MHz; 1 s / 62.5e6 = 16 ns per tick.
    Wires w;
    CHECK(w.rd(cnt::FRQ_EL0) == 62'500'000u);
    CHECK(ticks_from_ns(1'000'000'000) == 62'500'000u);
    CHECK(ticks_from_ns(16 * 1000 + 15) == 1000);
    CHECK(ns_from_ticks(1000) == 16 * 1000);
}

TEST_CASE("the physical timer fires when the counter reaches CVAL, not before", "[timer]") {
    // D11.2.4: the timer condition is met when CNTPCT_EL0 - CVAL >= 0;
    // ISTATUS then reads 1 and, unmasked, the interrupt is asserted.
    Wires w;
    w.wr(cnt::P_CVAL_EL0, 1000);
    w.wr(cnt::P_CTL_EL0, cnt::CTL_ENABLE);
    w.timer.set_counter(999);
    CHECK_FALSE(w.rd(cnt::P_CTL_EL0) & cnt::CTL_ISTATUS);
    CHECK_FALSE(w.high(GenericTimer::kPhysPpi));
    w.timer.set_counter(1000);
    CHECK(w.rd(cnt::P_CTL_EL0) & cnt::CTL_ISTATUS);
    CHECK(w.high(GenericTimer::kPhysPpi));
    CHECK_FALSE(w.high(GenericTimer::kVirtPpi));
}

TEST_CASE("TVAL reads CVAL minus the count as a signed 32-bit value, negative once expired", "[timer]") {
    // D11.2.4 (TimerValue view): reads return (CVAL - count)[31:0]; writes
    // set CVAL = count + SignExtend(TimerValue).
    Wires w;
    w.timer.set_counter(5000);
    w.wr(cnt::P_TVAL_EL0, 300);
    CHECK(w.rd(cnt::P_CVAL_EL0) == 5300);
    w.timer.set_counter(5100);
    CHECK(static_cast<int32_t>(w.rd(cnt::P_TVAL_EL0)) == 200);
    w.timer.set_counter(5400);
    CHECK(static_cast<int32_t>(w.rd(cnt::P_TVAL_EL0)) == -100);
    CHECK(w.rd(cnt::P_TVAL_EL0) >> 32 == 0);  // bits [63:32] RES0
    w.wr(cnt::P_TVAL_EL0, static_cast<uint32_t>(-400));
    CHECK(w.rd(cnt::P_CVAL_EL0) == 5000);
}

TEST_CASE("IMASK keeps the interrupt deasserted while ISTATUS still reports the condition", "[timer]") {
    // D11.2.4, CNTP_CTL_EL0.IMASK: masks the interrupt; ISTATUS is unaffected.
    Wires w;
    w.wr(cnt::P_CVAL_EL0, 10);
    w.wr(cnt::P_CTL_EL0, cnt::CTL_ENABLE | cnt::CTL_IMASK);
    w.timer.set_counter(20);
    CHECK(w.rd(cnt::P_CTL_EL0) & cnt::CTL_ISTATUS);
    CHECK_FALSE(w.high(GenericTimer::kPhysPpi));
    w.wr(cnt::P_CTL_EL0, cnt::CTL_ENABLE);
    CHECK(w.high(GenericTimer::kPhysPpi));
}

TEST_CASE("a disabled timer asserts nothing and reporting stops when ENABLE is cleared", "[timer]") {
    // D11.2.4, CNTP_CTL_EL0.ENABLE.
    Wires w;
    w.wr(cnt::P_CVAL_EL0, 10);
    w.timer.set_counter(20);
    CHECK_FALSE(w.high(GenericTimer::kPhysPpi));
    w.wr(cnt::P_CTL_EL0, cnt::CTL_ENABLE);
    CHECK(w.high(GenericTimer::kPhysPpi));
    w.wr(cnt::P_CTL_EL0, 0);
    CHECK_FALSE(w.high(GenericTimer::kPhysPpi));
}

TEST_CASE("the virtual timer drives PPI 27 of its own CPU, with CNTVCT equal to CNTPCT", "[timer]") {
    // D11.1.2: CNTVCT = CNTPCT - CNTVOFF, and CNTVOFF is 0 here.
    Wires w(2);
    w.timer.set_counter(77);
    CHECK(w.rd(cnt::VCT_EL0, 1) == w.rd(cnt::PCT_EL0, 1));
    w.wr(cnt::V_CVAL_EL0, 100, 1);
    w.wr(cnt::V_CTL_EL0, cnt::CTL_ENABLE, 1);
    w.timer.set_counter(100);
    CHECK(w.high(GenericTimer::kVirtPpi, 1));
    CHECK_FALSE(w.high(GenericTimer::kVirtPpi, 0));
}

TEST_CASE("next_deadline is the earliest CVAL of an enabled, unmasked timer yet to fire", "[timer]") {
    Wires w(2);
    CHECK_FALSE(w.timer.next_deadline().has_value());
    w.wr(cnt::P_CVAL_EL0, 500, 0);
    w.wr(cnt::P_CTL_EL0, cnt::CTL_ENABLE, 0);
    w.wr(cnt::V_CVAL_EL0, 300, 1);
    w.wr(cnt::V_CTL_EL0, cnt::CTL_ENABLE | cnt::CTL_IMASK, 1);  // masked: no wake-up
    CHECK(w.timer.next_deadline() == 500u);
    w.wr(cnt::V_CTL_EL0, cnt::CTL_ENABLE, 1);
    CHECK(w.timer.next_deadline() == 300u);
    CHECK(w.timer.next_deadline(0) == 500u);
    w.timer.set_counter(300);
    CHECK(w.timer.next_deadline() == 500u);
}

TEST_CASE("a write to a read-only counter register is refused", "[timer]") {
    Wires w;
    CHECK_FALSE(w.timer.write(0, cnt::PCT_EL0, 5));
    CHECK_FALSE(w.timer.write(0, cnt::FRQ_EL0, 5));
}

TEST_CASE("the timer interrupt reaches the CPU through the GIC as PPI 30", "[timer][gic]") {
    // QEMU virt wires the EL1 physical timer to PPI 30 (INTID 30).
    V2 g(1);
    g.set_priority(30, 0x80);
    g.dist_set_bit(gicd::ISENABLER, 30);
    GenericTimer timer(1, [&](unsigned cpu, unsigned ppi, bool level) { g.gic.set_ppi_level(cpu, ppi, level); });
    timer.write(0, cnt::P_CVAL_EL0, 1000);
    timer.write(0, cnt::P_CTL_EL0, cnt::CTL_ENABLE);
    timer.set_counter(*timer.next_deadline());
    CHECK(g.gic.irq_asserted(0));
    CHECK(g.iar() == 30);
    // The handler reprograms the timer; the level drops, and EOI leaves nothing.
    timer.write(0, cnt::P_TVAL_EL0, 1000);
    g.eoi(30);
    CHECK_FALSE(g.gic.irq_asserted(0));
}

TEST_CASE("a timer bound to external register storage drives its output from that storage", "[timer]") {
    // The board keeps CNTP_CTL/CVAL in the CPU's system-register state; the
    // timer reads them there (D11.2.4 rules as above).
    Wires w(1);
    uint64_t p_ctl = 0, p_cval = 0, v_ctl = 0, v_cval = 0;
    w.timer.bind(0, {&p_ctl, &p_cval, &v_ctl, &v_cval});
    w.timer.set_counter(50);
    p_cval = 60;
    p_ctl = cnt::CTL_ENABLE;
    w.timer.refresh(0);
    CHECK_FALSE(w.high(GenericTimer::kPhysPpi));
    CHECK(w.timer.next_deadline() == 60u);
    w.timer.set_counter(60);
    CHECK(w.high(GenericTimer::kPhysPpi));
    CHECK(w.rd(cnt::P_CTL_EL0) == (cnt::CTL_ENABLE | cnt::CTL_ISTATUS));
    w.wr(cnt::P_CTL_EL0, 0);
    CHECK(p_ctl == 0);
    CHECK_FALSE(w.high(GenericTimer::kPhysPpi));
}
