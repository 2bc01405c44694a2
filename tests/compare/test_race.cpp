// The copy design's lost-update race (issue 5, "What it must show"): the
// board's interleaving seed, the host-side thread_info checker, and the other
// designs under the same seeds. Every expected figure comes from a run.
#include <catch2/catch.hpp>

#include <algorithm>

#include "irqsim/compare.hpp"

using namespace irqsim;

TEST_CASE("interleave seed 0 is the fixed round-robin schedule: the same run as without the option", "[race]") {
    CompareOptions without;  // interleave_seed left at its default
    CompareOptions with_zero;
    with_zero.interleave_seed = 0;
    for (const char* d : {"task", "copy"}) {
        INFO(d);
        DesignReport a = run_design(d, without), b = run_design(d, with_zero);
        CHECK(a.instructions == b.instructions);
        CHECK(a.console == b.console);
        CHECK(format_json({a}) == format_json({b}));
    }
}

TEST_CASE("an interleave seed changes the schedule, and the same seed gives the same run", "[race]") {
    CompareOptions fixed, seeded;
    seeded.interleave_seed = 7;
    DesignReport f = run_design("copy", fixed), a = run_design("copy", seeded), b = run_design("copy", seeded);
    CHECK(a.console == b.console);
    CHECK(format_json({a}) == format_json({b}));
    CHECK(a.outcome == "powered off");
    // Different turns, different interleaving of the two CPUs' work.
    CHECK(a.instructions != f.instructions);
}

namespace {
// The search, once: the copy design under interleave seeds 1.. on
// workloads/wakeup-race.toml, up to the first that loses a flag update.
constexpr unsigned kSearchBudget = 8;
const CompareOptions& race_options() {
    static CompareOptions o = [] {
        CompareOptions c;
        c.workload = find_workload("wakeup-race");
        return c;
    }();
    return o;
}
// `design` at a trial's seeds, again.
DesignReport rerun(const char* design, const RaceTrial& t) {
    CompareOptions o = race_options();
    o.workload.seed = t.seed;
    o.interleave_seed = t.interleave_seed;
    return run_design(design, o);
}
// The same findings, line by line (CPU, PC, instruction, seeds).
void check_same(const std::vector<ThreadInfoLoss>& a, const std::vector<ThreadInfoLoss>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) CHECK(a[i].what() == b[i].what());
}
const std::vector<RaceTrial>& copy_search() {
    static std::vector<RaceTrial> trials =
        search_race("copy", race_options(), {race_options().workload.seed}, 1, kSearchBudget, true);
    return trials;
}
}  // namespace

TEST_CASE("a search over interleavings finds the copy design's lost flag update, and its seeds reproduce it",
          "[race]") {
    const auto& trials = copy_search();
    REQUIRE(!trials.empty());
    const RaceTrial& found = trials.back();
    INFO("searched " << trials.size() << " interleave seeds; last: " << found.interleave_seed);
    REQUIRE(found.report.lost_flag_updates >= 1);
    REQUIRE(found.report.outcome == "powered off");
    CHECK(found.report.lost_flag_updates == found.report.lost_updates.size());
    for (const ThreadInfoLoss& l : found.report.lost_updates) {
        INFO(l.what());
        // Another CPU's wake-up (the guest's resched_cpu) set TIF_NEED_RESCHED
        // (bit 1, asm/offsets.h) on the thread_info that was not the live one.
        CHECK(l.flag == 1);
        CHECK(l.flag_name == "TIF_NEED_RESCHED");
        CHECK(l.cpu != l.owner_cpu);
        CHECK(l.address != l.live_address);
        CHECK_THAT(l.where, Catch::StartsWith("resched_cpu+"));
        CHECK(l.seed == found.seed);
        CHECK(l.interleave_seed == found.interleave_seed);
        if (l.kind == ThreadInfoLoss::Kind::OverwrittenByWriteBack) CHECK_THAT(l.what(), Catch::Contains("write-back"));
    }
    // Every earlier seed of the search lost nothing (the search stops at the first loss).
    for (size_t i = 0; i + 1 < trials.size(); ++i) CHECK(trials[i].report.lost_flag_updates == 0);
    // The guest's own count of lost wake-ups (judged at the write-back,
    // src/asm/sched.c) is the host checker's, seed by seed.
    for (const RaceTrial& t : trials) {
        INFO("interleave seed " << t.interleave_seed);
        CHECK(t.report.guest_lost_wakeups == t.report.lost_flag_updates);
    }

    // The same seeds again: the same losses at the same instructions.
    DesignReport r = rerun("copy", found);
    check_same(r.lost_updates, found.report.lost_updates);
    CHECK(format_json({r}) == format_json({found.report}));
}

