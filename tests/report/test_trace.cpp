// Timelines (issue 7): the trace of a run, loaded with a JSON parser, nests
// properly on every track and adds up to what the same run reports: the
// host's IRQ count, the guest's own count of nested IRQs and of stack
// switches (its outermost IRQs), the copy design's thread_info copies, and,
// for `irqsim boot`, the exception log of the same run.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <regex>
#include <sstream>

#include "irqsim/compare.hpp"
#include "irqsim/trace.hpp"
#include "support.hpp"
#include "trace_check.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {
// The built-in workload, shortened: about 200 IRQs per design, some nested.
CompareOptions short_run() {
    CompareOptions o;
    o.workload.iterations = 30;
    return o;
}
}  // namespace

TEST_CASE("a compare trace nests on every CPU's track and counts the run's IRQs, nested IRQs and stack switches",
          "[trace]") {
    CompareOptions o = short_run();
    TraceOptions t;
    t.thread_size = o.workload.thread_size;
    CompareTraces traces(t);
    o.observers.push_back(&traces);
    std::vector<DesignReport> reports = run_compare(o);
    auto doc = nlohmann::json::parse(format_trace_json(traces.traces()));
    auto procs = check_trace(doc);
    REQUIRE(procs.size() == reports.size());
    for (size_t i = 0; i < reports.size(); ++i) {
        const DesignReport& r = reports[i];
        const ProcessCounts& p = procs.at(static_cast<int>(i + 1));
        INFO(r.design);
        REQUIRE(r.outcome == "powered off");
        CHECK(p.name == r.design);
        REQUIRE(r.nested_irqs > 0);
        CHECK(p.irq_slices == r.irqs);                // the host's count of IRQ exceptions
        CHECK(p.nested_irq_slices == r.nested_irqs);  // the guest's: gic_handle_irq entered at depth > 1
        CHECK(p.max_irq_depth == r.max_nesting);
        CHECK(p.slices.at("handler") == r.irqs);      // every IRQ reaches its handler phase once
        CHECK(p.tracks.size() == r.cpus);
        bool irq_stack = r.design != "task";
        // Each outermost IRQ switches to the IRQ stack once; nested ones stay.
        CHECK(p.switches_to_irq_stack == (irq_stack ? r.outermost_irqs : 0));
        double task_max = 0, irq_max = 0;
        for (auto& [name, v] : p.counter_max) {
            double& m = name.rfind("IRQ stack", 0) == 0 ? irq_max : task_max;
            m = std::max(m, v);
        }
        // Sampled SP never goes deeper than the stores the marks come from.
        CHECK(task_max > 0);
        CHECK(task_max <= r.max_task_stack);
        CHECK(irq_max <= r.max_irq_stack);
        CHECK((irq_max > 0) == irq_stack);
    }
    // The copy design copies thread_info (32 bytes in the 2015 layout, the
    // guest's TI_SIZE) into the IRQ stack and back once per outermost IRQ.
    const DesignReport& copy = reports[1];
    REQUIRE(copy.design == "copy");
    const ProcessCounts& cp = procs.at(2);
    CHECK(cp.instants.at("thread_info copy") * 32.0 == Approx(copy.bytes_copied_per_irq * copy.irqs));
    CHECK(cp.slices.at("copy") == 2 * copy.irqs);  // the copy and the copy-back phase, nested entries too
    CHECK(procs.at(1).instants.count("thread_info copy") == 0);
}

TEST_CASE("tracing a run does not change it", "[trace]") {
    CompareOptions plain = short_run(), traced = short_run();
    CompareTraces traces(TraceOptions{});
    traced.observers.push_back(&traces);
    CHECK(format_json({run_design("copy", plain)}) == format_json({run_design("copy", traced)}));
}

TEST_CASE("irqsim boot --trace-out agrees with the same run's exception log", "[trace]") {
    TempDir d;
    std::string image = default_kernel_dir() + "/kernel-sp_el0.elf";
    Command c = run_irqsim(fmt::format("boot {} --smp 2 --trace-out {} --trace-exceptions {}", image, d / "t.json",
                                       d / "log"));
    REQUIRE(c.status == 0);
    // The log: "Taking exception 5 [IRQ] on CPU 0", unless QEMU-style
    // "...handled as PSCI call" says the firmware took it instead.
    std::map<unsigned, std::map<std::string, unsigned>> logged;
    std::istringstream log(read_file(d / "log"));
    std::regex taking(R"(Taking exception \d+ \[(.*)\] on CPU (\d+))");
    std::string line, name;
    unsigned cpu = 0;
    bool pending = false;
    auto flush = [&] {
        if (pending) ++logged[cpu][name];
        pending = false;
    };
    for (std::smatch m; std::getline(log, line);) {
        if (std::regex_search(line, m, taking)) {
            flush();
            name = m[1], cpu = std::stoul(m[2]), pending = true;
        } else if (line.rfind("...handled as", 0) == 0) {
            pending = false;
        } else if (line.rfind("...", 0) != 0) {
            flush();
        }
    }
    flush();
    REQUIRE(logged[0]["IRQ"] > 100);
    auto procs = check_trace(nlohmann::json::parse(read_file(d / "t.json")));
    REQUIRE(procs.size() == 1);
    const ProcessCounts& p = procs.begin()->second;
    CHECK(p.name == image);
    for (unsigned c = 0; c < 2; ++c) {
        INFO("CPU " << c);
        auto slices = p.tracks.count(c) ? p.tracks.at(c).exceptions : std::map<std::string, unsigned>{};
        CHECK(slices["IRQ"] == logged[c]["IRQ"]);
        CHECK(slices["SVC"] == logged[c]["SVC"]);
        unsigned all_slices = 0, all_logged = 0;
        for (auto& [n, k] : slices) all_slices += k;
        for (auto& [n, k] : logged[c]) all_logged += k;
        CHECK(all_slices == all_logged);
    }
}

TEST_CASE("irqsim boot and compare refuse a --trace-out they cannot write", "[trace]") {
    std::string image = default_kernel_dir() + "/kernel-task.elf";
    Command b = run_irqsim(fmt::format("boot {} --trace-out /nonexistent/dir/t.json", image));
    CHECK(b.status == 2);
    CHECK(b.err.find("/nonexistent/dir/t.json") != std::string::npos);
    Command c = run_irqsim("compare --core flat --designs task --cpus 1 --trace-out /nonexistent/dir/t.json");
    CHECK(c.status == 2);
    CHECK(c.err.find("/nonexistent/dir/t.json") != std::string::npos);
}
