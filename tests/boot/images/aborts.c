// Data and instruction aborts on unmapped addresses (QEMU virt has nothing at
// 0x48000000; the MMU is off, so these are external aborts), with FAR_EL1,
// alignment faults of exclusive and acquire/release accesses, and PC
// alignment faults (Arm ARM D1.10.4, D17.2.37 ESR_ELx, D17.2.40 FAR_EL1).
#include "rt.h"

#define HOLE 0x48000000ul

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    unsigned ec = esr >> 26;
    rt_printf("  vector %x: EC %x ISS %x ELR %lx", kind * 0x80, ec, (unsigned)esr & 0x1ffffff, f->elr);
    if (ec == 0x24 || ec == 0x25 || ec == 0x20 || ec == 0x21 || ec == 0x22) rt_printf(" FAR %lx", read_sysreg(far_el1));
    rt_printf("\n");
    if (ec == 0x20 || ec == 0x21 || ec == 0x22)
        f->elr = f->x[30];  // a fetch fault: back to the caller of the bad BLR
    else
        f->elr += 4;
}

static u64 scratch[4] __attribute__((aligned(16)));

void main(void) {
    rt_sync_handler = on_sync;
    u64 hole = HOLE, odd = (u64)scratch + 1, v = 0;
    rt_printf("ldr x, [hole]\n");
    __asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(hole) : "memory");
    rt_printf("str x, [hole + 0x10]\n");
    __asm__ volatile("str %0, [%1, #0x10]" ::"r"(v), "r"(hole) : "memory");
    rt_printf("ldrb w, [hole + 3]\n");
    __asm__ volatile("ldrb %w0, [%1, #3]" : "+r"(v) : "r"(hole) : "memory");
    rt_printf("strh w, [hole + 6]\n");
    __asm__ volatile("strh %w0, [%1, #6]" ::"r"(v), "r"(hole) : "memory");
    rt_printf("ldp x, x, [hole + 0x20]\n");
    __asm__ volatile("ldp x2, x3, [%0, #0x20]" ::"r"(hole) : "memory", "x2", "x3");
    rt_printf("ldr x, [hole], #8 (post-index: no writeback on an abort)\n");
    u64 base = hole;
    __asm__ volatile("ldr %0, [%1], #8" : "+r"(v), "+r"(base)::"memory");
    rt_printf("  base after: %lx\n", base);
    rt_printf("ldxr x, [unaligned]\n");
    __asm__ volatile("ldxr %0, [%1]" : "+r"(v) : "r"(odd) : "memory");
    rt_printf("ldar x, [unaligned]\n");
    __asm__ volatile("ldar %0, [%1]" : "+r"(v) : "r"(odd) : "memory");
    rt_printf("stlr w, [unaligned]\n");
    __asm__ volatile("stlr %w0, [%1]" ::"r"(v), "r"(odd) : "memory");
    rt_printf("blr to hole (instruction abort)\n");
    __asm__ volatile("blr %0" ::"r"(hole) : "memory", "x30");
    rt_printf("blr to hole + 0x1000\n");
    __asm__ volatile("blr %0" ::"r"(hole + 0x1000) : "memory", "x30");
    rt_printf("blr to a PC with bit 1 set (PC alignment)\n");
    __asm__ volatile("adr x1, 1f; add x1, x1, #2; blr x1; b 2f; 1: nop; nop; 2:" ::: "memory", "x1", "x30");
    rt_printf("blr to a PC with bit 0 set\n");
    __asm__ volatile("adr x1, 1f; add x1, x1, #1; blr x1; b 2f; 1: nop; nop; 2:" ::: "memory", "x1", "x30");
    rt_printf("done\n");
}
