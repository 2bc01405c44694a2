// Scalar floating point (Arm ARM C7.2, pseudocode in shared/functions/float):
// the corner cases the manual singles out. Every expected value is worked
// out from the pseudocode function named in the test, not taken from a run.
#include <catch2/catch.hpp>

#include "cpu/decoder.hpp"
#include "cpu/ldst_test_util.hpp"
#include "cpu/row_checks.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {
// FPSR cumulative bits (C5.2.8) and FPCR controls (C5.2.7).
constexpr uint64_t IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;
constexpr uint64_t DN = 1u << 25, FZ = 1u << 24;
constexpr uint64_t kRM = 2u << 22, kRP = 1u << 22;

struct Fp {
    TestMachine m;
    Fp(uint64_t fpcr = 0) { m.cpu.fpcr = fpcr; }
    void s(unsigned n, uint32_t bits) { m.cpu.v[n] = {bits, 0}; }
    void d(unsigned n, uint64_t bits) { m.cpu.v[n] = {bits, 0}; }
    uint64_t v(unsigned n) const { return m.cpu.v[n][0]; }
    uint64_t run(const char* src) {
        m.cpu.fpsr = 0;
        m.run_asm(src);
        REQUIRE(m.sys.events.empty());
        return m.cpu.fpsr;
    }
};
constexpr uint32_t kQNaN = 0x7fc01234, kSNaN = 0x7f801234, kOne = 0x3f800000, kTwo = 0x40000000;
}  // namespace

TEST_CASE("FMINNM/FMAXNM with one quiet NaN return the number (FPMinNum/FPMaxNum), FMIN returns the NaN",
          "[cpu][fp]") {
    Fp f;
    f.s(1, kQNaN);
    f.s(2, kTwo);
    CHECK(f.run("fminnm s0, s1, s2") == 0);
    CHECK(f.v(0) == kTwo);
    CHECK(f.run("fmaxnm s0, s2, s1") == 0);
    CHECK(f.v(0) == kTwo);
    // FPMin: FPProcessNaNs returns the quiet NaN itself, no exception.
    CHECK(f.run("fmin s0, s2, s1") == 0);
    CHECK(f.v(0) == kQNaN);
    // A signalling NaN is processed by FPMin after all: quietened, IOC.
    f.s(1, kSNaN);
    CHECK(f.run("fminnm s0, s1, s2") == IOC);
    CHECK(f.v(0) == (kSNaN | 0x00400000));
    // FPMax of +0 and -0 is +0, FPMin is -0 (the signs combined).
    f.s(1, 0x80000000);
    f.s(2, 0);
    f.run("fmax s0, s1, s2\nfmin s3, s1, s2");
    CHECK(f.v(0) == 0);
    CHECK(f.v(3) == 0x80000000);
}

TEST_CASE("FPProcessNaNs: a signalling NaN wins over a quiet one in either operand; FPCR.DN gives the default NaN",
          "[cpu][fp]") {
    Fp f;
    f.s(1, kQNaN);
    f.s(2, 0x7f800077);  // signalling
    CHECK(f.run("fadd s0, s1, s2") == IOC);
    CHECK(f.v(0) == 0x7fc00077);
    f.s(2, 0xffc00099);  // both quiet: the first operand's
    CHECK(f.run("fmul s0, s1, s2") == 0);
    CHECK(f.v(0) == kQNaN);
    // FPDefaultNaN: positive, quiet, payload zero.
    f.m.cpu.fpcr = DN;
    CHECK(f.run("fsub s0, s1, s2") == 0);
    CHECK(f.v(0) == 0x7fc00000);
    f.d(3, 0x7ff0000000000001ull);
    CHECK(f.run("fsqrt d0, d3") == IOC);
    CHECK(f.v(0) == 0x7ff8000000000000ull);
    // An invalid operation always gives the default NaN: infinity - infinity.
    f.m.cpu.fpcr = 0;
    f.s(4, 0x7f800000);
    CHECK(f.run("fsub s0, s4, s4") == IOC);
    CHECK(f.v(0) == 0x7fc00000);
}

