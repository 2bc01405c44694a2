// Signals in user mode, raised by kill/tgkill (abort() among them): the
// default action (the process ends, as Linux ends it), SIG_IGN, or a
// handler entered on the signal frame Linux builds
// (arch/arm64/kernel/signal.c: setup_rt_frame, setup_sigframe) and left by
// rt_sigreturn. Not modelled: sigaltstack, and signals for faults (an abort
// or UNDEF is still reported as a guest fault).
#include <fmt/format.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <memory>

#include "irqsim/linux_user.hpp"

namespace irqsim {

namespace {
// The arm64 signal frame (uapi asm/sigcontext.h, asm/ucontext.h,
// kernel/signal.c struct rt_sigframe): siginfo, then the ucontext whose
// mcontext holds the registers and, in __reserved, the FP/SIMD record.
struct GuestSigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    alignas(16) uint8_t reserved[4096];
};
struct GuestUcontext {
    uint64_t uc_flags, uc_link;
    uint64_t ss_sp;
    int32_t ss_flags, ss_pad;
    uint64_t ss_size;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - 8];
    GuestSigcontext mcontext;
};
struct GuestSiginfo {
    int32_t signo, err, code, pad;
    int32_t pid;
    uint32_t uid;
    uint8_t rest[128 - 24];
};
struct GuestSigframe {
    GuestSiginfo info;
    GuestUcontext uc;
};
static_assert(sizeof(GuestUcontext) == 4560 && offsetof(GuestUcontext, mcontext) == 176);
static_assert(sizeof(GuestSigframe) == 4688);

// struct fpsimd_context: FPSIMD_MAGIC, its size, FPSR, FPCR, V0..V31.
constexpr uint32_t kFpsimdMagic = 0x46508001, kFpsimdSize = 528;
constexpr int32_t kSsDisable = 2;       // no sigaltstack
constexpr uint64_t kSaSiginfo = 4, kSaRestorer = 0x04000000, kSaNodefer = 0x40000000, kSaResethand = 0x80000000;
constexpr uint64_t kUnblockable = (uint64_t{1} << (LinuxSignal::kSigKill - 1)) | (uint64_t{1} << (LinuxSignal::kSigStop - 1));
constexpr uint32_t kSigtrampCode[2] = {0xd2801168, 0xd4000001};  // mov x8, #139 (rt_sigreturn); svc #0
constexpr int kSiUser = 0, kSiTkill = -6;
}  // namespace

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
            if (!enter_handler(sig)) return;
            continue;  // Linux may stack another frame before returning to EL0
        }
        term_signal_ = sig;  // the default action ends the process
        cpu_->stop(StopReason::Halted);
        return;
    }
}

