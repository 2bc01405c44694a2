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

// An IRQ handler for images that only take timer interrupts: it records the
// INTID and the timer's CTL as the interrupt found it, turns the timer off and
// EOIs.
static volatile u32 timer_last_intid;
static volatile u64 timer_last_ctl;
static inline void timer_on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    timer_last_intid = gic_intid(iar);
    timer_last_ctl = timer_ctl(timer_last_intid);
    timer_stop(timer_last_intid);
    gic_eoi(iar);
    (void)kind, (void)f;
}
