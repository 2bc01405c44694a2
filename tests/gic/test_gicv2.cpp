// GICv2 behaviour, with expectations taken from the GICv2 architecture
// specification (Arm IHI 0048B): the section is cited in each test.
#include <vector>

#include "gic/gic_fixture.hpp"
#include "irqsim/memory.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {
constexpr unsigned kSpi = 40;
}

TEST_CASE("GICD_TYPER reports 32(N+1) interrupt lines and CPUNumber = CPUs - 1", "[gic][v2]") {
    // IHI 0048B 4.3.2: ITLinesNumber [4:0], the number of lines is 32(N+1);
    // CPUNumber [7:5] is the number of implemented CPU interfaces minus one.
    // QEMU virt (hw/arm/virt.c) gives its GICv2 NUM_IRQS (256) + 32 lines.
    V2 g(4);
    uint32_t typer = g.dist_read(gicd::TYPER);
    CHECK(32 * ((typer & 0x1f) + 1) == 256 + 32);
    CHECK((typer >> 5 & 7) == 3);
}

TEST_CASE("a pending SPI is signalled only when enabled in the distributor and the CPU interface", "[gic][v2][state]") {
    // IHI 0048B 3.2 / 4.3.1 / 4.4.1: forwarding needs GICD_CTLR.Enable, the
    // interrupt's set-enable bit and GICC_CTLR.Enable.
    V2 g;
    g.set_priority(kSpi, 0x80);
    g.dist_write(gicd::ITARGETSR + kSpi, 1, 0, 1);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    CHECK(g.dist_bit(gicd::ISPENDR, kSpi));
    CHECK_FALSE(g.gic.irq_asserted(0));  // not enabled yet
    g.dist_set_bit(gicd::ISENABLER, kSpi);
    CHECK(g.gic.irq_asserted(0));
    g.dist_write(gicd::CTLR, 0);
    CHECK_FALSE(g.gic.irq_asserted(0));
    g.dist_write(gicd::CTLR, 1);
    g.cpu_write(0, gicc::CTLR, 0);
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.iar() == intid::kSpurious);
}

TEST_CASE("set-enable and clear-enable registers both read the enable state", "[gic][v2][state]") {
    // IHI 0048B 4.3.5/4.3.6: writing 1 sets/clears, writing 0 has no effect.
    V2 g;
    g.dist_set_bit(gicd::ISENABLER, kSpi);
    g.dist_write(gicd::ISENABLER + 4, 0);
    CHECK(g.dist_bit(gicd::ICENABLER, kSpi));
    g.dist_set_bit(gicd::ICENABLER, kSpi);
    CHECK_FALSE(g.dist_bit(gicd::ISENABLER, kSpi));
}

TEST_CASE("acknowledging an edge-triggered interrupt moves it from pending to active; EOI makes it inactive", "[gic][v2][state]") {
    // IHI 0048B 3.2.4: pending -> active on a read of GICC_IAR; active ->
    // inactive on the write to GICC_EOIR (EOImode 0).
    V2 g;
    g.spi(kSpi, 0x80);
    g.dist_write(gicd::ICFGR + kSpi / 16 * 4, 2u << (2 * (kSpi % 16)));  // edge-triggered
    g.gic.set_spi_level(kSpi, true);
    g.gic.set_spi_level(kSpi, false);  // the edge was latched
    CHECK(g.dist_bit(gicd::ISPENDR, kSpi));
    uint32_t id = g.iar();
    CHECK(id == kSpi);
    CHECK_FALSE(g.dist_bit(gicd::ISPENDR, kSpi));
    CHECK(g.dist_bit(gicd::ISACTIVER, kSpi));
    CHECK_FALSE(g.gic.irq_asserted(0));
    g.eoi(id);
    CHECK_FALSE(g.dist_bit(gicd::ISACTIVER, kSpi));
}

TEST_CASE("a new edge while active makes the interrupt active and pending, taken again after EOI", "[gic][v2][state]") {
    // IHI 0048B 3.2.4: active -> active and pending on a new assertion; an
    // active interrupt is not signalled again until it is deactivated.
    V2 g;
    g.spi(kSpi, 0x80);
    g.dist_write(gicd::ICFGR + kSpi / 16 * 4, 2u << (2 * (kSpi % 16)));
    g.gic.set_spi_level(kSpi, true);
    REQUIRE(g.iar() == kSpi);
    g.gic.set_spi_level(kSpi, false);
    g.gic.set_spi_level(kSpi, true);
    CHECK(g.dist_bit(gicd::ISPENDR, kSpi));
    CHECK(g.dist_bit(gicd::ISACTIVER, kSpi));
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.iar() == intid::kSpurious);
    g.eoi(kSpi);
    CHECK(g.gic.irq_asserted(0));
    CHECK(g.iar() == kSpi);
}

