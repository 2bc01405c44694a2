// Parameter sweeps (issue 7, "Sweeps"; docs/sweep.md): a TOML file names a
// base workload and a grid of values for its keys; every combination, with
// every design, is one independent, deterministic run of run_design(). The
// runs go to host threads; each result is written atomically under its own
// id, so a sweep stopped anywhere resumes without redoing finished runs, and
// `--shard I/N` splits a grid between machines.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "irqsim/compare.hpp"
#include "irqsim/workload.hpp"

namespace irqsim {

// One axis of the grid: a workload key (as in a workload file, dotted:
// "cpus", "tasks.syscall_depth"; "irq.NAME.KEY" for the interrupt source
// named NAME) and its values, as TOML text ("2", "\"v3\"", "true").
struct SweepAxis {
    std::string key;
    std::vector<std::string> values;
};

struct SweepGrid {
    std::string source;  // the sweep file
    Workload base;
    std::vector<std::string> designs = {"task", "copy", "sp_el0", "mainline"};
    std::vector<uint64_t> interleave_seeds = {0};
    std::vector<SweepAxis> axes;  // in the file's order; the last varies fastest
    uint64_t max_insns = CompareOptions{}.max_insns;
    std::string kernel_dir;  // empty: the build tree's
};

// One point of the grid.
struct SweepRun {
    size_t index = 0;  // its place in the whole grid (what --shard divides)
    std::string design;
    uint64_t interleave_seed = 0;
    std::vector<std::pair<std::string, std::string>> params;  // (key, TOML value) of each axis
    Workload workload;
    std::string key;  // "design=copy cpus=2 ...": what the run is, readable
    std::string id;   // 16 hex digits from everything that decides the result
};

// Throws WorkloadError ("FILE:LINE:COL: key 'grid.cpus': ...") for a bad
// file or a grid value the workload refuses. Relative workload paths are
// taken from the sweep file's folder.
SweepGrid parse_sweep(std::string_view text, const std::string& source_name);
SweepGrid load_sweep_file(const std::string& path);

// Every combination, in order: designs, then the axes, then interleave
// seeds; each workload checked.
std::vector<SweepRun> expand_sweep(const SweepGrid& grid);

struct SweepOptions {
    std::string out_dir;
    unsigned shard = 0, shards = 1;  // run the points whose index % shards == shard
    unsigned jobs = 0;               // host threads; 0: every local core
    uint64_t max_runs = 0;           // stop after this many new runs (0: all)
    // Called once with the number of runs this call will make, before any;
    // then as a run starts (done = false) and when its result is written
    // (done = true), from the worker threads.
    std::function<void(size_t runs)> on_start;
    std::function<void(const SweepRun&, bool done)> on_run;
};

struct SweepSummary {
    size_t grid = 0;      // points in the whole grid
    size_t in_shard = 0;  // ... in this shard
    size_t finished_before = 0, ran = 0, left = 0;  // this shard's
    size_t failed = 0;    // runs whose guest did not power off cleanly (in the results)
    size_t results = 0;   // rows in results.csv / results.jsonl (every shard's finished runs)
};

// Runs what is not done yet, then writes OUT/results.csv and
// OUT/results.jsonl: one row / line per finished run of the whole grid, in
// grid order, whoever ran it. Each run's result is OUT/runs/ID.json, written
// whole or not at all. Throws std::runtime_error when a run cannot start
// (a missing kernel image) or a file cannot be written.
SweepSummary run_sweep(const SweepGrid& grid, const SweepOptions& options);

// A finished run's line: its id, key and grid values, then every report field.
std::string sweep_result_json(const SweepRun& run, const DesignReport& report);

}  // namespace irqsim
