// `irqsim compare`: the IRQ-stack designs side by side on one workload.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "commands.hpp"
#include "irqsim/charts.hpp"
#include "irqsim/compare.hpp"
#include "irqsim/gdb.hpp"
#include "irqsim/trace.hpp"
#include "progress.hpp"
#include "report/write_file.hpp"
#include "sweep/parallel.hpp"

namespace irqsim::cli {

int run_compare(const CompareArgs& a) {
    CompareOptions o;
    o.designs.clear();
    std::stringstream ss(a.designs);
    for (std::string d; std::getline(ss, d, ',');)
        if (!d.empty()) o.designs.push_back(d);
    if (o.designs.empty()) {
        std::fprintf(stderr, "irqsim compare: --designs names no design\n");
        return kExitBadInput;
    }
    if (a.format != "table" && a.format != "json" && a.format != "csv") {
        std::fprintf(stderr, "irqsim compare: --format %s: expected table, json or csv\n", a.format.c_str());
        return kExitBadInput;
    }
    try {
        o.workload = find_workload(a.workload);
    } catch (const WorkloadError& e) {
        std::fprintf(stderr, "irqsim compare: %s\n", e.what());
        return kExitBadInput;
    }
    if (std::string why = clock_needs_core(a.clock, a.core); !why.empty()) {
        std::fprintf(stderr, "irqsim compare: %s\n", why.c_str());
        return kExitBadInput;
    }
    o.core = a.core;
    o.cycle_clock = a.clock == "cycles";
    if (a.cpus) o.workload.cpus = *a.cpus;
    if (a.seed) o.workload.seed = *a.seed;
    if (a.irqs && *a.irqs) {  // 0: the workload's own length
        if (*a.irqs > 1'000'000'000) {
            std::fprintf(stderr, "irqsim compare: --irqs %llu: at most 1000000000\n",
                         static_cast<unsigned long long>(*a.irqs));
            return kExitBadInput;
        }
        o.workload.max_ticks = static_cast<unsigned>(*a.irqs);
    }
    if (a.gic) o.workload.gic = *a.gic == "v3" ? GicVersion::V3 : GicVersion::V2;
    o.interleave_seed = a.interleave_seed;
    o.kernel_dir = a.kernel_dir;
    o.profile = a.profile;
    std::unique_ptr<gdb::Server> gdb_server;
    if (a.gdb_port) {
        if (o.designs.size() != 1) {
            std::fprintf(stderr, "irqsim compare: --gdb debugs one design: name it with --design D\n");
            return kExitBadInput;
        }
        if (!listen_for_gdb("compare", a.gdb_port, gdb_server)) return kExitBadInput;
        o.run = [&gdb_server](Machine& m, uint64_t max_insns) { return gdb::debug_machine(*gdb_server, m, max_insns); };
    }
    // The timeline (--trace-out) and the SP samples behind the depth chart
    // (--out): watched only when asked for.
    std::unique_ptr<CompareTraces> traces;
    if (!a.trace_out.empty() || !a.out_dir.empty()) {
        TraceOptions t;
        t.timeline = !a.trace_out.empty();
        t.thread_size = o.workload.thread_size;
        traces = std::make_unique<CompareTraces>(t);
        o.observers.push_back(traces.get());
    }
    // Each design is its own simulation (its own Machine, seeds and
    // interleaving), so host threads may run several at once and the report
    // is the same (src/sweep/parallel.hpp). The trace and gdb observers
    // follow one run at a time.
    const size_t n = o.designs.size();
    unsigned jobs = a.jobs ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
    if (traces || gdb_server) jobs = 1;
    jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(n, 1)));
    std::vector<DesignReport> reports(n);
    std::vector<std::string> errors(n);
    {
        Progress progress("irqsim compare", "design", n, false);
        run_on_threads(n, jobs, [&](size_t i) {
            const std::string& d = o.designs[i];
            try {
                progress.started("running " + d);
                reports[i] = run_design(d, o);
                progress.finished(d + " done");
                return true;
            } catch (const std::exception& e) {
                errors[i] = e.what();
                return false;
            }
        });
    }
    // The first failing design in the order given, whichever thread met it.
    for (const std::string& e : errors) {
        if (e.empty()) continue;
        std::fprintf(stderr, "irqsim compare: %s\n", e.c_str());
        return kExitBadInput;
    }
    // Each format only when printed or written (--out writes all three):
    // formatting costs about as much as a short flat run's simulation.
    const bool all = !a.out_dir.empty();
    std::string table = all || a.format == "table" ? format_table(reports, o) : "";
    std::string json = all || a.format == "json" ? format_json(reports) : "";
    std::string csv = all || a.format == "csv" ? format_csv(reports) : "";
    std::cout << (a.format == "json" ? json : a.format == "csv" ? csv : table);
    try {
        if (!a.trace_out.empty()) write_file_atomically(a.trace_out, format_trace_json(traces->traces()));
        if (!a.out_dir.empty()) {
            std::filesystem::create_directories(a.out_dir);
            // workload.toml: every knob of this run (command-line overrides
            // included), so `--workload DIR/workload.toml` runs it again.
            std::string subtitle = fmt::format("workload '{}', {} CPU(s), GICv{}, seed {}, THREAD_SIZE {}",
                                               o.workload.origin.name, o.workload.cpus,
                                               static_cast<int>(o.workload.gic), o.workload.seed,
                                               o.workload.thread_size);
            std::vector<DepthSeries> depth;
            for (const RunTrace* t : traces->traces()) depth.push_back({t->name(), 0, t->depth_samples(0)});
            for (auto [name, text] : {std::pair{"report.txt", table}, {"report.json", json}, {"report.csv", csv},
                                      {"workload.toml", format_workload(o.workload)},
                                      {"stack_marks.svg", svg_stack_marks(reports, subtitle)},
                                      {"irq_phases.svg", svg_irq_phases(reports, subtitle)},
                                      {"stack_depth.svg", svg_stack_depth(depth, subtitle)}})
                write_file_atomically(std::filesystem::path(a.out_dir) / name, text);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "irqsim compare: %s\n", e.what());
        return kExitBadInput;
    }
    for (const auto& r : reports)
        if (r.outcome != "powered off") return kExitGuestFault;
    return 0;
}

}  // namespace irqsim::cli