TEST_CASE("a level-sensitive interrupt stays pending while its input is asserted", "[gic][v2][state]") {
    // IHI 0048B 3.2.4: a level-sensitive interrupt held high becomes active
    // and pending when acknowledged; it stops being pending when the input
    // is deasserted. 4.3.8: ICPENDR cannot clear it while the input is high.
    V2 g;
    g.spi(kSpi, 0x80);
    g.gic.set_spi_level(kSpi, true);
    REQUIRE(g.iar() == kSpi);
    CHECK(g.dist_bit(gicd::ISPENDR, kSpi));
    CHECK(g.dist_bit(gicd::ISACTIVER, kSpi));
    g.dist_set_bit(gicd::ICPENDR, kSpi);
    CHECK(g.dist_bit(gicd::ISPENDR, kSpi));
    g.gic.set_spi_level(kSpi, false);
    CHECK_FALSE(g.dist_bit(gicd::ISPENDR, kSpi));
    g.eoi(kSpi);
    CHECK_FALSE(g.gic.irq_asserted(0));
}

TEST_CASE("an edge-triggered interrupt stays pending after its input falls; a level one does not", "[gic][v2][state]") {
    // IHI 0048B 3.2.4 and 4.3.13 (Int_config[1]: 0 level-sensitive, 1 edge-triggered).
    V2 g;
    unsigned level = kSpi, edge = kSpi + 1;
    g.spi(level, 0x80);
    g.spi(edge, 0x80);
    g.dist_write(gicd::ICFGR + edge / 16 * 4, 2u << (2 * (edge % 16)));
    CHECK((g.dist_read(gicd::ICFGR + edge / 16 * 4) >> (2 * (edge % 16)) & 3) == 2);
    for (unsigned id : {level, edge}) {
        g.gic.set_spi_level(id, true);
        g.gic.set_spi_level(id, false);
    }
    CHECK_FALSE(g.dist_bit(gicd::ISPENDR, level));
    CHECK(g.dist_bit(gicd::ISPENDR, edge));
}

TEST_CASE("SGI configuration fields read as edge-triggered and ignore writes", "[gic][v2]") {
    // IHI 0048B 4.3.13: GICD_ICFGR0 (SGIs) is read-only, each field 0b10.
    V2 g;
    g.dist_write(gicd::ICFGR, 0);
    CHECK(g.dist_read(gicd::ICFGR) == 0xAAAAAAAAu);
}

TEST_CASE("IAR returns pending interrupts highest priority (lowest value) first", "[gic][v2][priority]") {
    // IHI 0048B 3.3: a lower value is a higher priority; GICC_IAR returns the
    // highest priority pending interrupt (4.4.4).
    V2 g;
    g.spi(kSpi, 0xa0);
    g.spi(kSpi + 1, 0x40);
    g.spi(kSpi + 2, 0x80);
    for (unsigned id : {kSpi, kSpi + 1, kSpi + 2}) g.dist_set_bit(gicd::ISPENDR, id);
    std::vector<uint32_t> order;
    for (int i = 0; i < 3; ++i) {
        uint32_t id = g.iar();
        order.push_back(id);
        g.eoi(id);
    }
    CHECK(order == std::vector<uint32_t>{kSpi + 1, kSpi + 2, kSpi});
}

TEST_CASE("an interrupt whose priority is not above GICC_PMR is not signalled and IAR reads 1023", "[gic][v2][priority]") {
    // IHI 0048B 4.4.2: only interrupts with a higher priority than the mask
    // are signalled; 4.4.4: a read of IAR with nothing signalled returns 1023.
    V2 g;
    g.spi(kSpi, 0x80);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    g.cpu_write(0, gicc::PMR, 0x80);  // equal priority: masked
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.iar() == intid::kSpurious);
    CHECK(g.dist_bit(gicd::ISPENDR, kSpi));
    g.cpu_write(0, gicc::PMR, 0x81);
    CHECK(g.gic.irq_asserted(0));
    CHECK(g.iar() == kSpi);
}

TEST_CASE("the CPU interface resets with PMR 0: everything masked", "[gic][v2][priority]") {
    // IHI 0048B 4.4.2: GICC_PMR resets to 0x00.
    GicFixture g(GicVersion::V2, 1);
    CHECK(g.gic.cpu_interface().mmio_read(gicc::PMR, 4, 0) == 0);
}