bool LinuxUserSystem::enter_handler(int sig) {
    Cpu& c = *cpu_;
    SigAction& k = sigactions_[sig - 1];
    if (!bus_.is_ram(LinuxUserLayout::kSigtramp, 8)) {
        bus_.map_ram(LinuxUserLayout::kSigtramp, LinuxUserLayout::kPageSize, "sigtramp");
        bus_.copy_in(LinuxUserLayout::kSigtramp, kSigtrampCode, sizeof kSigtrampCode);
    }
    // get_sigframe(): a frame record below the interrupted SP, then the
    // rt_sigframe below that, both 16-byte aligned.
    uint64_t record = (c.sp - 16) & ~uint64_t{15};
    uint64_t at = record - sizeof(GuestSigframe);
    auto frame = std::make_unique<GuestSigframe>();
    std::memset(frame.get(), 0, sizeof *frame);
    if (k.flags & kSaSiginfo) {
        frame->info.signo = sig;
        frame->info.code = sigcode_[sig - 1] && std::strcmp(sigcode_[sig - 1], "SI_TKILL") == 0 ? kSiTkill : kSiUser;
        frame->info.pid = static_cast<int32_t>(LinuxUserLayout::kPid);
        frame->info.uid = ::getuid();
    }
    GuestUcontext& uc = frame->uc;
    uc.ss_flags = kSsDisable;
    uc.uc_sigmask = sigmask_;
    for (int i = 0; i < 31; ++i) uc.mcontext.regs[i] = c.x[i];
    uc.mcontext.sp = c.sp;
    uc.mcontext.pc = c.pc;
    uc.mcontext.pstate = c.pstate();
    uint8_t* r = uc.mcontext.reserved;
    std::memcpy(r, &kFpsimdMagic, 4);
    std::memcpy(r + 4, &kFpsimdSize, 4);
    uint32_t fpsr = static_cast<uint32_t>(c.fpsr), fpcr = static_cast<uint32_t>(c.fpcr);
    std::memcpy(r + 8, &fpsr, 4);
    std::memcpy(r + 12, &fpcr, 4);
    std::memcpy(r + 16, c.v.data(), 32 * 16);
    // Then the end record {0, 0}: already zero.
    uint64_t frame_record[2] = {c.x[29], c.x[30]};
    if (!bus_.copy_in(at, frame.get(), sizeof *frame) || !bus_.copy_in(record, frame_record, sizeof frame_record)) {
        fault(c, fmt::format("signal {}: the signal frame at {:#x} does not fit on the stack (sp {:#x})", sig, at, c.sp));
        return false;
    }
    // setup_return().
    c.x[0] = static_cast<uint64_t>(sig);
    if (k.flags & kSaSiginfo) {
        c.x[1] = at + offsetof(GuestSigframe, info);
        c.x[2] = at + offsetof(GuestSigframe, uc);
    }
    c.sp = at;
    c.x[29] = record;
    c.x[30] = (k.flags & kSaRestorer) ? k.restorer : LinuxUserLayout::kSigtramp;
    c.pc = k.handler;
    // signal_delivered(): the handler runs with its mask and, unless
    // SA_NODEFER, the signal itself blocked; SA_RESETHAND restores SIG_DFL.
    sigmask_ |= k.mask | ((k.flags & kSaNodefer) ? 0 : uint64_t{1} << (sig - 1));
    sigmask_ &= ~kUnblockable;
    if (k.flags & kSaResethand) k = SigAction{};
    return true;
}

bool LinuxUserSystem::return_from_handler() {
    Cpu& c = *cpu_;
    auto frame = std::make_unique<GuestSigframe>();
    if ((c.sp & 15) || !bus_.copy_out(c.sp, frame.get(), sizeof *frame)) {
        fault(c, fmt::format("rt_sigreturn: no readable signal frame at sp {:#x} (Linux would deliver SIGSEGV)", c.sp));
        return false;
    }
    const GuestUcontext& uc = frame->uc;
    sigmask_ = uc.uc_sigmask & ~kUnblockable;
    for (int i = 0; i < 31; ++i) c.x[i] = uc.mcontext.regs[i];
    c.sp = uc.mcontext.sp;
    c.pc = uc.mcontext.pc;
    c.nzcv = static_cast<uint32_t>(uc.mcontext.pstate) & 0xf0000000u;  // valid_user_regs(): EL0t, flags only
    // The records in __reserved: restore the FP/SIMD one.
    const uint8_t* r = uc.mcontext.reserved;
    for (size_t off = 0; off + 8 <= sizeof uc.mcontext.reserved;) {
        uint32_t magic, size;
        std::memcpy(&magic, r + off, 4);
        std::memcpy(&size, r + off + 4, 4);
        if (magic == 0 || size < 8 || off + size > sizeof uc.mcontext.reserved) break;
        if (magic == kFpsimdMagic && size == kFpsimdSize) {
            uint32_t fpsr, fpcr;
            std::memcpy(&fpsr, r + off + 8, 4);
            std::memcpy(&fpcr, r + off + 12, 4);
            c.fpsr = fpsr;
            c.fpcr = fpcr;
            std::memcpy(c.v.data(), r + off + 16, 32 * 16);
        }
        off += size;
    }
    return true;
}

}  // namespace irqsim
