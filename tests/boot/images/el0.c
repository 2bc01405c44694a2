// EL0 tasks entered with ERET (SPSR_EL1 = EL0t) that come back with SVC
// (taken to the "lower EL, AArch64" vectors at VBAR_EL1 + 0x400), and what EL0
// may not do: an EL1 system register (UNDEF), CNTVCT_EL0 with
// CNTKCTL_EL1.EL0VCTEN = 0 (trapped, EC 0x18), WFI with SCTLR_EL1.nTWI = 0
// (trapped, EC 0x01), ERET (UNDEF), and aborts from EL0 (EC 0x20/0x24)
// (Arm ARM D1.10, D17.2.37, D11.11.1 CNTKCTL_EL1, D17.2.118 SCTLR_EL1).
#include "rt.h"

enum { SYS_EXIT = 0, SYS_PUT = 1, SYS_ADD = 2 };

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    unsigned ec = esr >> 26;
    rt_printf("  vector %x: EC %x ISS %x SPSR %lx", kind * 0x80, ec, (unsigned)esr & 0x1ffffff, f->spsr);
    if (ec != 0x15) {  // a fault or trap: end the task with the EC as status
        rt_printf(" ELR %lx\n", f->elr);
        if (ec == 0x20 || ec == 0x24) rt_printf("  FAR %lx\n", read_sysreg(far_el1));
        rt_el0_exit(f, 0x100 + ec);
        return;
    }
    rt_printf(" svc #%u\n", (unsigned)esr & 0xffff);
    switch (esr & 0xffff) {
        case SYS_EXIT: rt_el0_exit(f, f->x[0]); break;
        case SYS_PUT: rt_printf("  task says %lx\n", f->x[0]); break;
        case SYS_ADD: f->x[0] = f->x[0] + f->x[1]; break;
    }
}

#define SVC(n, a, b)                                                                              \
    ({                                                                                            \
        register u64 x0_ __asm__("x0") = (a);                                                     \
        register u64 x1_ __asm__("x1") = (b);                                                     \
        __asm__ volatile("svc #" #n : "+r"(x0_) : "r"(x1_) : "memory");                          \
        x0_;                                                                                      \
    })

static void task_sum(u64 n) {
    u64 sum = 0;
    for (u64 i = 1; i <= n; i++) sum = SVC(2, sum, i);
    SVC(1, sum, 0);
    SVC(0, sum & 0xff, 0);
}
static void task_current_el(u64 arg) {
    u64 el;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));  // UNDEF at EL0
    SVC(0, el + arg, 0);
}
static void task_sctlr(u64 arg) { SVC(0, read_sysreg(sctlr_el1) + arg, 0); }
static void task_cntvct(u64 arg) { SVC(0, read_sysreg(cntvct_el0) ? arg : arg, 0); }
static void task_wfi(u64 arg) {
    __asm__ volatile("wfi");
    SVC(0, arg, 0);
}
static void task_eret(u64 arg) {
    __asm__ volatile("eret");
    SVC(0, arg, 0);
}
static void task_load(u64 addr) { SVC(0, *(volatile u64*)addr, 0); }
static void task_jump(u64 addr) { ((void (*)(void))addr)(); }
static void task_brk(u64 arg) {
    __asm__ volatile("brk #0x77");
    SVC(0, arg, 0);
}

static u64 stack[2][512] __attribute__((aligned(16)));

static void run(const char* what, void (*task)(u64), u64 arg) {
    rt_printf("%s\n", what);
    u64 status = rt_run_el0(task, &stack[0][512], arg);
    rt_printf("  status %lx, back at EL%lu\n", status, read_sysreg(CurrentEL) >> 2);
}

void main(void) {
    rt_sync_handler = on_sync;
    write_sysreg(cntkctl_el1, 0);                                 // EL0 counter access traps
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~(1ul << 16));  // nTWI = 0: EL0 WFI traps
    isb();
    run("task: sum 1..10 with svc #2, print with svc #1, exit with svc #0", task_sum, 10);
    run("task: mrs CurrentEL", task_current_el, 1);
    run("task: mrs SCTLR_EL1", task_sctlr, 2);
    run("task: mrs CNTVCT_EL0 with EL0VCTEN = 0", task_cntvct, 3);
    run("task: wfi with nTWI = 0", task_wfi, 4);
    run("task: eret", task_eret, 5);
    run("task: load from 0x48000000", task_load, 0x48000000ul);
    run("task: jump to 0x48000000", task_jump, 0x48000000ul);
    run("task: brk #0x77", task_brk, 6);
    write_sysreg(cntkctl_el1, 2);  // EL0VCTEN
    isb();
    run("task: mrs CNTVCT_EL0 with EL0VCTEN = 1", task_cntvct, 7);
    rt_printf("done\n");
}
