// A timer interrupt that lands in the middle of running code, not in a WFI:
// the instruction it interrupts (ELR_EL1, in the trace) and the loop count
// depend on the clock advancing exactly one nanosecond per instruction, as
// QEMU's -icount shift=0 does (16 instructions per tick at 62.5 MHz). This is
// the one image whose interrupt timing is the point of the test.
#include "timer.h"

void main(void) {
    rt_irq_handler = timer_on_irq;
    gic_init_dist();
    gic_init_cpu();
    for (int t = 0; t < 2; t++) {
        gic_enable(timers[t].ppi, 0x80);
        for (u64 ticks = 7; ticks < 700; ticks = ticks * 3 + 1) {
            u64 spins = 0;
            timer_last_intid = 0;
            timer_start_tval(timers[t].ppi, ticks);
            irq_unmask();
            while (!timer_last_intid) spins++;
            irq_mask();
            rt_printf("%s timer, TVAL %lu: INTID %u after %lu spins\n", timers[t].name, ticks, timer_last_intid, spins);
        }
    }
    rt_printf("done\n");
}
