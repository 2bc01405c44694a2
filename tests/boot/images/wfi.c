// WFI wake-ups (Arm ARM D1.16.2): WFI with PSTATE.I = 1 wakes when an
// interrupt is pending and falls through without taking it; unmasking then
// takes it at the next instruction. A WFI with IRQs unmasked takes the
// interrupt with ELR_EL1 = the instruction after the WFI. The priority mask
// and the GIC's enable bits decide what counts as pending for the CPU. SEVL
// sets the event register, so the WFE after it does not wait.
#include "timer.h"

static volatile u32 taken;

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    if (gic_intid(iar) == TIMER_PPI_VIRT) timer_stop(TIMER_PPI_VIRT);
    taken++;
    extern char after_wfi[], after_unmask[];
    rt_printf("  IRQ INTID %u, ELR is %s\n", gic_intid(iar),
              f->elr == (u64)rt_wait_irq_resume ? "rt_wait_irq_resume"
              : f->elr == (u64)after_wfi        ? "the instruction after the WFI"
              : f->elr == (u64)after_unmask     ? "the instruction after the unmasking MSR"
                                                : "elsewhere");
    gic_eoi(iar);
    (void)kind;
}

void main(void) {
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(TIMER_PPI_VIRT, 0x80);

    rt_printf("WFI with IRQs masked, woken by the virtual timer\n");
    timer_start_tval(TIMER_PPI_VIRT, 100);
    __asm__ volatile("wfi" ::: "memory");
    rt_printf("  woke: taken %u, ISTATUS %lu\n", taken, timer_ctl(TIMER_PPI_VIRT) >> 2 & 1);
    __asm__ volatile("msr daifclr, #2\n.global after_unmask\nafter_unmask: nop; msr daifset, #2" ::: "memory");
    rt_printf("  after unmasking: taken %u\n", taken);

    rt_printf("WFI with IRQs unmasked\n");
    timer_start_tval(TIMER_PPI_VIRT, 300);
    __asm__ volatile("msr daifclr, #2; wfi\n.global after_wfi\nafter_wfi: msr daifset, #2" ::: "memory");
    rt_printf("  taken %u\n", taken);

    rt_printf("priority mask 0x80 hides a 0x80 interrupt from WFI until lowered; the SGI 1 at 0x40 wakes it\n");
    gic_enable(1, 0x40);
    gic_set_pmr(0x80);
    timer_start_tval(TIMER_PPI_VIRT, 10);
    while (!(timer_ctl(TIMER_PPI_VIRT) & 4)) {
    }
    gic_send_sgi(1, 1);
    rt_wait_irq();  // the SGI
    gic_set_pmr(0xff);
    rt_wait_irq();  // now the timer
    rt_printf("  taken %u\n", taken);

    rt_printf("SEVL then WFE does not wait\n");
    __asm__ volatile("sevl; wfe" ::: "memory");
    rt_printf("  passed\n");
    rt_printf("done\n");
}
