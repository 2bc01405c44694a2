// Sweeps (issue 7): a grid run on host threads, interrupted (by --max-runs,
// and by SIGKILL in the middle of the run) and resumed, or split in shards,
// ends with every run present exactly once and results equal to an
// uninterrupted sweep's.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "irqsim/sweep.hpp"
#include "support.hpp"

using namespace irqsim;
using namespace irqsim::test;
namespace fs = std::filesystem;

namespace {

// 2 designs x 2 CPU counts x 2 seeds = 8 short runs.
void write_grid(const TempDir& d) {
    write_file(d / "base.toml", "[tasks]\niterations = 20\n");
    write_file(d / "grid.toml",
               "workload = \"base.toml\"\n"
               "designs = [\"task\", \"copy\"]\n"
               "[grid]\n"
               "cpus = [1, 2]\n"
               "seed = [1, 2]\n");
}
std::set<std::string> expected_keys() {
    std::set<std::string> keys;
    for (const char* d : {"task", "copy"})
        for (int c : {1, 2})
            for (int s : {1, 2}) keys.insert(fmt::format("design={} cpus={} seed={}", d, c, s));
    return keys;
}
std::vector<nlohmann::json> lines(const std::string& path) {
    std::vector<nlohmann::json> out;
    std::istringstream in(read_file(path));
    for (std::string l; std::getline(in, l);) out.push_back(nlohmann::json::parse(l));
    return out;
}
// Every run of the grid once, and what each says is its own.
void check_complete(const std::string& out_dir) {
    auto rows = lines(out_dir + "/results.jsonl");
    std::multiset<std::string> keys;
    for (const auto& r : rows) {
        keys.insert(r["run_key"].get<std::string>());
        CHECK(r["outcome"] == "powered off");
        CHECK(r["design"] == r["run_key"].get<std::string>().substr(7, r["design"].get<std::string>().size()));
        CHECK(r["cpus"] == r["grid.cpus"]);
    }
    std::set<std::string> unique(keys.begin(), keys.end());
    CHECK(keys.size() == unique.size());
    CHECK(unique == expected_keys());
    // One CSV row per run, under one header.
    std::istringstream csv(read_file(out_dir + "/results.csv"));
    size_t n = 0;
    for (std::string l; std::getline(csv, l);) ++n;
    CHECK(n == rows.size() + 1);
}
size_t results_in(const std::string& runs_dir) {
    size_t n = 0;
    if (!fs::exists(runs_dir)) return 0;
    for (const auto& e : fs::directory_iterator(runs_dir)) n += e.path().extension() == ".json";
    return n;
}

}  // namespace

TEST_CASE("a sweep stopped by --max-runs resumes to the uninterrupted sweep's results, each run once", "[sweep]") {
    TempDir d;
    write_grid(d);
    Command whole = run_irqsim(fmt::format("sweep {} --out {} --jobs 2", d / "grid.toml", d / "whole"));
    INFO(whole.err);
    REQUIRE(whole.status == 0);
    check_complete(d / "whole");

    Command first = run_irqsim(fmt::format("sweep {} --out {} --jobs 2 --max-runs 3", d / "grid.toml", d / "part"));
    REQUIRE(first.status == 0);
    CHECK(results_in(d / "part/runs") == 3);
    CHECK(lines(d / "part/results.jsonl").size() == 3);
    CHECK(first.out.find("0 finished before, 3 run now, 5 left") != std::string::npos);
    Command rest = run_irqsim(fmt::format("sweep {} --out {} --jobs 2", d / "grid.toml", d / "part"));
    REQUIRE(rest.status == 0);
    CHECK(rest.out.find("3 finished before, 5 run now, 0 left") != std::string::npos);
    check_complete(d / "part");
    CHECK(read_file(d / "part/results.jsonl") == read_file(d / "whole/results.jsonl"));
    CHECK(read_file(d / "part/results.csv") == read_file(d / "whole/results.csv"));
    // Nothing left: a third call runs nothing and changes nothing.
    Command again = run_irqsim(fmt::format("sweep {} --out {}", d / "grid.toml", d / "part"));
    CHECK(again.out.find("8 finished before, 0 run now, 0 left") != std::string::npos);
    CHECK(read_file(d / "part/results.jsonl") == read_file(d / "whole/results.jsonl"));
    // Not on a terminal: plain lines, no bar.
    CHECK(rest.err.find('\r') == std::string::npos);
    CHECK(rest.err.find("irqsim sweep: 5/5 runs done (100%)") != std::string::npos);
}