TEST_CASE("a higher-priority interrupt is signalled while a lower one is active", "[gic][v2][preemption]") {
    // IHI 0048B 3.3: an interrupt of higher priority than the running
    // priority is signalled (preemption); a lower or equal one waits.
    V2 g;
    g.spi(kSpi, 0xa0);
    g.spi(kSpi + 1, 0x80);
    g.spi(kSpi + 2, 0xc0);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    REQUIRE(g.iar() == kSpi);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 2);
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.iar() == intid::kSpurious);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 1);
    CHECK(g.gic.irq_asserted(0));
    CHECK(g.iar() == kSpi + 1);
}

TEST_CASE("preemption needs a higher group priority: the binary point hides subpriority", "[gic][v2][preemption]") {
    // IHI 0048B 3.3.3 Table 3-2: with GICC_BPR = 2 the group priority is
    // bits [7:3], so 0x40 cannot preempt 0x44 (both group 0x40); with
    // BPR = 1 (bits [7:2]) it can.
    V2 g;
    g.spi(kSpi, 0x44);
    g.spi(kSpi + 1, 0x40);
    unsigned bpr = GENERATE(2u, 1u);
    g.cpu_write(0, gicc::BPR, bpr);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    REQUIRE(g.iar() == kSpi);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 1);
    bool preempts = bpr == 1;
    CHECK(g.gic.irq_asserted(0) == preempts);
    CHECK(g.iar() == (preempts ? kSpi + 1 : intid::kSpurious));
}

TEST_CASE("GICC_RPR reports the running group priority under the binary point", "[gic][v2][preemption]") {
    // IHI 0048B 4.4.6; QEMU 7.2 virt, probed: priority 0x44 acknowledged
    // under BPR 2 (group priority bits [7:3]) runs at 0x40.
    V2 g;
    g.spi(kSpi, 0x44);
    g.cpu_write(0, gicc::BPR, 2);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    REQUIRE(g.iar() == kSpi);
    CHECK(g.cpu_read(0, gicc::RPR) == (0x44 & (0xff << 3)));
}

TEST_CASE("the running priority follows nested interrupts and is restored by each EOI", "[gic][v2][preemption]") {
    // IHI 0048B 4.4.6: GICC_RPR is the priority of the highest-priority
    // active interrupt, 0xFF when none; 3.2.1: EOI drops the running
    // priority to that of the next active interrupt.
    V2 g;
    g.spi(kSpi, 0xa0);
    g.spi(kSpi + 1, 0x80);
    g.spi(kSpi + 2, 0x60);
    CHECK(g.cpu_read(0, gicc::RPR) == 0xff);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    uint32_t outer = g.iar();
    CHECK(g.cpu_read(0, gicc::RPR) == 0xa0);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 1);
    uint32_t middle = g.iar();
    CHECK(g.cpu_read(0, gicc::RPR) == 0x80);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 2);
    uint32_t inner = g.iar();
    CHECK(g.cpu_read(0, gicc::RPR) == 0x60);
    g.eoi(inner);
    CHECK(g.cpu_read(0, gicc::RPR) == 0x80);
    g.eoi(middle);
    CHECK(g.cpu_read(0, gicc::RPR) == 0xa0);
    g.eoi(outer);
    CHECK(g.cpu_read(0, gicc::RPR) == 0xff);
    CHECK(g.dist_read(gicd::ISACTIVER + kSpi / 32 * 4) == 0);
}

TEST_CASE("after EOI of a nested interrupt, an interrupt between the two priorities is signalled", "[gic][v2][preemption]") {
    // IHI 0048B 3.3: preemption is judged against the running priority,
    // which the EOI of the inner interrupt restores to the outer one.
    V2 g;
    g.spi(kSpi, 0xa0);      // outer
    g.spi(kSpi + 1, 0x40);  // inner
    g.spi(kSpi + 2, 0x80);  // between
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    REQUIRE(g.iar() == kSpi);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 1);
    REQUIRE(g.iar() == kSpi + 1);
    g.dist_set_bit(gicd::ISPENDR, kSpi + 2);
    CHECK_FALSE(g.gic.irq_asserted(0));
    g.eoi(kSpi + 1);
    CHECK(g.gic.irq_asserted(0));
    CHECK(g.iar() == kSpi + 2);
}

