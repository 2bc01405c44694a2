// The registers the cycle model's classifier says an instruction reads and
// writes, for the SIMD&FP forms, against the Arm ARM's operand roles (its
// pseudocode for each instruction: which of Vd/Vn/Vm/Xn/NZCV are read, which
// written). Costs are test_llvm_mca.cpp's business; this is the scoreboard's.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "cycles/classify.hpp"
#include "support/test_machine.hpp"

using namespace irqsim::cycles;
using irqsim::test::assemble;

namespace {

uint8_t v(unsigned n) { return static_cast<uint8_t>(kRegV0 + n); }

struct Regs {
    std::set<uint8_t> read, written;
};
Regs regs_of(const char* insn) {
    auto words = assemble(insn);
    REQUIRE(words.size() == 1);
    InsnInfo i = classify_word(words[0]);
    Regs r;
    r.read.insert(i.src, i.src + i.nsrc);
    r.written.insert(i.dst, i.dst + i.ndst);
    return r;
}
using Set = std::set<uint8_t>;

}  // namespace

TEST_CASE("FP compares write NZCV; FCCMP and FCSEL read it (Arm ARM C7.2 FCMP, FCCMP, FCSEL)") {
    CHECK(regs_of("fcmp d1, d2").written == Set{kRegNzcv});
    CHECK(regs_of("fcmp d1, d2").read == Set{v(1), v(2)});
    CHECK(regs_of("fcmpe s3, #0.0").read == Set{v(3)});
    CHECK(regs_of("fccmp d1, d2, #4, ne").read == Set{v(1), v(2), kRegNzcv});
    CHECK(regs_of("fccmp d1, d2, #4, ne").written == Set{kRegNzcv});
    CHECK(regs_of("fcsel d0, d1, d2, gt").read == Set{v(1), v(2), kRegNzcv});
    CHECK(regs_of("fcsel d0, d1, d2, gt").written == Set{v(0)});
}

TEST_CASE("V registers are their own scoreboard entries: V0 is not X0, B/H/S/D/Qn are all Vn") {
    CHECK(regs_of("fadd d0, d1, d2").written == Set{v(0)});
    CHECK(regs_of("fadd s0, s1, s2").read == Set{v(1), v(2)});
    CHECK(regs_of("add v31.4s, v30.4s, v29.4s").written == Set{v(31)});
    CHECK(regs_of("fmov d0, x0").read == Set{0});
    CHECK(regs_of("fmov d0, x0").written == Set{v(0)});
    CHECK(regs_of("fmov x1, d0").written == Set{1});
    CHECK(regs_of("fmadd d0, d1, d2, d3").read == Set{v(1), v(2), v(3)});
    CHECK(regs_of("fmov w2, s0").read == Set{v(0)});
    CHECK(regs_of("scvtf d0, xzr").read.empty());  // XZR is no dependency
}

TEST_CASE("Instructions that keep part of Vd read it (INS, LD1 lane, FMOV D[1], accumulators, BSL, TBX, ORR imm)") {
    CHECK(regs_of("ins v0.s[1], w1").read == Set{1, v(0)});
    CHECK(regs_of("mov v0.s[1], v1.s[0]").read == Set{v(0), v(1)});
    CHECK(regs_of("fmov v5.d[1], x4").read == Set{4, v(5)});
    CHECK(regs_of("ld1 {v2.s}[1], [x3]").read == Set{3, v(2)});
    CHECK(regs_of("ld1r {v2.4s}, [x3]").read == Set{3});
    CHECK(regs_of("mla v0.4s, v1.4s, v2.4s").read == Set{v(0), v(1), v(2)});
    CHECK(regs_of("fmla v0.2d, v1.2d, v2.2d").read == Set{v(0), v(1), v(2)});
    CHECK(regs_of("bsl v0.16b, v1.16b, v2.16b").read == Set{v(0), v(1), v(2)});
    CHECK(regs_of("and v0.16b, v1.16b, v2.16b").read == Set{v(1), v(2)});
    CHECK(regs_of("tbx v0.16b, {v1.16b, v2.16b}, v3.16b").read == Set{v(0), v(1), v(2), v(3)});
    CHECK(regs_of("tbl v0.16b, {v31.16b, v0.16b}, v3.16b").read == Set{v(31), v(0), v(3)});  // the list wraps
    CHECK(regs_of("orr v0.4s, #1").read == Set{v(0)});
    CHECK(regs_of("movi v0.4s, #1").read.empty());
    CHECK(regs_of("xtn2 v0.8h, v1.4s").read == Set{v(0), v(1)});
    CHECK(regs_of("xtn v0.4h, v1.4s").read == Set{v(1)});
}

TEST_CASE("SIMD&FP loads and stores: data, base, index and writeback registers") {
    CHECK(regs_of("ldp q0, q1, [x2], #32").written == Set{v(0), v(1), 2});
    CHECK(regs_of("stp q0, q1, [sp, #-32]!").read == Set{v(0), v(1), kRegSp});
    CHECK(regs_of("ldr d0, [x1, x2, lsl #3]").read == Set{1, 2});
    CHECK(regs_of("ld1 {v30.16b, v31.16b, v0.16b, v1.16b}, [x1], x2").written == Set{v(30), v(31), v(0), v(1), 1});
    CHECK(regs_of("st1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1], x2").read == Set{v(0), v(1), v(2), v(3), 1, 2});
    CHECK(regs_of("st1 {v0.16b}, [x1], #16").written == Set{1});
    CHECK(regs_of("umov w0, v1.s[1]").written == Set{0});
    CHECK(regs_of("dup v0.4s, w1").read == Set{1});
}