TEST_CASE("FPMulAdd: a quiet NaN addend with infinity times zero gives the default NaN and IOC", "[cpu][fp]") {
    Fp f;
    f.d(1, 0x7ff0000000000000ull);  // +inf
    f.d(2, 0);
    f.d(3, 0x7ff8000000000abcull);  // quiet NaN addend
    CHECK(f.run("fmadd d0, d1, d2, d3") == IOC);
    CHECK(f.v(0) == 0x7ff8000000000000ull);
    // Without the infinity-times-zero, the addend NaN propagates; FNMADD
    // negates the addend first (FPNeg), so its sign flips.
    f.d(2, 0x3ff0000000000000ull);
    CHECK(f.run("fnmadd d0, d1, d2, d3") == 0);
    CHECK(f.v(0) == 0xfff8000000000abcull);
}

TEST_CASE("FCVTZS/FCVTZU saturate with IOC and no IXC (FPToFixed); NaN converts to 0 with IOC", "[cpu][fp]") {
    Fp f;
    f.d(1, 0x4202a05f20000000ull);  // 1e10
    CHECK(f.run("fcvtzs w0, d1") == IOC);
    CHECK(f.m.cpu.x[0] == 0x7fffffff);
    f.d(1, 0xfff0000000000000ull);  // -inf
    CHECK(f.run("fcvtzs x0, d1") == IOC);
    CHECK(f.m.cpu.x[0] == 0x8000000000000000ull);
    CHECK(f.run("fcvtzu w0, d1") == IOC);
    CHECK(f.m.cpu.x[0] == 0);
    f.s(2, 0x7fc00000);
    CHECK(f.run("fcvtzs w0, s2") == IOC);
    CHECK(f.m.cpu.x[0] == 0);
    // -0.5 toward zero is 0: in range for FCVTZU, so only inexact.
    f.s(2, 0xbf000000);
    CHECK(f.run("fcvtzu w0, s2") == IXC);
    CHECK(f.m.cpu.x[0] == 0);
    // -0.75 to nearest is -1: out of range unsigned, IOC only.
    f.s(2, 0xbf400000);
    CHECK(f.run("fcvtnu w0, s2") == IOC);
    // 2^31 - 0.5 rounds to 2^31 under FCVTAS (ties away): saturates.
    f.d(3, 0x41dfffffffe00000ull);
    CHECK(f.run("fcvtas w0, d3") == IOC);
    CHECK(f.m.cpu.x[0] == 0x7fffffff);
    CHECK(f.run("fcvtms w0, d3") == IXC);
    CHECK(f.m.cpu.x[0] == 0x7fffffff);
}

TEST_CASE("FPCR.FZ flushes denormal inputs to zero with IDC, and tiny results to zero with UFC but no IXC",
          "[cpu][fp]") {
    Fp f(FZ);
    f.s(1, 0x00000001);  // the smallest subnormal
    f.s(2, kOne);
    // FPUnpack: the input is 0, so 0 + 1 is exactly 1.
    CHECK(f.run("fadd s0, s1, s2") == IDC);
    CHECK(f.v(0) == kOne);
    // FPRound: 2^-70 * 2^-70 = 2^-140 is below 2^-126: +0, UFC only.
    f.s(3, 0x1c800000);  // 2^-70
    CHECK(f.run("fmul s0, s3, s3") == UFC);
    CHECK(f.v(0) == 0);
    // The same without FZ: the subnormal 2^-140, exact, so no exception at all.
    f.m.cpu.fpcr = 0;
    CHECK(f.run("fmul s0, s3, s3") == 0);
    CHECK(f.v(0) == 0x00000200);
    // A comparison unpacks too: with FZ the subnormal equals zero.
    f.m.cpu.fpcr = FZ;
    f.s(4, 0);
    CHECK(f.run("fcmp s1, s4") == IDC);
    CHECK(f.m.cpu.nzcv == 0x60000000u);
}

