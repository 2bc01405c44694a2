// Properties of the IRQ-stack designs, each computed from runs of the
// design's own kernel image on the built-in workload; nothing here is a
// figure typed in from an earlier run. The guest's layout constants
// (sizeof(thread_info) = 32, the 2015 layout) come from irqsim_abi.h's report.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "irqsim/compare.hpp"

using namespace irqsim;

namespace {
// One run per design, shared by the test cases (the runs are deterministic).
const DesignReport& run(const std::string& design) {
    static std::map<std::string, DesignReport> cache;
    auto it = cache.find(design);
    if (it == cache.end()) {
        CompareOptions o;
        it = cache.emplace(design, run_design(design, o)).first;
    }
    return it->second;
}
const char* const kIrqStackDesigns[] = {"copy", "sp_el0", "mainline"};
}  // namespace

TEST_CASE("every design's kernel powers off with all its own self-checks passing", "[compare]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline", "mainline_v4_10"}) {
        INFO(d << ": " << run(d).outcome << "\n" << run(d).console);
        CHECK(run(d).outcome == "powered off");
        CHECK(run(d).guest_checks_failed == 0);
        CHECK(run(d).irqs > 100);  // enough interrupts for per-IRQ averages to mean something
    }
}

// The kernels carry a GICv3 driver too (picked from ID_AA64PFR0_EL1.GIC);
// the same workload on the board's GICv3 must take its interrupts, nest and
// unwind as it does on the GICv2 (QEMU's gic-version=3 runs the same images:
// tests/guest).
TEST_CASE("on a GICv3 every design takes its interrupts and passes its self-checks", "[compare]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        CompareOptions o;
        o.workload.gic = GicVersion::V3;
        DesignReport r = run_design(d, o);
        INFO(d << ": " << r.outcome << "\n" << r.console);
        CHECK(r.outcome == "powered off");
        CHECK(r.guest_checks_failed == 0);
        CHECK(r.irqs > 100);
        CHECK(r.nested_irqs > 0);
        CHECK(r.unwind_complete);
        CHECK(r.max_task_stack == r.guest_max_task_stack);
    }
}

TEST_CASE("moving IRQs off the task stack lowers the task stack's high-water mark", "[compare]") {
    const auto& task = run("task");
    for (const char* d : kIrqStackDesigns) {
        INFO(d);
        CHECK(run(d).max_task_stack < task.max_task_stack);
        // Where the bytes went: onto the IRQ stack.
        CHECK(run(d).max_irq_stack > 0);
        CHECK(run(d).max_irq_stack + run(d).max_task_stack >= task.max_task_stack);
    }
    CHECK(task.max_irq_stack == 0);
}

TEST_CASE("the host's store-based stack marks agree with the guest's painted stacks", "[compare]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        INFO(d);
        CHECK(run(d).max_task_stack == run(d).guest_max_task_stack);
        CHECK(run(d).max_irq_stack == run(d).guest_max_irq_stack);
    }
}

TEST_CASE("copy moves exactly 2 x sizeof(thread_info) per outermost IRQ and nothing for nested ones", "[compare]") {
    const auto& c = run("copy");
    REQUIRE(c.outermost_irqs > 0);
    REQUIRE(c.nested_irqs > 0);
    constexpr double kThreadInfoBytes = 32;  // flags, addr_limit, task, preempt_count, cpu
    CHECK(c.bytes_copied_per_irq * c.irqs == Approx(2 * kThreadInfoBytes * c.outermost_irqs));
    CHECK(c.bytes_copied_nested == 0);  // the guest's count of bytes copied by nested entries
    for (const char* d : {"task", "sp_el0", "mainline"}) CHECK(run(d).bytes_copied_per_irq == 0);
}

TEST_CASE("a nested IRQ on the IRQ stack is detected and does not switch again", "[compare]") {
    for (const char* d : kIrqStackDesigns) {
        INFO(d);
        CHECK(run(d).max_nesting >= 2);
        CHECK(run(d).recursion_caught == run(d).nested_irqs);
        CHECK(run(d).nested_switches == 0);  // no nested entry reset SP to the IRQ stack's top
        CHECK(run(d).outermost_on_irq_stack == run(d).outermost_irqs);
        // The host's view of the deepest IRQ stack: a nested entry's pt_regs
        // (the outermost entry saves its own on the task stack) above the
        // softirq it interrupted, and one frame record back to the task stack.
        const StackChain& c = run(d).irq_stack_chain;
        INFO(format_stack_chain(c));
        size_t regs = c.frames.size(), softirq = c.frames.size();
        unsigned records = 0;
        for (size_t i = 0; i < c.frames.size(); ++i) {
            if (c.frames[i].kind == StackFrame::Kind::ExceptionRegs && regs == c.frames.size()) regs = i;
            if (c.frames[i].function == "do_softirq") softirq = std::min(softirq, i);
            records += c.frames[i].kind == StackFrame::Kind::SwitchRecord;
        }
        CHECK(regs < softirq);        // frames run deepest first: the nested pt_regs on top of the softirq
        CHECK(softirq < c.frames.size());
        CHECK(records == 1);
    }
    CHECK(run("task").recursion_caught == 0);
    CHECK(run("task").outermost_on_irq_stack == 0);
}

