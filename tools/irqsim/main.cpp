// irqsim: the command line. Subcommands follow DESIGN.md; each one's options
// are parsed here and handed to its run_* function as a plain struct.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "commands.hpp"

using namespace irqsim::cli;

constexpr const char* kClockHelp =
    "What CNTPCT/CNTVCT and the timer run on: insns (1 ns per instruction, as QEMU's -icount shift=0) or cycles "
    "(the --core model's cycles at the core's clock, docs/cycles.md; needs a core model)";

// --core and --clock, as compare, boot and user take them; `core_help` says
// what the model does there.
void add_cost_model_options(CLI::App* sub, std::string& core, std::string& clock, const std::string& core_help,
                            const char* clock_help = kClockHelp) {
    sub->add_option("--core", core, core_help)
        ->check(CLI::IsMember({"flat", "a53", "a57", "a72"}))
        ->capture_default_str();
    sub->add_option("--clock", clock, clock_help)->check(CLI::IsMember({"insns", "cycles"}))->capture_default_str();
}

constexpr const char* kGdbHelp =
    "Wait for gdb on 127.0.0.1:PORT (0: a free port; the port is printed) and run under it; every CPU is a "
    "thread. gdb's kill ends the run (exit status 3)";

int main(int argc, char** argv) {
    CLI::App app{"irqsim: an AArch64 simulator for comparing arm64 IRQ-stack designs"};
    app.require_subcommand(1);
    app.footer(
        "Exit status: the guest's own status; 2 for bad arguments or input; 3 when --max-insns runs out;\n"
        "4 for a guest fault (the report names the PC, the instruction and the faulting address).\n"
        "Run 'irqsim SUBCOMMAND --help' for a subcommand's options.");

    CompareArgs cmp;
    auto* c = app.add_subcommand("compare",
                                 "Run the IRQ-stack designs on a workload and print them side by side.\n"
                                 "With no options: the built-in workload on task, copy, sp_el0 and mainline.");
    c->add_option("--designs,--design", cmp.designs, "Comma-separated designs (task, copy, sp_el0, mainline, mainline_v4_10, mainline_v4_14) "
                  "or paths to kernel images ending in .elf (docs/tutorial.md)")
        ->capture_default_str();
    c->add_option("--workload", cmp.workload,
                  "Workload: 'default' (built in), a name from workloads/ (nested-heavy) or a TOML file "
                  "(docs/workload.md)")
        ->capture_default_str();
    c->add_option("--cpus", cmp.cpus, "CPUs (default: the workload's)")->check(CLI::Range(1, 8));
    c->add_option("--gic", cmp.gic, "Interrupt controller (default: the workload's)")
        ->check(CLI::IsMember({"v2", "v3"}));
    add_cost_model_options(c, cmp.core, cmp.clock,
                           "Cost model: a53, a57, a72 (docs/cycles.md; each design also runs once with cold caches), "
                           "or flat (1 cycle per instruction, one run)");
    c->add_flag("--profile", cmp.profile,
                "Also print each design's cycle profile: cycles, instructions and stall reasons per ELF symbol and "
                "per IRQ phase (docs/cycles.md)");
    c->add_option("--irqs", cmp.irqs, "Stop each run after about this many timer ticks on CPU 0 (0: the workload's own)");
    c->add_option("--seed", cmp.seed, "Seed of the workload's randomness (default: the workload's)");
    c->add_option("--interleave-seed", cmp.interleave_seed,
                  "Seed of the CPUs' interleaving: turn lengths and order (0: fixed round-robin)")
        ->capture_default_str();
    c->add_option("--format", cmp.format, "Output: table, json or csv")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    c->add_option("--out", cmp.out_dir, "Also write report.txt, report.json, report.csv and the run's workload.toml into this folder");
    c->add_option("--kernel-dir", cmp.kernel_dir, "Folder with kernel-<design>.elf (default: the build tree's)");
    c->add_option("--gdb", cmp.gdb_port, std::string("With one --design: ") + kGdbHelp);
    c->add_option("--trace-out", cmp.trace_out,
                  "Write a timeline of every design's run (Perfetto/Chrome trace-event JSON, a process per design)");
    c->add_option("--jobs", cmp.jobs,
                  "Host threads, each running whole designs (default: every local core; 1 with --gdb, --trace-out "
                  "or --out). The designs are independent simulations: the report is the same for any value");
    c->footer(
        "Exit status: 0 when every design ran to its power-off; 2 for bad arguments or input; 4 when a design did\n"
        "not (a guest fault, a deadlock or a run that never ended: its outcome row says which).");

    BootArgs boot;
    auto* b = app.add_subcommand("boot", "Run a bare-metal AArch64 image on the QEMU virt-compatible board");
    b->add_option("IMAGE", boot.image, "ELF image (entered at EL1h with DAIF masked, like qemu -kernel)")->required();
    b->add_option("--smp", boot.smp, "CPUs (secondaries start off; PSCI CPU_ON brings them up)")
        ->check(CLI::Range(1, 8))
        ->capture_default_str();
    b->add_option("--gic", boot.gic, "GIC version")->check(CLI::IsMember({"v2", "v3"}))->capture_default_str();
    add_cost_model_options(b, boot.core, boot.clock,
                           "Cost model behind PMCCNTR_EL0 (and --clock cycles): a53, a57, a72 (docs/cycles.md), or "
                           "flat (1 cycle per instruction, as QEMU)");
    b->add_flag("--icount", boot.icount, "1 ns per instruction, as QEMU's -icount shift=0 (--clock insns, the default)");
    b->add_flag("--stats", boot.stats, "At exit, print cycles=M (every CPU's, from the --core model) and insns=N to stderr");
    b->add_flag("--semihosting", boot.semihosting, "Serve semihosting calls (HLT #0xf000)");
    b->add_option("--trace-exceptions", boot.trace_exceptions,
                  "Write exception entries and returns as qemu-system-aarch64 -d int does");
    b->add_option("--max-insns", boot.max_insns, "Stop after N instructions (exit status 3)");
    b->add_option("--trace-out", boot.trace_out, "Write a timeline of the run (Perfetto/Chrome trace-event JSON)");
    b->add_option("--interleave-seed", boot.interleave_seed,
                  "Seed of the CPUs' interleaving: turn lengths and order (0: fixed round-robin)")
        ->capture_default_str();
    b->add_option("--gdb", boot.gdb_port, kGdbHelp);
    CyclesArgs cyc;
    auto* y = app.add_subcommand("cycles", "The cost model on a straight-line block, in llvm-mca's terms");
    y->add_option("BLOCK", cyc.block, "A64 assembly (GNU as syntax)")->required();
    y->add_option("--core", cyc.core, "Core model")->check(CLI::IsMember({"a53", "a57", "a72"}))->capture_default_str();
    y->add_option("--iterations", cyc.iterations, "Times the block runs (llvm-mca's -iterations)")->capture_default_str();
    y->footer("Exit status: 0; 2 for bad arguments or a block the assembler or the model refuses.");
    SweepArgs sw;
    auto* sweep = app.add_subcommand("sweep",
                                     "Run a grid of workloads x designs (a TOML file, docs/sweep.md) on every local core;\n"
                                     "one CSV row and one JSON line per run in --out, resumable, splittable with --shard");
    sweep->add_option("FILE", sw.file, "The sweep file")->required();
    sweep->add_option("--out", sw.out_dir, "Folder for runs/ and results.csv, results.jsonl")->required();
    sweep->add_option("--shard", sw.shard, "Run only the points whose index % N == I (0 <= I < N), e.g. 0/4");
    sweep->add_option("--jobs", sw.jobs, "Host threads (default: every local core)");
    sweep->add_option("--max-runs", sw.max_runs, "Stop after this many new runs (run again to go on)");
    sweep->add_option("--kernel-dir", sw.kernel_dir, "Folder with kernel-<design>.elf (default: the build tree's)");
    sweep->footer(
        "Exit status: 0 when every run powered off cleanly; 2 for bad arguments or a bad sweep file;\n"
        "4 when some run did not (its outcome column says why).");

    UserArgs user;
    std::vector<std::string> user_rest;
    auto* u = app.add_subcommand("user",
                                 "Run a static AArch64 Linux executable at EL0, like qemu-aarch64.\n"
                                 "Usage: irqsim user [OPTIONS] PROG.elf [ARGS...]\n"
                                 "Everything after PROG.elf is passed to the program as its arguments.");
    u->add_flag("--stats", user.stats, "At exit, print insns=N (instructions retired) to stderr");
    u->add_flag("--strace", user.strace, "Print each system call, name(args) = result, to stderr");
    u->add_flag("--trace", user.trace, "Print every executed instruction (PC, word, disassembly) to stderr");
    add_cost_model_options(u, user.core, user.clock,
                           "Cost model: a53, a57, a72 (docs/cycles.md; --stats also prints cycles=N), or flat (none)",
                           "What clock_gettime and CNTVCT run on: insns (1 ns per instruction) or cycles (the --core "
                           "model's cycles at the core's clock, docs/cycles.md; needs a core model)");
    u->add_option("--max-insns", user.max_insns, "Stop after N instructions (exit status 3)");
    u->add_option("--gdb", user.gdb_port, kGdbHelp);
    std::vector<std::string> user_set_env, user_unset_env;
    auto* set_env = u->add_option("-E,--env", user_set_env,
                                  "Set NAME to VALUE in the program's environment (repeatable; as qemu-aarch64 -E)")
                        ->type_name("NAME=VALUE")
                        ->expected(1)
                        ->allow_extra_args(false)  // one NAME=VALUE each: PROG.elf is not one
                        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    auto* unset_env = u->add_option("-U,--unset-env", user_unset_env,
                                    "Remove NAME from the program's environment (repeatable; as qemu-aarch64 -U)")
                          ->type_name("NAME")
                          ->expected(1)
                          ->allow_extra_args(false)
                          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    // Stop at the first positional: PROG.elf and the guest's arguments go to
    // remaining(), so the guest's own options are not ours to parse.
    u->prefix_command();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : kExitBadInput;
    }
    if (c->parsed()) return run_compare(cmp);
    if (b->parsed()) return run_boot(boot);
    if (y->parsed()) return run_cycles(cyc);
    if (sweep->parsed()) return run_sweep(sw);
    if (u->parsed()) {
        user_rest = u->remaining();
        if (user_rest.empty()) {
            std::fprintf(stderr, "irqsim user: missing PROG.elf\n%s", u->help().c_str());
            return kExitBadInput;
        }
        if (u->count("--max-insns") && user.max_insns == 0) {
            std::fprintf(stderr, "irqsim user: --max-insns must be at least 1\n");
            return kExitBadInput;
        }
        // -E and -U apply in the order given, as qemu-aarch64's do: the
        // options' parse order says which of each came when.
        size_t next_set = 0, next_unset = 0;
        for (const CLI::Option* o : u->parse_order()) {
            if (o == set_env && next_set < user_set_env.size())
                user.env_edits.push_back({true, user_set_env[next_set++]});
            else if (o == unset_env && next_unset < user_unset_env.size())
                user.env_edits.push_back({false, user_unset_env[next_unset++]});
        }
        user.program = user_rest.front();
        user.args.assign(user_rest.begin() + 1, user_rest.end());
        return run_user(user);
    }
    return kExitBadInput;
}
