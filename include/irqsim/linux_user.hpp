// Linux user mode: a static AArch64 Linux executable runs at EL0 on one
// CPU, and its system calls are served here (as qemu-aarch64 does), with a
// deterministic clock so that runs are reproducible.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "irqsim/cpu.hpp"
#include "irqsim/elf.hpp"
#include "irqsim/memory.hpp"

namespace irqsim {

struct SysRegState;

struct LinuxUserOptions {
    std::vector<std::string> argv;  // argv[0] is the program name as given
    std::vector<std::string> envp;  // "NAME=value"
    // AT_EXECFN; argv[0] (or the image's path) when empty.
    std::string execfn;
    // Seeds the 16 AT_RANDOM bytes and what getrandom returns, so runs are
    // reproducible.
    uint64_t random_seed = 0;
    // Print each system call to strace_out, as qemu-aarch64 -strace does.
    bool strace = false;
    std::FILE* strace_out = stderr;
    // Where writes to fd 1 and 2 go; by default the host's fd 1 and 2.
    std::function<void(int fd, std::string_view bytes)> output;
    // The guest's clock in ns (clock_gettime, sysinfo's uptime, CNTVCT_EL0
    // at CNTFRQ_EL0): null, one ns per instruction retired; `irqsim user
    // --clock cycles` gives a cost model's cycles at its core's clock.
    std::function<uint64_t(const Cpu&)> clock_ns;
};

// How a run ended.
enum class UserExit : uint8_t {
    Exited,       // exit/exit_group: status holds the guest's exit status
    Fault,        // an abort, UNDEF or BRK the guest could not handle: see report
    OutOfBudget,  // max_insns ran out
    Signaled,     // a signal whose default action ends the process: see signal
    Stopped,      // a debugger's breakpoint or watchpoint stopped it; run() resumes
};

struct UserRunResult {
    UserExit exit = UserExit::Exited;
    int status = 0;       // exit status (0..255) when Exited
    int signal = 0;       // the signal number when Signaled
    bool core = false;    // Signaled by a signal whose default action dumps core
    uint64_t insns = 0;   // instructions retired
    std::string report;   // fault description (PC, instruction, address, backtrace)
};

// The layout of the initial stack and memory map (for tests and tools).
struct LinuxUserLayout {
    static constexpr uint64_t kStackTop = uint64_t{1} << 48;  // TASK_SIZE for 48-bit VAs
    static constexpr uint64_t kStackSize = uint64_t{8} << 20;  // RLIMIT_STACK default
    static constexpr uint64_t kMmapBase = 0x7f00'0000'0000;    // first choice for mmap without a hint
    static constexpr uint64_t kPageSize = 4096;
    // The process and thread id the guest sees (getpid, gettid,
    // set_tid_address): a constant, so that runs are reproducible.
    static constexpr uint64_t kPid = 1000;
    // The page holding the signal return trampoline (MOV X8, #139; SVC #0),
    // where a handler returns when it gave no SA_RESTORER (Linux puts it in
    // the vDSO, qemu in a page of its own); below the stack, past a gap.
    static constexpr uint64_t kSigtramp = kStackTop - kStackSize - 2 * kPageSize;
};

// Signal numbers and default actions (asm-generic/signal.h; signal(7)).
struct LinuxSignal {
    static constexpr int kSigKill = 9, kSigStop = 19, kMax = 64;
    // The name qemu-aarch64 -strace prints (SIGIOT for 6, as qemu 7.2 does),
    // or nullptr for the real-time signals, which it prints as numbers.
    static const char* strace_name(uint64_t sig);
    // True when the default action ignores the signal (SIGCHLD, SIGURG,
    // SIGWINCH, SIGCONT) or stops the process (one process, nobody to
    // continue it: treated as ignored, as a stopped process is not ended).
    static bool default_ignored(int sig);
    // True when the default action dumps core (signal(7) "Core").
    static bool default_core(int sig);
};

class LinuxUserSystem final : public SystemInterface {
public:
    // Maps the image and builds the initial stack; throws ElfError for an
    // image that cannot be placed.
    LinuxUserSystem(const ElfImage& image, LinuxUserOptions options);
    ~LinuxUserSystem() override;

