// Steady loops (src/cycles/steady_loop.cpp) must be exact: a counted loop
// priced a period at a time gives the same cycles, statistics, registers
// and retired count at every point a run can stop as stepping every pass
// (CpuCycleModel::set_steady_loops(false)), on every core model: for loops
// of several lengths and shapes, with state before them that takes a while
// to settle, cut by run budgets at every boundary in a range, and stopped by
// stop_at in the middle of what would be skipped. Each case also checks that
// passes were skipped at all, so the comparison is not of stepping with
// itself.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "cycles/cpu_model.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::cycles;
using irqsim::test::assemble;

namespace {

constexpr uint64_t kCode = 0x40000000, kData = 0x40100000, kDataSize = 0x10000;

// What a stop shows: the CPU and the model.
struct Point {
    std::array<uint64_t, 32> x;
    uint32_t nzcv;
    uint64_t pc, retired, cycles;
    std::vector<uint64_t> stats;
    bool operator==(const Point&) const = default;
};

std::vector<uint64_t> flat(const CpuCycleStats& s) {
    std::vector<uint64_t> v{s.instructions, s.l1d_misses, s.l2_misses, s.l1i_misses, s.mmio_accesses,
                            s.branches, s.mispredicts, s.exceptions, s.erets};
    v.insert(v.end(), s.stall_cycles.begin(), s.stall_cycles.end());
    return v;
}

// Each source assembled once (the assembler is a process per call).
const std::vector<uint32_t>& assembled(const std::string& src) {
    static std::map<std::string, std::vector<uint32_t>> done;
    auto it = done.find(src);
    if (it == done.end()) it = done.emplace(src, assemble(src + "\nsvc #0\n")).first;
    return it->second;
}

struct Rig {
    Bus bus;
    test::RecordingSystem sys;  // stops at the SVC
    Cpu cpu{bus, sys};
    CpuCycleModel model;
    Rig(CoreKind core, const std::string& src, bool steady) : model(cpu, core_model(core)) {
        bus.map_ram(kCode, 0x10000, "code");
        bus.map_ram(kData, kDataSize, "data");
        const std::vector<uint32_t>& words = assembled(src);
        bus.copy_in(kCode, words.data(), words.size() * 4);
        cpu.invalidate_decode_cache();
        cpu.pc = kCode;
        cpu.x[6] = kData;
        model.set_steady_loops(steady);
    }
    Point point() const { return {cpu.x, cpu.nzcv, cpu.pc, cpu.instructions_retired(), model.cycles(), flat(model.stats())}; }
    bool halted() const { return !sys.events.empty(); }
};

// Runs to the SVC in runs of `slice` instructions, the state after each.
std::vector<Point> sliced(CoreKind core, const std::string& src, uint64_t slice, bool steady, uint64_t* skipped = nullptr) {
    Rig r(core, src, steady);
    std::vector<Point> trace;
    for (int guard = 0; !r.halted() && guard < 1'000'000; ++guard) {
        r.cpu.run(slice);
        trace.push_back(r.point());
    }
    REQUIRE(r.halted());
    if (skipped) *skipped = r.model.steady_loop_passes();
    return trace;
}

// Runs to stop_at(`at`), then on to the SVC: the state at both.
std::pair<Point, Point> stopped(CoreKind core, const std::string& src, uint64_t at, bool steady) {
    Rig r(core, src, steady);
    r.model.stop_at(at);
    r.cpu.run(100'000'000);
    Point first = r.point();
    r.model.stop_at(~uint64_t{0});
    while (!r.halted()) r.cpu.run(100'000'000);
    return {first, r.point()};
}

struct Case {
    const char* what;
    std::string source;
};

const CoreKind kCores[] = {CoreKind::A53, CoreKind::A57, CoreKind::A72};

std::string nops(unsigned n) {
    std::string s;
    for (unsigned k = 0; k < n; ++k) s += "nop\n";
    return s;
}

std::vector<Case> cases() {
    return {
        {"add / cmp / b.ne (the compare workload's spin)",
         "movz w1, #1500\nmovz w0, #0\n1: add w0, w0, #1\ncmp w1, w0\nb.ne 1b\nadd x2, x0, x1"},
        {"subs / b.ne, after a divide and a load that are still in flight",
         "ldr x5, [x6]\nmovz x8, #1000\nmovz x9, #7\nudiv x7, x8, x9\nmovz x0, #1500\n"
         "1: subs x0, x0, #1\nb.ne 1b\nadd x3, x7, x5\nstr x3, [x6, #8]"},
        {"sub / cbnz, then a second loop of another length",
         "movz x0, #1200\n1: sub x0, x0, #1\ncbnz x0, 1b\nmovz w4, #0\nmovz w5, #0x1000\n"
         "2: add w4, w4, #16\ncmp w4, w5\nb.ne 2b\nmul x6, x4, x5"},
        {"add / cmp / b.ne across two cache lines (the head at byte 56 of one, b.ne at 0 of the next)",
         nops(12) + "movz w1, #1500\nmovz w0, #0\n1: add w0, w0, #1\ncmp w1, w0\nb.ne 1b"},
        {"subs / b.ne across two cache lines", nops(13) + "movz x0, #1500\nnop\n1: subs x0, x0, #1\nb.ne 1b"},
        {"cmp counter, bound with a 64-bit step of 3",
         "movz x1, #3000\nmovz x0, #0\n1: add x0, x0, #3\ncmp x0, x1\nb.ne 1b"},
    };
}

}  // namespace

