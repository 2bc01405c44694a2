// Where the stack went, and the guard below it: the call chains behind each
// design's high-water marks and the overflow images' guard reports. Every
// expected value comes from the runs or from the guest image's own symbols.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "irqsim/compare.hpp"
#include "irqsim/elf.hpp"

using namespace irqsim;

namespace {
const DesignReport& run(const std::string& design) {
    static std::map<std::string, DesignReport> cache;
    auto it = cache.find(design);
    if (it == cache.end()) {
        // The overflow images run workloads/overflow.toml (a syscall path deeper than THREAD_SIZE).
        CompareOptions o;
        if (design.ends_with("-overflow")) o.workload = find_workload("overflow");
        it = cache.emplace(design, run_design(design, o)).first;
    }
    return it->second;
}
const ElfImage& image(const std::string& name) {
    static std::map<std::string, ElfImage> cache;
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, load_elf(default_kernel_dir() + "/kernel-" + name + ".elf")).first;
    return it->second;
}
// The IRQ path's own code: the root handler the entry code calls (the
// image's handle_arch_irq pointer is initialised to it) and the handler work.
const char* const kIrqPath[] = {"gic_handle_irq", "handler_work"};

bool has_function(const StackChain& c, const std::string& fn) {
    return std::any_of(c.frames.begin(), c.frames.end(),
                       [&](const StackFrame& f) { return f.kind == StackFrame::Kind::Function && f.function == fn; });
}
bool has_irq_regs(const StackChain& c) {
    return std::any_of(c.frames.begin(), c.frames.end(), [](const StackFrame& f) {
        return f.kind == StackFrame::Kind::ExceptionRegs && (f.function == "el1_irq" || f.function == "el0_irq");
    });
}
uint64_t sum(const StackChain& c) {
    uint64_t n = 0;
    for (const auto& f : c.frames) n += f.bytes();
    return n;
}
}  // namespace

TEST_CASE("the IRQ path's frames are on the task stack under task and on the IRQ stack under the others", "[stack]") {
    for (const char* fn : kIrqPath) {
        INFO(fn);
        const ElfSymbol* s = image("task").find_symbol(fn);
        REQUIRE(s);
        CHECK(s->function);
    }
    const StackChain& task = run("task").task_stack_chain;
    INFO(format_stack_chain(task));
    for (const char* fn : kIrqPath) CHECK(has_function(task, fn));
    CHECK(has_irq_regs(task));
    for (const char* d : {"copy", "sp_el0", "mainline"}) {
        const DesignReport& r = run(d);
        INFO(d << "\ntask stack:\n" << format_stack_chain(r.task_stack_chain) << "IRQ stack:\n"
               << format_stack_chain(r.irq_stack_chain));
        for (const char* fn : kIrqPath) {
            CHECK_FALSE(has_function(r.task_stack_chain, fn));
            CHECK(has_function(r.irq_stack_chain, fn));
        }
        // The IRQ stack's chain ends at the record that leads back to the task.
        REQUIRE_FALSE(r.irq_stack_chain.frames.empty());
        CHECK(r.irq_stack_chain.frames.back().kind == StackFrame::Kind::SwitchRecord);
    }
}

TEST_CASE("a chain's frames add up to the high-water mark it explains", "[stack]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        const DesignReport& r = run(d);
        for (const StackChain* c : {&r.task_stack_chain, &r.irq_stack_chain}) {
            uint64_t mark = c == &r.task_stack_chain ? r.guest_max_task_stack : r.guest_max_irq_stack;
            INFO(d << "\n" << format_stack_chain(*c));
            if (mark == 0) {
                CHECK(c->frames.empty());
                continue;
            }
            // The guest's painted stacks say how deep they went; the chain's
            // frames, from the lowest store up to the stack's top, say where.
            CHECK(sum(*c) == mark);
            CHECK(c->bytes() == mark);
            for (size_t i = 0; i < c->frames.size(); ++i) {
                CHECK(c->frames[i].bytes() > 0);
                if (i + 1 < c->frames.size()) CHECK(c->frames[i].high == c->frames[i + 1].low);
            }
            CHECK(c->frames.front().low == c->low);
        }
        // The task stack's chain reaches the task's first frame: its entry from EL0.
        REQUIRE_FALSE(r.task_stack_chain.frames.empty());
        CHECK(r.task_stack_chain.frames.back().kind == StackFrame::Kind::ExceptionRegs);
    }
}

TEST_CASE("the stack guard stays silent on the default workload", "[stack]") {
    for (const char* d : {"task", "copy", "sp_el0", "mainline", "mainline_v4_10", "mainline_v4_14"}) {
        INFO(d);
        CHECK(run(d).overflows.empty());
        CHECK(run(d).stack_overflows == 0);
        CHECK_FALSE(run(d).thread_info_corrupted);
    }
}

TEST_CASE("an overflow image's guard report names the stack and the too-deep function", "[stack]") {
    for (const char* d : {"task-overflow", "copy-overflow", "mainline_v4_14-overflow"}) {
        const DesignReport& r = run(d);
        const ElfSymbol* deep = image(d).find_symbol("deep_path");  // the syscall path that goes too deep
        REQUIRE(deep);
        INFO(d << ": " << r.outcome);
        REQUIRE_FALSE(r.overflows.empty());
        CHECK(r.stack_overflows == r.overflows.size());
        for (const StackOverflow& v : r.overflows) {
            INFO(format_stack_overflow(v));
            CHECK(v.stack.find("task stack") != std::string::npos);
            CHECK(v.sp < v.usable_bottom);
            CHECK(v.address >= v.sp);
            bool in_deep = std::any_of(v.backtrace.begin(), v.backtrace.end(),
                                       [&](uint64_t ra) { return ra - deep->value < deep->size; });
            CHECK(in_deep);
        }
    }
}

TEST_CASE("an overflow corrupts thread_info in a 2015 design and not in v4.14, whose entry check catches it", "[stack]") {
    for (const char* d : {"task-overflow", "copy-overflow"}) {
        INFO(d);
        CHECK(run(d).thread_info_corrupted);
        CHECK(run(d).guest_stack_overflows == 0);  // nothing in the guest noticed
    }
    const DesignReport& v414 = run("mainline_v4_14-overflow");
    CHECK_FALSE(v414.thread_info_corrupted);
    CHECK(v414.guest_stack_overflows > 0);
    for (const StackOverflow& v : v414.overflows) CHECK(v.usable_bottom == v.stack_base);  // its guard is below the base
}
