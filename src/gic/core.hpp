// The interrupt state machine shared by GICv2 and GICv3: per-interrupt
// enable/pending/active/priority/group/trigger state, the per-CPU interface
// state (mask, binary points, active priorities) and the IRQ/FIQ outputs.
// The register views (gicv2.cpp, gicv3.cpp) only translate accesses into
// calls on this class, so no rule is written twice.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "irqsim/gic.hpp"
#include "irqsim/memory.hpp"

namespace irqsim::gic {

// The state of 32 consecutive interrupts, one bit each: the layout of the
// GICD_IS/ICxxxR register arrays. Word 0 (SGIs and PPIs) is banked per CPU.
struct Words {
    uint32_t enabled = 0;
    uint32_t latch = 0;   // pending set by an edge, a register write or an SGI
    uint32_t level = 0;   // the input wire
    uint32_t active = 0;
    uint32_t edge = 0;    // ICFGR Int_config[1]: 1 edge-triggered, 0 level-sensitive
    uint32_t group1 = 0;  // IGROUPR
};

// One CPU interface (IHI 0048B 4.4, IHI 0069 12.2). Fields are the
// architecture's; each register view packs them its own way.
struct CpuInterfaceState {
    std::array<bool, 2> group_enabled{};  // GICC_CTLR.EnableGrp0/1, ICC_IGRPEN0/1_EL1
    uint8_t pmr = 0;                      // reset 0: every interrupt masked (IHI 0048B 4.4.2)
    std::array<uint8_t, 2> bpr{};         // GICC_BPR / ICC_BPR0; GICC_ABPR / ICC_BPR1
    bool cbpr = false;                    // Group 1 uses BPR (+1) as well
    bool eoi_mode = false;                // 1: EOI only drops priority, DIR deactivates
    bool ack_ctl = false;                 // GICv2: GICC_IAR may acknowledge Group 1
    bool fiq_en = false;                  // Group 0 is signalled as FIQ
    // Active priorities (GICC_APRn / ICC_APxRn): bit p set while an
    // acknowledged interrupt of group priority p has not had its priority
    // dropped. The lowest set bit is the running priority (IHI 0069 4.8.4).
    std::array<uint64_t, 4> active_priorities{};

    // Derived by GicCore::update().
    unsigned hppi = intid::kSpurious;  // highest-priority pending interrupt
    bool irq = false, fiq = false;
};

class GicCore {
public:
    GicCore(unsigned num_cpus, unsigned num_irqs, unsigned priority_bits);

    unsigned num_cpus() const { return num_cpus_; }
    unsigned num_irqs() const { return num_irqs_; }
    // The CPU interface's implemented priority bits, left-aligned (0xf8 for
    // 5 bits): the unimplemented low bits of PMR are RAZ/WI. The distributor
    // keeps all 8 bits of each priority field, as QEMU's does.
    uint8_t priority_mask() const { return priority_mask_; }
    // Minimum binary point values for group 0 and group 1 (IHI 0048B 3.3.3:
    // a BPR below the minimum reads and acts as the minimum).
    uint8_t min_bpr(unsigned group) const { return min_bpr_[group]; }

    // --- raw state (register views mutate it, then call update()) -----------
    Words& words(unsigned cpu, unsigned word) { return word == 0 ? banked_[cpu] : shared_[word]; }
    const Words& words(unsigned cpu, unsigned word) const { return word == 0 ? banked_[cpu] : shared_[word]; }
    uint8_t& priority(unsigned cpu, unsigned id) { return id < intid::kFirstSpi ? banked_priority_[cpu][id] : priority_[id]; }
    uint8_t priority(unsigned cpu, unsigned id) const { return id < intid::kFirstSpi ? banked_priority_[cpu][id] : priority_[id]; }
    // CPUs an SPI is delivered to (GICD_ITARGETSR, or GICD_IROUTER resolved).
    uint32_t& spi_targets(unsigned id) { return targets_[id]; }
    // SGIs pending at `target`, one bit per source CPU (IHI 0048B 3.2.2:
    // a GICv2 keeps the pending state of an SGI per source).
    uint8_t sgi_sources(unsigned target, unsigned sgi) const { return sgi_sources_[target][sgi]; }
    void set_sgi_sources(unsigned target, unsigned sgi, uint8_t sources);
    CpuInterfaceState& cpu(unsigned c) { return cpus_[c]; }
    const CpuInterfaceState& cpu(unsigned c) const { return cpus_[c]; }
    std::array<bool, 2> dist_group_enabled{};  // GICD_CTLR.EnableGrp0/1

    bool group1(unsigned cpu, unsigned id) const { return words(cpu, id / 32).group1 >> (id % 32) & 1; }
    // Pending bits of a word: latched, or a level-sensitive input held high
    // (IHI 0048B 3.2.4).
    uint32_t pending(unsigned cpu, unsigned word) const {
        const Words& w = words(cpu, word);
        return w.latch | (w.level & ~w.edge);
    }
    // ISPENDR / ICPENDR semantics for the bits in `mask`. SGIs: setting marks
    // `source` as a requester, clearing forgets every source.
    void set_pending(unsigned cpu, unsigned word, uint32_t mask, unsigned source = 0);
    void clear_pending(unsigned cpu, unsigned word, uint32_t mask);

    // --- inputs ----------------------------------------------------------------
    void set_spi_level(unsigned id, bool level);
    void set_ppi_level(unsigned cpu, unsigned id, bool level);
    // An SGI from `source` to every CPU in `targets` (a CPU bit mask).
    void send_sgi(unsigned source, uint32_t targets, unsigned sgi);

