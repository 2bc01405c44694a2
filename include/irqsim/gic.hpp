// The Generic Interrupt Controller of the QEMU `virt` board, GICv2 (Arm IHI
// 0048B) or GICv3 (Arm IHI 0069): what the board wires up.
//
//   Gic gic({.version = GicVersion::V2, .num_cpus = 2});
//   gic.map(bus);                                 // GICD/GICC or GICD/GICR at the virt addresses
//   gic.set_line_callback([&](unsigned cpu) { cpus[cpu]->request_exit(); });
//   timer outputs -> gic.set_ppi_level(cpu, 30, level); devices -> gic.set_spi_level(intid, level)
//   before each instruction block: take an IRQ if gic.irq_asserted(cpu) and PSTATE.I is clear
//   GICv3 CPU interface: read_sysreg/write_sysreg forward ICC_* encodings to gic.icc_read/icc_write
//
// One state machine (src/gic/core.hpp) serves both versions; the version only
// decides the register views. Everything runs on the caller's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "irqsim/sysreg_encoding.hpp"

namespace irqsim {

class Bus;
class MmioDevice;

enum class GicVersion : uint8_t { V2 = 2, V3 = 3 };

// Interrupt ID ranges (IHI 0048B 2.2.1, IHI 0069 2.2).
namespace intid {
inline constexpr unsigned kFirstPpi = 16;
inline constexpr unsigned kFirstSpi = 32;
inline constexpr unsigned kSpurious = 1023;        // nothing to acknowledge
inline constexpr unsigned kGroup1NotAcked = 1022;  // GICv2: highest is Group 1 and AckCtl is 0
}  // namespace intid

// The QEMU virt memory map (hw/arm/virt.c, base_memmap) and region sizes.
namespace virt_map {
inline constexpr uint64_t kGicDist = 0x08000000, kGicDistSize = 0x10000;
inline constexpr uint64_t kGicCpu = 0x08010000, kGicCpuSize = 0x10000;  // GICv2 CPU interface
inline constexpr uint64_t kGicRedist = 0x080A0000;                      // GICv3 redistributors
inline constexpr uint64_t kGicRedistStride = 0x20000;                   // RD_base + SGI_base per CPU
inline constexpr uint64_t kUart = 0x09000000, kUartSize = 0x1000;
inline constexpr unsigned kUartSpi = 1;  // PL011 is SPI 1, INTID 33
}  // namespace virt_map

struct GicConfig {
    GicVersion version = GicVersion::V2;
    unsigned num_cpus = 1;   // at most 8 for GICv2 (IHI 0048B 1.3), 32 here for GICv3
    // INTIDs 0..num_irqs-1, a multiple of 32. 0: what QEMU 7.2 virt's
    // GICD_TYPER.ITLinesNumber reports (8 for GICv2: 288; 7 for GICv3: 256).
    unsigned num_irqs = 0;
};

namespace gic {
class GicCore;
}

class Gic {
public:
    explicit Gic(const GicConfig& config);
    ~Gic();
    Gic(const Gic&) = delete;
    Gic& operator=(const Gic&) = delete;

    const GicConfig& config() const { return config_; }

    // Maps the distributor and the CPU interface (v2) or redistributors (v3)
    // at the virt addresses.
    void map(Bus& bus);
    // The MMIO views, for mapping elsewhere or for tests.
    MmioDevice& distributor();
    MmioDevice& cpu_interface();   // GICv2; throws std::logic_error on v3
    MmioDevice& redistributors();  // GICv3: every CPU's 0x20000-byte frame pair, CPU 0 first
    uint64_t redistributors_size() const { return uint64_t{config_.num_cpus} * virt_map::kGicRedistStride; }

    // MPIDR_EL1 affinity fields (Aff3 in [39:32], Aff2..Aff0 in [23:0]) that
    // QEMU virt gives CPU `cpu` (clusters of 8 for GICv2, 16 for GICv3), which
    // GICv3 routing matches against. The board should report these in MPIDR_EL1.
    uint64_t mpidr_affinity(unsigned cpu) const;

