/* The system calls static glibc makes at start-up and in abort(), and
 * their error paths, made directly so that `irqsim user --strace` and
 * `qemu-aarch64 -strace` can be compared line for line: valid and bad
 * pointers, bad flags, signals ignored by action and by default, a blocked
 * signal left pending, and at the end SIGABRT raised while blocked and
 * taken when unblocked, as glibc's abort() does. Only static buffers are
 * passed, so the addresses printed are the same under both. Built on the
 * tests/programs runtime (rt), whose start-up makes no system call. */

#include "rt.h"

typedef unsigned long u64;

#define S(nr, ...) sys6_args(nr, __VA_ARGS__, 0, 0, 0, 0, 0, 0)
#define sys6_args(nr, a, b, c, d, e, f, ...) \
    rt_syscall6(nr, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

enum {
    NR_ioctl = 29, NR_read = 63, NR_write = 64, NR_writev = 66, NR_readlinkat = 78, NR_newfstatat = 79, NR_fstat = 80,
    NR_exit_group = 94, NR_set_tid_address = 96, NR_futex = 98, NR_set_robust_list = 99, NR_kill = 129,
    NR_tgkill = 131, NR_rt_sigaction = 134, NR_rt_sigprocmask = 135, NR_uname = 160, NR_getpid = 172,
    NR_getuid = 174, NR_gettid = 178, NR_sysinfo = 179, NR_munmap = 215, NR_mmap = 222, NR_mprotect = 226,
    NR_prlimit64 = 261, NR_getrandom = 278, NR_rseq = 293,
};
enum { SIGABRT = 6, SIGKILL = 9, SIGUSR1 = 10, SIGCHLD = 17, AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000 };

static char buf[4096];
static u64 act[4], oact[4], set[2];
static u64 iov[4];
static char msg1[] = "writev: one ", msg2[] = "two\n";
static char text[] = "still running after the blocked SIGABRT\n";

int main(void) {
    long pid = S(NR_getpid, 0);
    S(NR_gettid, 0);
    S(NR_set_tid_address, buf);
    S(NR_set_robust_list, buf, 24);
    S(NR_rseq, buf, 32, 0, 0xd428bc00);
    S(NR_prlimit64, 0, 3, 0, buf);
    S(NR_prlimit64, 0, 99, 0, buf);
    S(NR_prlimit64, 0, 3, 0, 1);
    S(NR_readlinkat, AT_FDCWD, "/nonexistent", buf, sizeof buf);
    S(NR_readlinkat, AT_FDCWD, 1, buf, sizeof buf);
    S(NR_getrandom, buf, 16, 1);
    S(NR_getrandom, 1, 16, 0);
    S(NR_getrandom, buf, 16, 8);
    S(NR_uname, buf);
    S(NR_uname, 1);
    S(NR_sysinfo, buf);
    S(NR_getuid, 0);
    S(NR_newfstatat, 1, "", buf, AT_EMPTY_PATH);
    S(NR_newfstatat, 9, "", buf, AT_EMPTY_PATH);
    S(NR_newfstatat, AT_FDCWD, "nonexistent", buf, 0x100);
    S(NR_fstat, 2, buf);
    S(NR_ioctl, 1, 0x5401, buf);
    S(NR_ioctl, 7, 0x5401, buf);
    S(NR_futex, buf, 0x81, 0x7fffffff, 0, 0, 0);
    S(NR_futex, buf, 0x80, 1, 0, 0, 0);
    S(NR_futex, buf, 0x100, 0, 0, 0, 0);

    long m = S(NR_mmap, 0, 8192, 3, 0x22, -1, 0);
    S(NR_mprotect, m, 4096, 1);
    S(NR_mprotect, m + 1, 4096, 1);
    S(NR_mprotect, m, 4096, 0);
    S(NR_mprotect, m, 8192, 3);
    S(NR_munmap, m, 8192);
    S(NR_munmap, 0x1001, 4096);
    S(NR_mmap, 0, 0, 3, 0x22, -1, 0);

    iov[0] = (u64)msg1;
    iov[1] = sizeof msg1 - 1;
    iov[2] = (u64)msg2;
    iov[3] = sizeof msg2 - 1;
    S(NR_writev, 1, iov, 2);
    S(NR_writev, 1, 1, 1);
    S(NR_write, 1, 1, 10);
    S(NR_read, 0, buf, 0);
    S(NR_write, 1, "write\n", 6);

    /* Signal actions and masks. */
    act[0] = 1; /* SIG_IGN */
    S(NR_rt_sigaction, SIGUSR1, act, oact, 8);
    S(NR_rt_sigaction, SIGUSR1, 0, oact, 8);
    S(NR_rt_sigaction, SIGKILL, act, 0, 8);
    S(NR_rt_sigaction, SIGUSR1, act, 0, 7);
    S(NR_rt_sigaction, 65, 0, 0, 8);
    S(NR_kill, pid, SIGUSR1);     /* ignored by its action */
    S(NR_tgkill, pid, pid, SIGCHLD); /* ignored by default */
    S(NR_kill, 0, 0);
    S(NR_tgkill, 0, 0, 0);
    S(NR_tgkill, pid, pid, 0);
    S(NR_tgkill, 99999999, 99999999, SIGABRT);
    S(NR_kill, 99999999, SIGABRT);
    set[0] = 1ul << (SIGABRT - 1);
    S(NR_rt_sigprocmask, 0, set, set + 1, 8);
    S(NR_rt_sigprocmask, 7, set, 0, 8);
    S(NR_rt_sigprocmask, 7, 0, 0, 8);
    S(NR_rt_sigprocmask, 0, set, 0, 4);
    S(NR_tgkill, pid, pid, SIGABRT); /* blocked: stays pending */
    S(NR_write, 1, text, sizeof text - 1);
    S(NR_write, 2, "to stderr\n", 10);
    S(NR_rt_sigprocmask, 1, set, 0, 8); /* taken here: the default action ends the process */
    S(NR_write, 1, "not reached\n", 12);
    S(NR_exit_group, 0);
    return 0;
}
