// GICv3 register views (Arm IHI 0069): the distributor with affinity routing
// always on (GICD_CTLR.ARE RAO/WI) and a single security state (DS RAO/WI),
// as QEMU virt presents it to a guest without EL3; the redistributors; and the
// system-register CPU interface. No LPIs or ITS.
#include "gic/core.hpp"

#include <algorithm>
#include <bit>

namespace irqsim::gic {

uint64_t virt_affinity(GicVersion version, unsigned cpu) {
    // QEMU virt (virt_cpu_mp_affinity) groups CPUs in clusters of as many as
    // one SGI target list reaches: 8 for GICv2, 16 for GICv3.
    unsigned cluster = version == GicVersion::V2 ? 8 : 16;
    return uint64_t{cpu / cluster} << 8 | cpu % cluster;
}

namespace {

constexpr uint32_t kPidr2 = 0xFFE8;
constexpr uint32_t kPidr2ArchRev3 = 0x3 << 4 | 0xB;  // GICD/GICR_PIDR2: ArchRev [7:4] (IHI 0069 12.1.4); JEP106 bits as QEMU
constexpr uint32_t kIidrArm = 0x0000043B;      // implementer: Arm (JEP106 0x43B)

uint32_t all_cpus(const GicCore& core) { return static_cast<uint32_t>((uint64_t{1} << core.num_cpus()) - 1); }

// CPUs whose affinity matches `aff` (MPIDR layout: Aff3 [39:32], Aff2..Aff0 [23:0]).
uint32_t cpus_with_affinity(const GicCore& core, uint64_t aff) {
    uint32_t m = 0;
    for (unsigned c = 0; c < core.num_cpus(); ++c)
        if (virt_affinity(GicVersion::V3, c) == aff) m |= 1u << c;
    return m;
}

// IHI 0069 12.9: the distributor. INTIDs 0-31 live in the redistributors
// when affinity routing is on, so the block here starts at 32.
class V3Distributor final : public WordDevice {
public:
    explicit V3Distributor(GicCore& core) : core_(core), routers_(core.num_irqs(), 0) {
        for (unsigned id = intid::kFirstSpi; id < core.num_irqs(); ++id) route(id);
    }
    std::string name() const override { return "gicv3-distributor"; }

private:
    uint32_t read_word(unsigned, uint32_t off) override {
        switch (off) {
        case 0x0000:  // GICD_CTLR (DS=1): EnableGrp0 [0], EnableGrp1 [1], ARE [4], DS [6]
            return uint32_t{core_.dist_group_enabled[0]} | uint32_t{core_.dist_group_enabled[1]} << 1 | 1u << 4 |
                   1u << 6;
        case 0x0004:  // GICD_TYPER: ITLinesNumber, CPUNumber, IDbits = 10 bits, A3V
            return (core_.num_irqs() / 32 - 1) | (std::min(core_.num_cpus(), 8u) - 1) << 5 | 9u << 19 | 1u << 24;
        case 0x0008: return kIidrArm;
        case kPidr2: return kPidr2ArchRev3;
        }
        if (off >= 0x6000 && off < 0x8000) {  // GICD_IROUTER<n>, 64 bits each
            unsigned id = (off - 0x6000) / 8;
            if (id < intid::kFirstSpi || id >= core_.num_irqs()) return 0;
            return static_cast<uint32_t>(routers_[id] >> (off & 4 ? 32 : 0));
        }
        return IrqBlock{core_, 0, intid::kFirstSpi, core_.num_irqs(), true}.read(off);
    }

    void write_word(unsigned, uint32_t off, uint32_t value, uint32_t mask) override {
        if (off == 0x0000) {
            core_.dist_group_enabled = {(value & 1) != 0, (value & 2) != 0};
        } else if (off >= 0x6000 && off < 0x8000) {
            unsigned id = (off - 0x6000) / 8;
            if (id < intid::kFirstSpi || id >= core_.num_irqs()) return;
            unsigned shift = off & 4 ? 32 : 0;
            // Aff3 [39:32], IRM [31], Aff2..Aff0 [23:0]; the rest is RES0.
            uint64_t m = (uint64_t{mask} << shift) & 0xff'80ff'ffffull;
            routers_[id] = (routers_[id] & ~m) | ((uint64_t{value} << shift) & m);
            route(id);
        } else {
            IrqBlock{core_, 0, intid::kFirstSpi, core_.num_irqs(), true}.write(off, value, mask);
        }
    }
    void written() override { core_.update(); }

