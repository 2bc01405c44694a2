// Linux user mode: process set-up (memory map, initial stack as Linux's
// fs/binfmt_elf.c create_elf_tables() lays it out), the run loop, EL0
// system registers and fault reports. System calls are in syscalls.cpp.
#include "irqsim/linux_user.hpp"
#include "irqsim/observers.hpp"
#include "irqsim/timer.hpp"

#include <fmt/format.h>
#include <linux/auxvec.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>

#include "cpu/disasm.hpp"
#include "cpu/sysreg_table.hpp"

namespace irqsim {

namespace {

// AT_HWCAP bits from Linux's arch/arm64/include/uapi/asm/hwcap.h. We
// advertise only what the core implements: FP and Advanced SIMD (without
// FP16), CRC32 and the LSE atomics.
constexpr uint64_t kHwcapFp = 1u << 0;
constexpr uint64_t kHwcapAsimd = 1u << 1;
constexpr uint64_t kHwcapCrc32 = 1u << 7;
constexpr uint64_t kHwcapAtomics = 1u << 8;
constexpr uint64_t kHwcapCpuid = 1u << 11;  // MRS of the ID registers is emulated (see read_sysreg)
constexpr uint64_t kHwcap = kHwcapFp | kHwcapAsimd | kHwcapCrc32 | kHwcapAtomics | kHwcapCpuid;

// ELF_PLATFORM for little-endian arm64 (arch/arm64/include/asm/elf.h).
constexpr std::string_view kPlatform = "aarch64";

// AT_MINSIGSTKSZ (arch/arm64 ARCH_DLINFO): signal_minsigstksz, the signal
// frame Linux would build without SVE or SME: sizeof(struct rt_sigframe)
// (siginfo 128 + ucontext 4560, its __reserved[4096] holding fpsimd, esr
// and end records) plus a 16-byte frame record, plus 16 for alignment
// (arch/arm64/kernel/signal.c, minsigstksz_setup()).
constexpr uint64_t kMinSigStkSz = 128 + 4560 + 16 + 16;
#ifndef AT_MINSIGSTKSZ
#define AT_MINSIGSTKSZ 51
#endif

// splitmix64: a small, well-mixed generator for the AT_RANDOM bytes.
uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

LinuxUserSystem::LinuxUserSystem(const ElfImage& image, LinuxUserOptions options)
    : image_(image), opt_(std::move(options)), sysregs_(std::make_unique<SysRegState>()) {
    cpu_ = std::make_unique<Cpu>(bus_, *this);
    reset_sysregs(*cpu_, *sysregs_);
    set_linux_el0_controls(*cpu_, *sysregs_);
    // The generic timer's count follows the same clock as clock_gettime.
    sysregs_->timer.ctx = this;
    sysregs_->timer.counter = [](void* ctx, const Cpu&) {
        return ticks_from_ns(static_cast<const LinuxUserSystem*>(ctx)->now_ns());
    };
    map_and_copy(bus_, image_, ElfPlacement::MapRam);
    // The heap starts at the page after the image (Linux: start_brk =
    // ELF_PAGEALIGN(end of bss), before randomisation, which we leave out).
    brk_start_ = brk_ = brk_mapped_ = (image_.highest_address() + Bus::kPageMask) & ~Bus::kPageMask;
    bus_.map_ram(LinuxUserLayout::kStackTop - LinuxUserLayout::kStackSize, LinuxUserLayout::kStackSize, "stack");
    build_stack();
    // getrandom draws from its own stream of the run's seed.
    random_state_ = opt_.random_seed ^ 0x6765'7472'616e'646full;
    // readlink("/proc/self/exe"): the image's absolute path, as Linux and
    // qemu give it.
    if (char* real = ::realpath(image_.path.c_str(), nullptr)) {
        exe_path_ = real;
        std::free(real);
    } else {
        exe_path_ = image_.path;
    }
    // Linux's defaults for a process started from a shell (INIT_RLIMITS in
    // include/asm-generic/resource.h, the 8 MiB stack, a core limit of 0 as
    // Debian's shells set it); RLIM_INFINITY elsewhere. Numbers from
    // asm-generic/resource.h.
    enum { kCore = 4, kNproc = 6, kNofile = 7, kMemlock = 8, kSigpending = 11, kMsgqueue = 12, kNice = 13, kRtprio = 14 };
    constexpr uint64_t kInfinity = ~uint64_t{0};
    for (auto& r : rlimits_) r = {kInfinity, kInfinity};
    rlimits_[3] = {LinuxUserLayout::kStackSize, kInfinity};  // RLIMIT_STACK
    rlimits_[kCore] = {0, kInfinity};
    rlimits_[kNofile] = {1024, 1024 * 1024};
    rlimits_[kMemlock] = {8 << 20, 8 << 20};
    rlimits_[kNproc] = rlimits_[kSigpending] = {63204, 63204};
    rlimits_[kMsgqueue] = {819200, 819200};
    rlimits_[kNice] = rlimits_[kRtprio] = {0, 0};
    // start_thread(): EL0, SP_EL0, every general-purpose register zero.
    Cpu& c = *cpu_;
    c.select_stack(ExceptionLevel::EL0, false);
    c.sp = initial_sp_;
    c.pc = image_.entry;
}

LinuxUserSystem::~LinuxUserSystem() = default;

// The initial stack, from the top down (fs/exec.c and create_elf_tables()):
// 8 unused bytes, the executable's file name (AT_EXECFN), the environment
// strings, the argument strings; then, 16-byte aligned, the platform string
// and the 16 AT_RANDOM bytes; then, with SP rounded down to 16, argc, the
// argv pointers and NULL, the envp pointers and NULL, and the auxv pairs.
void LinuxUserSystem::build_stack() {
    uint64_t p = LinuxUserLayout::kStackTop - 8;
    auto push_bytes = [&](const void* data, size_t len) {
        p -= len;
        if (!bus_.copy_in(p, data, len)) throw ElfError(fmt::format("{}: arguments do not fit on the stack", image_.path));
        return p;
    };
    auto push_string = [&](const std::string& s) { return push_bytes(s.c_str(), s.size() + 1); };

    std::vector<std::string> argv = opt_.argv;
    if (argv.empty()) argv.push_back(image_.path);
    std::string execfn = opt_.execfn.empty() ? argv[0] : opt_.execfn;

    uint64_t execfn_addr = push_string(execfn);
    std::vector<uint64_t> envp_addr(opt_.envp.size()), argv_addr(argv.size());
    for (size_t i = opt_.envp.size(); i-- > 0;) envp_addr[i] = push_string(opt_.envp[i]);
    for (size_t i = argv.size(); i-- > 0;) argv_addr[i] = push_string(argv[i]);

    p &= ~uint64_t{15};  // arch_align_stack() without randomisation
    uint64_t platform_addr = push_string(std::string(kPlatform));
    uint8_t random[16];
    uint64_t seed = opt_.random_seed;
    for (int i = 0; i < 16; i += 8) {
        uint64_t r = splitmix64(seed);
        std::memcpy(random + i, &r, 8);
    }
    uint64_t random_addr = push_bytes(random, sizeof random);

    std::vector<std::pair<uint64_t, uint64_t>> auxv = {
        {AT_MINSIGSTKSZ, kMinSigStkSz},  // ARCH_DLINFO comes first (no vDSO: no AT_SYSINFO_EHDR)
        {AT_HWCAP, kHwcap},
        {AT_PAGESZ, LinuxUserLayout::kPageSize},
        {AT_CLKTCK, 100},  // USER_HZ
        {AT_PHDR, image_.phdr_addr},
        {AT_PHENT, image_.phent},
        {AT_PHNUM, image_.phnum},
        {AT_BASE, 0},  // no interpreter
        {AT_FLAGS, 0},
        {AT_ENTRY, image_.entry},
        {AT_UID, ::getuid()},
        {AT_EUID, ::geteuid()},
        {AT_GID, ::getgid()},
        {AT_EGID, ::getegid()},
        {AT_SECURE, 0},
        {AT_RANDOM, random_addr},
        {AT_HWCAP2, 0},
        {AT_EXECFN, execfn_addr},
        {AT_PLATFORM, platform_addr},
        {AT_NULL, 0},
    };
    std::vector<uint64_t> table;
    table.push_back(argv.size());
    table.insert(table.end(), argv_addr.begin(), argv_addr.end());
    table.push_back(0);
    table.insert(table.end(), envp_addr.begin(), envp_addr.end());
    table.push_back(0);
    for (auto [k, v] : auxv) table.insert(table.end(), {k, v});

    uint64_t sp = (p - table.size() * 8) & ~uint64_t{15};  // STACK_ROUND
    if (!bus_.copy_in(sp, table.data(), table.size() * 8))
        throw ElfError(fmt::format("{}: arguments do not fit on the stack", image_.path));
    initial_sp_ = sp;
}

uint64_t LinuxUserSystem::now_ns() const { return opt_.clock_ns ? opt_.clock_ns(*cpu_) : cpu_->instructions_now(); }

UserRunResult LinuxUserSystem::run(uint64_t max_insns) {
    Cpu& c = *cpu_;
    const uint64_t start = c.instructions_retired();
    bool stopped = false;
    while (!exited_ && !faulted_ && !term_signal_ && !stopped) {
        uint64_t used = c.instructions_retired() - start;
        if (used >= max_insns) break;
        stopped = c.run(max_insns - used) == StopReason::Breakpoint;
        // SVC asks the run loop to return so the call sees an exact
        // instruction count (the deterministic clock).
        if (syscall_pending_) {
            syscall_pending_ = false;
            do_syscall();
        }
    }
    UserRunResult r;
    r.insns = c.instructions_retired() - start;
    r.exit = exited_         ? UserExit::Exited
             : faulted_      ? UserExit::Fault
             : term_signal_  ? UserExit::Signaled
             : stopped       ? UserExit::Stopped
                             : UserExit::OutOfBudget;
    r.status = exit_status_;
    r.signal = term_signal_;
    r.core = term_signal_ && LinuxSignal::default_core(term_signal_);
    r.report = report_;
    return r;
}

// --- exceptions from EL0 -------------------------------------------------------
// SVC's preferred return address is the next instruction (Arm ARM D1.10.1).
void LinuxUserSystem::supervisor_call(Cpu& c, uint16_t) {
    c.pc += 4;
    syscall_pending_ = true;
    c.request_exit();
}

void LinuxUserSystem::fault(Cpu& c, const std::string& what, bool fetch_failed) {
    faulted_ = true;
    std::string r = fmt::format("irqsim: guest fault: {}\n", what);
    uint32_t word = 0;
    if (!fetch_failed && bus_.copy_out(c.pc, &word, 4))
        r += fmt::format("  pc {:#x} <{}>: {:08x}  {}\n", c.pc, image_.symbolize(c.pc), word, disassemble(word, c.pc));
    else
        r += fmt::format("  pc {:#x} <{}> (no instruction there)\n", c.pc, image_.symbolize(c.pc));
    r += fmt::format("  lr {:#x} <{}>  sp {:#x}  fp {:#x}\n", c.x[30], image_.symbolize(c.x[30]), c.sp, c.x[29]);
    // A backtrace from the AAPCS64 frame records (the shared walker); a
    // zero return address ends it (the outermost frame of _start).
    r += "  backtrace (frame records):\n";
    r += fmt::format("    #0 {:#x} <{}>\n", c.pc, image_.symbolize(c.pc));
    UnwindResult u = unwind_frame_records(bus_, c.x[29], 31);
    for (size_t i = 0; i < u.return_addresses.size() && u.return_addresses[i]; ++i)
        r += fmt::format("    #{} {:#x} <{}>\n", i + 1, u.return_addresses[i], image_.symbolize(u.return_addresses[i]));
    report_ = std::move(r);
    c.stop(StopReason::Fault);
}

void LinuxUserSystem::breakpoint(Cpu& c, uint16_t imm) {
    fault(c, fmt::format("BRK #{:#x} (Linux would deliver SIGTRAP)", imm));
}

void LinuxUserSystem::undefined(Cpu& c, uint32_t word) {
    fault(c, fmt::format("undefined instruction {:08x} (Linux would deliver SIGILL)", word));
}

void LinuxUserSystem::abort(Cpu& c, AccessKind kind, uint64_t addr, bool alignment) {
    const char* access = kind == AccessKind::Read ? "read" : kind == AccessKind::Write ? "write" : "instruction fetch";
    if (alignment)
        fault(c, fmt::format("alignment fault: {} at address {:#x} (Linux would deliver SIGBUS)", access, addr),
              kind == AccessKind::Fetch);
    else
        fault(c, fmt::format("{} abort at address {:#x} (Linux would deliver SIGSEGV)", access, addr),
              kind == AccessKind::Fetch);
}

void LinuxUserSystem::sp_alignment_fault(Cpu& c) {
    fault(c, fmt::format("SP alignment fault: sp {:#x} (Linux would deliver SIGBUS)", c.sp));
}

// --- EL0 system registers ---------------------------------------------------------
// The access rules are the system-register table's, under the EL0 controls
// Linux sets. A trap to EL1 is, for Linux, a SIGILL (UNDEFINED here) except
// for MRS of the ID registers (op0=3, op1=0, CRn=0), which Linux emulates
// (arch/arm64/kernel/cpufeature.c, emulate_mrs): MPIDR_EL1 reads as bit 31
// only, REVIDR_EL1 as 0, the others as the CPU's own.
namespace {
bool is_id_register(uint32_t encoding) { return (encoding & ~uint32_t{0x7f}) == sysreg(3, 0, 0, 0, 0); }
}  // namespace

bool LinuxUserSystem::read_sysreg(Cpu& c, uint32_t encoding, uint64_t& value) {
    if (sysreg_access(c, *sysregs_, encoding, true, value, ExceptionLevel::EL0) == SysRegResult::Ok) return true;
    if (!is_id_register(encoding)) return false;
    if (encoding == sysreg(3, 0, 0, 0, 5)) {
        value = uint64_t{1} << 31;
        return true;
    }
    if (encoding == sysreg(3, 0, 0, 0, 6)) {
        value = 0;
        return true;
    }
    return sysreg_access(c, *sysregs_, encoding, true, value, ExceptionLevel::EL1) == SysRegResult::Ok;
}
bool LinuxUserSystem::write_sysreg(Cpu& c, uint32_t encoding, uint64_t value) {
    return sysreg_access(c, *sysregs_, encoding, false, value, ExceptionLevel::EL0) == SysRegResult::Ok;
}
bool LinuxUserSystem::write_pstate_field(Cpu& c, uint32_t op1_op2, uint32_t imm4) {
    return pstate_field_access(c, *sysregs_, op1_op2, imm4, ExceptionLevel::EL0) == SysRegResult::Ok;
}
// SYS at EL0: the cache maintenance SCTLR_EL1.UCI allows (no caches are
// modelled, so nothing to do) and DC ZVA, which zeroes a 64-byte block
// (DCZID_EL0.BS = 4). Everything else is UNDEFINED at EL0.
bool LinuxUserSystem::system_instruction(Cpu& c, uint32_t encoding, uint64_t xt) {
    constexpr uint64_t kZvaBytes = 64;
    if (encoding == sysreg(1, 3, 7, 4, 1)) {  // DC ZVA
        if (!c.bus().fill(xt & ~(kZvaBytes - 1), 0, kZvaBytes)) abort(c, AccessKind::Write, xt, false);
        return true;
    }
    switch (encoding) {
        case sysreg(1, 3, 7, 5, 1):   // IC IVAU
        case sysreg(1, 3, 7, 10, 1):  // DC CVAC
        case sysreg(1, 3, 7, 11, 1):  // DC CVAU
        case sysreg(1, 3, 7, 14, 1):  // DC CIVAC
            return true;
        default: return false;
    }
}

}  // namespace irqsim
