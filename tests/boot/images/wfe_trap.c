// WFE at EL0 that would wait (event register clear) with SCTLR_EL1.nTWE = 0
// traps to EL1 (Arm ARM C6.2 WFE pseudocode, AArch64.CheckForWFxTrap; D13.2.113
// nTWE): EC 0x01, ISS CV = 1, COND = 0b1110, TI = 1 (0x1e00001), ELR_EL1 =
// the WFE. QEMU 7.2 never traps WFE (its helper only yields), so this image
// runs on irqsim alone with the expectation written from the Arm ARM.
#include "rt.h"

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    extern char wfe_insn[];
    rt_printf("  vector %x: EC %x ISS %x ELR is %s\n", kind * 0x80, (unsigned)(esr >> 26),
              (unsigned)esr & 0x1ffffff, f->elr == (u64)wfe_insn ? "the WFE" : "elsewhere");
    rt_el0_exit(f, esr >> 26);
}

static void task_wfe(u64 arg) {
    __asm__ volatile(".global wfe_insn\nwfe_insn: wfe" ::: "memory");
    for (;;) (void)arg;  // not reached: the WFE traps
}

static u64 stack[512] __attribute__((aligned(16)));

void main(void) {
    rt_sync_handler = on_sync;
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(1ul << 18));  // nTWE = 0
    isb();
    rt_printf("WFE at EL0 with nTWE = 0 and the event register clear\n");
    u64 status = rt_run_el0(task_wfe, &stack[512], 0);
    rt_printf("  status %lx\n", status);
    rt_printf("done\n");
}
