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
