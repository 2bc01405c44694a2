// WFI and WFE at EL0 (Arm ARM C6.2 WFI/WFE pseudocode, AArch64.CheckForWFxTrap,
// D13.2.113 SCTLR_EL1.nTWI/nTWE): with nTWI = 0 a WFI that would wait traps
// to EL1 (EC 0x01, ISS CV = 1, COND = 0b1110, TI = 0; ELR_EL1 = the WFI); a
// WFI with an interrupt already pending, masked or not, completes without
// trapping (the trap is checked only if !InterruptPending()); with nTWI = 1 it
// sleeps until the interrupt. A WFE after SEVL finds the event register set
// and neither waits nor traps, whatever nTWE says. (A WFE that would wait with
// nTWE = 0 traps too, but QEMU 7.2 never traps WFE: that case is the
// irqsim-only image wfe_trap.)
#include "timer.h"

#define SGI 3
enum { SYS_EXIT = 0, SYS_ARM = 1 };  // svc #1: make x0 pending (below)
enum { ARM_SGI = 1, ARM_TIMER = 2 };

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    unsigned ec = esr >> 26;
    extern char wfi_trapped[];
    if (ec != 0x15) {  // a trap: report it and end the task
        rt_printf("  vector %x: EC %x ISS %x ELR is %s\n", kind * 0x80, ec, (unsigned)esr & 0x1ffffff,
                  f->elr == (u64)wfi_trapped ? "the WFI" : "elsewhere");
        rt_el0_exit(f, 0x100 + ec);
        return;
    }
    switch (esr & 0xffff) {
        case SYS_EXIT: rt_el0_exit(f, f->x[0]); break;
        case SYS_ARM:
            if (f->x[0] == ARM_SGI)
                gic_send_sgi(SGI, 1);
            else
                timer_start_tval(TIMER_PPI_VIRT, 50);
            break;
    }
}

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    extern char after_unmask[];
    if (gic_intid(iar) == TIMER_PPI_VIRT) timer_stop(TIMER_PPI_VIRT);
    rt_printf("  irq at vector %x: INTID %u, ELR is %s\n", kind * 0x80, gic_intid(iar),
              f->elr == (u64)after_unmask ? "after the unmasking MSR" : "elsewhere");
    gic_eoi(iar);
}

// WFI with nothing pending: traps when nTWI = 0.
__attribute__((noinline, noclone)) static void task_wfi_idle(u64 arg) {
    __asm__ volatile(".global wfi_trapped\nwfi_trapped: wfi" ::: "memory");
    register u64 x0 __asm__("x0") = arg;
    __asm__ volatile("svc #0" : "+r"(x0)::"memory");
}

// Mask IRQs (SCTLR_EL1.UMA = 1 allows it at EL0), have EL1 make an SGI or the
// timer pending, WFI, then unmask: the IRQ is taken after the unmasking MSR.
// noclone: its asm defines a global label, which must exist once.
__attribute__((noinline, noclone)) static void task_wfi_pending(u64 how) {
    register u64 x0 __asm__("x0") = how;
    __asm__ volatile("msr daifset, #2\nsvc #1\nwfi\nmsr daifclr, #2\n"
                     ".global after_unmask\nafter_unmask: msr daifset, #2\nsvc #0"
                     : "+r"(x0)::"memory");
}

// SEVL sets the event register: the WFE clears it and goes on.
static void task_sevl_wfe(u64 arg) {
    __asm__ volatile("sevl\nwfe" ::: "memory");
    register u64 x0 __asm__("x0") = arg;
    __asm__ volatile("svc #0" : "+r"(x0)::"memory");
}

static u64 stack[512] __attribute__((aligned(16)));

static void run(const char* what, void (*task)(u64), u64 arg) {
    rt_printf("%s\n", what);
    u64 status = rt_run_el0(task, &stack[512], arg);
    rt_printf("  status %lx\n", status);
}

static void set_sctlr(u64 set, u64 clear) {
    write_sysreg(sctlr_el1, (read_sysreg(sctlr_el1) | set) & ~clear);
    isb();
}

void main(void) {
    const u64 uma = 1ul << 9, ntwi = 1ul << 16, ntwe = 1ul << 18;
    rt_sync_handler = on_sync;
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(SGI, 0x80);
    gic_enable(TIMER_PPI_VIRT, 0x80);

    set_sctlr(uma, ntwi | ntwe);
    run("nTWI = 0, nothing pending: WFI traps", task_wfi_idle, 1);
    run("nTWI = 0, an SGI pending (masked): WFI completes without a trap", task_wfi_pending, ARM_SGI);
    run("nTWE = 0, SEVL first: WFE neither waits nor traps", task_sevl_wfe, 4);
    set_sctlr(ntwi, 0);
    run("nTWI = 1: WFI sleeps until the virtual timer fires", task_wfi_pending, ARM_TIMER);
    rt_printf("done\n");
}
