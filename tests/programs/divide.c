// Integer division corner cases, through the SDIV/UDIV instructions directly
// (C leaves INT_MIN / -1 and division by zero undefined; the Arm ARM defines
// them: the quotient of a division by zero is zero, and INT_MIN / -1 is
// INT_MIN, see C6.2 SDIV). Also remainders through MSUB and C's own / and %.
#include "rt.h"

#define DIVIDE(name, T, insn)                                 \
    static T name(T a, T b) {                                 \
        T r;                                                  \
        __asm__(insn : "=r"(r) : "r"(a), "r"(b));             \
        return r;                                             \
    }
DIVIDE(sdiv64, i64, "sdiv %0, %1, %2")
DIVIDE(udiv64, u64, "udiv %0, %1, %2")
DIVIDE(sdiv32, i32, "sdiv %w0, %w1, %w2")
DIVIDE(udiv32, u32, "udiv %w0, %w1, %w2")

static const i64 vals64[] = {0, 1, -1, 2, -2, 3, -3, 7, -7, 10, 1000000007, -1000000007,
                             0x7fffffffffffffffL, (i64)0x8000000000000000UL, 0x7fffffff, -0x80000000L,
                             0x100000000L, 0x123456789abcdefL, -0x123456789abcdefL, (i64)0xfffffffffffffffeUL};
#define NV (int)(sizeof vals64 / sizeof vals64[0])

int main(void) {
    u64 mix = RT_FNV_INIT;
    for (int i = 0; i < NV; i++) {
        for (int j = 0; j < NV; j++) {
            i64 a = vals64[i], b = vals64[j];
            i64 sq = sdiv64(a, b);
            u64 uq = udiv64((u64)a, (u64)b);
            i32 sq32 = sdiv32((i32)a, (i32)b);
            u32 uq32 = udiv32((u32)a, (u32)b);
            i64 srem = a - sq * b;  // MSUB
            u64 urem = (u64)a - uq * (u64)b;
            u64 row[] = {(u64)sq, uq, (u64)(i64)sq32, uq32, (u64)srem, urem};
            mix = rt_fnv(mix, row, sizeof row);
            if (i < 12 && j < 12 && (i + j) % 3 == 0)
                rt_printf("%ld/%ld: sdiv=%ld udiv=%lx sdiv32=%d udiv32=%u srem=%ld\n", a, b, sq, uq, sq32, uq32, srem);
        }
    }
    rt_printf("INT64_MIN/-1 = %lx, INT32_MIN/-1 = %x, 5/0 = %ld, -5u/0 = %u\n",
              (u64)sdiv64((i64)0x8000000000000000UL, -1), (u32)sdiv32((i32)0x80000000u, -1), sdiv64(5, 0),
              udiv32(-5u, 0));
    // C division on pseudo-random operands (non-zero divisors): truncation
    // toward zero, the sign of % follows the dividend.
    u64 seed = 99;
    i64 acc = 0;
    for (int i = 0; i < 20000; i++) {
        i64 a = (i64)rt_rand(&seed) >> (i % 50);
        i64 b = (i64)rt_rand(&seed) >> (10 + i % 53);
        if (b == 0) b = 3;
        i32 a32 = (i32)a, b32 = (i32)b ? (i32)b : 5;
        if (a32 == (i32)0x80000000 && b32 == -1) b32 = 1;
        acc += a / b + a % b + a32 / b32 + a32 % b32 + (i64)((u64)a / (u64)b) + (i64)((u32)a32 % (u32)b32);
        acc ^= (i64)((u64)a / 10) ^ (a / 1000) ^ (i64)((u32)a32 / 7u);
    }
    rt_printf("random divisions acc=%ld mix=%016lx\n", acc, mix);
    return (int)(mix & 0x3f);  // a computed exit status
}