TEST_CASE("with EOImode set, EOIR only drops priority and DIR deactivates", "[gic][v2][eoi]") {
    // IHI 0048B 3.2.1 and 4.4.1 (EOImodeS, bit 9), 4.4.5, 4.4.15.
    V2 g;
    g.cpu_write(0, gicc::CTLR, 1 | 1u << 9);
    g.spi(kSpi, 0x80);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    REQUIRE(g.iar() == kSpi);
    g.eoi(kSpi);
    CHECK(g.cpu_read(0, gicc::RPR) == 0xff);
    CHECK(g.dist_bit(gicd::ISACTIVER, kSpi));
    g.cpu_write(0, gicc::DIR, kSpi);
    CHECK_FALSE(g.dist_bit(gicd::ISACTIVER, kSpi));
}

TEST_CASE("GICD_SGIR target list delivers an SGI to the listed CPUs with the source in IAR[12:10]", "[gic][v2][sgi]") {
    // IHI 0048B 4.3.15: TargetListFilter 0b00 uses CPUTargetList [23:16];
    // 4.4.4: for an SGI, CPUID [12:10] is the requesting CPU.
    V2 g(4);
    for (unsigned c = 0; c < 4; ++c) g.dist_write(gicd::ISENABLER, 0xffff, c);
    g.dist_write(gicd::SGIR, (0b1100u << 16) | 5, 1);  // CPU 1 sends SGI 5 to CPUs 2 and 3
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK_FALSE(g.gic.irq_asserted(1));
    CHECK(g.iar(2) == (5u | 1u << 10));
    CHECK(g.iar(3) == (5u | 1u << 10));
}

TEST_CASE("GICD_SGIR filter 0b01 targets every CPU but the writer and 0b10 only the writer", "[gic][v2][sgi]") {
    // IHI 0048B 4.3.15, TargetListFilter.
    V2 g(3);
    for (unsigned c = 0; c < 3; ++c) g.dist_write(gicd::ISENABLER, 0xffff, c);
    g.dist_write(gicd::SGIR, 1u << 24 | 3, 0);
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.iar(1) == 3);
    CHECK(g.iar(2) == 3);
    g.dist_write(gicd::SGIR, 2u << 24 | 7, 2);
    CHECK_FALSE(g.gic.irq_asserted(1));
    CHECK(g.iar(2) == intid::kSpurious);  // SGI 3 is active there; SGI 7 has the same priority
    g.eoi(3, 2);
    CHECK(g.iar(2) == (7u | 2u << 10));
}

TEST_CASE("the same SGI from two sources is acknowledged once per source", "[gic][v2][sgi]") {
    // IHI 0048B 3.2.2 / 4.3.16: pending state of an SGI is kept per source
    // CPU (GICD_SPENDSGIR has one bit per source).
    V2 g(3);
    g.dist_write(gicd::ISENABLER, 0xffff, 0);
    g.dist_write(gicd::SGIR, (1u << 16) | 2, 2);
    g.dist_write(gicd::SGIR, (1u << 16) | 2, 1);
    CHECK((g.dist_read(gicd::SPENDSGIR, 0) >> 16 & 0xff) == 0b110);
    uint32_t first = g.iar(0);
    g.eoi(first, 0);
    uint32_t second = g.iar(0);
    g.eoi(second, 0);
    CHECK((first & 0x3ff) == 2);
    CHECK((second & 0x3ff) == 2);
    CHECK(((first >> 10) | (second >> 10)) == 0b11);  // sources 1 and 2, one each
    CHECK(first != second);
    CHECK(g.iar(0) == intid::kSpurious);
}

TEST_CASE("GICD_CPENDSGIR clears an SGI's pending state for one source", "[gic][v2][sgi]") {
    // IHI 0048B 4.3.16.
    V2 g(2);
    g.dist_write(gicd::ISENABLER, 0xffff, 0);
    g.dist_write(gicd::SGIR, (1u << 16) | 1, 1);
    CHECK(g.dist_bit(gicd::ISPENDR, 1, 0));
    g.dist_write(gicd::CPENDSGIR + 1, 0b10, 0, 1);
    CHECK_FALSE(g.dist_bit(gicd::ISPENDR, 1, 0));
    CHECK_FALSE(g.gic.irq_asserted(0));
}

TEST_CASE("SGI and PPI target bytes are read-only and name the reading CPU", "[gic][v2]") {
    // IHI 0048B 4.3.12: GICD_ITARGETSR0-7 each return the reading CPU's bit.
    V2 g(4);
    CHECK(g.dist_read(gicd::ITARGETSR, 2) == 0x04040404u);
    CHECK(g.dist_read(gicd::ITARGETSR + 28, 3) == 0x08080808u);
    g.dist_write(gicd::ITARGETSR, 0xffffffff, 2);
    CHECK(g.dist_read(gicd::ITARGETSR, 2) == 0x04040404u);
}

