#include <catch2/catch.hpp>

#include "cpu/decoder.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

TEST_CASE("ADD (immediate) with LSL #12 adds imm12 << 12", "[cpu][dp_imm]") {
    TestMachine m;
    m.cpu.x[1] = 5;
    m.run_asm("add x0, x1, #3, lsl #12");
    CHECK(m.cpu.x[0] == 5 + (3 << 12));
}

TEST_CASE("SUBS sets C when there is no borrow and Z on equality", "[cpu][dp_imm]") {
    TestMachine m;
    m.cpu.x[1] = 7;
    m.run_asm("subs x0, x1, #7");
    CHECK(m.cpu.x[0] == 0);
    CHECK(m.cpu.nzcv == (nzcv::Z | nzcv::C));
}

TEST_CASE("32-bit ADD writes a zero-extended result", "[cpu][dp_imm]") {
    TestMachine m;
    m.cpu.x[1] = 0xffffffff'ffffffffull;
    m.run_asm("add w0, w1, #2");
    CHECK(m.cpu.x[0] == 1);
}

TEST_CASE("MOVZ/MOVK build a 64-bit constant", "[cpu][dp_imm]") {
    TestMachine m;
    m.run_asm("movz x3, #0x1234, lsl #48\nmovk x3, #0xbeef\nmovk x3, #0xdead, lsl #16");
    CHECK(m.cpu.x[3] == 0x12340000deadbeefull);
}

TEST_CASE("writes to register 31 in a data-processing form are discarded", "[cpu]") {
    TestMachine m;
    m.run_asm("movz xzr, #5");
    CHECK(m.cpu.x[31] == 0);
}

TEST_CASE("STR then LDR round-trips through RAM at the unsigned offset", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = TestMachine::kDataBase;
    m.cpu.x[2] = 0x1122334455667788ull;
    m.run_asm("str x2, [x1, #8]\nldrh w3, [x1, #8]\nldr x4, [x1, #8]");
    CHECK(m.cpu.x[3] == 0x7788);
    CHECK(m.cpu.x[4] == 0x1122334455667788ull);
}

TEST_CASE("a load from an unmapped address is routed to the system interface", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = 0x1000;
    m.cpu.x[0] = 99;
    m.run_asm("ldr x0, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "data-abort");
    CHECK(m.sys.events[0].value == 0x1000);
    CHECK(m.cpu.x[0] == 99);
}

TEST_CASE("BL links and RET returns", "[cpu][branch]") {
    TestMachine m;
    m.run_asm("bl 1f\nmovz x1, #2\nb 2f\n1: movz x0, #1\nret\n2: nop");
    CHECK(m.cpu.x[0] == 1);
    CHECK(m.cpu.x[1] == 2);
}

TEST_CASE("an all-zero word is UNDEFINED (UDF #0)", "[cpu][decoder]") {
    TestMachine m;
    m.run_asm(".inst 0x00000000");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "undef");
    CHECK(m.sys.events[0].pc == TestMachine::kCodeBase);
}

TEST_CASE("code rewritten by a store runs the new instruction", "[cpu][smc]") {
    TestMachine m;
    // Overwrite the instruction at label 1 with "movz x0, #42" (0xd2800540).
    m.run_asm(
        "adr x1, 1f\n"
        "movz w2, #0x0540\n"
        "movk w2, #0xd280, lsl #16\n"
        "b 2f\n"
        "1: movz x0, #7\n"
        "b 3f\n"
        "2: str w2, [x1]\n"
        "b 1b\n"
        "3: nop");
    CHECK(m.cpu.x[0] == 42);
}

TEST_CASE("a PC hook runs before its instruction; Stop leaves the PC there and the next run executes it once", "[cpu][hooks]") {
    TestMachine m;
    auto words = assemble("movz x0, #1\nmovz x0, #2\nmovz x0, #3\nsvc #0xffff");
    m.load(words);
    int calls = 0;
    uint64_t seen_x0 = 99;
    m.cpu.add_pc_hook(TestMachine::kCodeBase + 4, [&](Cpu& c) {
        ++calls;
        seen_x0 = c.x[0];
        return Cpu::HookAction::Stop;
    });
    CHECK(m.cpu.run(100) == StopReason::Breakpoint);
    CHECK(m.cpu.pc == TestMachine::kCodeBase + 4);
    CHECK(seen_x0 == 1);  // the hooked instruction has not run yet
    CHECK(m.cpu.instructions_retired() == 1);  // nor is it counted
    m.cpu.run(100);
    CHECK(calls == 1);
    CHECK(m.cpu.x[0] == 3);
    CHECK(m.cpu.instructions_retired() == 4);
}

