/* Signal handlers: a handler installed with rt_sigaction (SA_SIGINFO) runs
 * on the signal frame Linux builds (arch/arm64/kernel/signal.c): x0 the
 * signal, x1 the siginfo, x2 the ucontext, with the signal blocked while it
 * runs and the interrupted registers in uc_mcontext; its return goes
 * through rt_sigreturn, which restores them and the mask. SA_RESETHAND
 * puts the default back, so the second SIGUSR1 ends the process (no core,
 * so no message). Built on the tests/programs runtime. */
#include "rt.h"

typedef unsigned long u64;
enum { NR_kill = 129, NR_rt_sigaction = 134, NR_rt_sigprocmask = 135, NR_getpid = 172 };
enum { SIGUSR1 = 10, SIGUSR2 = 12, SA_SIGINFO = 4, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000u };

struct kaction {
    u64 handler, flags, restorer, mask;
};
struct siginfo {
    int signo, err, code, pad;
    int pid;
    unsigned uid;
};
struct ucontext {
    u64 flags, link, ss_sp;
    int ss_flags, pad;
    u64 ss_size, sigmask;
    unsigned char unused[120];
    u64 fault_address __attribute__((aligned(16)));
    u64 regs[31], sp, pc, pstate;
    unsigned char reserved[4096] __attribute__((aligned(16)));
};

static long sys(long nr, long a, long b, long c, long d) { return rt_syscall6(nr, a, b, c, d, 0, 0); }

static volatile int handled;
static volatile u64 seen_mask, seen_sigmask, seen_magic, seen_size, seen_x1_is_info;

static void handler(int sig, struct siginfo* info, void* ctx) {
    struct ucontext* uc = ctx;
    u64 now = 0;
    sys(NR_rt_sigprocmask, 0, 0, (long)&now, 8);
    seen_mask = now;
    seen_sigmask = uc->sigmask;
    unsigned* rec = (unsigned*)uc->reserved;
    seen_magic = rec[0];
    seen_size = rec[1];
    rt_printf("handler: sig %d signo %d code %d pid-match %d ss_flags %d\n", sig, info->signo, info->code,
              info->pid == (int)sys(NR_getpid, 0, 0, 0, 0), uc->ss_flags);
    handled++;
}

static struct kaction act, old;

int main(void) {
    long pid = sys(NR_getpid, 0, 0, 0, 0);
    act.handler = (u64)handler;
    act.flags = SA_SIGINFO | SA_RESETHAND;
    act.mask = 1ul << (SIGUSR2 - 1);
    sys(NR_rt_sigaction, SIGUSR1, (long)&act, 0, 8);
    volatile u64 keep = 0x1234567890abcdefull;
    sys(NR_kill, pid, SIGUSR1, 0, 0);
    rt_printf("back in main: handled %d keep %lx\n", handled, (unsigned long)keep);
    rt_printf("mask in handler %lx, uc_sigmask %lx, first record %lx size %lu\n", (unsigned long)seen_mask,
              (unsigned long)seen_sigmask, (unsigned long)seen_magic, (unsigned long)seen_size);
    u64 now = 1;
    sys(NR_rt_sigprocmask, 0, 0, (long)&now, 8);
    sys(NR_rt_sigaction, SIGUSR1, 0, (long)&old, 8);
    rt_printf("mask after %lx, action after SA_RESETHAND %lx\n", (unsigned long)now, (unsigned long)old.handler);
    rt_flush();
    sys(NR_kill, pid, SIGUSR1, 0, 0);
    rt_printf("not reached\n");
    return 0;
}
