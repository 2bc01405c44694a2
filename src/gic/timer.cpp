// The generic timer (Arm ARM D11.2): a timer condition is met when
// CNTxCT - CVAL >= 0 (as an unsigned 64-bit comparison CNTxCT >= CVAL);
// ISTATUS reports it while the timer is enabled, and the interrupt output is
// ENABLE && ISTATUS && !IMASK, a level.
#include "irqsim/timer.hpp"

#include <algorithm>
#include <utility>

namespace irqsim {

GenericTimer::GenericTimer(unsigned num_cpus, PpiOutput output) : cpus_(num_cpus), output_(std::move(output)) {}

bool GenericTimer::istatus(const Channel& ch) const { return cnt::condition_met(*ch.ctl, *ch.cval, counter_); }

void GenericTimer::bind(unsigned cpu, const Storage& st) {
    PerCpu& p = cpus_[cpu];
    p.phys.ctl = st.phys_ctl;
    p.phys.cval = st.phys_cval;
    p.virt.ctl = st.virt_ctl;
    p.virt.cval = st.virt_cval;
    refresh(cpu);
}

void GenericTimer::refresh(unsigned cpu) {
    PerCpu& p = cpus_[cpu];
    for (auto [ch, ppi] : {std::pair{&p.phys, kPhysPpi}, std::pair{&p.virt, kVirtPpi}}) {
        bool level = cnt::output(*ch->ctl, *ch->cval, counter_);
        if (level == ch->output) continue;
        ch->output = level;
        if (output_) output_(cpu, ppi, level);
    }
}

void GenericTimer::set_counter(uint64_t ticks) {
    counter_ = std::max(counter_, ticks);
    for (unsigned c = 0; c < cpus_.size(); ++c) refresh(c);
}

GenericTimer::Channel* GenericTimer::channel(unsigned cpu, uint32_t encoding) {
    return const_cast<Channel*>(std::as_const(*this).channel(cpu, encoding));
}

const GenericTimer::Channel* GenericTimer::channel(unsigned cpu, uint32_t encoding) const {
    switch (encoding) {
    case cnt::P_TVAL_EL0:
    case cnt::P_CTL_EL0:
    case cnt::P_CVAL_EL0: return &cpus_[cpu].phys;
    case cnt::V_TVAL_EL0:
    case cnt::V_CTL_EL0:
    case cnt::V_CVAL_EL0: return &cpus_[cpu].virt;
    }
    return nullptr;
}

bool GenericTimer::read(unsigned cpu, uint32_t encoding, uint64_t& value) const {
    if (cpu >= cpus_.size()) return false;
    switch (encoding) {
    case cnt::FRQ_EL0: value = virt_map::kCntFrqHz; return true;
    case cnt::PCT_EL0:
    case cnt::VCT_EL0: value = counter_; return true;  // CNTVOFF_EL2 = 0
    case cnt::KCTL_EL1: value = cpus_[cpu].cntkctl; return true;
    }
    const Channel* ch = channel(cpu, encoding);
    if (!ch) return false;
    switch (encoding & 7) {  // op2: 0 TVAL, 1 CTL, 2 CVAL
    case 0:
        value = cnt::timer_value(*ch->cval, counter_);
        return true;
    case 1: value = *ch->ctl | (istatus(*ch) ? cnt::CTL_ISTATUS : 0); return true;
    default: value = *ch->cval; return true;
    }
}

bool GenericTimer::write(unsigned cpu, uint32_t encoding, uint64_t value) {
    if (cpu >= cpus_.size()) return false;
    if (encoding == cnt::KCTL_EL1) {
        cpus_[cpu].cntkctl = value & 0x3ff;  // EL0PCTEN .. EL0PTEN, EVNT*
        return true;
    }
    Channel* ch = channel(cpu, encoding);
    if (!ch) return false;  // CNTFRQ is writable only at the highest EL; CNTxCT are read-only
    switch (encoding & 7) {
    case 0: *ch->cval = cnt::cval_from_timer_value(value, counter_); break;
    case 1: *ch->ctl = value & (cnt::CTL_ENABLE | cnt::CTL_IMASK); break;
    default: *ch->cval = value; break;
    }
    refresh(cpu);
    return true;
}

std::optional<uint64_t> GenericTimer::next_deadline(unsigned cpu) const {
    std::optional<uint64_t> best;
    for (const Channel* ch : {&cpus_[cpu].phys, &cpus_[cpu].virt}) {
        if ((*ch->ctl & (cnt::CTL_ENABLE | cnt::CTL_IMASK)) != cnt::CTL_ENABLE || istatus(*ch)) continue;
        if (!best || *ch->cval < *best) best = *ch->cval;
    }
    return best;
}

std::optional<uint64_t> GenericTimer::next_deadline() const {
    std::optional<uint64_t> best;
    for (unsigned c = 0; c < cpus_.size(); ++c) {
        auto d = next_deadline(c);
        if (d && (!best || *d < *best)) best = d;
    }
    return best;
}

bool GenericTimer::output(unsigned cpu, unsigned ppi) const {
    const PerCpu& p = cpus_[cpu];
    return ppi == kPhysPpi ? p.phys.output : ppi == kVirtPpi && p.virt.output;
}

}  // namespace irqsim
