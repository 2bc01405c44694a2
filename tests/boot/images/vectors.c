// VBAR_EL1 offsets (Arm ARM D1.10.2, table D1-7): a synchronous exception and
// an IRQ taken from EL1 with SP_EL0 (EL1t: +0x000/+0x080), from EL1 with
// SP_EL1 (EL1h: +0x200/+0x280) and from EL0 (+0x400/+0x480); the handler
// always runs on SP_EL1 and the SPSR_EL1 it sees names the interrupted mode.
#include "rt.h"

#define SGI 5

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    rt_printf("  sync at %x: EC %x SPSR %lx SPSel %lu\n", kind * 0x80, (unsigned)(esr >> 26), f->spsr,
              read_sysreg(spsel));
    if ((esr >> 26) != 0x15)
        f->elr += 4;  // past the BRK
    else if ((esr & 0xffff) == 1)
        gic_send_sgi(SGI, 1);  // for the EL0 task, which cannot reach ICC_SGI1R_EL1
    else
        rt_el0_exit(f, f->x[0]);
}

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    rt_printf("  irq at %x: INTID %u SPSR %lx ELR is %s\n", kind * 0x80, gic_intid(iar), f->spsr,
              f->elr == (u64)rt_wait_irq_resume ? "rt_wait_irq_resume" : "elsewhere");
    gic_eoi(iar);
}

// SCTLR_EL1.UMA = 1 lets EL0 mask IRQs, so it too can use rt_wait_irq.
static void el0_task(u64 arg) {
    __asm__ volatile("msr daifset, #2; svc #1" ::: "memory");
    rt_wait_irq();
    __asm__ volatile("svc #0" ::: "memory");
    (void)arg;
}

static u64 stack[2][512] __attribute__((aligned(16)));

void main(void) {
    rt_sync_handler = on_sync;
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(SGI, 0x80);
    // The GIC field [27:24]: 1 when the GICv3 system-register interface is there.
    rt_printf("ID_AA64PFR0_EL1.GIC = %lu\n", (read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf);
    rt_printf("VBAR_EL1 = rt_vectors: %s\n", read_sysreg(vbar_el1) == (u64)rt_vectors ? "yes" : "no");

    rt_printf("EL1h: brk, then an SGI\n");
    __asm__ volatile("brk #0");
    gic_send_sgi(SGI, 1);
    rt_wait_irq();

    rt_printf("EL1t (SPSel = 0, SP_EL0 = a stack of its own): brk, then an SGI\n");
    write_sysreg(sp_el0, &stack[1][512]);
    __asm__ volatile("msr spsel, #0; brk #1" ::: "memory");
    gic_send_sgi(SGI, 1);
    rt_wait_irq();
    __asm__ volatile("msr spsel, #1" ::: "memory");
    rt_printf("  back on SP_EL1: SPSel %lu\n", read_sysreg(spsel));

    rt_printf("EL0: svc #1 asks for an SGI, which is taken at EL0, then svc #0\n");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1ul << 9);  // UMA
    isb();
    rt_run_el0(el0_task, &stack[0][512], 0);
    rt_printf("done\n");
}
