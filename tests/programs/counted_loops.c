// Counted register loops, the shapes irqsim fast-forwards instead of
// stepping (src/cpu/counted_loop.cpp): the counter and NZCV each leaves
// behind must be what qemu-aarch64 gives, including loops that wrap through
// zero, run a full period, or run for tens of millions of passes.
#include "rt.h"

static u64 nzcv(void) {
    u64 f;
    __asm__ volatile("mrs %0, nzcv" : "=r"(f));
    return f >> 28;
}

// add|sub counter, #imm ; cmp ; b.ne: one function per shape, since the
// immediate is part of the instruction.
#define CMP_LOOP(name, step_insn, cmp_insn)                                              \
    static u64 name(u64 counter, u64 bound, u64* flags) {                                \
        __asm__ volatile("1: " step_insn "\n\t" cmp_insn "\n\tb.ne 1b"                   \
                         : "+&r"(counter) : "r"(bound) : "cc");                          \
        *flags = nzcv();                                                                 \
        return counter;                                                                  \
    }
CMP_LOOP(add1_w, "add %w0, %w0, #1", "cmp %w1, %w0")
CMP_LOOP(add7_w_rev, "add %w0, %w0, #7", "cmp %w0, %w1")
CMP_LOOP(sub4k_x, "sub %0, %0, #1, lsl #12", "cmp %0, %1")
CMP_LOOP(add1m_w, "add %w0, %w0, #256, lsl #12", "cmp %w1, %w0")
CMP_LOOP(add3_x, "add %0, %0, #3", "cmp %1, %0")

// Loops whose step sets the flags or whose test is CBNZ: the counter alone.
#define ZERO_LOOP(name, body)                                              \
    static u64 name(u64 counter, u64* flags) {                             \
        __asm__ volatile(body : "+r"(counter) : : "cc");                   \
        *flags = nzcv();                                                   \
        return counter;                                                    \
    }
ZERO_LOOP(subs_loop, "1: subs %w0, %w0, #1\n\tb.ne 1b")
ZERO_LOOP(adds_loop_x, "1: adds %0, %0, #2\n\tb.ne 1b")
// The flags are set before this loop and must survive it.
ZERO_LOOP(cbnz_loop, "cmp %0, #0\n1: sub %0, %0, #4\n\tcbnz %0, 1b")
ZERO_LOOP(cbnz_loop_w, "1: add %w0, %w0, #16\n\tcbnz %w0, 1b")

static void show(const char* what, u64 counter, u64 flags) { rt_printf("%-28s counter=%016lx nzcv=%lx\n", what, counter, flags); }

int main(void) {
    u64 f, r;
    r = add1_w(0xffffffff00000000ull, 1000, &f), show("add1 w", r, f);
    r = add1_w(5, 5 + 50000000, &f), show("add1 w 50M passes", r, f);
    r = add7_w_rev(0xffffff00u, 0xffffff00u + 7u * 900u, &f), show("add7 w wraps, cmp a,b", r, f);
    r = sub4k_x(0x1000ull * 600, 0, &f), show("sub 4096 x", r, f);
    r = add1m_w(0x12345, 0x12345, &f), show("add 2^20 w full period", r, f);
    r = add3_x(~0ull - 3 * 400, 2, &f), show("add3 x wraps", r, f);
    r = subs_loop(1500, &f), show("subs w", r, f);
    r = adds_loop_x(~0ull - 2 * 800 + 1, &f), show("adds x through the carry", r, f);
    r = cbnz_loop(4 * 1200, &f), show("sub/cbnz x keeps the flags", r, f);
    r = cbnz_loop_w(0xfffff000u, &f), show("add/cbnz w wraps", r, f);
    rt_flush();
    return 0;
}
