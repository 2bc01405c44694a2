// Test helpers: a GIC of either version driven through its register views,
// as a guest would drive it.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "irqsim/gic.hpp"
#include "irqsim/memory.hpp"
#include "support/test_machine.hpp"

namespace irqsim::test {

// Each (name, encoding) pair against the GNU assembler: MSR <sysreg>, Xt
// holds op0:op1:CRn:CRm:op2 in bits [20:5] (Arm ARM C6.2.195).
inline void check_sysreg_encodings(const std::vector<std::pair<const char*, uint32_t>>& regs) {
    std::string src;
    for (auto& [name, enc] : regs) src += std::string("msr ") + name + ", x0\n";
    std::vector<uint32_t> words = assemble(src);
    REQUIRE(words.size() == regs.size());
    for (size_t i = 0; i < regs.size(); ++i) {
        INFO(regs[i].first);
        CHECK((words[i] >> 5 & 0xffff) == regs[i].second);
    }
}

// GICv2 register offsets (IHI 0048B Table 4-1 and Table 4-2).
namespace gicd {
inline constexpr uint32_t CTLR = 0x000, TYPER = 0x004, IGROUPR = 0x080, ISENABLER = 0x100, ICENABLER = 0x180,
                          ISPENDR = 0x200, ICPENDR = 0x280, ISACTIVER = 0x300, ICACTIVER = 0x380,
                          IPRIORITYR = 0x400, ITARGETSR = 0x800, ICFGR = 0xC00, SGIR = 0xF00, CPENDSGIR = 0xF10,
                          SPENDSGIR = 0xF20, IROUTER = 0x6000;
}
namespace gicc {
inline constexpr uint32_t CTLR = 0x00, PMR = 0x04, BPR = 0x08, IAR = 0x0C, EOIR = 0x10, RPR = 0x14, HPPIR = 0x18,
                          ABPR = 0x1C, AIAR = 0x20, DIR = 0x1000;
}

struct GicFixture {
    explicit GicFixture(GicVersion v, unsigned cpus = 2) : gic(GicConfig{v, cpus}) {}
    Gic gic;

    uint32_t dist_read(uint32_t off, unsigned cpu = 0, unsigned size = 4) {
        return static_cast<uint32_t>(gic.distributor().mmio_read(off, size, cpu));
    }
    void dist_write(uint32_t off, uint64_t v, unsigned cpu = 0, unsigned size = 4) {
        gic.distributor().mmio_write(off, size, v, cpu);
    }
    // Bit `id % 32` of the per-interrupt bit register array starting at `base`.
    void dist_set_bit(uint32_t base, unsigned id, unsigned cpu = 0) { dist_write(base + id / 32 * 4, 1u << (id % 32), cpu); }
    bool dist_bit(uint32_t base, unsigned id, unsigned cpu = 0) { return dist_read(base + id / 32 * 4, cpu) >> (id % 32) & 1; }
    void set_priority(unsigned id, uint8_t prio, unsigned cpu = 0) { dist_write(gicd::IPRIORITYR + id, prio, cpu, 1); }
};

// GICv2 with the distributor and both CPU interfaces enabled for Group 0,
// every priority unmasked (PMR 0xFF).
struct V2 : GicFixture {
    explicit V2(unsigned cpus = 2) : GicFixture(GicVersion::V2, cpus) {
        dist_write(gicd::CTLR, 1);
        for (unsigned c = 0; c < cpus; ++c) {
            cpu_write(c, gicc::CTLR, 1);
            cpu_write(c, gicc::PMR, 0xff);
        }
    }
    uint32_t cpu_read(unsigned cpu, uint32_t off) { return static_cast<uint32_t>(gic.cpu_interface().mmio_read(off, 4, cpu)); }
    void cpu_write(unsigned cpu, uint32_t off, uint32_t v) { gic.cpu_interface().mmio_write(off, 4, v, cpu); }
    uint32_t iar(unsigned cpu = 0) { return cpu_read(cpu, gicc::IAR); }
    void eoi(uint32_t iar_value, unsigned cpu = 0) { cpu_write(cpu, gicc::EOIR, iar_value); }
    // An enabled SPI targeted at `cpus` (a CPU mask) with priority `prio`.
    void spi(unsigned id, uint8_t prio, uint8_t cpus = 1) {
        set_priority(id, prio);
        dist_write(gicd::ITARGETSR + id, cpus, 0, 1);
        dist_set_bit(gicd::ISENABLER, id);
    }
};

}  // namespace irqsim::test

namespace irqsim::test {

// GICv3 (IHI 0069 Table 12-25 for GICR offsets): every interrupt in Group 1,
// both groups enabled in the distributor, each CPU awake with Group 1 enabled
// and PMR 0xFF, as Linux's GICv3 driver sets it up.
struct V3 : GicFixture {
    static constexpr uint32_t kSgiBase = 0x10000;
    static constexpr uint32_t WAKER = 0x0014, TYPER = 0x0008;

    explicit V3(unsigned cpus = 2) : GicFixture(GicVersion::V3, cpus) {
        dist_write(gicd::CTLR, 3);
        for (unsigned id = 32; id < gic.config().num_irqs; id += 32) dist_write(gicd::IGROUPR + id / 8, 0xffffffff);
        for (unsigned c = 0; c < cpus; ++c) {
            redist_write(c, WAKER, 0);
            redist_write(c, kSgiBase + gicd::IGROUPR, 0xffffffff);
            icc_write(c, icc::PMR_EL1, 0xff);
            icc_write(c, icc::IGRPEN1_EL1, 1);
        }
    }
    uint32_t redist_read(unsigned cpu, uint32_t off) {
        return static_cast<uint32_t>(gic.redistributors().mmio_read(cpu * virt_map::kGicRedistStride + off, 4, 0));
    }
    void redist_write(unsigned cpu, uint32_t off, uint32_t v) {
        gic.redistributors().mmio_write(cpu * virt_map::kGicRedistStride + off, 4, v, 0);
    }
    uint64_t icc_read(unsigned cpu, uint32_t enc) {
        uint64_t v = ~uint64_t{0};
        REQUIRE(gic.icc_read(cpu, enc, v));
        return v;
    }
    void icc_write(unsigned cpu, uint32_t enc, uint64_t v) { REQUIRE(gic.icc_write(cpu, enc, v)); }
    uint64_t iar1(unsigned cpu = 0) { return icc_read(cpu, icc::IAR1_EL1); }
    void eoi1(uint64_t id, unsigned cpu = 0) { icc_write(cpu, icc::EOIR1_EL1, id); }
    void enable_sgis(unsigned cpu) { redist_write(cpu, kSgiBase + gicd::ISENABLER, 0xffff); }
    // An enabled SPI routed to the CPU with affinity `aff` (GICD_IROUTER layout).
    void spi(unsigned id, uint8_t prio, uint64_t aff = 0) {
        set_priority(id, prio);
        dist_write(gicd::IROUTER + id * 8, aff, 0, 8);
        dist_set_bit(gicd::ISENABLER, id);
    }
};

}  // namespace irqsim::test