    // --- the CPU interface's operations -----------------------------------------
    // The bits of a priority that decide preemption: the group priority
    // field selected by the binary point (IHI 0048B 3.3.3, IHI 0069 4.8.5).
    uint8_t group_priority_mask(unsigned cpu, unsigned group) const;
    // 0xff (idle) when no active interrupt holds a priority, else the highest
    // active group priority.
    uint8_t running_priority(unsigned cpu) const;
    // Highest-priority pending interrupt this CPU could take (ignores the
    // mask and running priority), or kSpurious. Ties go to the lowest INTID.
    unsigned highest_pending(unsigned cpu) const { return cpus_[cpu].hppi; }
    // The source CPU reported with a pending SGI (the lowest requester).
    unsigned sgi_source(unsigned cpu, unsigned sgi) const;
    // Whether the pending interrupt `id` is signalled: its group enabled,
    // above the priority mask, and its group priority above that of the
    // running priority (IHI 0048B 3.3, IHI 0069 4.8).
    bool can_signal(unsigned cpu, unsigned id) const;
    // Acknowledge `id` (after checking can_signal): it leaves the pending
    // state (an edge or software request; a level input still held makes it
    // active and pending), becomes active, and its group priority becomes the
    // running priority. Returns the SGI source CPU it was taken for.
    unsigned activate(unsigned cpu, unsigned id);
    // A read of an IAR: the highest-priority pending interrupt if it is
    // signalled and in `groups` (bit 0: Group 0, bit 1: Group 1) is
    // activated and returned; otherwise kSpurious (IHI 0048B 4.4.4, IHI 0069
    // 12.2.13). `source` receives the SGI source CPU.
    unsigned acknowledge(unsigned cpu, unsigned groups, unsigned& source);
    // Priority drop (EOI): the highest active priority is removed.
    void priority_drop(unsigned cpu);
    // Deactivation (EOI with EOImode 0, or DIR).
    void deactivate(unsigned cpu, unsigned id);
    // A write of an EOIR: priority drop, and deactivation unless EOImode
    // splits it off to DIR (IHI 0048B 3.2.3 and 4.4.5, IHI 0069 4.1.1).
    // Special INTIDs 1020-1023 are ignored.
    void end_of_interrupt(unsigned cpu, unsigned id);

    // --- outputs ---------------------------------------------------------------
    // Recomputes every CPU's highest pending interrupt and IRQ/FIQ outputs and
    // reports the CPUs whose outputs changed. Register views call it after
    // each write; the input functions above call it themselves.
    void update();
    void set_line_callback(std::function<void(unsigned)> cb) { on_change_ = std::move(cb); }

private:
    unsigned compute_hppi(unsigned cpu) const;

    unsigned num_cpus_, num_irqs_;
    uint8_t priority_mask_;
    std::array<uint8_t, 2> min_bpr_;
    std::vector<Words> banked_;    // per CPU: INTIDs 0-31
    std::vector<Words> shared_;    // per word: INTIDs 32 and up (index 0 unused)
    std::vector<std::array<uint8_t, 32>> banked_priority_;
    std::vector<uint8_t> priority_;  // indexed by INTID (0-31 unused)
    std::vector<uint32_t> targets_;  // indexed by INTID (0-31 unused)
    std::vector<std::array<uint8_t, 16>> sgi_sources_;
    std::vector<CpuInterfaceState> cpus_;
    std::function<void(unsigned)> on_change_;
};

// --- the per-interrupt register block ------------------------------------
// Offsets 0x080-0xDFF of GICD (v2 and v3) and of GICR's SGI_base frame share
// one layout (IHI 0048B 4.3.4-4.3.13, IHI 0069 12.9/12.11): IGROUPR,
// IS/ICENABLER, IS/ICPENDR, IS/ICACTIVER, IPRIORITYR, ICFGR. Only INTIDs in
// [first, limit) are implemented there; the rest are RAZ/WI. ITARGETSR and
// the GICv3-only registers are handled by the views.
struct IrqBlock {
    GicCore& core;
    unsigned cpu;            // the bank for INTIDs 0-31
    unsigned first, limit;   // implemented INTIDs
    bool sgi_pending_writable;  // GICv3; a GICv2 sets SGI pending through SPENDSGIR only
    uint32_t read(uint32_t offset) const;
    // `mask`: the bits the access covers (byte-granular sub-word writes).
    void write(uint32_t offset, uint32_t value, uint32_t mask);
};

// Splits MMIO accesses of any size into aligned 32-bit word accesses, so a
// register view is two switch statements.
class WordDevice : public MmioDevice {
public:
    uint64_t mmio_read(uint64_t offset, unsigned size, unsigned accessor) final;
    void mmio_write(uint64_t offset, unsigned size, uint64_t value, unsigned accessor) final;

protected:
    virtual uint32_t read_word(unsigned cpu, uint32_t offset) = 0;
    // `mask`: the bits of the word the access writes.
    virtual void write_word(unsigned cpu, uint32_t offset, uint32_t value, uint32_t mask) = 0;
    // Called once after each write access (to update outputs).
    virtual void written() {}
};

// The register views (gicv2.cpp, gicv3.cpp) and the GICv3 CPU interface.
std::unique_ptr<MmioDevice> make_v2_distributor(GicCore& core);
std::unique_ptr<MmioDevice> make_v2_cpu_interface(GicCore& core);
std::unique_ptr<MmioDevice> make_v3_distributor(GicCore& core);
std::unique_ptr<MmioDevice> make_v3_redistributors(GicCore& core);
bool icc_read(GicCore& core, unsigned cpu, uint32_t encoding, uint64_t& value);
bool icc_write(GicCore& core, unsigned cpu, uint32_t encoding, uint64_t value);
// QEMU virt's MPIDR affinity for a CPU index (see Gic::mpidr_affinity).
uint64_t virt_affinity(GicVersion version, unsigned cpu);

}  // namespace irqsim::gic
