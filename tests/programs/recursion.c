// Deep recursion on a big stack of our own (mmap'ed, 32 MiB): Ackermann,
// Takeuchi, a naive recursive sum 200000 frames deep, and mutual recursion.
#include "rt.h"

static u64 calls;

__attribute__((noinline)) static u64 ack(u64 m, u64 n) {
    calls++;
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

__attribute__((noinline)) static int tak(int x, int y, int z) {
    calls++;
    if (y < x) return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
    return z;
}

// Not a tail call: the addition happens after the return.
__attribute__((noinline)) static u64 deep_sum(u64 n, volatile u64* depth_max) {
    u64 local[2] = {n, n * n};  // a frame bigger than the minimum
    if (n > *depth_max) *depth_max = n;
    if (n == 0) return 0;
    return local[1] % 1000 + deep_sum(n - 1, depth_max) + local[0];
}

__attribute__((noinline)) static int is_odd(u32 n);
__attribute__((noinline)) static int is_even(u32 n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(u32 n) { return n == 0 ? 0 : is_even(n - 1); }

static u64 results[8];

static void work(void) {
    results[0] = ack(2, 300);
    results[1] = ack(3, 7);
    results[2] = (u64)tak(24, 16, 8);
    volatile u64 depth = 0;
    results[3] = deep_sum(200000, &depth);
    results[4] = depth;
    results[5] = (u64)is_even(100001);
    results[6] = calls;
}

// Calls fn on a new stack: saves SP in a callee-saved register.
static void call_on_stack(void (*fn)(void), void* stack_top) {
    __asm__ volatile(
        "mov x19, sp\n"
        "mov sp, %1\n"
        "blr %0\n"
        "mov sp, x19\n"
        :
        : "r"(fn), "r"(stack_top)
        : "x19", "x30", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
          "x14", "x15", "x16", "x17", "x18", "memory");
}

int main(void) {
    const size_t stack_bytes = 32UL << 20;
    u8* stack = rt_mmap_anon(stack_bytes);
    if (!stack) {
        rt_printf("mmap failed\n");
        return 1;
    }
    call_on_stack(work, stack + stack_bytes);
    rt_printf("ack(2,300)=%lu ack(3,7)=%lu tak(24,16,8)=%lu\n", results[0], results[1], results[2]);
    rt_printf("deep_sum(200000)=%lu max depth=%lu is_even(100001)=%lu calls=%lu\n", results[3], results[4],
              results[5], results[6]);
    return 0;
}
