// GICv2 register views (Arm IHI 0048B chapter 4): the distributor and the
// memory-mapped CPU interface, without the Security Extensions (as QEMU virt
// configures them for a guest entered at EL1), over the shared GicCore.
#include "gic/core.hpp"

#include <algorithm>

namespace irqsim::gic {
namespace {

uint32_t all_cpus(const GicCore& core) { return (1u << core.num_cpus()) - 1; }

// IHI 0048B 4.3: the distributor register map.
class V2Distributor final : public WordDevice {
public:
    explicit V2Distributor(GicCore& core) : core_(core) {
        // A uniprocessor GIC routes every SPI to its one CPU and makes
        // GICD_ITARGETSR RAZ/WI (IHI 0048B 4.3.12).
        if (core.num_cpus() == 1)
            for (unsigned id = intid::kFirstSpi; id < core.num_irqs(); ++id) core.spi_targets(id) = 1;
    }
    std::string name() const override { return "gicv2-distributor"; }

private:
    IrqBlock block(unsigned cpu) { return IrqBlock{core_, cpu, 0, core_.num_irqs(), false}; }

    uint32_t read_word(unsigned cpu, uint32_t off) override {
        if (cpu >= core_.num_cpus()) return 0;
        switch (off) {
        case 0x000:  // GICD_CTLR: EnableGrp0, EnableGrp1
            return uint32_t{core_.dist_group_enabled[0]} | uint32_t{core_.dist_group_enabled[1]} << 1;
        case 0x004:  // GICD_TYPER: ITLinesNumber [4:0], CPUNumber [7:5], no SecurityExtn
            return (core_.num_irqs() / 32 - 1) | (core_.num_cpus() - 1) << 5;
        case 0x008: return 0x0000043B;  // GICD_IIDR: implementer Arm (0x43B), as QEMU reports
        case 0xFE8: return 0x2 << 4 | 0xB;  // ICPIDR2: ArchRev = GICv2 [7:4] (IHI 0048B 4.3.16), JEP106 bits as QEMU
        }
        if (off >= 0x800 && off < 0xC00) return read_targets(cpu, off - 0x800);
        if (off >= 0xF10 && off < 0xF30) {  // GICD_CPENDSGIRn / GICD_SPENDSGIRn
            unsigned sgi = off & 0xf;  // four SGIs per register
            uint32_t v = 0;
            for (unsigned i = 0; i < 4; ++i) v |= uint32_t{core_.sgi_sources(cpu, sgi + i)} << (8 * i);
            return v;
        }
        return block(cpu).read(off);
    }

    void write_word(unsigned cpu, uint32_t off, uint32_t value, uint32_t mask) override {
        if (cpu >= core_.num_cpus()) return;
        if (off == 0x000) {
            core_.dist_group_enabled = {(value & 1) != 0, (value & 2) != 0};
        } else if (off >= 0x800 && off < 0xC00) {
            write_targets(off - 0x800, value, mask);
        } else if (off == 0xF00) {
            send_sgi(cpu, value);
        } else if (off >= 0xF10 && off < 0xF30) {
            bool set = off >= 0xF20;
            for (unsigned i = 0; i < 4; ++i) {
                if (!(mask >> (8 * i) & 0xff)) continue;
                unsigned sgi = (off & 0xf) + i;
                uint8_t bits = static_cast<uint8_t>(value >> (8 * i) & all_cpus(core_));
                uint8_t old = core_.sgi_sources(cpu, sgi);
                core_.set_sgi_sources(cpu, sgi, static_cast<uint8_t>(set ? old | bits : old & ~bits));
            }
        } else {
            block(cpu).write(off, value, mask);
        }
    }
    void written() override { core_.update(); }

    // GICD_ITARGETSR: a CPU bit mask per interrupt. The SGI/PPI bytes are
    // read-only and name the reading CPU (IHI 0048B 4.3.12).
    uint32_t read_targets(unsigned cpu, unsigned first_id) {
        if (core_.num_cpus() == 1) return 0;
        uint32_t v = 0;
        for (unsigned i = 0; i < 4; ++i) {
            unsigned id = first_id + i;
            uint32_t t = id < intid::kFirstSpi ? 1u << cpu : id < core_.num_irqs() ? core_.spi_targets(id) : 0;
            v |= t << (8 * i);
        }
        return v;
    }
    void write_targets(unsigned first_id, uint32_t value, uint32_t mask) {
        if (core_.num_cpus() == 1) return;
        for (unsigned i = 0; i < 4; ++i) {
            unsigned id = first_id + i;
            if (id >= intid::kFirstSpi && id < core_.num_irqs() && (mask >> (8 * i) & 0xff))
                core_.spi_targets(id) = value >> (8 * i) & all_cpus(core_);
        }
    }