TEST_CASE("a store watch reports stores inside its range and no others", "[mem][watch]") {
    TestMachine m;
    std::vector<std::pair<uint64_t, unsigned>> seen;
    m.bus.add_store_watch(TestMachine::kDataBase + 0x100, 0x10,
                          [&](uint64_t a, unsigned size, unsigned) { seen.emplace_back(a, size); });
    m.cpu.x[1] = TestMachine::kDataBase;
    m.run_asm("str x2, [x1, #0xf8]\nstr x2, [x1, #0x108]\nstrb w2, [x1, #0x120]\nstr w2, [x1, #0x40]");
    // [0xf8, 0x100) ends where the watch begins: not reported.
    REQUIRE(seen.size() == 1);
    CHECK(seen[0] == std::pair<uint64_t, unsigned>{TestMachine::kDataBase + 0x108, 8});
}

TEST_CASE("a store pair within a page is reported to a store watch once, as one store of both", "[mem][watch]") {
    TestMachine m;
    std::vector<std::pair<uint64_t, unsigned>> seen;
    std::vector<uint64_t> second_at_report;
    m.bus.add_store_watch(TestMachine::kDataBase + 0x100, 0x10, [&](uint64_t a, unsigned size, unsigned) {
        seen.emplace_back(a, size);
        uint64_t v = 0;
        m.bus.copy_out(TestMachine::kDataBase + 0x108, &v, sizeof v);
        second_at_report.push_back(v);
    });
    m.cpu.x[1] = TestMachine::kDataBase;
    m.cpu.x[2] = 0x1111;
    m.cpu.x[3] = 0x2222;
    // The first pair begins below the watch and ends in it; the second lies
    // in it; the third ends where it begins.
    m.run_asm("stp x2, x3, [x1, #0xf8]\nstp x2, x3, [x1, #0x100]\nstp w2, w3, [x1, #0xf8]");
    REQUIRE(seen.size() == 2);
    CHECK(seen[0] == std::pair<uint64_t, unsigned>{TestMachine::kDataBase + 0xf8, 16});
    CHECK(seen[1] == std::pair<uint64_t, unsigned>{TestMachine::kDataBase + 0x100, 16});
    // Reported after both halves are written.
    CHECK(second_at_report[1] == 0x2222);
}

TEST_CASE("a load debug watch is asked on every load that touches it, before and after its page is cached",
          "[mem][watch]") {
    TestMachine m;
    const uint64_t a = TestMachine::kDataBase + 0x100;
    std::vector<uint64_t> first_seen, second_seen;
    int first = m.bus.add_debug_watch(a, 8, Bus::kWatchLoads, [&](uint64_t addr, unsigned, bool, unsigned) {
        first_seen.push_back(addr);
        return false;
    });
    m.cpu.x[1] = TestMachine::kDataBase;
    // Three loads of the watched word, one beside it on the same page.
    m.run_asm("ldr x2, [x1, #0x100]\nldr x3, [x1, #0x108]\nldr w4, [x1, #0x104]\nldrb w5, [x1, #0x100]");
    CHECK(first_seen == std::vector<uint64_t>{a, a + 4, a});
    // A second watch on the same page is asked too; a removed one no more,
    // and removing it leaves the other's page watched.
    m.bus.add_debug_watch(a + 8, 8, Bus::kWatchLoads, [&](uint64_t addr, unsigned, bool, unsigned) {
        second_seen.push_back(addr);
        return true;  // stops the load
    });
    m.bus.remove_debug_watch(first);
    m.cpu.x[3] = 0;
    CHECK(m.run_asm("ldr x2, [x1, #0x100]\nldr x3, [x1, #0x108]") == StopReason::Breakpoint);
    CHECK(first_seen.size() == 3);
    CHECK(second_seen == std::vector<uint64_t>{a + 8});
    CHECK(m.cpu.x[3] == 0);  // the stopped load wrote nothing
}

TEST_CASE("removing one of two store watches on a page leaves the other reporting", "[mem][watch]") {
    TestMachine m;
    std::vector<uint64_t> seen;
    int first = m.bus.add_store_watch(TestMachine::kDataBase + 0x100, 8, [](uint64_t, unsigned, unsigned) {});
    m.bus.add_store_watch(TestMachine::kDataBase + 0x200, 8,
                          [&](uint64_t a, unsigned, unsigned) { seen.push_back(a); });
    m.bus.remove_store_watch(first);
    m.cpu.x[1] = TestMachine::kDataBase;
    m.run_asm("str x2, [x1, #0x180]\nstr x2, [x1, #0x200]\nstr x2, [x1, #0x200]");
    CHECK(seen == std::vector<uint64_t>{TestMachine::kDataBase + 0x200, TestMachine::kDataBase + 0x200});
}
