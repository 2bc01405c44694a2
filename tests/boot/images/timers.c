// Timer interrupts from both EL1 timers through the GIC: TVAL and CVAL
// programming, ISTATUS set when the interrupt arrives, IMASK holding it back.
// Each wait is rt_wait_irq, so the IRQ's ELR does not depend on timing.
#include "timer.h"

void main(void) {
    rt_irq_handler = timer_on_irq;
    gic_init_dist();
    gic_init_cpu();
    rt_printf("CNTFRQ_EL0 %lu\n", read_sysreg(cntfrq_el0));
    for (int t = 0; t < 2; t++) {
        u32 ppi = timers[t].ppi;
        gic_enable(ppi, 0x80);
        for (u64 ticks = 10; ticks <= 1000; ticks *= 10) {
            u64 before = ppi == TIMER_PPI_PHYS ? read_sysreg(cntpct_el0) : read_sysreg(cntvct_el0);
            timer_start_tval(ppi, ticks);
            rt_wait_irq();
            u64 after = ppi == TIMER_PPI_PHYS ? read_sysreg(cntpct_el0) : read_sysreg(cntvct_el0);
            rt_printf("%s timer, TVAL %lu: INTID %u, CTL %lx, counter advanced by at least TVAL: %s\n",
                      timers[t].name, ticks, timer_last_intid, timer_last_ctl, after - before >= ticks ? "yes" : "FAIL");
        }
        timer_start_cval(ppi, 500);
        rt_wait_irq();
        rt_printf("%s timer, CVAL = now + 500: INTID %u, CTL %lx\n", timers[t].name, timer_last_intid, timer_last_ctl);

        // IMASK (CTL = 3): the condition is met (ISTATUS) but no interrupt.
        if (ppi == TIMER_PPI_PHYS) {
            write_sysreg(cntp_tval_el0, 20);
            write_sysreg(cntp_ctl_el0, 3);
        } else {
            write_sysreg(cntv_tval_el0, 20);
            write_sysreg(cntv_ctl_el0, 3);
        }
        isb();
        while (!(timer_ctl(ppi) & 4)) {
        }
        rt_printf("%s timer masked: ISTATUS %lu, IMASK %lu\n", timers[t].name, timer_ctl(ppi) >> 2 & 1,
                  timer_ctl(ppi) >> 1 & 1);
        timer_start_tval(ppi, 0);  // unmasked, already expired: interrupts at once
        rt_wait_irq();
        rt_printf("%s timer unmasked with TVAL 0: INTID %u\n", timers[t].name, timer_last_intid);
    }
    rt_printf("done\n");
}
