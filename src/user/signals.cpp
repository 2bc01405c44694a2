// Signals in user mode: enough for abort() and kill()/raise() of a signal
// whose action is the default (the process ends, as Linux ends it) or
// SIG_IGN. Handlers are recorded by rt_sigaction but not yet run: taking
// one needs a signal frame (arch/arm64/kernel/signal.c), which is not
// modelled; such a delivery is reported as a guest fault.
#include <fmt/format.h>
#include <unistd.h>

#include "irqsim/linux_user.hpp"

namespace irqsim {

const char* LinuxSignal::strace_name(uint64_t sig) {
    // QEMU 7.2's table (linux-user/signal-common.h): SIGIOT, not SIGABRT, for 6.
    static const char* const names[32] = {
        nullptr,   "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",  "SIGTRAP",   "SIGIOT",  "SIGBUS",
        "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2", "SIGPIPE",   "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN",   "SIGTTOU", "SIGURG",
        "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO",    "SIGPWR",  "SIGSYS",
    };
    return sig < 32 ? names[sig] : nullptr;
}

bool LinuxSignal::default_ignored(int sig) {
    switch (sig) {
        case 17: case 18: case 23: case 28:           // SIGCHLD SIGCONT SIGURG SIGWINCH: Ign
        case 19: case 20: case 21: case 22: return true;  // SIGSTOP SIGTSTP SIGTTIN SIGTTOU: Stop
        default: return false;
    }
}

bool LinuxSignal::default_core(int sig) {
    switch (sig) {
        case 3: case 4: case 5: case 6: case 7: case 8: case 11: case 24: case 25: case 31: return true;
        default: return false;
    }
}

void LinuxUserSystem::raise_signal(int sig, const char* si_code) {
    const SigAction& k = sigactions_[sig - 1];
    // A signal whose action is to ignore it is discarded when sent, blocked
    // or not (kernel/signal.c, sig_ignored()), except that a blocked one
    // stays pending in case the action changes.
    uint64_t bit = uint64_t{1} << (sig - 1);
    bool ignored = k.handler == 1 || (k.handler == 0 && LinuxSignal::default_ignored(sig));
    if (ignored && !(sigmask_ & bit)) return;
    sigpending_ |= bit;
    sigcode_[sig - 1] = si_code;
}

void LinuxUserSystem::deliver_pending_signals() {
    while (uint64_t ready = sigpending_ & ~sigmask_) {
        int sig = __builtin_ctzll(ready) + 1;
        sigpending_ &= ~(uint64_t{1} << (sig - 1));
        const SigAction& k = sigactions_[sig - 1];
        if (k.handler == 1 || (k.handler == 0 && LinuxSignal::default_ignored(sig))) continue;
        if (opt_.strace) {
            // qemu's print_taken_signal().
            const char* name = LinuxSignal::strace_name(sig);
            std::string n = name ? name : std::to_string(sig);
            fmt::print(opt_.strace_out, "--- {} {{si_signo={}, si_code={}, si_pid={}, si_uid={}}} ---\n", n, n,
                       sigcode_[sig - 1] ? sigcode_[sig - 1] : "SI_USER", LinuxUserLayout::kPid, ::getuid());
            std::fflush(opt_.strace_out);
        }
        if (k.handler != 0) {
            fault(*cpu_, fmt::format("signal {} has a handler at {:#x}; running signal handlers is not implemented", sig,
                                     k.handler));
            return;
        }
        term_signal_ = sig;  // the default action ends the process
        cpu_->stop(StopReason::Halted);
        return;
    }
}

}  // namespace irqsim
