// GCC's __atomic builtins on 8-, 16-, 32- and 64-bit objects. Built twice:
// with -march=armv8.1-a they become LSE instructions (LDADD, SWP, CAS ...),
// with -march=armv8-a -mno-outline-atomics they become LDXR/STXR loops. The
// output must not depend on which.
#include "rt.h"

#define ORDERS(X) X(__ATOMIC_RELAXED) X(__ATOMIC_ACQUIRE) X(__ATOMIC_RELEASE) X(__ATOMIC_ACQ_REL) X(__ATOMIC_SEQ_CST)

#define DEFINE_OPS(T, name)                                                        \
    static u64 ops_##name(T* p, u64* seed) {                                       \
        u64 h = RT_FNV_INIT;                                                       \
        for (int i = 0; i < 200; i++) {                                            \
            T v = (T)rt_rand(seed);                                                \
            T old[10];                                                             \
            old[0] = __atomic_fetch_add(p, v, __ATOMIC_RELAXED);                   \
            old[1] = __atomic_fetch_sub(p, (T)(v >> 3), __ATOMIC_ACQUIRE);         \
            old[2] = __atomic_fetch_and(p, (T)~v, __ATOMIC_RELEASE);               \
            old[3] = __atomic_fetch_or(p, (T)(v * 5), __ATOMIC_ACQ_REL);           \
            old[4] = __atomic_fetch_xor(p, (T)(v ^ 0x5a), __ATOMIC_SEQ_CST);       \
            old[5] = __atomic_exchange_n(p, (T)(old[4] + v), __ATOMIC_ACQ_REL);    \
            T expected = (i & 1) ? __atomic_load_n(p, __ATOMIC_ACQUIRE) : v;       \
            old[6] = __atomic_compare_exchange_n(p, &expected, (T)(v + 1), 0,     \
                                                 __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
            old[7] = expected;                                                     \
            old[8] = __atomic_add_fetch(p, 3, __ATOMIC_SEQ_CST);                   \
            T e2 = old[8];                                                         \
            while (!__atomic_compare_exchange_n(p, &e2, (T)(e2 * 3 + 1), 1,       \
                                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) \
                ;                                                                  \
            __atomic_store_n(p, (T)(__atomic_load_n(p, __ATOMIC_SEQ_CST) ^ i),     \
                             __ATOMIC_RELEASE);                                    \
            old[9] = __atomic_load_n(p, __ATOMIC_RELAXED);                         \
            h = rt_fnv(h, old, sizeof old);                                        \
        }                                                                          \
        return h;                                                                  \
    }
DEFINE_OPS(u8, u8)
DEFINE_OPS(u16, u16)
DEFINE_OPS(u32, u32)
DEFINE_OPS(u64, u64)

// A test-and-set spinlock and a ticket lock, single-threaded: every acquire
// must succeed first time.
static int tas_lock;
static u32 ticket_next, ticket_serving;
static int locked_ok(void) {
    if (__atomic_test_and_set(&tas_lock, __ATOMIC_ACQUIRE)) return 0;
    u32 my = __atomic_fetch_add(&ticket_next, 1, __ATOMIC_RELAXED);
    int ok = __atomic_load_n(&ticket_serving, __ATOMIC_ACQUIRE) == my;
    __atomic_store_n(&ticket_serving, my + 1, __ATOMIC_RELEASE);
    __atomic_clear(&tas_lock, __ATOMIC_RELEASE);
    return ok;
}

static struct {
    u8 b[3];
    u16 h;
    u32 w;
    u64 d;
} __attribute__((aligned(16))) cell;

// 128-bit compare-and-swap (GCC leaves it to libatomic, so by hand): CASPAL
// with LSE, an LDAXP/STLXP loop without. Returns the value seen.
static u64 wide[2] __attribute__((aligned(16)));
static void cas128(u64 expect_lo, u64 expect_hi, u64 new_lo, u64 new_hi, u64* seen_lo, u64* seen_hi) {
#if defined(__ARM_FEATURE_ATOMICS)
    register u64 x0 __asm__("x0") = expect_lo;
    register u64 x1 __asm__("x1") = expect_hi;
    register u64 x2 __asm__("x2") = new_lo;
    register u64 x3 __asm__("x3") = new_hi;
    __asm__ volatile("caspal x0, x1, x2, x3, [%4]" : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x3), "r"(wide) : "memory");
    *seen_lo = x0;
    *seen_hi = x1;
#else
    u64 lo, hi;
    u32 fail;
    __asm__ volatile(
        "1: ldaxp %0, %1, [%3]\n"
        "   cmp %0, %4\n"
        "   ccmp %1, %5, #0, eq\n"
        "   b.ne 2f\n"
        "   stlxp %w2, %6, %7, [%3]\n"
        "   cbnz %w2, 1b\n"
        "   b 3f\n"
        "2: stlxp %w2, %0, %1, [%3]\n"  // write back what was seen to close the sequence
        "   cbnz %w2, 1b\n"
        "3:\n"
        : "=&r"(lo), "=&r"(hi), "=&r"(fail)
        : "r"(wide), "r"(expect_lo), "r"(expect_hi), "r"(new_lo), "r"(new_hi)
        : "memory", "cc");
    *seen_lo = lo;
    *seen_hi = hi;
#endif
}

int main(void) {
    u64 seed = 7;
    u64 h8 = ops_u8(&cell.b[1], &seed);
    u64 h16 = ops_u16(&cell.h, &seed);
    u64 h32 = ops_u32(&cell.w, &seed);
    u64 h64 = ops_u64(&cell.d, &seed);
    rt_printf("u8 %016lx final %02x\nu16 %016lx final %04x\nu32 %016lx final %08x\nu64 %016lx final %016lx\n", h8,
              cell.b[1], h16, cell.h, h32, cell.w, h64, cell.d);
    rt_printf("neighbours untouched: %u %u\n", cell.b[0], cell.b[2]);
    int locks = 0;
    for (int i = 0; i < 100; i++) locks += locked_ok();
    rt_printf("locks %d tickets %u\n", locks, ticket_next);
    u64 lo, hi;
    cas128(0, 0, 0xfedcba9876543210UL, 0x0123456789abcdefUL, &lo, &hi);
    rt_printf("cas128 empty: seen %016lx%016lx now %016lx%016lx\n", hi, lo, wide[1], wide[0]);
    cas128(5, 0, 0, 0, &lo, &hi);
    rt_printf("cas128 wrong expectation: seen %016lx%016lx now %016lx%016lx\n", hi, lo, wide[1], wide[0]);
    return locks == 100 ? 0 : 1;
}
