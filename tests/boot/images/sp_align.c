// SP alignment checking (Arm ARM D1.8.2 "SP alignment checking"): with
// SCTLR_EL1.SA = 1, a load or store at EL1 whose base register is SP, when SP
// is not a multiple of 16, takes an SP alignment fault: EC 0x26, IL 1, ISS 0
// (ESR_EL1 0x9a000000), ELR_EL1 = the faulting instruction, the access not
// made. SCTLR_EL1.SA0 does the same for EL0. Moving SP to an unaligned value
// is not itself a fault, nor is an access at an unaligned offset from an
// aligned SP. QEMU does not check SP alignment, so this image runs on irqsim
// only and its expectations come from the Arm ARM (tests/boot/CMakeLists.txt);
// on QEMU it would print FAIL.
// The checks at EL1 run at EL1t (SPSel = 0) on an unaligned SP_EL0, so the
// fault is taken on SP_EL1, which stays aligned (at EL1h the vector's own
// pushes would fault again).
#include "rt.h"

static volatile u32 faults;
static volatile u64 last_esr, last_elr;
static u64 stack[2][512] __attribute__((aligned(16)));

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    if ((esr >> 26) == 0x15) {  // the EL0 task's exit
        rt_el0_exit(f, f->x[0]);
        return;
    }
    faults++;
    last_esr = esr;
    last_elr = f->elr;
    rt_printf("  fault at vector %x: ESR %lx\n", kind * 0x80, esr);
    if (kind >= RT_LOWER_A64) {  // from EL0: end the task
        rt_el0_exit(f, 0x100 + (esr >> 26));
        return;
    }
    f->elr += 4;
}

extern char el1_ldr[], el1_str[], el1_ok[], el0_ldr[];

// ldr from [sp] and str to [sp, #8] at EL1t with SP_EL0 = 16n + 8, then an
// 8-byte access at an aligned SP + 8, which must not fault.
static void el1_accesses(void) {
    __asm__ volatile(
        "msr spsel, #0\n"
        ".global el1_ldr, el1_str, el1_ok\n"
        "el1_ldr: ldr x2, [sp]\n"
        "el1_str: str x2, [sp, #8]\n"
        "sub sp, sp, #8\n"
        "el1_ok: ldr x2, [sp, #8]\n"
        "add sp, sp, #8\n"
        "msr spsel, #1\n" ::: "x2", "memory");
}

static void el0_task(u64 arg) {
    __asm__ volatile(
        "mov x2, sp\n"
        "sub sp, sp, #8\n"
        ".global el0_ldr\n"
        "el0_ldr: ldr x3, [sp]\n"
        "mov sp, x2\n"
        "mov x0, %0\n"
        "svc #0\n" ::"r"(arg) : "x0", "x2", "x3", "memory");
}

static void check(const char* what, u32 want_faults, u64 want_elr) {
    u32 got = faults;
    faults = 0;
    if (got != want_faults || (want_faults && (last_esr != 0x9a000000ul || last_elr != want_elr)))
        rt_printf("FAIL: %s: %u faults, last ESR %lx ELR %lx\n", what, got, last_esr, last_elr);
    else
        rt_printf("%s: %u SP alignment fault%s as the Arm ARM says\n", what, got, got == 1 ? "" : "s");
}

void main(void) {
    rt_sync_handler = on_sync;
    u64 sctlr = read_sysreg(sctlr_el1);
    write_sysreg(sp_el0, &stack[1][511]);  // 16n + 8
    write_sysreg(sctlr_el1, sctlr | 1 << 3);  // SA
    isb();
    rt_printf("EL1t, SA = 1, SP_EL0 = 16n + 8: ldr [sp] and str [sp, #8]\n");
    el1_accesses();
    check("EL1 with SA = 1", 2, (u64)el1_str);
    write_sysreg(sp_el0, &stack[1][511]);
    write_sysreg(sctlr_el1, sctlr & ~(1ul << 3));
    isb();
    rt_printf("EL1t, SA = 0: the same accesses\n");
    el1_accesses();
    check("EL1 with SA = 0", 0, 0);

    write_sysreg(sctlr_el1, sctlr | 1 << 4);  // SA0
    isb();
    rt_printf("EL0, SA0 = 1, SP = 16n + 8: ldr [sp]\n");
    rt_run_el0(el0_task, &stack[0][512], 1);
    check("EL0 with SA0 = 1", 1, (u64)el0_ldr);
    write_sysreg(sctlr_el1, sctlr & ~(1ul << 4));
    isb();
    rt_printf("EL0, SA0 = 0: the same access\n");
    rt_run_el0(el0_task, &stack[0][512], 2);
    check("EL0 with SA0 = 0", 0, 0);
    write_sysreg(sctlr_el1, sctlr);
    rt_printf("done\n");
}