TEST_CASE("an SPI is signalled to the CPUs in its target byte only", "[gic][v2]") {
    // IHI 0048B 4.3.12: ITARGETSR byte n is the CPU targets list of INTID n.
    V2 g(2);
    g.spi(kSpi, 0x80, 0b10);
    CHECK(g.dist_read(gicd::ITARGETSR + kSpi, 0, 1) == 0b10);
    g.gic.set_spi_level(kSpi, true);
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.gic.irq_asserted(1));
    CHECK(g.iar(0) == intid::kSpurious);
    CHECK(g.iar(1) == kSpi);
}

TEST_CASE("priority fields are byte-accessible", "[gic][v2]") {
    // IHI 0048B 4.3.11: GICD_IPRIORITYRn is byte-accessible.
    V2 g;
    g.dist_write(gicd::IPRIORITYR + kSpi, 0x12345678);
    g.dist_write(gicd::IPRIORITYR + kSpi + 2, 0xab, 0, 1);
    CHECK(g.dist_read(gicd::IPRIORITYR + kSpi) == 0x12ab5678u);
    CHECK(g.dist_read(gicd::IPRIORITYR + kSpi + 1, 0, 1) == 0x56);
}

TEST_CASE("PPIs are banked: a timer PPI at CPU 1 is not seen by CPU 0", "[gic][v2]") {
    // IHI 0048B 2.2.1: a PPI is peripheral interrupt specific to one
    // processor; 4.1.4 its registers are banked.
    V2 g(2);
    for (unsigned c = 0; c < 2; ++c) {
        g.set_priority(30, 0x80, c);
        g.dist_set_bit(gicd::ISENABLER, 30, c);
    }
    g.gic.set_ppi_level(1, 30, true);
    CHECK(g.dist_bit(gicd::ISPENDR, 30, 1));
    CHECK_FALSE(g.dist_bit(gicd::ISPENDR, 30, 0));
    CHECK_FALSE(g.gic.irq_asserted(0));
    CHECK(g.iar(1) == 30);
}

TEST_CASE("Group 0 is signalled as FIQ when GICC_CTLR.FIQEn is set", "[gic][v2]") {
    // IHI 0048B 3.6 and 4.4.1: FIQEn makes Group 0 interrupts use FIQ.
    V2 g;
    g.cpu_write(0, gicc::CTLR, 1 | 1u << 3);
    g.spi(kSpi, 0x80);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    CHECK(g.gic.fiq_asserted(0));
    CHECK_FALSE(g.gic.irq_asserted(0));
}

TEST_CASE("a Group 1 interrupt is not acknowledged through GICC_IAR unless AckCtl is set", "[gic][v2]") {
    // IHI 0048B 4.4.4 (Table 4-38): with AckCtl 0 a read of GICC_IAR when
    // the highest priority pending interrupt is Group 1 returns 1022;
    // GICC_AIAR acknowledges Group 1.
    V2 g;
    g.dist_write(gicd::CTLR, 3);
    g.cpu_write(0, gicc::CTLR, 3);
    g.spi(kSpi, 0x80);
    g.dist_set_bit(gicd::IGROUPR, kSpi);
    g.dist_set_bit(gicd::ISPENDR, kSpi);
    CHECK(g.iar() == intid::kGroup1NotAcked);
    CHECK(g.cpu_read(0, gicc::AIAR) == kSpi);
}

TEST_CASE("the line callback reports the CPU whose IRQ output changed", "[gic][v2]") {
    V2 g(2);
    std::vector<unsigned> changed;
    g.gic.set_line_callback([&](unsigned cpu) { changed.push_back(cpu); });
    g.spi(kSpi, 0x80, 0b10);
    g.gic.set_spi_level(kSpi, true);
    CHECK(changed == std::vector<unsigned>{1});
    g.gic.set_spi_level(kSpi, true);  // no change, no call
    CHECK(changed.size() == 1);
}

TEST_CASE("the bus passes the accessing CPU to the banked CPU interface", "[gic][v2][bus]") {
    V2 g(2);
    Bus bus;
    g.gic.map(bus);
    g.spi(kSpi, 0x80, 0b10);
    g.gic.set_spi_level(kSpi, true);
    uint32_t v = 0;
    bus.set_accessor(0);
    REQUIRE(bus.read(virt_map::kGicCpu + gicc::IAR, v) == BusStatus::Ok);
    CHECK(v == intid::kSpurious);
    bus.set_accessor(1);
    REQUIRE(bus.read(virt_map::kGicCpu + gicc::IAR, v) == BusStatus::Ok);
    CHECK(v == kSpi);
}
