// `irqsim sweep FILE`: a grid of runs (docs/sweep.md) on every local core,
// resumable, splittable with --shard.
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "irqsim/sweep.hpp"
#include "progress.hpp"

namespace irqsim::cli {

int run_sweep(const SweepArgs& a) {
    SweepGrid grid;
    SweepOptions o;
    if (!a.shard.empty()) {
        unsigned i = 0, n = 0;
        char extra = 0;
        if (std::sscanf(a.shard.c_str(), "%u/%u%c", &i, &n, &extra) != 2 || n == 0 || i >= n) {
            std::fprintf(stderr, "irqsim sweep: --shard %s: expected I/N with 0 <= I < N (e.g. 0/4)\n", a.shard.c_str());
            return kExitBadInput;
        }
        o.shard = i, o.shards = n;
    }
    o.out_dir = a.out_dir;
    o.jobs = a.jobs;
    o.max_runs = a.max_runs;
    std::unique_ptr<Progress> progress;
    o.on_start = [&](size_t runs) { progress = std::make_unique<Progress>("irqsim sweep", "run", runs, true); };
    o.on_run = [&](const SweepRun& r, bool done) {
        if (done) progress->finished(r.key);
        else progress->started(r.key);
    };
    SweepSummary s;
    try {
        grid = load_sweep_file(a.file);
        if (!a.kernel_dir.empty()) grid.kernel_dir = a.kernel_dir;
        s = irqsim::run_sweep(grid, o);
    } catch (const std::exception& e) {
        if (progress) progress->close();
        std::fprintf(stderr, "irqsim sweep: %s\n", e.what());
        return kExitBadInput;
    }
    if (progress) progress->close();
    std::printf("irqsim sweep: %s: %zu runs in the grid, %zu in shard %u/%u: %zu finished before, %zu run now, %zu left\n"
                "results: %s/results.csv and results.jsonl, %zu runs%s\n",
                a.file.c_str(), s.grid, s.in_shard, o.shard, o.shards, s.finished_before, s.ran, s.left,
                a.out_dir.c_str(), s.results,
                s.failed ? " (some did not power off cleanly: see their outcome)" : "");
    return s.failed ? kExitGuestFault : 0;
}

}  // namespace irqsim::cli
