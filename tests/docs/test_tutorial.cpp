// docs/tutorial.md's step 3: `irqsim compare --designs` with the path of an
// image built by irqsim_add_kernel_image() (examples/my_entry) runs that
// image, as the design named after its file, beside the stock designs.
#include <catch2/catch.hpp>

#include <string>

#include "irqsim/compare.hpp"
#include "support.hpp"

using namespace irqsim;

TEST_CASE("compare --designs takes an image path beside design names and reports it as the library runs it",
          "[docs][tutorial]") {
    const std::string image = IRQSIM_MY_KERNEL;  // build/examples/my_entry/kernel-sp_el0-norecord.elf
    test::Command c = test::run_irqsim("compare --core flat --designs task,sp_el0," + image + " --format csv");
    INFO(c.err);
    REQUIRE(c.status == 0);
    CompareOptions o;
    std::vector<DesignReport> runs = {run_design("task", o), run_design("sp_el0", o), run_design(image, o)};
    CHECK(runs[2].design == "sp_el0-norecord");
    CHECK(c.out == format_csv(runs));

    test::Command table = test::run_irqsim("compare --core flat --designs sp_el0," + image);
    REQUIRE(table.status == 0);
    CHECK_THAT(table.out, Catch::Contains("sp_el0-norecord"));
}

TEST_CASE("compare --designs with a path to a missing image fails with status 2 naming the file", "[docs][tutorial]") {
    test::Command c = test::run_irqsim("compare --core flat --designs sp_el0,/nonexistent/kernel-sp_el0-mine.elf");
    CHECK(c.status == 2);
    CHECK_THAT(c.err, Catch::Contains("/nonexistent/kernel-sp_el0-mine.elf"));
}
