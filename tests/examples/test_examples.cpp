// Each example's output against a run: the figures it prints are those the
// library reports for the same designs, workload and seeds (computed here,
// not typed in), and its verdict lines follow from them.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>

#include "irqsim/compare.hpp"

using namespace irqsim;

namespace {
struct Output {
    int status = -1;
    std::string text;
};
Output run_example(const char* path) {
    Output o;
    FILE* p = popen((std::string(path) + " 2>&1").c_str(), "r");
    REQUIRE(p);
    std::array<char, 4096> buf;
    for (size_t n; (n = fread(buf.data(), 1, buf.size(), p)) > 0;) o.text.append(buf.data(), n);
    int st = pclose(p);
    o.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return o;
}
// The default workload on the four designs, once.
const std::vector<DesignReport>& default_runs() {
    static std::vector<DesignReport> runs = run_compare(CompareOptions{});
    return runs;
}
unsigned long long u(uint64_t v) { return static_cast<unsigned long long>(v); }
}  // namespace

TEST_CASE("compare_designs prints the side-by-side table and a story from the same figures", "[examples]") {
    Output o = run_example(IRQSIM_EXAMPLE_COMPARE_DESIGNS);
    INFO(o.text);
    REQUIRE(o.status == 0);
    const auto& rs = default_runs();
    CHECK_THAT(o.text, Catch::Contains(format_table(rs, CompareOptions{})));
    const DesignReport& task = rs.front();
    for (const DesignReport& r : rs) {
        if (&r != &task)
            CHECK_THAT(o.text, Catch::Contains(fmt::format("{:<9} task stack {} bytes ({} less), IRQ stack {} bytes",
                                                           r.design, r.max_task_stack,
                                                           static_cast<long long>(task.max_task_stack) -
                                                               static_cast<long long>(r.max_task_stack),
                                                           r.max_irq_stack)));
        CHECK_THAT(o.text, Catch::Contains(fmt::format("{:<9} {} nested IRQs, deepest nesting {}, recursion caught {}, "
                                                       "nested entries that switched again {}",
                                                       r.design, r.nested_irqs, r.max_nesting, r.recursion_caught,
                                                       r.nested_switches)));
        CHECK_THAT(o.text, Catch::Contains(fmt::format("{:<9} {} lost (the guest's own count {})", r.design,
                                                       r.lost_flag_updates, r.guest_lost_wakeups)));
    }
}

TEST_CASE("nested_softirq shows the nested IRQ on the IRQ stack over the softirq, with one switch record",
          "[examples]") {
    Output o = run_example(IRQSIM_EXAMPLE_NESTED_SOFTIRQ);
    INFO(o.text);
    REQUIRE(o.status == 0);
    for (const DesignReport& r : default_runs()) {
        CHECK_THAT(o.text, Catch::Contains(fmt::format("{}: {} IRQs, {} nested, deepest nesting {}; recursion caught {}; "
                                                       "nested entries that switched again {}",
                                                       r.design, r.irqs, r.nested_irqs, r.max_nesting,
                                                       r.recursion_caught, r.nested_switches)));
        const StackChain& c = r.max_irq_stack ? r.irq_stack_chain : r.task_stack_chain;
        CHECK_THAT(o.text, Catch::Contains(format_stack_chain(c)));
    }
    CHECK_THAT(o.text, !Catch::Contains("NOT the nested shape"));
    CHECK_THAT(o.text, !Catch::Contains("FAIL"));
}

