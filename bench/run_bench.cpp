// irqsim's speed against its peers, measured in one run (issue 8):
//  1. compute-bound guest programs of ours under `irqsim user --stats`, under
//     qemu-aarch64 (a JIT) and under the Unicorn engine in this process (QEMU's
//     CPU as a library): guest instructions (from irqsim's --stats; the same
//     ELF runs the same instructions everywhere), each engine's wall time,
//     irqsim's millions of instructions per second (wall and CPU time, which a
//     loaded machine disturbs less) and the wall-time ratios irqsim/qemu and
//     irqsim/unicorn; then irqsim again with the A57 cost model on
//     (`--core a57`): its millions of instructions per second, wall and CPU.
//     Outputs are compared too: a benchmark that computes something else is
//     no benchmark.
//  2. interrupts simulated per host second: `irqsim compare` on the default
//     workload with one CPU, per design, flat and with the A57 model (the
//     compare default); and
//     the main job itself, `irqsim compare` as the README runs it, with its
//     designs on host threads (--jobs) and on one.
//  3. peak resident memory of a 4-CPU default-workload run, per design.
//
//   run_bench [--scale K] [--only NAME] [--irqsim PATH] [--qemu PATH] [--skip-compare]
#include <fmt/core.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "unicorn_user.hpp"

extern char** environ;

