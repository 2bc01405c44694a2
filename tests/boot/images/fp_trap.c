// CPACR_EL1.FPEN (Arm ARM D13.2.30) gates every SIMD&FP instruction, not just
// FPCR/FPSR: 0b00 and 0b10 trap EL1 and EL0, 0b01 traps EL0 only, 0b11 traps
// nothing. A trapped instruction is not executed and raises EC 0x07 with
// IL = 1 and ISS CV = 1, COND = 0b1110 (ESR_EL1 0x1fe00000), ELR = the
// instruction (AArch64.CheckFPAdvSIMDEnabled, AArch64.AdvSIMDFPAccessTrap).
// CPACR_EL1 resets to an UNKNOWN value on hardware; QEMU's virt board and
// irqsim boot both start it at 0 (everything traps), so the image prints it.
// A kernel that switches FP state lazily depends on exactly this trap.
#include "rt.h"

static unsigned trapped_at_el1;

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    unsigned ec = esr >> 26;
    if (kind == RT_CUR_SPX && ec == 0x07) {  // an EL1 FP instruction: skip it
        trapped_at_el1++;
        f->elr += 4;
        return;
    }
    if (ec == 0x15) {  // svc #0 from the EL0 task: its result
        rt_el0_exit(f, f->x[0]);
        return;
    }
    rt_printf("    EL0 trap: vector %x EC %x IL %u ISS %x\n", kind * 0x80, ec, (unsigned)(esr >> 25) & 1,
              (unsigned)esr & 0x1ffffff);
    rt_el0_exit(f, 0x100 + ec);
}

static u64 buf[4] __attribute__((aligned(16))) = {0x1111, 0x2222, 0x3333, 0x4444};

// Five kinds of SIMD&FP instruction at EL1; each either runs or traps and is
// skipped. x-register results show which ran.
static void el1_fp(void) {
    u64 through_d = 0, fpcr = 0;
    trapped_at_el1 = 0;
    __asm__ volatile(
        "mov x9, #0x1234\n\t"
        "fmov d3, x9\n\t"       // FP data (integer <-> FP move)
        "fmov %0, d3\n\t"
        : "+r"(through_d)::"x9", "memory");
    __asm__ volatile(
        "ldr q4, [%0]\n\t"      // SIMD&FP load and store
        "str q4, [%0, #16]\n\t" ::"r"(buf)
        : "memory");
    __asm__ volatile("add v5.4s, v4.4s, v4.4s" ::: "memory");  // Advanced SIMD
    __asm__ volatile("mrs %0, fpcr" : "+r"(fpcr)::"memory");     // FP system register
    rt_printf("    EL1: %u trapped, fmov round trip %lx, stored %lx %lx, fpcr %lx\n", trapped_at_el1, through_d,
              buf[2], buf[3], fpcr);
    buf[2] = 0x3333;
    buf[3] = 0x4444;
}

static void task_fp(u64 arg) {
    register u64 x0 __asm__("x0") = arg;
    __asm__ volatile(
        "fmov d0, x0\n\t"
        "fmov x0, d0\n\t"
        "add x0, x0, #1\n\t"
        "svc #0"
        : "+r"(x0)::"memory");
    for (;;) {
    }
}

static u64 stack[512] __attribute__((aligned(16)));

void main(void) {
    rt_sync_handler = on_sync;
    rt_printf("CPACR_EL1 at reset: %lx\n", read_sysreg(cpacr_el1));
    static const unsigned order[] = {0, 2, 1, 3};
    for (unsigned i = 0; i < 4; i++) {
        unsigned fpen = order[i];
        write_sysreg(cpacr_el1, (u64)fpen << 20);
        isb();
        rt_printf("FPEN %u: CPACR_EL1 reads %lx\n", fpen, read_sysreg(cpacr_el1));
        el1_fp();
        u64 status = rt_run_el0(task_fp, &stack[512], 0x40);
        rt_printf("    EL0 task status %lx\n", status);
    }
    rt_printf("done\n");
}
