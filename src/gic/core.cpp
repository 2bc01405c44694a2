// The shared GIC state machine (see core.hpp).
#include "gic/core.hpp"

#include <algorithm>
#include <bit>

namespace irqsim::gic {

namespace {
uint32_t bit(unsigned id) { return uint32_t{1} << (id % 32); }
}  // namespace

GicCore::GicCore(unsigned num_cpus, unsigned num_irqs, unsigned priority_bits)
    : num_cpus_(num_cpus),
      num_irqs_(num_irqs),
      priority_mask_(static_cast<uint8_t>(0xff00u >> priority_bits)),
      banked_(num_cpus),
      shared_(num_irqs / 32),
      banked_priority_(num_cpus),
      priority_(num_irqs),
      targets_(num_irqs),
      sgi_sources_(num_cpus),
      cpus_(num_cpus) {
    // With N priority bits the smallest useful binary point leaves N-1 bits
    // of group priority; the Group 1 (ABPR/BPR1) value is one more (IHI 0048B
    // 3.3.3 and Table 3-2; IHI 0069 4.8.5).
    min_bpr_[0] = static_cast<uint8_t>(priority_bits >= 7 ? 0 : 7 - priority_bits);
    min_bpr_[1] = static_cast<uint8_t>(min_bpr_[0] + 1);
    for (unsigned c = 0; c < num_cpus; ++c) {
        banked_[c].edge = 0xffff;  // SGIs are always edge-triggered (IHI 0048B 4.3.13)
        banked_priority_[c].fill(0);
        sgi_sources_[c].fill(0);
        cpus_[c].bpr = min_bpr_;
    }
}

void GicCore::set_sgi_sources(unsigned cpu, unsigned sgi, uint8_t sources) {
    sgi_sources_[cpu][sgi] = sources;
    Words& w = banked_[cpu];
    w.latch = sources ? (w.latch | bit(sgi)) : (w.latch & ~bit(sgi));
}

void GicCore::set_pending(unsigned cpu, unsigned word, uint32_t mask, unsigned source) {
    if (word == 0) {
        for (uint32_t sgis = mask & 0xffff; sgis; sgis &= sgis - 1) {
            unsigned sgi = static_cast<unsigned>(std::countr_zero(sgis));
            set_sgi_sources(cpu, sgi, static_cast<uint8_t>(sgi_sources_[cpu][sgi] | 1u << (source % 8)));
        }
        mask &= ~0xffffu;
    }
    words(cpu, word).latch |= mask;
}

void GicCore::clear_pending(unsigned cpu, unsigned word, uint32_t mask) {
    if (word == 0)
        for (uint32_t sgis = mask & 0xffff; sgis; sgis &= sgis - 1) set_sgi_sources(cpu, std::countr_zero(sgis), 0);
    words(cpu, word).latch &= ~mask;
}

namespace {
// A change of an input wire: a level-sensitive interrupt is pending while the
// wire is high; an edge-triggered one latches pending on the rising edge
// (IHI 0048B 3.2.4, IHI 0069 4.1.1). Returns whether anything changed.
bool drive(Words& w, unsigned id, bool level) {
    uint32_t b = bit(id);
    if (((w.level & b) != 0) == level) return false;
    if (level) {
        w.level |= b;
        if (w.edge & b) w.latch |= b;
    } else {
        w.level &= ~b;
    }
    return true;
}
}  // namespace

void GicCore::set_spi_level(unsigned id, bool level) {
    if (id < intid::kFirstSpi || id >= num_irqs_) return;
    if (drive(shared_[id / 32], id, level)) update();
}

void GicCore::set_ppi_level(unsigned cpu, unsigned id, bool level) {
    if (cpu >= num_cpus_ || id < intid::kFirstPpi || id >= intid::kFirstSpi) return;
    if (drive(banked_[cpu], id, level)) update();
}

void GicCore::send_sgi(unsigned source, uint32_t targets, unsigned sgi) {
    for (unsigned t = 0; t < num_cpus_; ++t)
        if (targets >> t & 1) set_pending(t, 0, bit(sgi % 16), source);
    update();
}

uint8_t GicCore::group_priority_mask(unsigned cpu, unsigned group) const {
    const CpuInterfaceState& c = cpus_[cpu];
    // Group 0 (and Group 1 with CBPR): field [7:BPR+1]; Group 1 with its own
    // binary point: [7:BPR1] (IHI 0048B Table 3-2, IHI 0069 4.8.5).
    unsigned shift = (group == 0 || c.cbpr) ? c.bpr[0] + 1u : c.bpr[1];
    return shift >= 8 ? 0 : static_cast<uint8_t>(0xffu << shift);
}

uint8_t GicCore::running_priority(unsigned cpu) const {
    const auto& apr = cpus_[cpu].active_priorities;
    for (unsigned i = 0; i < apr.size(); ++i)
        if (apr[i]) return static_cast<uint8_t>(i * 64 + std::countr_zero(apr[i]));
    return 0xff;
}

unsigned GicCore::sgi_source(unsigned cpu, unsigned sgi) const {
    uint8_t s = sgi_sources_[cpu][sgi % 16];
    return s ? static_cast<unsigned>(std::countr_zero(s)) : 0;
}

bool GicCore::can_signal(unsigned cpu, unsigned id) const {
    if (id >= num_irqs_) return false;
    const CpuInterfaceState& c = cpus_[cpu];
    unsigned g = group1(cpu, id);
    uint8_t p = priority(cpu, id);
    if (!c.group_enabled[g] || !dist_group_enabled[g] || p >= c.pmr) return false;
    // Preemption compares group priorities only (IHI 0048B 3.3.3); with
    // nothing running any unmasked interrupt is signalled.
    uint8_t running = running_priority(cpu);
    uint8_t m = group_priority_mask(cpu, g);
    return running == 0xff || (p & m) < (running & m);
}

unsigned GicCore::compute_hppi(unsigned cpu) const {
    const CpuInterfaceState& c = cpus_[cpu];
    uint32_t g0 = (c.group_enabled[0] && dist_group_enabled[0]) ? ~0u : 0;
    uint32_t g1 = (c.group_enabled[1] && dist_group_enabled[1]) ? ~0u : 0;
    unsigned best = intid::kSpurious;
    unsigned best_priority = 0x100;
    for (unsigned w = 0; w < shared_.size(); ++w) {
        const Words& s = words(cpu, w);
        uint32_t candidates = pending(cpu, w) & s.enabled & ~s.active & ((s.group1 & g1) | (~s.group1 & g0));
        for (; candidates; candidates &= candidates - 1) {
            unsigned id = w * 32 + static_cast<unsigned>(std::countr_zero(candidates));
            if (w && !(targets_[id] >> cpu & 1)) continue;
            unsigned p = w ? priority_[id] : banked_priority_[cpu][id];
            if (p < best_priority) best = id, best_priority = p;  // ties: lowest INTID
        }
    }
    return best;
}

unsigned GicCore::activate(unsigned cpu, unsigned id) {
    unsigned source = 0;
    if (id < 16) {
        source = sgi_source(cpu, id);
        set_sgi_sources(cpu, id, static_cast<uint8_t>(sgi_sources_[cpu][id] & ~(1u << source)));
    } else {
        words(cpu, id / 32).latch &= ~bit(id);
    }
    words(cpu, id / 32).active |= bit(id);
    // The group priority becomes active (IHI 0048B 3.3.3: preemption
    // levels). QEMU 7.2 virt records it under the binary point in force at
    // acknowledge time, and GICC_RPR/ICC_RPR_EL1 report that value (seen with
    // a probe guest: priority 0x44 under BPR 2 runs at 0x40).
    uint8_t p = priority(cpu, id) & group_priority_mask(cpu, group1(cpu, id));
    cpus_[cpu].active_priorities[p / 64] |= uint64_t{1} << (p % 64);
    update();
    return source;
}

unsigned GicCore::acknowledge(unsigned cpu, unsigned groups, unsigned& source) {
    source = 0;
    unsigned id = cpus_[cpu].hppi;
    if (id == intid::kSpurious || !can_signal(cpu, id) || !(groups >> group1(cpu, id) & 1)) return intid::kSpurious;
    source = activate(cpu, id);
    return id;
}

void GicCore::end_of_interrupt(unsigned cpu, unsigned id) {
    if (id >= 1020) return;
    priority_drop(cpu);
    if (!cpus_[cpu].eoi_mode) deactivate(cpu, id);
}

void GicCore::priority_drop(unsigned cpu) {
    for (auto& a : cpus_[cpu].active_priorities) {
        if (a) {
            a &= a - 1;
            break;
        }
    }
    update();
}

void GicCore::deactivate(unsigned cpu, unsigned id) {
    if (id >= num_irqs_) return;
    words(cpu, id / 32).active &= ~bit(id);
    update();
}

void GicCore::update() {
    uint32_t changed = 0;
    for (unsigned cpu = 0; cpu < num_cpus_; ++cpu) {
        CpuInterfaceState& c = cpus_[cpu];
        c.hppi = compute_hppi(cpu);
        bool irq = false, fiq = false;
        if (c.hppi != intid::kSpurious && can_signal(cpu, c.hppi)) {
            bool as_fiq = !group1(cpu, c.hppi) && c.fiq_en;
            (as_fiq ? fiq : irq) = true;
        }
        if (irq != c.irq || fiq != c.fiq) changed |= 1u << cpu;
        c.irq = irq;
        c.fiq = fiq;
    }
    if (on_change_)
        for (; changed; changed &= changed - 1) on_change_(static_cast<unsigned>(std::countr_zero(changed)));
}

// --- the per-interrupt register block ----------------------------------------

namespace {
enum : uint32_t {
    kIGROUPR = 0x080,
    kISENABLER = 0x100,
    kICENABLER = 0x180,
    kISPENDR = 0x200,
    kICPENDR = 0x280,
    kISACTIVER = 0x300,
    kICACTIVER = 0x380,
    kIPRIORITYR = 0x400,
    kIPRIORITYR_END = 0x800,
    kICFGR = 0xC00,
    kICFGR_END = 0xD00,
};
}  // namespace

// Bits of register word `n` (INTIDs 32n..32n+31) that are implemented here.
static uint32_t implemented_bits(const IrqBlock& b, unsigned n) {
    uint32_t m = 0;
    for (unsigned i = 0; i < 32; ++i) {
        unsigned id = n * 32 + i;
        if (id >= b.first && id < b.limit && id < b.core.num_irqs()) m |= 1u << i;
    }
    return m;
}

uint32_t IrqBlock::read(uint32_t offset) const {
    if (offset >= kIPRIORITYR && offset < kIPRIORITYR_END) {
        unsigned id = offset - kIPRIORITYR;
        uint32_t v = 0, impl = implemented_bits(*this, id / 32);
        for (unsigned i = 0; i < 4; ++i)
            if (impl >> ((id + i) % 32) & 1) v |= uint32_t{core.priority(cpu, id + i)} << (8 * i);
        return v;
    }
    if (offset >= kICFGR && offset < kICFGR_END) {
        // Two bits per interrupt; Int_config[1] set means edge-triggered.
        unsigned id = (offset - kICFGR) * 4;
        uint32_t impl = implemented_bits(*this, id / 32);
        uint32_t edge = core.words(cpu, id / 32).edge & impl;
        uint32_t v = 0;
        for (unsigned i = 0; i < 16; ++i)
            if (edge >> ((id + i) % 32) & 1) v |= 2u << (2 * i);
        return v;
    }
    if (offset < kIGROUPR || offset >= kIPRIORITYR) return 0;
    unsigned n = (offset % 0x80) / 4;
    uint32_t impl = implemented_bits(*this, n);
    if (!impl) return 0;
    const Words& w = core.words(cpu, n);
    switch (offset & ~0x7fu) {
    case kIGROUPR: return w.group1 & impl;
    case kISENABLER:
    case kICENABLER: return w.enabled & impl;
    case kISPENDR:
    case kICPENDR: return core.pending(cpu, n) & impl;
    case kISACTIVER:
    case kICACTIVER: return w.active & impl;
    }
    return 0;
}

void IrqBlock::write(uint32_t offset, uint32_t value, uint32_t mask) {
    if (offset >= kIPRIORITYR && offset < kIPRIORITYR_END) {
        unsigned id = offset - kIPRIORITYR;
        uint32_t impl = implemented_bits(*this, id / 32);
        for (unsigned i = 0; i < 4; ++i)
            if ((mask >> (8 * i) & 0xff) && (impl >> ((id + i) % 32) & 1))
                core.priority(cpu, id + i) = static_cast<uint8_t>(value >> (8 * i));
        return;
    }
    if (offset >= kICFGR && offset < kICFGR_END) {
        unsigned id = (offset - kICFGR) * 4;
        uint32_t impl = implemented_bits(*this, id / 32);
        if (id < 16) impl &= ~0xffffu;  // SGIs are always edge-triggered: read-only (IHI 0048B 4.3.13)
        Words& w = core.words(cpu, id / 32);
        for (unsigned i = 0; i < 16; ++i) {
            uint32_t b = 1u << ((id + i) % 32);
            if (!(impl & b) || !(mask >> (2 * i + 1) & 1)) continue;
            w.edge = (value >> (2 * i + 1) & 1) ? (w.edge | b) : (w.edge & ~b);
        }
        return;
    }
    if (offset < kIGROUPR || offset >= kIPRIORITYR) return;
    unsigned n = (offset % 0x80) / 4;
    uint32_t bits = value & mask & implemented_bits(*this, n);
    Words& w = core.words(cpu, n);
    uint32_t pend_bits = (n == 0 && !sgi_pending_writable) ? bits & ~0xffffu : bits;
    switch (offset & ~0x7fu) {
    case kIGROUPR: {
        uint32_t m = mask & implemented_bits(*this, n);
        w.group1 = (w.group1 & ~m) | (value & m);
        break;
    }
    case kISENABLER: w.enabled |= bits; break;
    case kICENABLER: w.enabled &= ~bits; break;
    case kISPENDR: core.set_pending(cpu, n, pend_bits); break;
    case kICPENDR: core.clear_pending(cpu, n, pend_bits); break;
    case kISACTIVER: w.active |= bits; break;
    case kICACTIVER: w.active &= ~bits; break;
    }
}

// --- MMIO word splitting ---------------------------------------------------

uint64_t WordDevice::mmio_read(uint64_t offset, unsigned size, unsigned accessor) {
    uint64_t out = 0;
    for (uint64_t w = offset & ~uint64_t{3}; w < offset + size; w += 4) {
        uint64_t v = read_word(accessor, static_cast<uint32_t>(w));
        out |= w >= offset ? v << (8 * (w - offset)) : v >> (8 * (offset - w));
    }
    return size >= 8 ? out : out & ((uint64_t{1} << (8 * size)) - 1);
}

void WordDevice::mmio_write(uint64_t offset, unsigned size, uint64_t value, unsigned accessor) {
    uint64_t size_mask = size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
    value &= size_mask;
    for (uint64_t w = offset & ~uint64_t{3}; w < offset + size; w += 4) {
        uint64_t v, m;
        if (w >= offset) {
            v = value >> (8 * (w - offset));
            m = size_mask >> (8 * (w - offset));
        } else {
            v = value << (8 * (offset - w));
            m = size_mask << (8 * (offset - w));
        }
        if (static_cast<uint32_t>(m)) write_word(accessor, static_cast<uint32_t>(w), static_cast<uint32_t>(v), static_cast<uint32_t>(m));
    }
    written();
}

}  // namespace irqsim::gic
