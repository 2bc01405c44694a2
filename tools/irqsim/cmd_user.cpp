// irqsim user: a static AArch64 Linux executable at EL0.
#include <fmt/format.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "irqsim/cycles.hpp"
#include "irqsim/elf.hpp"
#include "irqsim/gdb.hpp"
#include "irqsim/linux_user.hpp"
#include "irqsim/timer.hpp"
#include "cpu/disasm.hpp"
#include "cycles/cpu_model.hpp"

extern char** environ;

namespace irqsim::cli {

namespace {
// --trace: one line per instruction before it executes.
void trace_insn(void* ctx, Cpu& cpu) {
    auto* out = static_cast<std::FILE*>(ctx);
    uint32_t word = 0;
    if (!cpu.bus().copy_out(cpu.pc, &word, 4)) return;  // the fetch will abort and be reported
    fmt::print(out, "{:#018x}: {:08x}  {}\n", cpu.pc, word, disassemble(word, cpu.pc));
}

// The guest was ended by a signal: end ourselves by the same signal, so the
// shell sees what it sees for the program on Linux (status 128 + n, and
// "Aborted" for SIGABRT), as qemu-aarch64 does (linux-user/signal.c,
// dump_core_and_abort()). Like qemu, a signal whose default action dumps
// core is announced on stderr first; no core file is written, for the
// guest or for us.
[[noreturn]] void die_by_signal(int sig, bool core) {
    if (core) fmt::print(stderr, "irqsim: uncaught target signal {} ({}) - core dumped\n", sig, strsignal(sig));
    std::fflush(stderr);
    struct rlimit none {};
    setrlimit(RLIMIT_CORE, &none);
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, nullptr);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
    kill(getpid(), sig);
    std::_Exit(128 + sig);  // a signal that does not end a host process (none of the guest's can reach here)
}
// The guest's environment: irqsim's own, as under qemu-aarch64, with the
// -E and -U edits applied in order. A set replaces the variable where it
// stands (Linux keeps execve's order) or appends it. Empty when an edit is
// malformed, with `why` saying which.
std::vector<std::string> guest_environment(const std::vector<UserArgs::EnvEdit>& edits, std::string& why) {
    std::vector<std::string> env;
    for (char** e = environ; e && *e; ++e) env.emplace_back(*e);
    for (const UserArgs::EnvEdit& edit : edits) {
        const size_t eq = edit.text.find('=');
        if (edit.set ? eq == 0 || eq == std::string::npos : edit.text.empty() || eq != std::string::npos) {
            why = edit.set ? fmt::format("-E '{}': expected NAME=VALUE with a non-empty NAME", edit.text)
                           : fmt::format("-U '{}': expected a variable's NAME, without '='", edit.text);
            return {};
        }
        const std::string name = edit.set ? edit.text.substr(0, eq) : edit.text;
        auto same_name = [&name](const std::string& v) {
            return v.size() > name.size() && v.compare(0, name.size(), name) == 0 && v[name.size()] == '=';
        };
        auto it = std::find_if(env.begin(), env.end(), same_name);
        if (!edit.set) {
            env.erase(std::remove_if(env.begin(), env.end(), same_name), env.end());
        } else if (it != env.end()) {
            *it = edit.text;
            env.erase(std::remove_if(it + 1, env.end(), same_name), env.end());
        } else {
            env.push_back(edit.text);
        }
    }
    return env;
}
}  // namespace

int run_user(const UserArgs& a) {
    std::string env_error;
    std::vector<std::string> envp = guest_environment(a.env_edits, env_error);
    if (!env_error.empty()) {
        fmt::print(stderr, "irqsim user: {}\n", env_error);
        return kExitBadInput;
    }
    std::unique_ptr<gdb::Server> gdb_server;
    if (!listen_for_gdb("user", a.gdb_port, gdb_server)) return kExitBadInput;
    if (std::string why = clock_needs_core(a.clock, a.core); !why.empty()) {
        fmt::print(stderr, "irqsim user: {}\n", why);
        return kExitBadInput;
    }
    try {
        ElfImage image = load_elf(a.program);
        LinuxUserOptions opt;
        opt.argv.push_back(a.program);
        opt.argv.insert(opt.argv.end(), a.args.begin(), a.args.end());
        opt.envp = std::move(envp);
        opt.strace = a.strace;
        // --clock cycles: the guest's clock reads the model, which needs the
        // system's CPU, so it is found through a pointer set once both exist
        // (and the model, made after the system, goes before it).
        const cycles::CpuCycleModel* clock_model = nullptr;
        if (a.clock == "cycles") {
            uint64_t hz = core_clock_hz(a.core);
            opt.clock_ns = [&clock_model, hz](const Cpu&) { return ns_from_cycles(clock_model->cycles(), hz); };
        }
        LinuxUserSystem sys(image, std::move(opt));
        if (a.trace) sys.cpu().set_insn_observer(trace_insn, stderr);
        std::unique_ptr<cycles::CpuCycleModel> model;
        if (auto kind = cycles::parse_core(a.core))
            model = std::make_unique<cycles::CpuCycleModel>(sys.cpu(), cycles::core_model(*kind));
        clock_model = model.get();

        uint64_t budget = a.max_insns ? a.max_insns : ~uint64_t{0};
        UserRunResult r = gdb_server ? gdb::debug_user(*gdb_server, sys, budget) : sys.run(budget);
        std::fflush(stdout);
        if (a.stats && model) fmt::print(stderr, "cycles={}\n", model->cycles());
        if (a.stats) fmt::print(stderr, "insns={}\n", r.insns);
        switch (r.exit) {
            case UserExit::Exited: return r.status;
            case UserExit::Signaled: die_by_signal(r.signal, r.core);
            case UserExit::Fault: fmt::print(stderr, "{}", r.report); return kExitGuestFault;
            case UserExit::Stopped:  // not after debug_user: it runs to the end
            case UserExit::OutOfBudget:
                fmt::print(stderr, "irqsim user: {}: stopped after --max-insns {} instructions at pc {:#x}\n", a.program,
                           r.insns, sys.cpu().pc);
                return kExitOutOfInsns;
        }
    } catch (const ElfError& e) {
        fmt::print(stderr, "irqsim user: {}\n", e.what());
        return kExitBadInput;
    }
    return kExitBadInput;
}

}  // namespace irqsim::cli
