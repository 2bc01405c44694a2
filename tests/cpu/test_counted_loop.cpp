// The counted-loop fast-forward (src/cpu/counted_loop.cpp) must be exact:
// the same registers, NZCV, PC and retired count at every point a run can
// stop as when each instruction is stepped. The stepped reference is the
// observed run loop (an instruction observer attached), which never skips;
// both run the same code in the same budget slices, so a skip that crossed a
// budget boundary (where an IRQ would be taken) or left a wrong flag shows.
// tests/programs/counted_loops.c checks the loops' results against QEMU.
#include <catch2/catch.hpp>

#include <array>
#include <string>

#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {

struct State {
    std::array<uint64_t, 32> x;
    uint32_t nzcv;
    uint64_t pc, retired;
    bool operator==(const State&) const = default;
};
State state_of(const Cpu& c) { return {c.x, c.nzcv, c.pc, c.instructions_retired()}; }

// Runs `source` (ending in SVC #0xffff) in slices of `slice` instructions
// until the SVC, recording the state after each slice.
std::vector<State> run_sliced(const std::string& source, const std::array<uint64_t, 4>& init, uint64_t slice,
                              bool stepped) {
    TestMachine m;
    m.load(assemble(source + "\nsvc #0xffff\n"));
    m.sys.stop_on_event = true;
    for (unsigned i = 0; i < init.size(); ++i) m.cpu.x[i] = init[i];
    if (stepped) m.cpu.set_insn_observer([](void*, Cpu&) {}, nullptr);
    std::vector<State> trace;
    for (int guard = 0; m.sys.events.empty() && guard < 200000; ++guard) {
        m.cpu.run(slice);
        trace.push_back(state_of(m.cpu));
    }
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "svc");
    return trace;
}

struct LoopCase {
    const char* what;
    const char* source;
    std::array<uint64_t, 4> init;  // x0..x3
};

// x0 counter, x1 bound (or x0 alone); the states compared hold NZCV, and a
// CSET after the first loop reads it.
const LoopCase kCases[] = {
    {"add #1 / cmp bound, counter / b.ne (the compare workload's spin)",
     "1: add w0, w0, #1\n cmp w1, w0\n b.ne 1b\n cset x2, hi", {0xffffffff00000000, 1000, 0, 0}},
    {"cmp counter, bound order", "1: add w0, w0, #3\n cmp w0, w1\n b.ne 1b", {5, 5 + 3 * 700, 0, 0}},
    {"32-bit counter that wraps through zero",
     "1: add w0, w0, #7\n cmp w1, w0\n b.ne 1b", {0xffffff00, (0xffffff00u + 7u * 900u), 0, 0}},
    {"64-bit sub with a shifted immediate",
     "1: sub x0, x0, #1, lsl #12\n cmp x0, x1\n b.ne 1b", {0x1000 * 600, 0, 0, 0}},
    {"a counter that starts at its bound runs a full period (32-bit, step 2^20: 4096 passes)",
     "1: add w0, w0, #256, lsl #12\n cmp w1, w0\n b.ne 1b", {0x12345, 0x12345, 0, 0}},
    {"subs / b.ne (flags from the step)", "1: subs w0, w0, #1\n b.ne 1b", {1500, 0, 0, 0}},
    {"adds / b.ne in 64 bits, through the carry", "1: adds x0, x0, #2\n b.ne 1b",
     {~uint64_t{0} - 2 * 800 + 1, 0, 0, 0}},
    {"sub / cbnz (no flags: NZCV kept from before)",
     "cmp x2, #0\n1: sub x0, x0, #4\n cbnz x0, 1b", {4 * 1200, 0, 0, 0}},
    {"add / cbnz w with a wrap", "1: add w0, w0, #16\n cbnz w0, 1b", {0xfffff000u, 0, 0, 0}},
};

}  // namespace

TEST_CASE("a counted loop run fast matches it stepped at every budget boundary", "[cpu][counted_loop]") {
    for (const LoopCase& c : kCases) {
        for (uint64_t slice : {1, 2, 3, 4, 5, 7, 64, 1000, 100000}) {
            INFO(c.what << ", slices of " << slice);
            auto fast = run_sliced(c.source, c.init, slice, false);
            auto stepped = run_sliced(c.source, c.init, slice, true);
            REQUIRE(fast.size() == stepped.size());
            for (size_t i = 0; i < fast.size(); ++i) {
                INFO("after slice " << i);
                REQUIRE(fast[i] == stepped[i]);
            }
        }
    }
}

// Too many passes to step in a test: the end state from the architecture.
// 2^32 - 1 passes of add w0, w0, #1 from bound + 1 (wrapping) to the bound;
// the last CMP compares equal values: Z and C set, N and V clear.
TEST_CASE("a counted loop of four billion passes ends with the state the architecture gives", "[cpu][counted_loop]") {
    TestMachine m;
    m.cpu.x[0] = 11;  // counter starts one past the bound
    m.cpu.x[1] = 10;
    m.run_asm("1: add w0, w0, #1\n cmp w1, w0\n b.ne 1b", 1ull << 40);
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.x[0] == 10);
    CHECK(m.cpu.nzcv == (nzcv::Z | nzcv::C));
    // 3 instructions per pass and the SVC that ends the code.
    CHECK(m.cpu.instructions_retired() == 3 * 0xffffffffull + 1);
}

TEST_CASE("a PC hook inside a counted loop sees every pass", "[cpu][counted_loop][hooks]") {
    TestMachine m;
    m.load(assemble("1: add w0, w0, #1\n cmp w1, w0\n b.ne 1b\n svc #0xffff"));
    m.sys.stop_on_event = true;
    m.cpu.x[1] = 500;
    unsigned seen = 0;
    m.cpu.add_pc_hook(TestMachine::kCodeBase + 4, [&](Cpu&) {
        ++seen;
        return Cpu::HookAction::Continue;
    });
    m.cpu.run(100000);
    CHECK(seen == 500);
    CHECK(m.cpu.x[0] == 500);
}
