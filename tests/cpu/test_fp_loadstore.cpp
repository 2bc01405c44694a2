// SIMD&FP loads and stores (Arm ARM C4.1.88 with V = 1, C7.2 LDR/STR/LDP/
// LD1/ST1 (SIMD&FP)). Expected values follow the pseudocode: V[t] = data
// writes the whole register, so a scalar load clears the bits above it.
#include <catch2/catch.hpp>

#include "cpu/decoder.hpp"
#include "cpu/ldst_test_util.hpp"
#include "cpu/row_checks.hpp"

using namespace irqsim;
using namespace irqsim::test;

TEST_CASE("SIMD&FP loads write the whole register: B/H/S/D clear the bits above, Q loads 16 bytes", "[cpu][fp_loadstore]") {
    TestMachine m;
    for (unsigned i = 0; i < 16; ++i) poke<uint8_t>(m, kData + i, static_cast<uint8_t>(0x10 + i));
    m.cpu.x[1] = kData;
    for (auto& v : m.cpu.v) v = {~0ull, ~0ull};
    m.run_asm("ldr b0, [x1]\nldr h1, [x1]\nldr s2, [x1]\nldr d3, [x1]\nldr q4, [x1]\nldur s5, [x1, #1]");
    CHECK(m.cpu.v[0][0] == 0x10);
    CHECK(m.cpu.v[0][1] == 0);
    CHECK(m.cpu.v[1][0] == 0x1110);
    CHECK(m.cpu.v[2][0] == 0x13121110);
    CHECK(m.cpu.v[3][0] == 0x1716151413121110ull);
    CHECK(m.cpu.v[3][1] == 0);
    CHECK(m.cpu.v[4][0] == 0x1716151413121110ull);
    CHECK(m.cpu.v[4][1] == 0x1f1e1d1c1b1a1918ull);
    CHECK(m.cpu.v[5][0] == 0x14131211);
}

TEST_CASE("STP/LDP of Q registers with pre-index writeback, STR (register offset) of D", "[cpu][fp_loadstore]") {
    TestMachine m;
    m.cpu.v[1] = {0x1111, 0x2222};
    m.cpu.v[2] = {0x3333, 0x4444};
    m.cpu.v[3] = {0x5555, 0x6666};
    m.cpu.x[1] = kData + 0x100;
    m.cpu.x[2] = 3;
    m.run_asm("stp q1, q2, [x1, #-32]!\nldp q5, q6, [x1]\nstr d3, [x1, x2, lsl #3]");
    CHECK(m.cpu.x[1] == kData + 0xe0);
    CHECK(peek<uint64_t>(m, kData + 0xe0) == 0x1111);
    CHECK(peek<uint64_t>(m, kData + 0xe8) == 0x2222);
    CHECK(m.cpu.v[5] == m.cpu.v[1]);
    CHECK(m.cpu.v[6] == m.cpu.v[2]);
    CHECK(peek<uint64_t>(m, kData + 0xe0 + 24) == 0x5555);  // overwrote the upper half of q1's copy
}

TEST_CASE("LD1 (multiple structures) with post-index, LD2 de-interleaves, ST1 stores registers in order", "[cpu][fp_loadstore]") {
    TestMachine m;
    for (unsigned i = 0; i < 32; ++i) poke<uint8_t>(m, kData + i, static_cast<uint8_t>(i));
    m.cpu.x[1] = kData;
    m.cpu.x[2] = kData;
    m.run_asm("ld1 {v0.16b, v1.16b}, [x1], #32\nld2 {v2.8b, v3.8b}, [x2]");
    CHECK(m.cpu.x[1] == kData + 32);
    CHECK(m.cpu.v[0][0] == 0x0706050403020100ull);
    CHECK(m.cpu.v[1][1] == 0x1f1e1d1c1b1a1918ull);
    CHECK(m.cpu.v[2][0] == 0x0e0c0a0806040200ull);  // even bytes
    CHECK(m.cpu.v[3][0] == 0x0f0d0b0907050301ull);  // odd bytes
    CHECK(m.cpu.v[2][1] == 0);
    m.cpu.x[3] = kData + 0x200;
    m.run_asm("st1 {v0.2d, v1.2d}, [x3]");
    CHECK(peek<uint64_t>(m, kData + 0x200) == 0x0706050403020100ull);
    CHECK(peek<uint64_t>(m, kData + 0x218) == 0x1f1e1d1c1b1a1918ull);
}

TEST_CASE("a Q store that would fault in its second half stores nothing", "[cpu][fp_loadstore]") {
    TestMachine m;
    m.cpu.x[1] = kDataEnd - 8;
    poke<uint64_t>(m, kDataEnd - 8, 0x77);
    m.cpu.v[0] = {1, 2};
    m.run_asm("str q0, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "data-abort");
    CHECK(peek<uint64_t>(m, kDataEnd - 8) == 0x77);
}

TEST_CASE("every SIMD&FP load/store row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"LDR_lit_fp", "ldr q1, ."},
        {"STR_uimm_fp", "str h1, [x2, #6]"},
        {"LDR_uimm_fp", "ldr q1, [sp, #32]"},
        {"STUR_fp", "stur d1, [x2, #-1]"},
        {"LDUR_fp", "ldur b1, [x2, #3]"},
        {"STR_post_fp", "str s1, [x2], #8"},
        {"LDR_post_fp", "ldr q1, [x2], #-16"},
        {"STR_pre_fp", "str q1, [x2, #16]!"},
        {"LDR_pre_fp", "ldr d1, [sp, #-16]!"},
        {"STR_reg_fp", "str q1, [x2, w3, sxtw #4]"},
        {"LDR_reg_fp", "ldr h1, [x2, x3]"},
        {"STNP_LDNP_fp", "ldnp q1, q2, [x3, #32]"},
        {"STP_LDP_post_fp", "ldp s1, s2, [sp], #8"},
        {"STP_LDP_fp", "stp d1, d2, [x3, #-8]"},
        {"STP_LDP_pre_fp", "stp q0, q1, [sp, #-32]!"},
        {"LDST_multi", "ld1 {v0.16b}, [x1]"},
        {"LDST_multi_post", "st4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x1], x2"},
        {"LDST_single", "ld1 {v0.s}[1], [x1]"},
        {"LDST_single_post", "ld1r {v0.8h}, [x1], #2"},
    };
    check_row_examples(InsnClass::FpLoadStore, examples);
}

TEST_CASE("SIMD&FP load/store rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::FpLoadStore);
}
