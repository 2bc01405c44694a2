// The EL1 physical and virtual timers (Arm ARM D11.2.4 "Timers"): CTL bit 0
// ENABLE, bit 1 IMASK, bit 2 ISTATUS; the interrupt is level-sensitive, so a
// handler turns the timer off before its EOI.
#pragma once
#include "rt.h"

struct timer {
    const char* name;
    u32 ppi;
};
static const struct timer timers[2] = {{"physical", TIMER_PPI_PHYS}, {"virtual", TIMER_PPI_VIRT}};

static inline void timer_start_tval(u32 ppi, u64 ticks) {
    if (ppi == TIMER_PPI_PHYS) {
        write_sysreg(cntp_tval_el0, ticks);
        write_sysreg(cntp_ctl_el0, 1);
    } else {
        write_sysreg(cntv_tval_el0, ticks);
        write_sysreg(cntv_ctl_el0, 1);
    }
    isb();
}
static inline void timer_start_cval(u32 ppi, u64 ticks) {
    if (ppi == TIMER_PPI_PHYS) {
        write_sysreg(cntp_cval_el0, read_sysreg(cntpct_el0) + ticks);
        write_sysreg(cntp_ctl_el0, 1);
    } else {
        write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + ticks);
        write_sysreg(cntv_ctl_el0, 1);
    }
    isb();
}
static inline u64 timer_ctl(u32 ppi) { return ppi == TIMER_PPI_PHYS ? read_sysreg(cntp_ctl_el0) : read_sysreg(cntv_ctl_el0); }
static inline void timer_stop(u32 ppi) {
    if (ppi == TIMER_PPI_PHYS)
        write_sysreg(cntp_ctl_el0, 0);
    else
        write_sysreg(cntv_ctl_el0, 0);
    isb();
}
