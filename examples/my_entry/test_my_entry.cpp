// docs/tutorial.md, step 4: what dropping sp_el0's frame record does, from
// runs of the stock sp_el0 image and ours on the same workload.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "irqsim/compare.hpp"

TEST_CASE("without its frame record sp_el0 switches stacks in fewer instructions and 16 bytes less IRQ stack") {
    irqsim::CompareOptions o;  // the built-in workload, flat cost model
    irqsim::DesignReport stock = irqsim::run_design("sp_el0", o);
    irqsim::DesignReport mine = irqsim::run_design(MY_KERNEL, o);
    REQUIRE(mine.outcome == "powered off");
    CHECK(mine.max_irq_stack > 0);  // IRQs still run on the IRQ stack
    CHECK(mine.max_task_stack == stock.max_task_stack);
    CHECK(mine.cycles_switch < stock.cycles_switch);
    CHECK(mine.max_irq_stack + 16 == stock.max_irq_stack);  // {x29, ELR} under the handler's frames
}

TEST_CASE("without its frame record an unwind from the handler no longer reaches the task") {
    irqsim::CompareOptions o;
    CHECK(irqsim::run_design("sp_el0", o).unwind_complete);
    CHECK_FALSE(irqsim::run_design(MY_KERNEL, o).unwind_complete);
}
