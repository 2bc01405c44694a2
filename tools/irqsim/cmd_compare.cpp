// `irqsim compare`: the IRQ-stack designs side by side on one workload.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

#include "commands.hpp"
#include "irqsim/compare.hpp"
#include "irqsim/gdb.hpp"

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
    o.core = a.core;
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
    std::unique_ptr<gdb::Server> gdb_server;
    if (a.gdb_port) {
        if (o.designs.size() != 1) {
            std::fprintf(stderr, "irqsim compare: --gdb debugs one design: name it with --design D\n");
            return kExitBadInput;
        }
        try {
            gdb_server = std::make_unique<gdb::Server>(*a.gdb_port);
        } catch (const gdb::GdbError& e) {
            std::fprintf(stderr, "irqsim compare: %s\n", e.what());
            return kExitBadInput;
        }
        o.run = [&gdb_server](Machine& m, uint64_t max_insns) { return gdb::debug_machine(*gdb_server, m, max_insns); };
    }
    std::vector<DesignReport> reports;
    try {
        for (const auto& d : o.designs) {
            if (isatty(2)) std::fprintf(stderr, "irqsim compare: running %s ...\n", d.c_str());
            reports.push_back(run_design(d, o));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "irqsim compare: %s\n", e.what());
        return kExitBadInput;
    }
    std::string table = format_table(reports, o), json = format_json(reports), csv = format_csv(reports);
    std::cout << (a.format == "json" ? json : a.format == "csv" ? csv : table);
    if (!a.out_dir.empty()) {
        std::filesystem::create_directories(a.out_dir);
        // Write each file whole to a temporary name, then rename: an
        // interrupted run never leaves a half-written report behind.
        // workload.toml: every knob of this run (command-line overrides
        // included), so `--workload DIR/workload.toml` runs it again.
        for (auto [name, text] : {std::pair{"report.txt", table}, {"report.json", json}, {"report.csv", csv},
                                  {"workload.toml", format_workload(o.workload)}}) {
            auto path = std::filesystem::path(a.out_dir) / name;
            auto tmp = path;
            tmp += ".tmp";
            std::ofstream(tmp) << text;
            std::filesystem::rename(tmp, path);
        }
    }
    for (const auto& r : reports)
        if (r.outcome != "powered off") return kExitGuestFault;
    return 0;
}

}  // namespace irqsim::cli