TEST_CASE("FPRound detects underflow before rounding: a result that rounds up to the smallest normal sets UFC",
          "[cpu][fp]") {
    Fp f;
    // 2^-63 * (2^-64 * (2 - 2^-23)) = 2^-126 * (1 - 2^-24): below 2^-126
    // unrounded, halfway between 0x007fffff and 0x00800000, ties to even.
    f.s(1, 0x20000000);
    f.s(2, 0x1fffffff);
    CHECK(f.run("fmul s0, s1, s2") == (UFC | IXC));
    CHECK(f.v(0) == 0x00800000);
    // Rounding toward minus infinity it stays subnormal.
    f.m.cpu.fpcr = kRM;
    CHECK(f.run("fmul s0, s1, s2") == (UFC | IXC));
    CHECK(f.v(0) == 0x007fffff);
}

TEST_CASE("FPRoundInt: FRINTX raises IXC when inexact, FRINTN does not; FRINTA ties away; FRINTI uses FPCR",
          "[cpu][fp]") {
    Fp f;
    f.d(1, 0x4004000000000000ull);  // 2.5
    CHECK(f.run("frintx d0, d1") == IXC);
    CHECK(f.v(0) == 0x4000000000000000ull);  // 2.0 (ties to even)
    CHECK(f.run("frintn d0, d1") == 0);
    CHECK(f.v(0) == 0x4000000000000000ull);
    CHECK(f.run("frinta d0, d1") == 0);
    CHECK(f.v(0) == 0x4008000000000000ull);  // 3.0
    f.m.cpu.fpcr = kRP;
    CHECK(f.run("frinti d0, d1") == 0);
    CHECK(f.v(0) == 0x4008000000000000ull);
    // A negative value rounding to zero keeps its sign (FPZero(sign)).
    f.m.cpu.fpcr = 0;
    f.d(2, 0xbfd0000000000000ull);  // -0.25
    CHECK(f.run("frintz d0, d2") == 0);
    CHECK(f.v(0) == 0x8000000000000000ull);
}

TEST_CASE("FPDiv by zero raises DZC; overflow raises OFC and IXC and depends on the rounding mode", "[cpu][fp]") {
    Fp f;
    f.s(1, kOne);
    f.s(2, 0x80000000);
    CHECK(f.run("fdiv s0, s1, s2") == DZC);
    CHECK(f.v(0) == 0xff800000);
    f.s(3, 0x7f7fffff);  // the largest normal
    CHECK(f.run("fadd s0, s3, s3") == (OFC | IXC));
    CHECK(f.v(0) == 0x7f800000);
    f.m.cpu.fpcr = kRM;  // toward minus infinity: the largest normal
    CHECK(f.run("fadd s0, s3, s3") == (OFC | IXC));
    CHECK(f.v(0) == 0x7f7fffff);
}

TEST_CASE("FPCompare: unordered is NZCV 0011; FCMP signals only signalling NaNs, FCMPE every NaN", "[cpu][fp]") {
    Fp f;
    f.d(1, 0x7ff8000000000000ull);
    f.d(2, 0x3ff0000000000000ull);
    CHECK(f.run("fcmp d1, d2") == 0);
    CHECK(f.m.cpu.nzcv == 0x30000000u);
    CHECK(f.run("fcmpe d1, d2") == IOC);
    CHECK(f.run("fcmp d2, #0.0") == 0);
    CHECK(f.m.cpu.nzcv == 0x20000000u);  // greater: C
}

