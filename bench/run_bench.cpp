// Runs compute-bound guest programs under `irqsim user --stats` and under
// qemu-aarch64, one after the other in this process, and prints for each:
// guest instructions (from irqsim's --stats), irqsim's wall time and
// millions of guest instructions per second, qemu's wall time and the ratio
// irqsim/qemu; also irqsim's CPU time and the rate on it, which a loaded
// machine disturbs less than wall time. Outputs of the two runs are compared too (a benchmark that
// computes something else is no benchmark).
//
//   run_bench [--scale K] [--only NAME] [--irqsim PATH] [--qemu PATH]
#include <fmt/core.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Program {
    const char* name;
    long iterations;  // argv[1] at scale 1: a few hundred million instructions
};
// Each runs some 100-400 million A64 instructions at scale 1.
const Program kPrograms[] = {
    {"sort", 16}, {"crc32", 200}, {"sieve", 12}, {"sha256", 5}, {"matmul", 70}, {"bytecode", 3}, {"mandel", 200},
};

struct Run {
    double seconds = 0;      // wall time
    double cpu_seconds = 0;  // user + system time of the child
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

}  // namespace

int main(int argc, char** argv) {
    std::string irqsim = IRQSIM_BENCH_IRQSIM, qemu = IRQSIM_BENCH_QEMU, only;
    double scale = 1;
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
        else {
            fmt::print(stderr, "usage: run_bench [--scale K] [--only NAME] [--irqsim PATH] [--qemu PATH]\n");
            return 2;
        }
    }
    if (qemu.empty()) {
        fmt::print(stderr, "run_bench: qemu-aarch64 not found (apt-get install qemu-user)\n");
        return 2;
    }
    fmt::print("{:<10} {:>6} {:>14} {:>10} {:>10} {:>10} {:>10} {:>8}  {}\n", "program", "iters", "guest insns",
               "irqsim s", "M insn/s", "cpu M/s", "qemu s", "ratio", "output");
    unsigned long long total_insns = 0;
    double total_irqsim = 0, total_irqsim_cpu = 0, total_qemu = 0;
    bool all_ok = true;
    for (const Program& p : kPrograms) {
        if (!only.empty() && only != p.name) continue;
        long iters = std::max(1L, static_cast<long>(p.iterations * scale));
        std::string elf = fmt::format("{}/bench_{}.elf", IRQSIM_BENCH_GUEST_DIR, p.name);
        std::string n = std::to_string(iters);
        Run ri = run({irqsim, "user", "--stats", elf, n});
        Run rq = run({qemu, elf, n});
        unsigned long long insns = parse_insns(ri.err);
        bool same = ri.status == rq.status && ri.out == rq.out;
        all_ok &= same && insns;
        total_insns += insns;
        total_irqsim += ri.seconds;
        total_irqsim_cpu += ri.cpu_seconds;
        total_qemu += rq.seconds;
        fmt::print("{:<10} {:>6} {:>14} {:>10.3f} {:>10.1f} {:>10.1f} {:>10.3f} {:>8.2f}  {}\n", p.name, iters, insns,
                   ri.seconds, insns / ri.seconds / 1e6, insns / ri.cpu_seconds / 1e6, rq.seconds,
                   ri.seconds / rq.seconds,
                   same ? "same" : fmt::format("DIFFERS (exit {} vs {})", ri.status, rq.status));
        if (!insns) fmt::print("  irqsim gave no insns= line; its stderr: {}\n", ri.err.substr(0, 300));
    }
    if (total_irqsim > 0)
        fmt::print("{:<10} {:>6} {:>14} {:>10.3f} {:>10.1f} {:>10.1f} {:>10.3f} {:>8.2f}\n", "total", "", total_insns,
                   total_irqsim, total_insns / total_irqsim / 1e6, total_insns / total_irqsim_cpu / 1e6, total_qemu,
                   total_irqsim / total_qemu);
    return all_ok ? 0 : 1;
}
