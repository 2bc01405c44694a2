// Bit manipulation: population count, leading/trailing zeros, bit reversal,
// byte reversal, bitfield extract/insert, rotates, Gray code, parity. Each is
// computed by a builtin (which GCC lowers to CLZ, RBIT, REV, UBFX, BFI ...)
// and by a plain loop, and the two must agree.
#include "rt.h"

static int popcount_loop(u64 v) {
    int n = 0;
    for (; v; v &= v - 1) n++;
    return n;
}
static int popcount_swar(u64 v) {  // Hacker's Delight 5-1
    v = v - ((v >> 1) & 0x5555555555555555UL);
    v = (v & 0x3333333333333333UL) + ((v >> 2) & 0x3333333333333333UL);
    v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
    return (int)((v * 0x0101010101010101UL) >> 56);
}
static int clz_loop(u64 v) {
    int n = 0;
    for (u64 m = 1UL << 63; m && !(v & m); m >>= 1) n++;
    return n;
}
static u64 rbit_loop(u64 v) {
    u64 r = 0;
    for (int i = 0; i < 64; i++) r |= ((v >> i) & 1) << (63 - i);
    return r;
}
// One-instruction wrappers: the instruction itself, not GCC's choice.
#define UNARY(name, T, insn)                          \
    static T name(T v) {                              \
        T r;                                          \
        __asm__(insn : "=r"(r) : "r"(v));             \
        return r;                                     \
    }
UNARY(rbit32, u32, "rbit %w0, %w1")
UNARY(rbit64, u64, "rbit %0, %1")
UNARY(cls64_raw, i64, "cls %0, %1")
UNARY(rev16_64, u64, "rev16 %0, %1")
UNARY(rev32_64, u64, "rev32 %0, %1")
static int cls64(i64 v) { return (int)cls64_raw(v); }

struct packed_fields {
    unsigned a : 3, b : 7, c : 11, d : 1, e : 10;
};

int main(void) {
    u64 seed = 0x1234567887654321UL;
    u64 mix = RT_FNV_INIT;
    int bad = 0;
    for (int i = 0; i < 2000; i++) {
        u64 v = rt_rand(&seed);
        if (i % 7 == 0) v >>= (i % 64);  // plenty of leading zeros
        if (i % 11 == 0) v = ~v;
        int pc = __builtin_popcountl(v);
        if (pc != popcount_loop(v) || pc != popcount_swar(v)) bad++;
        int lz = v ? __builtin_clzl(v) : 64;
        if (lz != clz_loop(v)) bad++;
        int tz = v ? __builtin_ctzl(v) : 64;
        if (v && tz != clz_loop(rbit_loop(v))) bad++;
        if (rbit64(v) != rbit_loop(v)) bad++;
        u32 w = (u32)v;
        if (rbit32(w) != (u32)(rbit_loop(w) >> 32)) bad++;
        u64 results[] = {(u64)pc, (u64)lz, (u64)tz, __builtin_bswap64(v), __builtin_bswap32(w),
                         __builtin_bswap16((u16)v), rev16_64(v), rev32_64(v), (u64)cls64((i64)v),
                         (v >> 13) & 0x1ff,                                     // UBFX
                         (u64)(((i64)v << 20) >> 41),                          // SBFX
                         (v & ~(0xffUL << 24)) | ((v & 0xff) << 24),           // BFI
                         (v >> 17) | (v << 47),                                // ROR
                         (u64)((w >> 5) | (w << 27)),                          // ROR (32)
                         v ^ (v >> 1),                                          // Gray code
                         (u64)__builtin_parityl(v), (u64)__builtin_clrsbl((i64)v),
                         (u64)(i64)(i8)v, (u64)(i64)(i16)v, (u64)(i64)(i32)v,  // sign extensions
                         v & -v, v & (v - 1), v | (v - 1)};
        mix = rt_fnv(mix, results, sizeof results);
        if (i < 6)
            rt_printf("v=%016lx pop=%d clz=%d ctz=%d rbit=%016lx rev=%016lx ubfx=%lx sbfx=%lx gray=%lx\n", v, pc, lz,
                      tz, rbit64(v), __builtin_bswap64(v), results[9], results[10], results[14]);
    }
    // Bit-fields in a struct: GCC uses BFI/UBFX to access them.
    struct packed_fields f = {0, 0, 0, 0, 0};
    u64 fsum = 0;
    for (unsigned i = 0; i < 500; i++) {
        f.a += i;
        f.b ^= i * 3;
        f.c -= i * 7;
        f.d = !f.d;
        f.e += f.a * f.b;
        fsum = fsum * 31 + f.a + f.b + f.c + f.d + f.e;
    }
    rt_printf("bitfields a=%u b=%u c=%u d=%u e=%u sum=%016lx\n", f.a, f.b, f.c, f.d, f.e, fsum);
    rt_printf("mix=%016lx mismatches=%d\n", mix, bad);
    return bad ? 1 : 0;
}