TEST_CASE("FPConvert: double to single rounds by FPCR and converts NaN payloads; single to half", "[cpu][fp]") {
    Fp f;
    f.d(1, 0x3ff0000010000000ull);  // 1 + 2^-24: halfway between 1 and 1 + 2^-23
    CHECK(f.run("fcvt s0, d1") == IXC);
    CHECK(f.v(0) == kOne);
    f.m.cpu.fpcr = kRP;
    f.run("fcvt s0, d1");
    CHECK(f.v(0) == 0x3f800001);
    f.m.cpu.fpcr = 0;
    // FPConvertNaN: the signalling NaN is quietened, payload's top bits kept.
    f.d(2, 0xfff0000020000000ull);
    CHECK(f.run("fcvt s0, d2") == IOC);
    CHECK(f.v(0) == 0xffc00001);
    // 65520 is halfway between the largest half (65504) and 2^16: overflow.
    f.s(3, 0x477ff000);
    CHECK(f.run("fcvt h0, s3") == (OFC | IXC));
    CHECK(f.v(0) == 0x7c00);
}

TEST_CASE("SCVTF/UCVTF round by FPCR; FMOV (general) and FMOV (immediate) copy bits", "[cpu][fp]") {
    Fp f;
    f.m.cpu.x[1] = (1ull << 53) + 1;  // not representable: halfway, ties to even
    CHECK(f.run("scvtf d0, x1") == IXC);
    CHECK(f.v(0) == 0x4340000000000000ull);
    f.m.cpu.x[2] = ~0ull;
    CHECK(f.run("ucvtf s0, x2") == IXC);
    CHECK(f.v(0) == 0x5f800000);  // 2^64
    f.m.cpu.x[3] = 0x3ff8000000000000ull;
    f.run("fmov d4, x3\nfmov w5, s4\nfmov s6, #-1.25");
    CHECK(f.v(4) == 0x3ff8000000000000ull);
    CHECK(f.m.cpu.x[5] == 0);
    CHECK(f.v(6) == 0xbfa00000);
}

TEST_CASE("every scalar FP row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"FMOV_reg", "fmov s1, s2"},           {"FABS", "fabs d1, d2"},
        {"FNEG", "fneg s1, s2"},               {"FSQRT", "fsqrt d1, d2"},
        {"FCVT", "fcvt d1, s2"},               {"FRINTN", "frintn s1, s2"},
        {"FRINTP", "frintp d1, d2"},           {"FRINTM", "frintm s1, s2"},
        {"FRINTZ", "frintz d1, d2"},           {"FRINTA", "frinta s1, s2"},
        {"FRINTX", "frintx d1, d2"},           {"FRINTI", "frinti s1, s2"},
        {"FCMP", "fcmp s1, s2"},               {"FCMP_zero", "fcmp d1, #0.0"},
        {"FCMPE", "fcmpe d1, d2"},             {"FCMPE_zero", "fcmpe s1, #0.0"},
        {"FCCMP", "fccmp s1, s2, #4, ne"},     {"FCCMPE", "fccmpe d1, d2, #0, eq"},
        {"FMUL", "fmul s1, s2, s3"},           {"FDIV", "fdiv d1, d2, d3"},
        {"FADD", "fadd s1, s2, s3"},           {"FSUB", "fsub d1, d2, d3"},
        {"FMAX", "fmax s1, s2, s3"},           {"FMIN", "fmin d1, d2, d3"},
        {"FMAXNM", "fmaxnm s1, s2, s3"},       {"FMINNM", "fminnm d1, d2, d3"},
        {"FNMUL", "fnmul s1, s2, s3"},         {"FCSEL", "fcsel d1, d2, d3, lt"},
        {"FMOV_imm", "fmov s1, #2.5"},         {"FMADD", "fmadd d1, d2, d3, d4"},
        {"FMSUB", "fmsub s1, s2, s3, s4"},     {"FNMADD", "fnmadd d1, d2, d3, d4"},
        {"FNMSUB", "fnmsub s1, s2, s3, s4"},   {"FCVTNS_gen", "fcvtns w1, s2"},
        {"FCVTNU_gen", "fcvtnu x1, d2"},       {"SCVTF_gen", "scvtf d1, w2"},
        {"UCVTF_gen", "ucvtf s1, x2"},         {"FCVTAS_gen", "fcvtas x1, s2"},
        {"FCVTAU_gen", "fcvtau w1, d2"},       {"FMOV_to_gen", "fmov x1, d2"},
        {"FMOV_from_gen", "fmov s1, w2"},      {"FCVTPS_gen", "fcvtps w1, d2"},
        {"FCVTPU_gen", "fcvtpu x1, s2"},       {"FMOV_top_to_gen", "fmov x1, v2.d[1]"},
        {"FMOV_top_from_gen", "fmov v1.d[1], x2"}, {"FCVTMS_gen", "fcvtms x1, d2"},
        {"FCVTMU_gen", "fcvtmu w1, s2"},       {"FCVTZS_gen", "fcvtzs w1, d2"},
        {"FCVTZU_gen", "fcvtzu x1, s2"},       {"SCVTF_fix", "scvtf d1, x2, #10"},
        {"UCVTF_fix", "ucvtf s1, w2, #32"},    {"FCVTZS_fix", "fcvtzs x1, d2, #64"},
        {"FCVTZU_fix", "fcvtzu w1, s2, #1"},
    };
    check_row_examples(InsnClass::FpData, examples);
}