    // --- interrupt inputs ------------------------------------------------
    // Level of an SPI's input wire (intid >= 32). An edge-triggered SPI
    // becomes pending on a rising edge (IHI 0048B 3.2.4).
    void set_spi_level(unsigned intid, bool level);
    // Level of a PPI's input wire at one CPU (16 <= intid < 32).
    void set_ppi_level(unsigned cpu, unsigned intid, bool level);

    // --- outputs ------------------------------------------------------------
    bool irq_asserted(unsigned cpu) const;
    bool fiq_asserted(unsigned cpu) const;
    // Called (on the thread that changed the state) whenever a CPU's IRQ or
    // FIQ output changes, so the board can end that CPU's block.
    void set_line_callback(std::function<void(unsigned cpu)> on_change);

    // --- GICv3 system-register CPU interface ---------------------------------
    // encoding = (op0<<14)|(op1<<11)|(CRn<<7)|(CRm<<3)|op2, as MRS/MSR bits
    // [20:5]. Returns false if the encoding is not an ICC register (or the
    // direction is not allowed, e.g. reading ICC_EOIR1_EL1): UNDEFINED.
    // Always false on a GICv2.
    bool icc_read(unsigned cpu, uint32_t encoding, uint64_t& value);
    bool icc_write(unsigned cpu, uint32_t encoding, uint64_t value);

    // The shared state machine, for tests and observers.
    gic::GicCore& core() { return *core_; }

private:
    GicConfig config_;
    std::unique_ptr<gic::GicCore> core_;
    std::unique_ptr<MmioDevice> dist_, cpuif_, redist_;
};

// System-register encodings of the GICv3 CPU interface (IHI 0069 12.1.6).
namespace icc {
inline constexpr uint32_t PMR_EL1 = sysreg_encoding(3, 0, 4, 6, 0);
inline constexpr uint32_t IAR0_EL1 = sysreg_encoding(3, 0, 12, 8, 0);
inline constexpr uint32_t EOIR0_EL1 = sysreg_encoding(3, 0, 12, 8, 1);
inline constexpr uint32_t HPPIR0_EL1 = sysreg_encoding(3, 0, 12, 8, 2);
inline constexpr uint32_t BPR0_EL1 = sysreg_encoding(3, 0, 12, 8, 3);
inline constexpr uint32_t AP0R0_EL1 = sysreg_encoding(3, 0, 12, 8, 4);  // AP0R<n>: op2 = 4 + n
inline constexpr uint32_t AP1R0_EL1 = sysreg_encoding(3, 0, 12, 9, 0);  // AP1R<n>: op2 = n
inline constexpr uint32_t DIR_EL1 = sysreg_encoding(3, 0, 12, 11, 1);
inline constexpr uint32_t RPR_EL1 = sysreg_encoding(3, 0, 12, 11, 3);
inline constexpr uint32_t SGI1R_EL1 = sysreg_encoding(3, 0, 12, 11, 5);
inline constexpr uint32_t ASGI1R_EL1 = sysreg_encoding(3, 0, 12, 11, 6);
inline constexpr uint32_t SGI0R_EL1 = sysreg_encoding(3, 0, 12, 11, 7);
inline constexpr uint32_t IAR1_EL1 = sysreg_encoding(3, 0, 12, 12, 0);
inline constexpr uint32_t EOIR1_EL1 = sysreg_encoding(3, 0, 12, 12, 1);
inline constexpr uint32_t HPPIR1_EL1 = sysreg_encoding(3, 0, 12, 12, 2);
inline constexpr uint32_t BPR1_EL1 = sysreg_encoding(3, 0, 12, 12, 3);
inline constexpr uint32_t CTLR_EL1 = sysreg_encoding(3, 0, 12, 12, 4);
inline constexpr uint32_t SRE_EL1 = sysreg_encoding(3, 0, 12, 12, 5);
inline constexpr uint32_t IGRPEN0_EL1 = sysreg_encoding(3, 0, 12, 12, 6);
inline constexpr uint32_t IGRPEN1_EL1 = sysreg_encoding(3, 0, 12, 12, 7);
}  // namespace icc

}  // namespace irqsim
