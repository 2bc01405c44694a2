// `irqsim compare --core a53|a57|a72`: the cycle model fills the per-IRQ
// cycle fields from the real kernel images, split into phases, with the
// thread_info copy's share, warm and cold.
#include <catch2/catch.hpp>

#include "irqsim/compare.hpp"

using namespace irqsim;

namespace {
DesignReport run(const char* design, const char* core) {
    CompareOptions o;
    o.core = core;
    o.workload.max_ticks = 20;
    return run_design(design, o);
}
}  // namespace

TEST_CASE("with a core model, the phases' cycles add up to the cycles per IRQ, and only copy pays for a copy") {
    for (const char* core : {"a53", "a57", "a72"}) {
        for (const char* d : {"task", "copy"}) {
            INFO(core << " " << d);
            DesignReport r = run(d, core);
            REQUIRE(r.outcome == "powered off");
            REQUIRE(r.irqs > 0);
            CHECK(r.core == core);
            CHECK(r.cycles_entry + r.cycles_switch + r.cycles_copy + r.cycles_handler + r.cycles_exit ==
                  Approx(r.cycles_per_irq));
            // Every IRQ costs at least its vector entry and its ERET refill.
            CHECK(r.cycles_entry > 0);
            CHECK(r.cycles_exit > 0);
            if (std::string(d) == "copy") {
                CHECK(r.cycles_copy > 0);
                // Cold caches: the copy's lines come from DRAM.
                CHECK(r.cycles_copy_cold > r.cycles_copy);
            } else {
                CHECK(r.cycles_copy == 0);
                CHECK(r.cycles_copy_cold == 0);
            }
            // Emptying every cache at each IRQ can only cost more.
            CHECK(r.cycles_per_irq_cold > r.cycles_per_irq);
        }
    }
}

TEST_CASE("the dual-issue in-order A53 needs more cycles per IRQ than the 3-wide out-of-order A57") {
    DesignReport a53 = run("copy", "a53"), a57 = run("copy", "a57");
    CHECK(a53.insns_per_irq == a57.insns_per_irq);  // the same instructions ...
    CHECK(a53.cycles_per_irq > a57.cycles_per_irq);  // ... priced by two pipelines
}

TEST_CASE("cycle figures are deterministic") {
    DesignReport a = run("copy", "a57"), b = run("copy", "a57");
    CHECK(a.cycles_per_irq == b.cycles_per_irq);
    CHECK(a.cycles_copy_cold == b.cycles_copy_cold);
}