TEST_CASE("wakeup_race finds a losing seed under copy that reproduces, and no loss elsewhere", "[examples]") {
    Output o = run_example(IRQSIM_EXAMPLE_WAKEUP_RACE);
    INFO(o.text);
    REQUIRE(o.status == 0);
    unsigned long long seed = 0, iseed = 0;
    auto at = o.text.find("First found: seed ");
    REQUIRE(at != std::string::npos);
    REQUIRE(std::sscanf(o.text.c_str() + at, "First found: seed %llu, interleave seed %llu", &seed, &iseed) == 2);
    CompareOptions opt;
    opt.workload = find_workload("wakeup-race");
    opt.workload.seed = seed;
    opt.interleave_seed = iseed;
    DesignReport r = run_design("copy", opt);
    REQUIRE(r.lost_flag_updates >= 1);
    CHECK_THAT(o.text, Catch::Contains(fmt::format("copy, seed {}, interleave seed {}: {} flag update(s) lost "
                                                   "(the guest's own count: {})",
                                                   seed, iseed, r.lost_flag_updates, r.guest_lost_wakeups)));
    for (const ThreadInfoLoss& l : r.lost_updates) CHECK_THAT(o.text, Catch::Contains(l.what()));
    CHECK_THAT(o.text, Catch::Contains("--seed " + std::to_string(seed) + " --interleave-seed " + std::to_string(iseed)));
    for (const char* d : {"task", "sp_el0", "mainline"}) {
        CHECK_THAT(o.text, Catch::Contains(fmt::format("{}: 0 flag update(s) lost, the guest's own count 0", d)));
        CHECK(run_design(d, opt).lost_flag_updates == 0);  // the found seed itself, once more
    }
}

TEST_CASE("cpu_hotplug reports the hotplug cycles, the IRQ stacks allocated and reused, and the re-online cost",
          "[examples]") {
    Output o = run_example(IRQSIM_EXAMPLE_CPU_HOTPLUG);
    INFO(o.text);
    REQUIRE(o.status == 0);
    CompareOptions opt;
    opt.workload = find_workload("hotplug-storm");
    opt.workload.cpus = 2;
    for (const char* d : {"copy", "mainline"}) {
        DesignReport r = run_design(d, opt);
        INFO(d);
        REQUIRE(r.hotplug_downs == opt.workload.hotplug_cycles);
        CHECK_THAT(o.text, Catch::Contains(fmt::format("{}: powered off; {} CPU_OFF, {} CPU_ON", d, r.hotplug_downs,
                                                       r.hotplug_ups)));
        CHECK_THAT(o.text, Catch::Contains(fmt::format("back in service: {} instructions from CPU_ON to the first IRQ, "
                                                       "{} per re-online",
                                                       r.hotplug_cycles, r.hotplug_cycles / r.hotplug_downs)));
        if (std::string(d) == "copy") {
            // One IRQ stack per CPU, allocated at its first CPU-up, then reused.
            CHECK(r.irq_stack_allocs == opt.workload.cpus);
            CHECK_THAT(o.text, Catch::Contains(fmt::format("IRQ stacks allocated: {} for {} CPU-ups (reused: yes)",
                                                           r.irq_stack_allocs, r.hotplug_ups + 1)));
        } else {
            CHECK(r.irq_stack_allocs == 0);  // static per-CPU
            CHECK_THAT(o.text, Catch::Contains("static per-CPU IRQ stacks"));
        }
    }
    CHECK_THAT(o.text, !Catch::Contains("FAIL"));
}

TEST_CASE("stack_usage prints each design's deepest chains and the overflow reports of a run", "[examples]") {
    Output o = run_example(IRQSIM_EXAMPLE_STACK_USAGE);
    INFO(o.text);
    REQUIRE(o.status == 0);
    for (const DesignReport& r : default_runs()) {
        CHECK_THAT(o.text, Catch::Contains(fmt::format("{}: task stack {} bytes, IRQ stack {} bytes", r.design,
                                                       r.max_task_stack, r.max_irq_stack)));
        CHECK_THAT(o.text, Catch::Contains(format_stack_chain(r.task_stack_chain)));
    }
    CompareOptions deep;
    deep.workload = find_workload("overflow");
    DesignReport t = run_design("task-overflow", deep);
    REQUIRE(!t.overflows.empty());
    CHECK_THAT(o.text, Catch::Contains(format_stack_overflow(t.overflows.front())));
}