TEST_CASE("scalar FP rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::FpData);
}

TEST_CASE("every Advanced SIMD row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"SIMD_3same", "cmeq v0.16b, v1.16b, v2.16b"},
        {"SIMD_3same_scalar", "add d0, d1, d2"},
        {"SIMD_3diff", "uaddl v0.8h, v1.8b, v2.8b"},
        {"SIMD_2misc", "cnt v0.8b, v1.8b"},
        {"SIMD_2misc_scalar", "fcvtzs d0, d1"},
        {"SIMD_across", "umaxv b0, v1.16b"},
        {"SIMD_pair_scalar", "addp d0, v1.2d"},
        {"SIMD_copy", "dup v0.16b, w1"},
        {"SIMD_copy_scalar", "mov b0, v1.b[3]"},
        {"SIMD_modimm", "movi v0.4s, #0"},
        {"SIMD_shift", "shrn v0.8b, v1.8h, #4"},
        {"SIMD_shift_scalar", "ushr d0, d1, #3"},
        {"SIMD_permute", "uzp1 v0.16b, v1.16b, v2.16b"},
        {"EXT", "ext v0.16b, v1.16b, v2.16b, #3"},
        {"TBL_TBX", "tbl v0.16b, {v1.16b, v2.16b}, v3.16b"},
        {"SIMD_elem", "fmla v0.2d, v1.2d, v2.d[1]"},
        {"SIMD_elem_scalar", "fmul s0, s1, v2.s[3]"},
    };
    check_row_examples(InsnClass::Simd, examples);
}

TEST_CASE("Advanced SIMD rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::Simd);
}

TEST_CASE("Advanced SIMD as strlen uses it: CMEQ, SHRN, UMAXP, FMOV find the first zero byte", "[cpu][simd]") {
    TestMachine m;
    const char text[16] = "abcdefghij";
    for (unsigned i = 0; i < 16; ++i) poke<uint8_t>(m, kData + i, static_cast<uint8_t>(text[i]));
    m.cpu.x[1] = kData;
    m.run_asm(
        "ldr q0, [x1]\n"
        "cmeq v0.16b, v0.16b, #0\n"     // 0xff where the byte is zero
        "shrn v0.8b, v0.8h, #4\n"       // 4 bits per byte
        "fmov x2, d0\n"
        "rbit x2, x2\nclz x2, x2\nlsr x2, x2, #2\n"  // index of the first zero
        "umaxp v1.16b, v0.16b, v0.16b\n"
        "movi v2.16b, #0x41\n"
        "addv b3, v2.16b\n");
    CHECK(m.cpu.x[2] == 10);
    CHECK(m.cpu.v[1][0] != 0);
    CHECK(m.cpu.v[2][0] == 0x4141414141414141ull);
    CHECK(m.cpu.v[3][0] == ((16 * 0x41) & 0xff));
}
