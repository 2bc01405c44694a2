// Gic: builds the shared core and the register views of one GIC version.
#include "irqsim/gic.hpp"

#include <stdexcept>

#include "gic/core.hpp"
#include "irqsim/memory.hpp"

namespace irqsim {

namespace {
// QEMU implements 8 priority bits in its GICv2 and 5 in its GICv3
// (ICC_CTLR_EL1.PRIbits = 4); Linux reads the latter.
unsigned priority_bits(GicVersion v) { return v == GicVersion::V2 ? 8 : 5; }
}  // namespace

Gic::Gic(const GicConfig& config) : config_(config) {
    if (config_.num_irqs == 0) config_.num_irqs = config.version == GicVersion::V2 ? 288 : 256;
    unsigned max_cpus = config.version == GicVersion::V2 ? 8 : 32;
    if (config.num_cpus == 0 || config.num_cpus > max_cpus)
        throw std::invalid_argument("GIC: unsupported number of CPUs");
    if (config_.num_irqs < 64 || config_.num_irqs > 1020 || config_.num_irqs % 32)
        throw std::invalid_argument("GIC: number of interrupts must be a multiple of 32 in [64, 1020]");
    core_ = std::make_unique<gic::GicCore>(config.num_cpus, config_.num_irqs, priority_bits(config.version));
    if (config.version == GicVersion::V2) {
        dist_ = gic::make_v2_distributor(*core_);
        cpuif_ = gic::make_v2_cpu_interface(*core_);
    } else {
        // One security state (GICD_CTLR.DS = 1): Group 0 is signalled as FIQ
        // (IHI 0069 4.6.1).
        for (unsigned c = 0; c < config.num_cpus; ++c) core_->cpu(c).fiq_en = true;
        dist_ = gic::make_v3_distributor(*core_);
        redist_ = gic::make_v3_redistributors(*core_);
    }
}

Gic::~Gic() = default;

void Gic::map(Bus& bus) {
    bus.map_device(virt_map::kGicDist, virt_map::kGicDistSize, dist_.get());
    if (cpuif_) bus.map_device(virt_map::kGicCpu, virt_map::kGicCpuSize, cpuif_.get());
    if (redist_) bus.map_device(virt_map::kGicRedist, redistributors_size(), redist_.get());
}

MmioDevice& Gic::distributor() { return *dist_; }

MmioDevice& Gic::cpu_interface() {
    if (!cpuif_) throw std::logic_error("a GICv3 has no memory-mapped CPU interface here");
    return *cpuif_;
}

MmioDevice& Gic::redistributors() {
    if (!redist_) throw std::logic_error("a GICv2 has no redistributors");
    return *redist_;
}

uint64_t Gic::mpidr_affinity(unsigned cpu) const { return gic::virt_affinity(config_.version, cpu); }

void Gic::set_spi_level(unsigned intid, bool level) { core_->set_spi_level(intid, level); }
void Gic::set_ppi_level(unsigned cpu, unsigned intid, bool level) { core_->set_ppi_level(cpu, intid, level); }
bool Gic::irq_asserted(unsigned cpu) const { return cpu < config_.num_cpus && core_->cpu(cpu).irq; }
bool Gic::fiq_asserted(unsigned cpu) const { return cpu < config_.num_cpus && core_->cpu(cpu).fiq; }
void Gic::set_line_callback(std::function<void(unsigned)> on_change) { core_->set_line_callback(std::move(on_change)); }

bool Gic::icc_read(unsigned cpu, uint32_t encoding, uint64_t& value) {
    return config_.version == GicVersion::V3 && gic::icc_read(*core_, cpu, encoding, value);
}
bool Gic::icc_write(unsigned cpu, uint32_t encoding, uint64_t value) {
    return config_.version == GicVersion::V3 && gic::icc_write(*core_, cpu, encoding, value);
}

}  // namespace irqsim
