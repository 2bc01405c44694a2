// Workload files: bad files are refused with FILE:LINE:COL and the key; the
// shipped files parse; the CLI exits 2 on a bad file and writes nothing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <fmt/format.h>
#include <unistd.h>

#include "irqsim/compare.hpp"
#include "irqsim/workload.hpp"

using namespace irqsim;
namespace fs = std::filesystem;

namespace {
struct BadFile {
    const char* what;
    const char* text;
    unsigned line;
    const char* key;        // the key the message names ("" for a syntax error)
    const char* fragment;   // part of what is wrong
};

// One per kind of mistake; each line number is where the text puts the mistake.
const BadFile kBadFiles[] = {
    {"unknown key, with the nearest known one", "cpus = 2\n[tasks]\nper_cpuu = 3\n", 3, "tasks.per_cpuu",
     "did you mean 'tasks.per_cpu'"},
    {"unknown top-level key", "seed = 1\nthread_sise = 8192\n", 2, "thread_sise", "did you mean 'thread_size'"},
    {"unknown table", "[task]\nper_cpu = 1\n", 1, "task", "did you mean 'tasks'"},
    {"unknown key in an interrupt source", "[[irq]]\nkind = \"timer\"\nprio = 0x80\n", 3, "irq[0].prio",
     "did you mean 'irq[0].priority'"},
    {"a key of another kind of source", "[[irq]]\nkind = \"timer\"\nrate_permille = 10\n", 3,
     "irq[0].rate_permille", "applies to network and usb sources only"},
    {"wrong type: string for an integer", "cpus = \"two\"\n", 1, "cpus", "expected an integer, found a string"},
    {"wrong type: integer for a table", "tasks = 3\n", 1, "tasks", "expected a table"},
    {"wrong type: integer for a boolean", "[[irq]]\nkind = \"usb\"\npreemptible = 1\n", 3, "irq[0].preemptible",
     "expected true or false"},
    {"negative size", "[tasks]\nsyscall_frame_bytes = -5\n", 2, "tasks.syscall_frame_bytes",
     "a size must be positive, not -5"},
    {"zero size", "\n\n[[irq]]\nkind = \"timer\"\nhandler_frame_bytes = 0\n", 5, "irq[0].handler_frame_bytes",
     "a size must be positive, not 0"},
    {"negative THREAD_SIZE", "thread_size = -16384\n", 1, "thread_size", "a size must be positive"},
    {"THREAD_SIZE not a power of two", "seed = 3\nthread_size = 12288\n", 2, "thread_size", "not a power of two"},
    {"THREAD_SIZE below 4 KiB", "thread_size = 2048\n", 1, "thread_size", "expected 4096..65536"},
    {"IRQ stack size not a multiple of 16", "irq_stack_size = 4100\n", 1, "irq_stack_size", "not a multiple of 16"},
    {"IRQ stack larger than THREAD_SIZE", "thread_size = 8192\nirq_stack_size = 16384\n", 2, "irq_stack_size",
     "exceeds thread_size 8192"},
    {"more CPUs than a GICv2 serves", "cpus = 9\n", 1, "cpus", "a GICv2 serves at most 8 CPUs"},
    {"more CPUs than the board takes with a GICv3", "gic = \"v3\"\ncpus = 12\n", 2, "cpus", "stop at 8 CPUs"},
    {"no CPUs", "cpus = 0\n", 1, "cpus", "at least 1"},
    {"priority out of range", "[[irq]]\nkind = \"timer\"\npriority = 0xf0\n", 3, "irq[0].priority",
     "out of range"},
    {"priority between levels", "[[irq]]\nkind = \"timer\"\npriority = 0x84\n", 3, "irq[0].priority",
     "not a multiple of 8"},
    {"rate out of range", "[[irq]]\nkind = \"timer\"\n[[irq]]\nkind = \"network\"\nrate_permille = 1500\n", 5,
     "irq[1].rate_permille", "expected 0..1000"},
    {"timer period too short", "[[irq]]\nkind = \"timer\"\nperiod = 10\n", 3, "irq[0].period", "expected 64.."},
    {"share out of range", "[softirq]\nshare_permille = -1\n", 2, "softirq.share_permille", "expected 0..1000"},
    {"unknown source kind", "[[irq]]\nkind = \"serial\"\n", 2, "irq[0].kind", "unknown kind 'serial'"},
    {"source without a kind", "[[irq]]\npriority = 0x80\n", 1, "irq[0]", "needs a 'kind'"},
    {"no timer source", "[[irq]]\nkind = \"usb\"\n", 1, "irq", "no source of kind 'timer'"},
    {"two timers", "[[irq]]\nkind = \"timer\"\n[[irq]]\nkind = \"timer\"\n", 4, "irq[1].kind", "a second timer"},
    {"unknown GIC", "gic = \"v4\"\n", 1, "gic", "expected v2 or v3"},
    {"TOML syntax error", "seed = 1\ncpus = = 2\n", 2, "", "TOML syntax"},
    {"TOML duplicate key", "seed = 1\nseed = 2\n", 2, "", "TOML syntax"},
};
}  // namespace