    // GICD_SGIR (IHI 0048B 4.3.15): TargetListFilter [25:24] selects the
    // CPUTargetList [23:16], every CPU but the writer, or the writer alone.
    void send_sgi(unsigned cpu, uint32_t value) {
        uint32_t targets = 0;
        switch (value >> 24 & 3) {
        case 0: targets = value >> 16 & 0xff; break;
        case 1: targets = all_cpus(core_) & ~(1u << cpu); break;
        case 2: targets = 1u << cpu; break;
        default: return;  // reserved
        }
        core_.send_sgi(cpu, targets & all_cpus(core_), value & 0xf);
    }

    GicCore& core_;
};

// IHI 0048B 4.4: the CPU interface register map, banked per CPU.
class V2CpuInterface final : public WordDevice {
public:
    explicit V2CpuInterface(GicCore& core) : core_(core) {}
    std::string name() const override { return "gicv2-cpu-interface"; }

private:
    uint32_t read_word(unsigned cpu, uint32_t off) override {
        if (cpu >= core_.num_cpus()) return 0;
        const CpuInterfaceState& c = core_.cpu(cpu);
        switch (off) {
        case 0x00:  // GICC_CTLR without Security Extensions (IHI 0048B 4.4.1)
            return uint32_t{c.group_enabled[0]} | uint32_t{c.group_enabled[1]} << 1 | uint32_t{c.ack_ctl} << 2 |
                   uint32_t{c.fiq_en} << 3 | uint32_t{c.cbpr} << 4 | uint32_t{c.eoi_mode} << 9;
        case 0x04: return c.pmr;
        case 0x08: return c.bpr[0];
        case 0x0C: return acknowledge(cpu, false);
        case 0x14: return core_.running_priority(cpu);  // GICC_RPR: 0xFF when idle (4.4.6)
        case 0x18: return highest_pending(cpu, false);
        case 0x1C: return c.bpr[1];
        case 0x20: return acknowledge(cpu, true);
        case 0x28: return highest_pending(cpu, true);
        case 0xFC: return 0x0002043B;  // GICC_IIDR: architecture version 2, Arm
        }
        return 0;
    }

    void write_word(unsigned cpu, uint32_t off, uint32_t value, uint32_t mask) override {
        if (cpu >= core_.num_cpus()) return;
        CpuInterfaceState& c = core_.cpu(cpu);
        switch (off) {
        case 0x00:
            c.group_enabled = {(value & 1) != 0, (value & 2) != 0};
            c.ack_ctl = value >> 2 & 1;
            c.fiq_en = value >> 3 & 1;
            c.cbpr = value >> 4 & 1;
            c.eoi_mode = value >> 9 & 1;
            break;
        case 0x04: c.pmr = static_cast<uint8_t>(value) & core_.priority_mask(); break;
        case 0x08: c.bpr[0] = std::max<uint8_t>(core_.min_bpr(0), value & 7); break;
        case 0x1C: c.bpr[1] = std::max<uint8_t>(core_.min_bpr(1), value & 7); break;
        case 0x10:  // GICC_EOIR
        case 0x24:  // GICC_AEOIR
            core_.end_of_interrupt(cpu, value & 0x3ff);
            break;
        case 0x1000: core_.deactivate(cpu, value & 0x3ff); break;  // GICC_DIR (4.4.15)
        }
    }
    void written() override { core_.update(); }

    // GICC_IAR (IHI 0048B 4.4.4): the INTID in [9:0]; for an SGI the source
    // CPU in CPUID [12:10]. Without AckCtl a Group 1 interrupt is left for
    // GICC_AIAR and IAR reads 1022; GICC_AIAR takes only Group 1.
    uint32_t acknowledge(unsigned cpu, bool alias) {
        unsigned hppi = core_.highest_pending(cpu);
        if (!alias && hppi != intid::kSpurious && core_.can_signal(cpu, hppi) && core_.group1(cpu, hppi) &&
            !core_.cpu(cpu).ack_ctl)
            return intid::kGroup1NotAcked;
        unsigned source = 0;
        unsigned id = core_.acknowledge(cpu, alias ? 2u : 3u, source);
        return id < 16 ? id | source << 10 : id;
    }
    // GICC_HPPIR / GICC_AHPPIR (4.4.8): the same encoding, without the side effects.
    uint32_t highest_pending(unsigned cpu, bool alias) {
        unsigned id = core_.highest_pending(cpu);
        if (id == intid::kSpurious) return id;
        bool g1 = core_.group1(cpu, id);
        if (alias && !g1) return intid::kSpurious;
        if (!alias && g1 && !core_.cpu(cpu).ack_ctl) return intid::kGroup1NotAcked;
        return id < 16 ? id | core_.sgi_source(cpu, id) << 10 : id;
    }

    GicCore& core_;
};

}  // namespace

std::unique_ptr<MmioDevice> make_v2_distributor(GicCore& core) { return std::make_unique<V2Distributor>(core); }
std::unique_ptr<MmioDevice> make_v2_cpu_interface(GicCore& core) { return std::make_unique<V2CpuInterface>(core); }

}  // namespace irqsim::gic
