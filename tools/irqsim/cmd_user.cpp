// irqsim user: a static AArch64 Linux executable at EL0.
#include <fmt/format.h>

#include <cstdio>

#include "commands.hpp"
#include "irqsim/elf.hpp"
#include "irqsim/linux_user.hpp"
#include "cpu/disasm.hpp"

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
}  // namespace

int run_user(const UserArgs& a) {
    try {
        ElfImage image = load_elf(a.program);
        LinuxUserOptions opt;
        opt.argv.push_back(a.program);
        opt.argv.insert(opt.argv.end(), a.args.begin(), a.args.end());
        // The guest inherits our environment, as under qemu-aarch64.
        for (char** e = environ; e && *e; ++e) opt.envp.emplace_back(*e);
        opt.strace = a.strace;
        LinuxUserSystem sys(image, std::move(opt));
        if (a.trace) sys.cpu().set_insn_observer(trace_insn, stderr);

        UserRunResult r = sys.run(a.max_insns ? a.max_insns : ~uint64_t{0});
        std::fflush(stdout);
        if (a.stats) fmt::print(stderr, "insns={}\n", r.insns);
        switch (r.exit) {
            case UserExit::Exited: return r.status;
            case UserExit::Fault: fmt::print(stderr, "{}", r.report); return kExitGuestFault;
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