TEST_CASE("the checker follows one thread_info copy per outermost IRQ under copy, and none elsewhere", "[race]") {
    const DesignReport& c = copy_search().front().report;
    CHECK(c.thread_info_copies == c.outermost_irqs);  // the host's count against the guest's
    CHECK(c.remote_flag_sets > 0);                    // it saw other CPUs' wake-ups land on them
}

namespace {
// A second search: the copy design under workloads/wakeup-race.toml, all
// interleave seeds 1..8 of a workload seed, over workload seeds from the
// file's own up to the first whose runs include one where the guest reads a
// thread_info that lacks another CPU's store to the other end of its copy.
constexpr unsigned kStaleInterleaves = 8;
const std::vector<RaceTrial>& stale_search() {
    static std::vector<RaceTrial> trials = [] {
        std::vector<RaceTrial> all;
        for (uint64_t seed = race_options().workload.seed; seed < race_options().workload.seed + 3; ++seed) {
            bool found = false;
            for (RaceTrial& t : search_race("copy", race_options(), {seed}, 1, kStaleInterleaves, false)) {
                found = found || !t.report.stale_reads.empty();
                all.push_back(std::move(t));
            }
            if (found) break;
        }
        return all;
    }();
    return trials;
}
const RaceTrial& first_stale(const std::vector<RaceTrial>& trials) {
    auto it = std::find_if(trials.begin(), trials.end(), [](const RaceTrial& t) { return !t.report.stale_reads.empty(); });
    return it == trials.end() ? trials.back() : *it;
}
}  // namespace

TEST_CASE("a search finds the copy design reading a stale thread_info copy, and its seeds reproduce it", "[race]") {
    const auto& trials = stale_search();
    REQUIRE(!trials.empty());
    const RaceTrial& found = first_stale(trials);
    INFO("searched " << trials.size() << " runs; first with a stale read: seed " << found.seed << ", interleave seed "
                     << found.interleave_seed);
    REQUIRE(!found.report.stale_reads.empty());
    REQUIRE(found.report.outcome == "powered off");
    for (const ThreadInfoLoss& s : found.report.stale_reads) {
        INFO(s.what());
        CHECK(s.kind == ThreadInfoLoss::Kind::StaleRead);
        CHECK(s.address != s.live_address);
        // What the read lacks is another CPU's wake-up (the guest's
        // resched_cpu), made through a task->stack read before the copy.
        CHECK(s.update_cpu != s.cpu);
        CHECK_THAT(s.update_where, Catch::StartsWith("resched_cpu+"));
        CHECK(s.flag_name == "flags");
        CHECK(s.seed == found.seed);
        CHECK(s.interleave_seed == found.interleave_seed);
    }
    // At least one is the CPU's own current_thread_info() landing on its
    // IRQ-stack copy while the flag sits on the task stack's thread_info.
    CHECK(std::any_of(found.report.stale_reads.begin(), found.report.stale_reads.end(),
                      [](const ThreadInfoLoss& s) { return s.cpu == s.owner_cpu; }));
    for (const RaceTrial& t : trials) {
        INFO("seed " << t.seed << ", interleave seed " << t.interleave_seed);
        CHECK(t.report.guest_lost_wakeups == t.report.lost_flag_updates);
        CHECK(t.report.guest_checks_failed == 0);
    }
    // The same seeds again: the same reads.
    check_same(rerun("copy", found).stale_reads, found.report.stale_reads);
}

TEST_CASE("task, sp_el0 and mainline read no stale thread_info under the stale-read search", "[race]") {
    const auto& trials = stale_search();
    REQUIRE(!trials.empty());
    for (const char* d : {"task", "sp_el0", "mainline"}) {
        for (const RaceTrial& c : trials) {
            DesignReport r = rerun(d, c);
            INFO(d << ", seed " << c.seed << ", interleave seed " << c.interleave_seed);
            CHECK(r.outcome == "powered off");
            CHECK(r.stale_reads.empty());
            CHECK(r.lost_flag_updates == 0);
            CHECK(r.guest_lost_wakeups == 0);
        }
    }
}

TEST_CASE("task, sp_el0 and mainline lose no flag update under the same search", "[race]") {
    const auto& trials = copy_search();
    REQUIRE(!trials.empty());
    for (const char* d : {"task", "sp_el0", "mainline"}) {
        for (const RaceTrial& t : search_race(d, race_options(), {race_options().workload.seed}, 1,
                                              static_cast<unsigned>(trials.size()), false)) {
            INFO(d << ", interleave seed " << t.interleave_seed);
            CHECK(t.report.outcome == "powered off");
            CHECK(t.report.guest_checks_failed == 0);
            CHECK(t.report.lost_flag_updates == 0);
            CHECK(t.report.guest_lost_wakeups == 0);
            CHECK(t.report.thread_info_copies == 0);  // one thread_info per task: nothing to go stale
            CHECK(t.report.stale_reads.empty());
        }
    }
}