    Bus& bus() { return bus_; }
    Cpu& cpu() { return *cpu_; }
    const ElfImage& image() const { return image_; }
    uint64_t initial_sp() const { return initial_sp_; }

    // Runs until the guest exits, faults, or max_insns instructions retire.
    UserRunResult run(uint64_t max_insns = ~uint64_t{0});

    // --- SystemInterface ----------------------------------------------------
    void supervisor_call(Cpu& cpu, uint16_t imm) override;
    void breakpoint(Cpu& cpu, uint16_t imm) override;
    void undefined(Cpu& cpu, uint32_t word) override;
    void abort(Cpu& cpu, AccessKind kind, uint64_t addr, bool alignment) override;
    void sp_alignment_fault(Cpu& cpu) override;
    bool read_sysreg(Cpu& cpu, uint32_t encoding, uint64_t& value) override;
    bool write_sysreg(Cpu& cpu, uint32_t encoding, uint64_t value) override;
    bool write_pstate_field(Cpu& cpu, uint32_t op1_op2, uint32_t imm4) override;
    bool system_instruction(Cpu& cpu, uint32_t encoding, uint64_t xt) override;
    void wait_for_interrupt(Cpu& cpu) override {}
    void wait_for_event(Cpu& cpu) override {}

private:
    struct Syscalls;
    friend struct Syscalls;

    void build_stack();
    uint64_t now_ns() const;  // LinuxUserOptions::clock_ns
    void fault(Cpu& cpu, const std::string& what, bool fetch_failed = false);
    void do_syscall();
    // Makes sig (1..64) pending (si_code is what the strace line will show);
    // deliver_pending_signals() takes the unblocked ones: ignored, ending the
    // run, or entering the handler on a signal frame.
    void raise_signal(int sig, const char* si_code);
    void deliver_pending_signals();
    // Builds the signal frame and enters the handler; false (after a fault
    // report) when the frame does not fit on the stack.
    bool enter_handler(int sig);
    // rt_sigreturn: restores what enter_handler saved; false after a fault
    // report for a frame that cannot be read.
    bool return_from_handler();

    ElfImage image_;
    LinuxUserOptions opt_;
    Bus bus_;
    std::unique_ptr<SysRegState> sysregs_;
    std::unique_ptr<Cpu> cpu_;
    uint64_t initial_sp_ = 0;

    bool syscall_pending_ = false;
    bool exited_ = false;
    bool faulted_ = false;
    int exit_status_ = 0;
    std::string report_;

    // brk: [brk_start_, brk_) is the heap; RAM is mapped up to brk_mapped_.
    uint64_t brk_start_ = 0, brk_ = 0, brk_mapped_ = 0;
    uint64_t brk_piece_ = 0;  // base of the RAM region brk last grew

    uint64_t random_state_ = 0;  // getrandom's generator (seeded from random_seed)
    uint64_t clear_child_tid_ = 0;  // set_tid_address
    std::string exe_path_;          // what readlink("/proc/self/exe") returns

    // Signals: the actions (struct sigaction as arm64 passes it to
    // rt_sigaction: handler, flags, restorer, mask), the blocked mask and
    // the pending set (bit n-1 for signal n).
    struct SigAction {
        uint64_t handler = 0, flags = 0, restorer = 0, mask = 0;
    };
    std::array<SigAction, LinuxSignal::kMax> sigactions_{};
    uint64_t sigmask_ = 0, sigpending_ = 0;
    std::array<const char*, LinuxSignal::kMax> sigcode_{};  // si_code of each pending signal
    int term_signal_ = 0;  // the signal that ended the run

    // prlimit64: {soft, hard} for RLIMIT_CPU .. RLIMIT_RTTIME.
    std::array<std::array<uint64_t, 2>, 16> rlimits_{};
};

}  // namespace irqsim