    // IHI 0069 4.6.2: with Interrupt_Routing_Mode (IRM) set the SPI may go to
    // any participating PE; otherwise to the PE with that affinity, or none.
    void route(unsigned id) {
        uint64_t r = routers_[id];
        core_.spi_targets(id) = (r >> 31 & 1) ? all_cpus(core_) : cpus_with_affinity(core_, r & 0xff'00ff'ffffull);
    }

    GicCore& core_;
    std::vector<uint64_t> routers_;
};

// IHI 0069 12.10/12.11: one RD_base and one SGI_base 64 KiB frame per CPU,
// CPU 0 first. The frame, not the accessor, selects the CPU.
class V3Redistributors final : public WordDevice {
public:
    explicit V3Redistributors(GicCore& core) : core_(core), processor_sleep_(core.num_cpus(), true) {}
    std::string name() const override { return "gicv3-redistributors"; }

private:
    uint32_t read_word(unsigned, uint32_t off) override {
        unsigned cpu = off / virt_map::kGicRedistStride;
        uint32_t r = off & 0xffff;
        if (cpu >= core_.num_cpus()) return 0;
        if (off & 0x10000) return IrqBlock{core_, cpu, 0, intid::kFirstSpi, true}.read(r);
        uint64_t aff = virt_affinity(GicVersion::V3, cpu);
        switch (r) {
        case 0x0004: return kIidrArm;
        case 0x0008:  // GICR_TYPER[31:0]: Processor_Number [23:8], Last [4]
            return cpu << 8 | uint32_t{cpu + 1 == core_.num_cpus()} << 4;
        case 0x000C:  // GICR_TYPER[63:32]: Affinity_Value Aff3.Aff2.Aff1.Aff0
            return static_cast<uint32_t>((aff >> 32 & 0xff) << 24 | (aff & 0xff'ffff));
        case 0x0014:  // GICR_WAKER: ProcessorSleep [1]; ChildrenAsleep [2] follows it at once
            return processor_sleep_[cpu] ? 0x6 : 0;
        case kPidr2: return kPidr2ArchRev3;
        }
        return 0;
    }

    void write_word(unsigned, uint32_t off, uint32_t value, uint32_t mask) override {
        unsigned cpu = off / virt_map::kGicRedistStride;
        uint32_t r = off & 0xffff;
        if (cpu >= core_.num_cpus()) return;
        if (off & 0x10000)
            IrqBlock{core_, cpu, 0, intid::kFirstSpi, true}.write(r, value, mask);
        else if (r == 0x0014 && (mask & 2))
            processor_sleep_[cpu] = value & 2;
    }
    void written() override { core_.update(); }

    GicCore& core_;
    std::vector<bool> processor_sleep_;
};

// ICC_SGI0R/SGI1R/ASGI1R_EL1 (IHI 0069 12.2.19): TargetList [15:0] names
// Aff0 values RS*16 + i within Aff3.Aff2.Aff1; IRM [40] means every PE but self.
void send_sgi(GicCore& core, unsigned cpu, uint64_t v) {
    uint32_t targets = 0;
    if (v >> 40 & 1) {
        targets = all_cpus(core) & ~(1u << cpu);
    } else {
        uint64_t cluster = (v >> 48 & 0xff) << 32 | (v >> 32 & 0xff) << 16 | (v >> 16 & 0xff) << 8;
        unsigned rs = v >> 44 & 0xf;
        for (unsigned i = 0; i < 16; ++i)
            if (v >> i & 1) targets |= cpus_with_affinity(core, cluster | (rs * 16 + i));
    }
    core.send_sgi(cpu, targets, v >> 24 & 0xf);
}

// ICC_AP0R<n>_EL1 / ICC_AP1R<n>_EL1: the core keeps the active priorities
// itself; software sees these RAZ/WI.
bool is_active_priority_register(uint32_t e) {
    return (e >= icc::AP0R0_EL1 && e < icc::AP0R0_EL1 + 4) || (e >= icc::AP1R0_EL1 && e < icc::AP1R0_EL1 + 4);
}

}  // namespace

std::unique_ptr<MmioDevice> make_v3_distributor(GicCore& core) { return std::make_unique<V3Distributor>(core); }
std::unique_ptr<MmioDevice> make_v3_redistributors(GicCore& core) { return std::make_unique<V3Redistributors>(core); }

// IHI 0069 12.2: the AArch64 CPU interface registers.
bool icc_read(GicCore& core, unsigned cpu, uint32_t encoding, uint64_t& value) {
    if (cpu >= core.num_cpus()) return false;
    const CpuInterfaceState& c = core.cpu(cpu);
    unsigned source = 0;
    auto hppi_of_group = [&](unsigned group) {
        unsigned id = core.highest_pending(cpu);
        return id != intid::kSpurious && core.group1(cpu, id) == group ? id : intid::kSpurious;
    };
    switch (encoding) {
    case icc::PMR_EL1: value = c.pmr; return true;
    case icc::IAR0_EL1: value = core.acknowledge(cpu, 1, source); return true;
    case icc::IAR1_EL1: value = core.acknowledge(cpu, 2, source); return true;
    case icc::HPPIR0_EL1: value = hppi_of_group(0); return true;
    case icc::HPPIR1_EL1: value = hppi_of_group(1); return true;
    case icc::BPR0_EL1: value = c.bpr[0]; return true;
    // With CBPR set, BPR1 reads as BPR0 + 1, saturated (12.2.5).
    case icc::BPR1_EL1: value = c.cbpr ? std::min(c.bpr[0] + 1, 7) : c.bpr[1]; return true;
    case icc::RPR_EL1: value = core.running_priority(cpu); return true;
    case icc::CTLR_EL1: {
        // CBPR [0], EOImode [1], PRIbits [10:8] (bits - 1), IDbits [13:11] = 0 (16 bits), A3V [15].
        unsigned pri_bits = 8 - static_cast<unsigned>(std::countr_zero(core.priority_mask()));
        value = uint64_t{c.cbpr} | uint64_t{c.eoi_mode} << 1 | uint64_t{pri_bits - 1} << 8 | uint64_t{1} << 15;
        return true;
    }
    case icc::SRE_EL1: value = 0x7; return true;  // SRE, DFB, DIB: system registers only, RAO/WI
    case icc::IGRPEN0_EL1: value = c.group_enabled[0]; return true;
    case icc::IGRPEN1_EL1: value = c.group_enabled[1]; return true;
    }
    if (is_active_priority_register(encoding)) {
        value = 0;
        return true;
    }
    return false;
}

bool icc_write(GicCore& core, unsigned cpu, uint32_t encoding, uint64_t value) {
    if (cpu >= core.num_cpus()) return false;
    CpuInterfaceState& c = core.cpu(cpu);
    switch (encoding) {
    case icc::PMR_EL1: c.pmr = static_cast<uint8_t>(value) & core.priority_mask(); break;
    case icc::EOIR0_EL1:
    case icc::EOIR1_EL1: core.end_of_interrupt(cpu, value & 0xffffff); break;
    case icc::DIR_EL1: core.deactivate(cpu, value & 0xffffff); break;
    case icc::BPR0_EL1: c.bpr[0] = std::max<uint8_t>(core.min_bpr(0), value & 7); break;
    case icc::BPR1_EL1:
        if (!c.cbpr) c.bpr[1] = std::max<uint8_t>(core.min_bpr(1), value & 7);
        break;
    case icc::CTLR_EL1:
        c.cbpr = value & 1;
        c.eoi_mode = value >> 1 & 1;
        break;
    case icc::IGRPEN0_EL1: c.group_enabled[0] = value & 1; break;
    case icc::IGRPEN1_EL1: c.group_enabled[1] = value & 1; break;
    case icc::SRE_EL1: break;
    case icc::SGI0R_EL1:
    case icc::SGI1R_EL1:
    case icc::ASGI1R_EL1: send_sgi(core, cpu, value); return true;
    default: return is_active_priority_register(encoding);
    }
    core.update();
    return true;
}

}  // namespace irqsim::gic
