// docs/tutorial.md, step 4: what dropping sp_el0's frame record does, from
// runs of both images on the same workload.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "irqsim/compare.hpp"

TEST_CASE("without its frame record sp_el0 still keeps IRQs off the task stack", "[my_entry]") {
    irqsim::CompareOptions o;  // the built-in workload
    irqsim::DesignReport stock = irqsim::run_design("sp_el0", o);
    irqsim::DesignReport mine = irqsim::run_design(MY_KERNEL, o);
    CHECK(mine.design == "sp_el0-norecord");
    REQUIRE(mine.outcome == "powered off");
    CHECK(mine.max_irq_stack > 0);
    CHECK(mine.max_task_stack <= stock.max_task_stack);
    // The two instructions saved show in the stack-switch phase.
    CHECK(mine.cycles_switch < stock.cycles_switch);
}

TEST_CASE("without its frame record an unwind from the handler no longer reaches the task", "[my_entry]") {
    irqsim::CompareOptions o;
    CHECK(irqsim::run_design("sp_el0", o).unwind_complete);
    CHECK_FALSE(irqsim::run_design(MY_KERNEL, o).unwind_complete);
}
