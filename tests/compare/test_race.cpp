// The copy design's lost-update race (issue 5, "What it must show"): the
// board's interleaving seed, the host-side thread_info checker, and the other
// designs under the same seeds. Every expected figure comes from a run.
#include <catch2/catch.hpp>

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

    // The same seeds again: the same losses at the same instructions.
    CompareOptions again = race_options();
    again.workload.seed = found.seed;
    again.interleave_seed = found.interleave_seed;
    DesignReport r = run_design("copy", again);
    REQUIRE(r.lost_updates.size() == found.report.lost_updates.size());
    for (size_t i = 0; i < r.lost_updates.size(); ++i) CHECK(r.lost_updates[i].what() == found.report.lost_updates[i].what());
    CHECK(format_json({r}) == format_json({found.report}));
}

TEST_CASE("the checker follows one thread_info copy per outermost IRQ under copy, and none elsewhere", "[race]") {
    const DesignReport& c = copy_search().front().report;
    CHECK(c.thread_info_copies == c.outermost_irqs);  // the host's count against the guest's
    CHECK(c.remote_flag_sets > 0);                    // it saw other CPUs' wake-ups land on them
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
