// Progress (issue 7): a bar with rate and time left on a terminal, plain
// lines (sweep) or nothing (compare) otherwise, and never on stdout.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "progress.hpp"
#include "support.hpp"

using namespace irqsim::test;
using irqsim::cli::Progress;

TEST_CASE("the progress line shows the bar, the count, the rate and the time left", "[progress]") {
    // 3 of 12 in 6 s: 2 s each, 9 more take 18 s.
    std::string l = Progress::line(3, 12, 6.0, "copy", 24);
    CHECK(l.rfind("[######..................] 3/12 ", 0) == 0);
    CHECK(l.find("2.0s each") != std::string::npos);
    CHECK(l.find("elapsed 0:06") != std::string::npos);
    CHECK(l.find("left 0:18") != std::string::npos);
    CHECK(l.ends_with("  copy"));
    // 40 of 50 in 10 s: 4 per second, 10 more take 2.5 s (shown rounded).
    std::string f = Progress::line(40, 50, 10.0, "", 10);
    CHECK(f.rfind("[########..] 40/50 4.0/s", 0) == 0);
    CHECK(f.find("left 0:03") != std::string::npos);
    // Nothing done yet: no rate to tell.
    CHECK(Progress::line(0, 5, 1.0, "", 5).find("left --:--") != std::string::npos);
}

TEST_CASE("compare shows a progress bar on a terminal and nothing on a pipe", "[progress]") {
    Command pipe = run_irqsim("compare --core flat --designs task,copy --cpus 1");
    REQUIRE(pipe.status == 0);
    CHECK(pipe.err.empty());
    // script(1) (util-linux) runs the command on a pseudo-terminal.
    TempDir d;
    std::string cmd = fmt::format("script -qec '{} compare --core flat --designs task,copy --cpus 1 > {}' /dev/null > {} 2>&1",
                                  IRQSIM_BINARY, d / "table", d / "term");
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::string term = read_file(d / "term");
    CHECK(term.find("\r") != std::string::npos);
    CHECK(term.find("2/2") != std::string::npos);
    CHECK(term.find("[##############################]") != std::string::npos);
    // The table itself is the same either way.
    CHECK(read_file(d / "table") == pipe.out);
}

// Designs run on host threads (--jobs) are independent simulations: the
// report is the one a single thread gives, byte for byte, in the order the
// designs were named, and a failing design is reported as it would be alone.
TEST_CASE("compare --jobs gives the single-threaded report for any number of threads", "[progress][jobs]") {
    const std::string args = "compare --core flat --designs mainline,task,copy,sp_el0 --cpus 2 --format json --jobs ";
    Command one = run_irqsim(args + "1");
    REQUIRE(one.status == 0);
    for (const char* jobs : {"2", "3", "4"}) {
        INFO("--jobs " << jobs);
        Command many = run_irqsim(args + jobs);
        REQUIRE(many.status == 0);
        CHECK(many.out == one.out);
    }
    Command bad = run_irqsim("compare --core flat --designs task,/nonexistent/kernel.elf,copy --jobs 3");
    Command bad_alone = run_irqsim("compare --core flat --designs task,/nonexistent/kernel.elf,copy --jobs 1");
    CHECK(bad.status == 2);
    CHECK(bad.err == bad_alone.err);
    CHECK(bad.err.find("/nonexistent/kernel.elf") != std::string::npos);
}