TEST_CASE("a steady loop priced a period at a time matches it stepped at every budget boundary", "[cycles][steady_loop]") {
    for (const Case& c : cases()) {
        for (CoreKind core : kCores) {
            INFO(c.what << " on " << core_name(core));
            uint64_t skipped = 0;
            auto ref = sliced(core, c.source, 100'000'000, false);
            auto fast = sliced(core, c.source, 100'000'000, true, &skipped);
            CHECK(skipped > 500);  // of 1000 or more passes
            REQUIRE(fast == ref);
            // Every boundary for runs of up to 40 (each pass cut at each of
            // its instructions), some for longer ones.
            std::vector<uint64_t> slices{97, 256, 1000, 4099};
            for (uint64_t slice = 1; slice <= 40; ++slice) slices.push_back(slice);
            for (uint64_t slice : slices) {
                INFO("runs of " << slice);
                CHECK(sliced(core, c.source, slice, true) == sliced(core, c.source, slice, false));
            }
        }
    }
}

TEST_CASE("a steady loop stopped by stop_at in what would be skipped stops where stepping does", "[cycles][steady_loop]") {
    for (const Case& c : cases()) {
        for (CoreKind core : kCores) {
            INFO(c.what << " on " << core_name(core));
            const uint64_t total = sliced(core, c.source, 100'000'000, false).back().cycles;
            for (uint64_t at = 1; at < total; at += at < 64 ? 1 : 1 + total / 97) {
                INFO("stop_at " << at);
                CHECK(stopped(core, c.source, at, true) == stopped(core, c.source, at, false));
            }
        }
    }
}

TEST_CASE("a steady loop is stepped under a sink or an instruction observer", "[cycles][steady_loop]") {
    const std::string src = cases()[0].source;
    struct Totals {
        uint64_t insns = 0, cycles = 0;
    };
    for (CoreKind core : kCores) {
        INFO(core_name(core));
        std::array<Totals, 2> totals;
        std::array<uint64_t, 2> cycles{}, skipped{};
        for (bool steady : {false, true}) {
            Rig r(core, src, steady);
            r.model.set_sink([](void* ctx, uint64_t, unsigned insns, uint64_t cyc, Stall) {
                auto& t = *static_cast<Totals*>(ctx);
                t.insns += insns;
                t.cycles += cyc;
            }, &totals[steady]);
            while (!r.halted()) r.cpu.run(100'000'000);
            cycles[steady] = r.model.cycles();
            skipped[steady] = r.model.steady_loop_passes();
        }
        CHECK(skipped[1] == 0);
        CHECK(totals[1].insns == totals[0].insns);
        CHECK(totals[1].cycles == totals[0].cycles);
        CHECK(totals[1].cycles == cycles[1]);
        CHECK(cycles[1] == cycles[0]);

        Rig r(core, src, true);
        r.cpu.set_insn_observer([](void*, Cpu&) {}, nullptr);
        while (!r.halted()) r.cpu.run(100'000'000);
        CHECK(r.model.steady_loop_passes() == 0);
        CHECK(r.model.cycles() == cycles[0]);
    }
}