TEST_CASE("each kind of bad workload file is refused with its file, line and key", "[workload]") {
    for (const auto& bad : kBadFiles) {
        INFO(bad.what << "\n" << bad.text);
        try {
            parse_workload(bad.text, "dir/bad.toml");
            FAIL("accepted");
        } catch (const WorkloadError& e) {
            std::string msg = e.what();
            INFO(msg);
            CHECK(e.file == "dir/bad.toml");
            CHECK(e.line == bad.line);
            CHECK(e.key == bad.key);
            CHECK(msg.rfind("dir/bad.toml:" + std::to_string(bad.line) + ":", 0) == 0);
            if (*bad.key) CHECK_THAT(msg, Catch::Contains(std::string("key '") + bad.key + "'"));
            CHECK_THAT(msg, Catch::Contains(bad.fragment));
        }
    }
}

TEST_CASE("workloads/default.toml is the built-in default", "[workload]") {
    Workload file = load_workload_file(IRQSIM_WORKLOADS "/default.toml");
    Workload builtin = default_workload();
    CHECK(file == builtin);
    CHECK(format_workload(file) == format_workload(builtin));
    CHECK(find_workload("default") == builtin);
}

TEST_CASE("every shipped workload parses and reads back equal from its own TOML", "[workload]") {
    unsigned files = 0;
    for (const auto& e : fs::directory_iterator(IRQSIM_WORKLOADS)) {
        if (e.path().extension() != ".toml") continue;
        INFO(e.path());
        Workload w = load_workload_file(e.path().string());
        CHECK(parse_workload(format_workload(w), "again.toml") == w);
        CHECK(find_workload(e.path().stem().string()) == w);  // by name
        ++files;
    }
    CHECK(files >= 1);
}

TEST_CASE("an IRQ name with TOML escapes reads back equal from format_workload", "[workload]") {
    // fuzz_workload found this (CI, stop 13): a name holding a backslash was
    // written back unescaped, and the text no longer parsed.
    Workload w = parse_workload("[[irq]]\nname = \"a\\\\b\\\"c\\nd\\u0001e\\u007F\"\nkind = \"timer\"\n", "w.toml");
    REQUIRE(w.irqs.front().name == std::string("a\\b\"c\nd\x01" "e\x7f"));
    CHECK(parse_workload(format_workload(w), "again.toml") == w);
}

TEST_CASE("a file sets only what it names, and an IRQ stack follows THREAD_SIZE unless given", "[workload]") {
    Workload w = parse_workload("seed = 7\n[tasks]\nsyscall_depth = 3\n", "w.toml");
    Workload d = default_workload();
    CHECK(w.seed == 7);
    CHECK(w.syscall_depth == 3);
    CHECK(w.cpus == d.cpus);
    CHECK(w.irqs == d.irqs);
    CHECK(parse_workload("thread_size = 8192\n", "w.toml").irq_stack_size == 8192);
    CHECK(parse_workload("thread_size = 32768\nirq_stack_size = 4096\n", "w.toml").irq_stack_size == 4096);
}

