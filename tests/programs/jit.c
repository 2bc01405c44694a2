// Self-modifying code as a JIT does it: emit A64 instructions into an
// executable mapping, make them visible to instruction fetch the way the
// architecture requires (DC CVAU for each data cache line, DSB ISH, IC IVAU
// for each instruction cache line, DSB ISH, ISB: Arm ARM B2.4.4 "Concurrent
// modification and execution of instructions"; line sizes from CTR_EL0), run
// them, then rewrite the same addresses with different code and run again.
// A simulator that kept stale predecoded instructions would print wrong sums.
#include "rt.h"

typedef u64 (*fn_t)(u64);

static u32* code;

static void sync_icache(void* start, size_t len) {
    u64 ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    u64 dline = 4u << ((ctr >> 16) & 15), iline = 4u << (ctr & 15);
    u64 begin = (u64)start, end = begin + len;
    for (u64 a = begin & ~(dline - 1); a < end; a += dline) __asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish" ::: "memory");
    for (u64 a = begin & ~(iline - 1); a < end; a += iline) __asm__ volatile("ic ivau, %0" ::"r"(a) : "memory");
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

// x0 = x0 * mul + add, built from MOVZ/MOVK, MADD and RET.
static size_t emit_affine(u32* p, u64 mul, u64 add) {
    size_t n = 0;
    for (int hw = 0; hw < 4; hw++) {  // x1 = mul, x2 = add
        u32 movk = hw ? 0xf2800000u : 0xd2800000u;
        p[n++] = movk | (u32)hw << 21 | (u32)((mul >> (16 * hw)) & 0xffff) << 5 | 1;
        p[n++] = movk | (u32)hw << 21 | (u32)((add >> (16 * hw)) & 0xffff) << 5 | 2;
    }
    p[n++] = 0x9b010800u;  // madd x0, x0, x1, x2
    p[n++] = 0xd65f03c0u;  // ret
    return n;
}

// A chain of `count` adds of i+1 to x0 (x0 += 1, x0 += 2, ...), then RET.
static size_t emit_adds(u32* p, unsigned count) {
    size_t n = 0;
    for (unsigned i = 0; i < count; i++) p[n++] = 0x91000000u | ((i + 1) & 0xfff) << 10;  // add x0, x0, #i+1
    p[n++] = 0xd65f03c0u;
    return n;
}

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 200);
    // PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS.
    long r = rt_syscall6(SYS_mmap, 0, 65536, 7, 0x22, -1, 0);
    if (r < 0 && r > -4096) {
        rt_printf("mmap failed: %ld\n", r);
        return 1;
    }
    code = (u32*)r;
    u64 sum = 0, mix = RT_FNV_INIT;
    for (long i = 0; i < rounds; i++) {
        // The same address every round, different code each time.
        size_t n = emit_affine(code, 3 + (u64)i * 0x10001, (u64)i << 33 | 7);
        sync_icache(code, n * 4);
        u64 v = ((fn_t)code)((u64)i);
        sum += v;
        mix = rt_fnv(mix, &v, sizeof v);
        // A longer chain over the same page, then a shorter one, so later
        // instructions of an older version would show.
        unsigned count = 1 + (unsigned)(i % 300);
        n = emit_adds(code, count);
        sync_icache(code, n * 4);
        v = ((fn_t)code)(0);
        if (v != (u64)count * (count + 1) / 2) {
            rt_printf("round %ld: %u adds gave %lu\n", i, count, (unsigned long)v);
            return 1;
        }
        sum += v;
    }
    rt_printf("jit rounds=%ld sum=%lu fnv=%016lx\n", rounds, (unsigned long)sum, (unsigned long)mix);
    return 0;
}
