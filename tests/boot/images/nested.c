// Nested IRQs: the handler of a low-priority interrupt re-enables IRQs
// (PSTATE.I = 0); an interrupt of higher priority then preempts it, and one
// of lower priority waits until the running one is EOIed (GICv2 IHI 0048B
// 3.3 "Interrupt prioritization", GICv3 IHI 0069 4.8 "Preemption"). Three
// levels: SGI 1 (0xa0) -> SGI 2 (0x60) -> the physical timer (0x20); SGI 3
// (0xc0) pended on the way is taken last.
#include "timer.h"

static int depth, max_depth, taken;

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    u32 intid = gic_intid(iar);
    depth++;
    if (depth > max_depth) max_depth = depth;
    rt_printf("enter INTID %u: depth %d, running priority %x, from %s, SPSR %lx\n", intid, depth,
              gic_running_priority(), f->elr == (u64)rt_wait_irq_resume ? "rt_wait_irq" : "elsewhere", f->spsr);
    (void)kind;
    if (intid == 1) {
        gic_send_sgi(3, 1);  // lower than the running priority: must wait
        gic_send_sgi(2, 1);  // higher: preempts once IRQs are unmasked
        rt_wait_irq();       // re-enables IRQs in the handler
        rt_printf("  SGI 1 handler resumes at depth %d\n", depth);
    } else if (intid == 2) {
        timer_start_tval(TIMER_PPI_PHYS, 50);
        rt_wait_irq();
        rt_printf("  SGI 2 handler resumes at depth %d\n", depth);
    } else if (intid == TIMER_PPI_PHYS) {
        timer_stop(TIMER_PPI_PHYS);
    }
    rt_printf("leave INTID %u\n", intid);
    depth--;
    taken++;
    gic_eoi(iar);
}

void main(void) {
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(1, 0xa0);
    gic_enable(2, 0x60);
    gic_enable(3, 0xc0);
    gic_enable(TIMER_PPI_PHYS, 0x20);
    gic_send_sgi(1, 1);
    while (taken < 4) rt_wait_irq();  // SGI 3 is taken at the same resume point, after SGI 1 returns
    rt_printf("deepest nesting %d\n", max_depth);
    rt_printf("done\n");
}