TEST_CASE("a missing workload file or name is an error naming it", "[workload]") {
    REQUIRE_THROWS_WITH(find_workload("/nonexistent/w.toml"), Catch::Contains("/nonexistent/w.toml"));
    REQUIRE_THROWS_WITH(find_workload("no-such-workload"), Catch::Contains("not a known workload name (default"));
}

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        char tmpl[] = "/tmp/irqsim-workload-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
};
int run_cli(const std::string& args) {
    int status = std::system((std::string(IRQSIM_BINARY) + " " + args + " >/dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

TEST_CASE("irqsim compare exits 2 on a bad workload file and writes nothing to --out", "[workload][cli]") {
    TempDir dir;
    auto file = dir.path / "bad.toml";
    std::ofstream(file) << "cpus = 2\nthread_size = 12000\n";
    auto out = dir.path / "out";
    CHECK(run_cli("compare --workload " + file.string() + " --out " + out.string()) == 2);
    CHECK_FALSE(fs::exists(out));
    CHECK(run_cli("compare --workload " + (dir.path / "missing.toml").string()) == 2);
}

TEST_CASE("the workload's knobs reach the guest: deeper syscalls raise the task stack's high-water mark",
          "[workload][run]") {
    CompareOptions shallow, deep;
    shallow.workload = parse_workload("[tasks]\nsyscall_depth = 4\n", "shallow.toml");
    deep.workload = parse_workload("[tasks]\nsyscall_depth = 8\n", "deep.toml");
    for (const char* d : {"task", "sp_el0"}) {
        INFO(d);
        DesignReport a = run_design(d, shallow), b = run_design(d, deep);
        REQUIRE(a.outcome == "powered off");
        REQUIRE(b.outcome == "powered off");
        // Four more calls of syscall_frame_bytes each, at least.
        CHECK(b.max_task_stack >= a.max_task_stack + 4 * deep.workload.syscall_frame_bytes);
    }
}

TEST_CASE("command-line values override the file's: cpus and seed", "[workload][run]") {
    CompareOptions o;
    o.workload = parse_workload("cpus = 1\nseed = 5\n", "one.toml");
    DesignReport one = run_design("copy", o);
    CHECK(one.outcome == "powered off");
    CHECK_THAT(one.console, Catch::Contains("irqsim guest: 1 CPUs up"));
    o.workload.cpus = 3;  // what --cpus 3 does
    DesignReport three = run_design("copy", o);
    CHECK(three.outcome == "powered off");
    CHECK_THAT(three.console, Catch::Contains("irqsim guest: 3 CPUs up"));
    CHECK(three.irqs != one.irqs);
}

namespace {
DesignReport run_ok(const std::string& design, const Workload& w) {
    CompareOptions o;
    o.workload = w;
    DesignReport r = run_design(design, o);
    INFO(design << ": " << r.outcome << "\n" << r.console);
    REQUIRE(r.outcome == "powered off");
    REQUIRE(r.guest_checks_failed == 0);
    return r;
}
}  // namespace

TEST_CASE("larger handler frames raise the IRQ stack's high-water mark in the IRQ-stack designs", "[workload][run]") {
    Workload small = default_workload(), large = default_workload();
    for (auto& s : large.irqs) s.handler_frame_bytes = 320;
    for (const char* d : {"copy", "sp_el0", "mainline"}) {
        INFO(d);
        DesignReport a = run_ok(d, small), b = run_ok(d, large);
        unsigned depth = small.irqs[0].handler_depth;
        // At least one handler's calls each carry 160 bytes more.
        CHECK(b.max_irq_stack >= a.max_irq_stack + depth * 160);
        CHECK(b.max_task_stack == a.max_task_stack);  // the task stack does not see them
    }
}

TEST_CASE("the 8 and 32 KiB images run and report their thread_size and the workload's IRQ stack size", "[workload][run]") {
    Workload w = find_workload("small-stacks");
    REQUIRE(w.thread_size == 8192);
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        INFO(d);
        DesignReport r = run_ok(d, w);
        CHECK(r.thread_size == 8192);
        CHECK(r.irq_stack_size == w.irq_stack_size);
        CHECK(r.max_task_stack < 8192);
        CHECK(r.max_irq_stack <= w.irq_stack_size);
        CHECK(r.stack_overflows == 0);
        CHECK(r.unwind_complete);
    }
    Workload large = default_workload();
    large.thread_size = large.irq_stack_size = 32768;
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        INFO(d << " at 32 KiB");
        DesignReport r = run_ok(d, large);
        CHECK(r.thread_size == 32768);
        CHECK(r.irq_stack_size == 32768);
    }
}

TEST_CASE("workloads/irq-storm.toml: interrupts and little else, ended by max_ticks, on every design", "[workload][run]") {
    Workload w = find_workload("irq-storm");
    REQUIRE(w.cpus == 1);
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        INFO(d);
        DesignReport r = run_ok(d, w);
        // The one source that fires is CPU 0's timer (no wake-ups send the
        // reschedule SGI), and max_ticks ends the run at its
        // max_ticks-th tick: every interrupt is one of those ticks.
        CHECK(r.irqs == w.max_ticks);
        CHECK(r.outermost_irqs == r.irqs);
        CHECK(r.max_nesting == 1);
        // What the file promises: the interrupt path is a third or more of
        // what the guest runs.
        CHECK(r.insns_per_irq * static_cast<double>(r.irqs) >= static_cast<double>(r.instructions) / 3);
    }
}

TEST_CASE("a THREAD_SIZE with no kernel image is an error naming the file, line and key, and how to build one",
          "[workload]") {
    CompareOptions o;
    o.workload = parse_workload("seed = 2\nthread_size = 4096\nirq_stack_size = 2048\n", "ts4k.toml");
    try {
        run_design("copy", o);
        FAIL("ran");
    } catch (const WorkloadError& e) {
        CHECK(e.file == "ts4k.toml");
        CHECK(e.line == 2);
        CHECK(e.key == "thread_size");
        CHECK_THAT(std::string(e.what()), Catch::Contains("irqsim_add_kernel_image(") &&
                                              Catch::Contains("THREAD_SIZE=4096"));
    }
}

