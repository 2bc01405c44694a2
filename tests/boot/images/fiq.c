// FIQs through the GIC (tests/boot/README.md, "FIQ and SError"): a Group 0
// interrupt is signalled as FIQ and taken at VBAR_EL1 + 0x100 from the
// current EL with SP_EL0, + 0x300 with SP_ELx, + 0x500 from EL0 (Arm ARM
// D1.10.2). PSTATE.F masks it and PSTATE.I does not; WFI wakes on it masked;
// an IRQ handler that unmasks F is preempted by a higher-priority FIQ; an
// FIQ pending when ERET drops to EL0 is taken at the task's first instruction.
#include "rt.h"

#define FIQ_SPI 40  // Group 0, priority 0x40
#define IRQ_SPI 41  // Group 1, priority 0x80

static volatile u32 fiqs, irqs;
extern char after_f_unmask[], in_irq_handler_after_f_unmask[], after_wfi_f[], el1t_after_f_unmask[];

static const char* where(u64 elr) {
    extern char el0_task_start[];
    return elr == (u64)after_f_unmask                  ? "after the MSR that unmasked F"
           : elr == (u64)in_irq_handler_after_f_unmask ? "in the IRQ handler, after it unmasked F"
           : elr == (u64)after_wfi_f                   ? "after the WFI's MSR that unmasked F"
           : elr == (u64)el1t_after_f_unmask           ? "after the MSR that unmasked F on SP_EL0"
           : elr == (u64)el0_task_start                ? "the EL0 task's first instruction"
                                                       : "elsewhere";
}

static void on_fiq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack_group0();
    fiqs++;
    rt_printf("  FIQ at vector %x: INTID %u, SPSR %lx, ELR %s\n", kind * 0x80, gic_intid(iar), f->spsr,
              where(f->elr));
    gic_eoi_group0(iar);
}

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    irqs++;
    rt_printf("  IRQ at vector %x: INTID %u, running priority %x\n", kind * 0x80, gic_intid(iar),
              gic_running_priority());
    // A higher-priority Group 0 interrupt preempts this handler once F is clear.
    gic_set_pending(FIQ_SPI);
    __asm__ volatile("msr daifclr, #1\n.global in_irq_handler_after_f_unmask\n"
                     "in_irq_handler_after_f_unmask: msr daifset, #1" ::: "memory");
    rt_printf("  IRQ handler resumes: %u FIQ(s) so far\n", fiqs);
    gic_eoi(iar);
    (void)f;
}

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    rt_el0_exit(f, f->x[0]);  // svc #0 from the EL0 task
    (void)kind, (void)esr;
}

__attribute__((noinline, noclone)) static void el0_task(u64 arg) {
    register u64 x0 __asm__("x0") = arg;
    __asm__ volatile(".global el0_task_start\nel0_task_start: nop\nsvc #0" : "+r"(x0)::"memory");
}

static u64 stack[512] __attribute__((aligned(16)));

void main(void) {
    rt_fiq_handler = on_fiq;
    rt_irq_handler = on_irq;
    rt_sync_handler = on_sync;
    gic_init_dist();
    gic_init_cpu();
    gic_init_fiq();
    gic_enable(FIQ_SPI, 0x40);
    gic_set_group(FIQ_SPI, 0);
    gic_enable(IRQ_SPI, 0x80);
    gic_set_group(IRQ_SPI, 1);

    rt_printf("a Group 0 interrupt pending with F masked and I clear is not taken\n");
    __asm__ volatile("msr daifclr, #2" ::: "memory");
    gic_set_pending(FIQ_SPI);
    for (int i = 0; i < 100; i++) barrier();
    rt_printf("  %u FIQ(s) taken while F is masked\n", fiqs);
    __asm__ volatile("msr daifclr, #1\n.global after_f_unmask\nafter_f_unmask: msr daifset, #3" ::: "memory");
    rt_printf("  %u FIQ(s) after unmasking F\n", fiqs);

    rt_printf("WFI with F masked wakes on a pending FIQ\n");
    gic_set_pending(FIQ_SPI);
    __asm__ volatile("msr daifset, #1\nwfi\nmsr daifclr, #1\n.global after_wfi_f\nafter_wfi_f: msr daifset, #1" ::: "memory");

    rt_printf("an IRQ handler that unmasks F is preempted by a higher-priority FIQ\n");
    gic_set_pending(IRQ_SPI);
    __asm__ volatile("msr daifclr, #2\nnop\nmsr daifset, #2" ::: "memory");
    rt_printf("  %u IRQ(s), %u FIQ(s)\n", irqs, fiqs);

    rt_printf("FIQ from EL1t (SPSel = 0)\n");
    write_sysreg(sp_el0, &stack[512]);
    gic_set_pending(FIQ_SPI);
    __asm__ volatile("msr spsel, #0\nmsr daifclr, #1\n.global el1t_after_f_unmask\n"
                     "el1t_after_f_unmask: msr daifset, #1\nmsr spsel, #1" ::: "memory");

    rt_printf("a FIQ pending at ERET to EL0 is taken at the task's first instruction\n");
    gic_set_pending(FIQ_SPI);
    u64 status = rt_run_el0(el0_task, &stack[512], 7);
    rt_printf("  task status %lx, %u FIQ(s) in all\n", status, fiqs);
    rt_printf("done\n");
}