namespace {

struct Program {
    const char* name;
    long iterations;  // argv[1] at scale 1: a few hundred million instructions
};
// Each runs some 100-400 million A64 instructions at scale 1.
const Program kPrograms[] = {
    {"sort", 16},   {"crc32", 200},  {"sieve", 12},  {"sha256", 5},    {"matmul", 70},
    {"bytecode", 3}, {"mandel", 200}, {"bignum", 600}, {"memcopy", 6},
};

struct Run {
    double seconds = 0;      // wall time
    double cpu_seconds = 0;  // user + system time of the child
    long max_rss_kib = 0;    // the child's peak resident set
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// Runs argv with stdout and stderr captured in temporary files; times it.
Run run(const std::vector<std::string>& args) {
    char out_path[] = "/tmp/run_bench_out_XXXXXX";
    char err_path[] = "/tmp/run_bench_err_XXXXXX";
    int out_fd = mkstemp(out_path), err_fd = mkstemp(err_path);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    Run r;
    auto t0 = std::chrono::steady_clock::now();
    pid_t pid;
    if (posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0) {
        int ws = 0;
        rusage ru{};
        wait4(pid, &ws, 0, &ru);
        r.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                        static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
        r.max_rss_kib = ru.ru_maxrss;
        r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    posix_spawn_file_actions_destroy(&fa);
    close(out_fd);
    close(err_fd);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    unlink(out_path);
    unlink(err_path);
    return r;
}

// The N of "insns=N" in irqsim's --stats line, or 0.
unsigned long long parse_insns(const std::string& err) {
    auto at = err.rfind("insns=");
    return at == std::string::npos ? 0 : std::strtoull(err.c_str() + at + 6, nullptr, 10);
}
// The first number after `"key":` in a JSON text, or 0.
double json_number(const std::string& json, const std::string& key, size_t from = 0) {
    auto at = json.find("\"" + key + "\":", from);
    return at == std::string::npos ? 0 : std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}
// The sum of every `"key":` number (one per design in compare's array).
double json_sum(const std::string& json, const std::string& key) {
    double sum = 0;
    for (auto at = json.find("\"" + key + "\":"); at != std::string::npos; at = json.find("\"" + key + "\":", at + 1))
        sum += json_number(json, key, at);
    return sum;
}

const char* const kDesigns[] = {"task", "copy", "sp_el0", "mainline"};

// Section 2 and 3: `irqsim compare` runs, one design per process. With a
// core model each design runs twice (warm caches, then cold: compare's
// *_cold figures), so M insn/s counts both runs' instructions. Flat, the
// workload's delay loops are fast-forwarded (src/cpu/counted_loop.cpp), so
// its guest insns are not all stepped: M insn/s there is the simulated rate.
// One design per process on one CPU, flat and with the A57 model: the
// interrupts simulated per host second on `workload`.
bool irq_rate_table(const std::string& irqsim, const char* workload, const char* title) {
    fmt::print("\ninterrupts per host second: irqsim compare, {}, 1 CPU\n", title);
    fmt::print("{:<10} {:<5} {:>6} {:>12} {:>11} {:>7} {:>8} {:>7} {:>10} {:>9}\n", "design", "core", "irqs",
               "guest insns", "insns/irq", "wall s", "irqs/s", "cpu s", "irqs/cpu-s", "cpu M/s");
    bool ok = true;
    for (const char* core : {"flat", "a57"}) {
        for (const char* d : kDesigns) {
            Run r = run({irqsim, "compare", "--workload", workload, "--designs", d, "--cpus", "1", "--core", core,
                         "--format", "json"});
            double irqs = json_number(r.out, "irqs"), insns = json_number(r.out, "instructions");
            ok &= r.status == 0 && irqs > 0;
            double per_irq = irqs > 0 ? insns / irqs : 0;
            double simulated = insns * (std::string(core) == "flat" ? 1 : 2);
            fmt::print("{:<10} {:<5} {:>6.0f} {:>12.0f} {:>11.0f} {:>7.3f} {:>8.0f} {:>7.3f} {:>10.0f} {:>9.1f}{}\n", d,
                       core, irqs, insns, per_irq, r.seconds, irqs / r.seconds, r.cpu_seconds, irqs / r.cpu_seconds,
                       simulated / r.cpu_seconds / 1e6, r.status == 0 ? "" : fmt::format("  FAILED (exit {})", r.status));
        }
    }
    return ok;
}

bool bench_compare(const std::string& irqsim) {
    bool ok = irq_rate_table(irqsim, "default", "default workload");
    // What one interrupt costs, with little else between them
    // (workloads/irq-storm.toml): the interpreter's ceiling for interrupts.
    ok &= irq_rate_table(irqsim, "irq-storm", "interrupt-bound workload (workloads/irq-storm.toml)");
    // The main job as the README runs it: every design, the workload's own
    // CPUs, the A57 model (warm and cold), designs on host threads (--jobs,
    // default every core) and on one.
    fmt::print("\nthe main job: irqsim compare (all designs, default workload, A57 model)\n");
    fmt::print("{:<10} {:>6} {:>8} {:>8} {:>10}\n", "jobs", "irqs", "wall s", "cpu s", "irqs/s");
    for (const char* jobs : {"default", "1"}) {
        std::vector<std::string> args{irqsim, "compare", "--format", "json"};
        if (std::string(jobs) != "default") args.insert(args.end(), {"--jobs", jobs});
        Run r = run(args);
        ok &= r.status == 0;
        double irqs = json_sum(r.out, "irqs");  // every design's
        fmt::print("{:<10} {:>6.0f} {:>8.3f} {:>8.3f} {:>10.0f}{}\n", jobs, irqs, r.seconds, r.cpu_seconds,
                   irqs / r.seconds, r.status == 0 ? "" : fmt::format("  FAILED (exit {})", r.status));
    }
    fmt::print("\npeak resident memory: irqsim compare, default workload, 4 CPUs, A57 model\n");
    fmt::print("{:<10} {:>8} {:>10} {:>10} {:>12}\n", "design", "irqs", "wall s", "cpu s", "peak MiB");
    for (const char* d : kDesigns) {
        Run r = run({irqsim, "compare", "--designs", d, "--cpus", "4", "--core", "a57", "--format", "json"});
        ok &= r.status == 0;
        fmt::print("{:<10} {:>8.0f} {:>10.3f} {:>10.3f} {:>12.1f}{}\n", d, json_number(r.out, "irqs"), r.seconds,
                   r.cpu_seconds, r.max_rss_kib / 1024.0, r.status == 0 ? "" : fmt::format("  FAILED (exit {})", r.status));
    }
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    std::string irqsim = IRQSIM_BENCH_IRQSIM, qemu = IRQSIM_BENCH_QEMU, only;
    double scale = 1;
    bool skip_compare = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--scale" && i + 1 < argc)
            scale = std::atof(argv[++i]);
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else if (a == "--irqsim" && i + 1 < argc)
            irqsim = argv[++i];
        else if (a == "--qemu" && i + 1 < argc)
            qemu = argv[++i];
        else if (a == "--skip-compare")
            skip_compare = true;
        else {
            fmt::print(stderr,
                       "usage: run_bench [--scale K] [--only PROGRAM|compare] [--irqsim PATH] [--qemu PATH] [--skip-compare]\n");
            return 2;
        }
    }
    if (qemu.empty()) {
        fmt::print(stderr, "run_bench: qemu-aarch64 not found (apt-get install qemu-user)\n");
        return 2;
    }
    // --only NAME: one program, or "compare" for the compare sections alone.
    const bool compare_only = only == "compare";
    if (!only.empty() && !compare_only &&
        std::none_of(std::begin(kPrograms), std::end(kPrograms), [&](const Program& p) { return only == p.name; })) {
        std::string known = "compare";
        for (const Program& p : kPrograms) known += fmt::format(", {}", p.name);
        fmt::print(stderr, "run_bench: --only {}: not a program or section ({})\n", only, known);
        return 2;
    }
    if (!compare_only) {
        fmt::print("compute programs: irqsim user, qemu-aarch64, Unicorn in process (wall seconds; ratio = irqsim/peer)\n");
        fmt::print("{:<10} {:>5} {:>12} {:>9} {:>9} {:>9} {:>9} {:>7} {:>9} {:>7} {:>9} {:>9} {:>9}  {}\n", "program",
                   "iters", "guest insns", "irqsim s", "M insn/s", "cpu M/s", "qemu s", "ratio", "unicorn s", "ratio",
                   "a57 s", "a57 M/s", "a57 cpu", "output");
    }
    unsigned long long total_insns = 0;
    double total_irqsim = 0, total_irqsim_cpu = 0, total_qemu = 0, total_uc = 0, total_a57 = 0, total_a57_cpu = 0;
    bool all_ok = true;
    for (const Program& p : kPrograms) {
        if (compare_only || (!only.empty() && only != p.name)) continue;
        long iters = std::max(1L, static_cast<long>(p.iterations * scale));
        std::string elf = fmt::format("{}/bench_{}.elf", IRQSIM_BENCH_GUEST_DIR, p.name);
        std::string n = std::to_string(iters);
        Run ri = run({irqsim, "user", "--stats", "--core", "flat", elf, n});
        Run ra = run({irqsim, "user", "--stats", "--core", "a57", elf, n});
        Run rq = run({qemu, elf, n});
        bench::UnicornRun ru = bench::run_under_unicorn(elf, {n});
        unsigned long long insns = parse_insns(ri.err);
        bool same_q = ri.status == rq.status && ri.out == rq.out;
        bool same_u = ri.status == ru.status && ri.out == ru.out;
        bool same_a = ri.status == ra.status && ri.out == ra.out && parse_insns(ra.err) == insns;
        all_ok &= same_q && same_u && same_a && insns;
        total_insns += insns;
        total_irqsim += ri.seconds;
        total_irqsim_cpu += ri.cpu_seconds;
        total_qemu += rq.seconds;
        total_uc += ru.seconds;
        total_a57 += ra.seconds;
        total_a57_cpu += ra.cpu_seconds;
        std::string verdict = !same_a          ? fmt::format("DIFFERS with --core a57 (exit {})", ra.status)
                              : same_q && same_u ? "same"
                              : !same_q        ? fmt::format("DIFFERS from qemu (exit {} vs {})", ri.status, rq.status)
                                               : fmt::format("DIFFERS from unicorn (exit {} vs {}{})", ri.status,
                                                             ru.status, ru.error.empty() ? "" : ": " + ru.error);
        fmt::print("{:<10} {:>5} {:>12} {:>9.3f} {:>9.1f} {:>9.1f} {:>9.3f} {:>7.2f} {:>9.3f} {:>7.2f} {:>9.3f} {:>9.1f} {:>9.1f}  {}\n",
                   p.name, iters, insns, ri.seconds, insns / ri.seconds / 1e6, insns / ri.cpu_seconds / 1e6, rq.seconds,
                   ri.seconds / rq.seconds, ru.seconds, ri.seconds / ru.seconds, ra.seconds, insns / ra.seconds / 1e6,
                   insns / ra.cpu_seconds / 1e6, verdict);
        if (!insns) fmt::print("  irqsim gave no insns= line; its stderr: {}\n", ri.err.substr(0, 300));
    }
    if (total_irqsim > 0)
        fmt::print("{:<10} {:>5} {:>12} {:>9.3f} {:>9.1f} {:>9.1f} {:>9.3f} {:>7.2f} {:>9.3f} {:>7.2f} {:>9.3f} {:>9.1f} {:>9.1f}\n",
                   "total", "", total_insns, total_irqsim, total_insns / total_irqsim / 1e6,
                   total_insns / total_irqsim_cpu / 1e6, total_qemu, total_irqsim / total_qemu, total_uc,
                   total_irqsim / total_uc, total_a57, total_insns / total_a57 / 1e6, total_insns / total_a57_cpu / 1e6);
    if (!skip_compare && (only.empty() || compare_only)) all_ok &= bench_compare(irqsim);
    return all_ok ? 0 : 1;
}