TEST_CASE("the unwind from the deepest handler reaches the task's first frame in every design", "[compare]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline", "mainline_v4_10"}) {
        INFO(d);
        CHECK(run(d).unwinds > 0);
        CHECK(run(d).host_unwinds == run(d).unwinds);
        CHECK(run(d).unwind_complete);
    }
}

TEST_CASE("the IRQ-stack designs reuse a CPU's IRQ stack when it comes back online", "[compare]") {
    for (const char* d : kIrqStackDesigns) {
        INFO(d);
        CHECK(run(d).irq_stack_reused);
        CHECK(run(d).hotplug_cycles > 0);
    }
}

TEST_CASE("the per-phase cycles add up to the cycles per IRQ", "[compare]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        const auto& r = run(d);
        INFO(d);
        CHECK(r.cycles_entry + r.cycles_switch + r.cycles_copy + r.cycles_handler + r.cycles_exit ==
              Approx(r.cycles_per_irq));
        if (std::string(d) == "copy") CHECK(r.cycles_copy > 0);
        else CHECK(r.cycles_copy == 0);
        if (std::string(d) == "task") CHECK(r.cycles_switch == 0);
        else CHECK(r.cycles_switch > 0);
    }
}

TEST_CASE("the same seed gives the same figures", "[compare]") {
    CompareOptions o;
    DesignReport again = run_design("copy", o);
    CHECK(format_json({again}) == format_json({run("copy")}));
}

namespace {
// CPU 0's timer ticks, from the guest's report line ("irqsim report: ... ticks=N").
uint64_t guest_ticks(const DesignReport& r) {
    size_t at = r.console.find("irqsim report:");
    REQUIRE(at != std::string::npos);
    at = r.console.find("ticks=", at);
    REQUIRE(at != std::string::npos);
    return std::stoull(r.console.substr(at + 6));
}
}  // namespace

TEST_CASE("max_ticks (irqsim compare --irqs) ends the workload at CPU 0's Nth tick", "[compare]") {
    const DesignReport& whole = run("copy");
    uint64_t whole_ticks = guest_ticks(whole);
    INFO("the whole workload: " << whole_ticks << " ticks on CPU 0, " << whole.irqs << " IRQs");
    REQUIRE(whole_ticks > 40);
    CHECK(whole.console.find("stopped after max_ticks") == std::string::npos);
    uint64_t last_ticks = 0, last_irqs = 0;
    for (unsigned n : {10u, 40u}) {
        CompareOptions o;
        o.workload.max_ticks = n;
        DesignReport r = run_design("copy", o);
        INFO("max_ticks " << n << ": " << r.outcome << "\n" << r.console);
        CHECK(r.outcome == "powered off");
        CHECK(r.guest_checks_failed == 0);  // every task still finished, at its next syscall
        CHECK_THAT(r.console, Catch::Contains("stopped after max_ticks=" + std::to_string(n)));
        uint64_t ticks = guest_ticks(r);
        CHECK(ticks >= n);
        CHECK(ticks < whole_ticks);
        CHECK(ticks > last_ticks);
        CHECK(r.irqs < whole.irqs);
        CHECK(r.irqs > last_irqs);
        CHECK(r.instructions < whole.instructions);
        last_ticks = ticks, last_irqs = r.irqs;
    }
}

TEST_CASE("a missing kernel image is an error naming the file", "[compare]") {
    CompareOptions o;
    o.kernel_dir = "/nonexistent";
    REQUIRE_THROWS_WITH(run_design("copy", o), Catch::Contains("/nonexistent/kernel-copy.elf"));
}

TEST_CASE("a user's entry.S variant built with irqsim_add_kernel_image runs through run_design; "
          "the report says where its unwind stops and why", "[compare][variant]") {
    // tests/compare/CMakeLists.txt: sp_el0 whose IRQ-stack switch pushes no
    // frame record back to the task stack (x29 = 0 on the IRQ stack instead).
    CompareOptions o;
    o.kernel_dir = IRQSIM_VARIANT_DIR;
    DesignReport v = run_design("sp_el0-nolink", o);
    INFO(v.outcome << "\n" << v.console);
    REQUIRE(v.outcome == "powered off");
    CHECK(v.irqs > 100);
    CHECK(v.max_irq_stack > 0);  // the IRQs ran on the IRQ stack
    CHECK(v.max_task_stack == run("sp_el0").max_task_stack);
    // Every walk from the deepest handler ends on the IRQ stack, by the host's
    // unwinder and by the guest's own.
    CHECK(v.host_unwinds > 0);
    CHECK(v.host_unwinds_complete == 0);
    CHECK_FALSE(v.unwind_complete);
    CHECK_THAT(v.unwind_stopped, Catch::Contains("fp 0 on the IRQ stack of CPU") &&
                                     Catch::Contains("no frame record leads back to the interrupted stack"));
    CHECK_THAT(v.console, Catch::Contains("check: unwind") && Catch::Contains("FAIL"));
    CHECK(v.guest_checks_failed > 0);
    // The stock image, which pushes the record, unwinds to the task's first frame.
    CHECK(run("sp_el0").unwind_stopped.empty());
    CHECK(run("sp_el0").unwind_complete);
}
