/* A freestanding AArch64 Linux hello world: no C library, its own _start and
 * system calls (arm64: number in x8, arguments in x0..x5, SVC #0, result in
 * x0). Built with -nostdlib -static, it runs under irqsim user and
 * qemu-aarch64 alike. */

static long syscall3(long nr, long a0, long a1, long a2) {
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a0;
    register long x1 __asm__("x1") = a1;
    register long x2 __asm__("x2") = a2;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

enum { SYS_write = 64, SYS_exit_group = 94 };

static const char message[] = "Hello from AArch64 user mode!\n";

__attribute__((noreturn)) void _start(void) {
    syscall3(SYS_write, 1, (long)message, sizeof message - 1);
    syscall3(SYS_exit_group, 0, 0, 0);
    __builtin_unreachable();
}
