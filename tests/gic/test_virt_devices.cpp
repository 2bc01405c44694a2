// The devices wired as the board wires them: timer -> GIC PPI -> IRQ line,
// with time in guest nanoseconds.
#include <string>
#include <vector>

#include "gic/gic_fixture.hpp"
#include "irqsim/virt_devices.hpp"

using namespace irqsim;
using namespace irqsim::test;

TEST_CASE("a virtual timer armed through external registers raises the IRQ line at its deadline (GICv3)", "[gic][timer][board]") {
    VirtDevices dev(GicVersion::V3, 2, [](char) {});
    std::vector<unsigned> woken;
    dev.set_line_callback([&](unsigned cpu) { woken.push_back(cpu); });
    uint64_t regs[2][4] = {};
    for (unsigned c = 0; c < 2; ++c) dev.timer().bind(c, {&regs[c][0], &regs[c][1], &regs[c][2], &regs[c][3]});

    // CPU 1 enables PPI 27 in its redistributor and its CPU interface.
    auto& rd = dev.gic().redistributors();
    rd.mmio_write(virt_map::kGicRedistStride + 0x14, 4, 0, 1);  // GICR_WAKER
    rd.mmio_write(virt_map::kGicRedistStride + V3::kSgiBase + gicd::IGROUPR, 4, ~0u, 1);
    rd.mmio_write(virt_map::kGicRedistStride + V3::kSgiBase + gicd::ISENABLER, 4, 1u << 27, 1);
    dev.gic().distributor().mmio_write(gicd::CTLR, 4, 2, 1);
    uint64_t v = 0xff;
    REQUIRE(dev.sysreg(1, icc::PMR_EL1, false, v));
    v = 1;
    REQUIRE(dev.sysreg(1, icc::IGRPEN1_EL1, false, v));

    // At t = 1000 ns CPU 1 sets CNTV_CVAL to 100 ticks later and enables it.
    dev.advance_to_ns(1000);
    regs[1][3] = ticks_from_ns(1000) + 100;
    regs[1][2] = cnt::CTL_ENABLE;
    dev.timer_registers_changed(1, 1000);
    CHECK(dev.next_event_ns() == ns_from_ticks(ticks_from_ns(1000) + 100));
    dev.advance_to_ns(dev.next_event_ns() - 1);
    CHECK_FALSE(dev.irq_line(1));
    dev.advance_to_ns(dev.next_event_ns());
    CHECK(dev.irq_line(1));
    CHECK_FALSE(dev.irq_line(0));
    CHECK(woken == std::vector<unsigned>{1});
    REQUIRE(dev.sysreg(1, icc::IAR1_EL1, true, v));
    CHECK(v == virt_map::kTimerVirtPpi);
    CHECK(dev.next_event_ns() == ~uint64_t{0});
}

TEST_CASE("the PL011 is mapped at the virt UART address", "[uart][board]") {
    std::string out;
    VirtDevices dev(GicVersion::V2, 1, [&](char c) { out += c; });
    Bus bus;
    dev.map(bus);
    REQUIRE(bus.write<uint32_t>(virt_map::kUart, 'k') == BusStatus::Ok);
    CHECK(out == "k");
}