TEST_CASE("a source of higher GIC priority preempts a preemptible handler and one of lower priority waits",
          "[workload][run]") {
    // No softirqs and no wake-ups: the only way to nest is preemption by priority.
    auto workload = [](unsigned usb_priority) {
        return parse_workload(fmt::format("[softirq]\nshare_permille = 0\n[wakeup]\npermille = 0\n"
                                          "[[irq]]\nkind = \"timer\"\npriority = 0xa0\npreemptible = true\n"
                                          "[[irq]]\nkind = \"usb\"\npriority = {:#x}\nrate_permille = 1000\n",
                                          usb_priority),
                              "priorities.toml");
    };
    for (const char* d : {"task", "sp_el0", "mainline"}) {
        INFO(d);
        DesignReport higher = run_ok(d, workload(0x80)), lower = run_ok(d, workload(0xc0));
        CHECK(higher.nested_irqs > 0);
        CHECK(higher.max_nesting == 2);
        CHECK(lower.nested_irqs == 0);
        CHECK(lower.max_nesting == 1);
        if (std::string(d) != "task") CHECK(higher.recursion_caught == higher.nested_irqs);
    }
}

TEST_CASE("hotplug cycles: the last CPU goes down and comes back each time, reusing its IRQ stack", "[workload][run]") {
    Workload w = parse_workload("[hotplug]\ncycles = 3\n", "hotplug.toml");
    DesignReport r = run_ok("sp_el0", w);
    CHECK_THAT(r.console, Catch::Contains("check: hotplug: the last CPU went down and came back: PASS"));
    CHECK_THAT(r.console, Catch::Contains("check: hotplug: its IRQ stack was reused: PASS"));
    CHECK_THAT(r.console, Catch::Contains("downs=3 ups=4"));  // CPU 1: its boot CPU_ON and three more
}

TEST_CASE("on four CPUs with hotplug, the host's stack marks agree with the guest's painted stacks",
          "[workload][run]") {
    // Static per-CPU IRQ stacks (mainline) are not THREAD_SIZE-aligned: one
    // slot holds the ends of two CPUs' stacks, which must not be mixed up.
    Workload w = parse_workload("cpus = 4\n[tasks]\niterations = 40\n[hotplug]\ncycles = 2\n", "four.toml");
    for (const char* d : {"task", "copy", "sp_el0", "mainline"}) {
        INFO(d);
        DesignReport r = run_ok(d, w);
        CHECK(r.max_task_stack == r.guest_max_task_stack);
        CHECK(r.max_irq_stack == r.guest_max_irq_stack);
        CHECK(r.stack_overflows == 0);
        if (std::string(d) != "task") CHECK(r.irq_stack_reused);
    }
}

TEST_CASE("a workload made or changed in code is checked before it runs", "[workload]") {
    CompareOptions o;
    o.workload.cpus = 9;
    REQUIRE_THROWS_WITH(run_design("copy", o),
                        Catch::Contains("workload 'default': key 'cpus': 9 CPUs: a GICv2 serves at most 8"));
    o.workload = parse_workload("cpus = 2\n[[irq]]\nkind = \"timer\"\n", "mine.toml");
    o.workload.irqs[0].priority = 0x84;  // the file's source, changed after reading
    REQUIRE_THROWS_WITH(run_design("copy", o), Catch::StartsWith("mine.toml:2:1: key 'irq[0].priority'"));
    o.workload.irqs[0].priority = 0x80;
    o.workload.irqs.push_back(o.workload.irqs[0]);
    REQUIRE_THROWS_WITH(run_design("copy", o), Catch::Contains("key 'irq[2].kind': a second timer source"));
}

TEST_CASE("an IRQ stack smaller than the IRQ path needs is reported as overflowed", "[workload][run]") {
    Workload roomy = default_workload(), tiny = default_workload();
    tiny.irq_stack_size = 1024;
    for (const char* d : {"sp_el0", "mainline"}) {
        INFO(d);
        CompareOptions o;
        o.workload = roomy;
        DesignReport fits = run_design(d, o);
        REQUIRE(fits.max_irq_stack > tiny.irq_stack_size);  // the IRQ path needs more than 1 KiB
        CHECK(fits.stack_overflows == 0);
        o.workload = tiny;
        DesignReport r = run_design(d, o);
        CHECK(r.irq_stack_size == tiny.irq_stack_size);
        CHECK(r.stack_overflows > 0);
        CHECK(r.max_irq_stack == tiny.irq_stack_size);  // used to its base, and beyond
    }
    // The task design has no IRQ stack: the knob changes nothing there.
    CompareOptions o;
    o.workload = tiny;
    DesignReport task = run_design("task", o);
    CHECK(task.stack_overflows == 0);
    CHECK(task.guest_checks_failed == 0);
}