TEST_CASE("a sweep killed mid-run resumes without half-written results", "[sweep]") {
    TempDir d;
    write_grid(d);
    Command whole = run_irqsim(fmt::format("sweep {} --out {} --jobs 2", d / "grid.toml", d / "whole"));
    REQUIRE(whole.status == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::string grid = d / "grid.toml", out = d / "killed";
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(IRQSIM_BINARY, IRQSIM_BINARY, "sweep", grid.c_str(), "--out", out.c_str(), "--jobs", "1", nullptr);
        _exit(127);
    }
    // Kill it once some results are there and others are not (waiting, not timing).
    for (int i = 0; i < 6000 && results_in(d / "killed/runs") < 2; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    size_t done = results_in(d / "killed/runs");
    CHECK(done >= 2);
    // Whatever is in runs/ parses: results are written whole or not at all.
    for (const auto& e : fs::directory_iterator(d / "killed/runs"))
        if (e.path().extension() == ".json") CHECK_NOTHROW(nlohmann::json::parse(read_file(e.path())));
    Command rest = run_irqsim(fmt::format("sweep {} --out {} --jobs 2", d / "grid.toml", d / "killed"));
    REQUIRE(rest.status == 0);
    CHECK(rest.out.find(fmt::format("{} finished before, {} run now", done, 8 - done)) != std::string::npos);
    check_complete(d / "killed");
    CHECK(read_file(d / "killed/results.jsonl") == read_file(d / "whole/results.jsonl"));
}

TEST_CASE("sweep shards (--shard I/N) split the grid and together are the whole sweep", "[sweep]") {
    TempDir d;
    write_grid(d);
    Command whole = run_irqsim(fmt::format("sweep {} --out {} --jobs 2", d / "grid.toml", d / "whole"));
    REQUIRE(whole.status == 0);
    Command s0 = run_irqsim(fmt::format("sweep {} --out {} --shard 0/2", d / "grid.toml", d / "shards"));
    REQUIRE(s0.status == 0);
    CHECK(s0.out.find("8 runs in the grid, 4 in shard 0/2") != std::string::npos);
    CHECK(lines(d / "shards/results.jsonl").size() == 4);
    Command s1 = run_irqsim(fmt::format("sweep {} --out {} --shard 1/2", d / "grid.toml", d / "shards"));
    REQUIRE(s1.status == 0);
    check_complete(d / "shards");
    CHECK(read_file(d / "shards/results.jsonl") == read_file(d / "whole/results.jsonl"));
    CHECK(run_irqsim(fmt::format("sweep {} --out {} --shard 2/2", d / "grid.toml", d / "x")).status == 2);
    CHECK(run_irqsim(fmt::format("sweep {} --out {} --shard 1", d / "grid.toml", d / "x")).status == 2);
}

TEST_CASE("a sweep file names its bad key or value with file, line and column", "[sweep]") {
    auto error = [](const std::string& text) {
        try {
            parse_sweep(text, "g.toml");
        } catch (const WorkloadError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error("[grid]\ncpus = [1, 9]\n").rfind("g.toml:2:12: key 'grid.cpus': 9 CPUs", 0) == 0);
    CHECK(error("[grid]\ntasks.per_cpuu = [1]\n").find("unknown key") != std::string::npos);
    CHECK(error("[grid]\n\"irq.nosuch.period\" = [100]\n").find("no interrupt source named 'nosuch'") != std::string::npos);
    CHECK(error("desings = [\"task\"]\n").rfind("g.toml:1:1: key 'desings': unknown key", 0) == 0);
    CHECK(error("[grid]\nseed = [1, 1]\n").find("listed twice") != std::string::npos);
    // A combination the workload refuses is named by its point.
    CHECK_THROWS_WITH(expand_sweep(parse_sweep("[grid]\nthread_size = [8192]\nirq_stack_size = [16384]\n", "g.toml")),
                      Catch::Contains("thread_size=8192 irq_stack_size=16384"));
}

TEST_CASE("a sweep's grid covers designs, THREAD_SIZE, interrupt rates and seeds in file order", "[sweep]") {
    SweepGrid g = parse_sweep("designs = [\"copy\", \"mainline\"]\ninterleave_seeds = [0, 7]\n[grid]\n"
                              "thread_size = [8192, 16384]\n\"irq.timer.period\" = [1500, 3000]\nseed = [3]\n",
                              "g.toml");
    auto runs = expand_sweep(g);
    REQUIRE(runs.size() == 2 * 2 * 2 * 2);
    CHECK(runs[0].key == "design=copy thread_size=8192 irq.timer.period=1500 seed=3 interleave_seed=0");
    CHECK(runs[1].key == "design=copy thread_size=8192 irq.timer.period=1500 seed=3 interleave_seed=7");
    CHECK(runs[2].key == "design=copy thread_size=8192 irq.timer.period=3000 seed=3 interleave_seed=0");
    CHECK(runs.back().key == "design=mainline thread_size=16384 irq.timer.period=3000 seed=3 interleave_seed=7");
    std::set<std::string> ids;
    for (const auto& r : runs) {
        ids.insert(r.id);
        CHECK(r.workload.seed == 3);
        CHECK(r.workload.irq_stack_size == r.workload.thread_size);  // follows THREAD_SIZE when not given
    }
    CHECK(ids.size() == runs.size());
    CHECK(runs[0].workload.thread_size == 8192);
    CHECK(runs[0].workload.irqs[0].period == 1500);
    CHECK(runs[3].workload.irqs[0].period == 3000);
}
