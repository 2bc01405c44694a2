// Exclusives, load-acquire/store-release and LSE atomics (Arm ARM C4.1.88,
// C6.2, B2.9 for the exclusive monitor). Encodings from the GNU assembler;
// expected values from the Arm ARM's pseudocode.
#include <catch2/catch.hpp>

#include "cpu/decoder.hpp"
#include "cpu/ldst_test_util.hpp"
#include "cpu/row_checks.hpp"
#include "cpu/unpredictable.hpp"

using namespace irqsim;
using namespace irqsim::test;

TEST_CASE("LDXR then STXR to the same address stores and returns status 0", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 41);
    m.cpu.x[1] = kData;
    m.run_asm("ldxr x0, [x1]\nadd x0, x0, #1\nstxr w2, x0, [x1]");
    CHECK(m.cpu.x[2] == 0);
    CHECK(peek<uint64_t>(m, kData) == 42);
    CHECK_FALSE(m.cpu.exclusive_valid);
}

TEST_CASE("STXR to a different address fails with status 1 and stores nothing", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData;
    m.cpu.x[3] = kData + 8;
    m.cpu.x[4] = 99;
    m.run_asm("ldxr x0, [x1]\nstxr w2, x4, [x3]");
    CHECK(m.cpu.x[2] == 1);
    CHECK(peek<uint64_t>(m, kData + 8) == 0);
}

TEST_CASE("STXR without an open monitor, or after one STXR, fails", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData;
    m.cpu.x[4] = 7;
    m.run_asm("stxr w2, x4, [x1]\nldxr x0, [x1]\nstxr w3, x4, [x1]\nstxr w5, xzr, [x1]");
    CHECK(m.cpu.x[2] == 1);
    CHECK(m.cpu.x[3] == 0);
    CHECK(m.cpu.x[5] == 1);
    CHECK(peek<uint64_t>(m, kData) == 7);
}

TEST_CASE("STXR fails when the size differs from the LDXR's", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData;
    m.run_asm("ldxr w0, [x1]\nstxrb w2, w0, [x1]");
    CHECK(m.cpu.x[2] == 1);
}

TEST_CASE("STXR fails when memory changed after LDXR (a store from another CPU)", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData;
    m.cpu.x[4] = 5;
    m.load(assemble("ldaxr w0, [x1]\nstlxr w2, w4, [x1]\nsvc #0xffff"));
    m.cpu.run(1);
    poke<uint32_t>(m, kData, 3);  // what another CPU's store would do
    m.cpu.run(1);
    CHECK(m.cpu.x[2] == 1);
    CHECK(peek<uint32_t>(m, kData) == 3);
}

TEST_CASE("LDXP/STXP on a 64-bit pair succeed together", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData + 16, 1);
    poke<uint64_t>(m, kData + 24, 2);
    m.cpu.x[1] = kData + 16;
    m.run_asm("ldaxp x2, x3, [x1]\nadd x2, x2, #10\nadd x3, x3, #20\nstlxp w4, x2, x3, [x1]");
    CHECK(m.cpu.x[4] == 0);
    CHECK(peek<uint64_t>(m, kData + 16) == 11);
    CHECK(peek<uint64_t>(m, kData + 24) == 22);
}

TEST_CASE("LDXP of W registers reads Rt from the lower address; STXP fails elsewhere", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 0x22222222'11111111ull);
    m.cpu.x[1] = kData;
    m.cpu.x[5] = kData + 8;
    m.run_asm("ldxp w2, w3, [x1]\nstxp w4, w3, w2, [x5]\nldxp w2, w3, [x1]\nstxp w6, w3, w2, [x1]");
    CHECK(m.cpu.x[2] == 0x11111111);
    CHECK(m.cpu.x[3] == 0x22222222);
    CHECK(m.cpu.x[4] == 1);
    CHECK(peek<uint64_t>(m, kData + 8) == 0);
    CHECK(m.cpu.x[6] == 0);
    CHECK(peek<uint64_t>(m, kData) == 0x11111111'22222222ull);
}

TEST_CASE("an unaligned LDXR raises an alignment fault and loads nothing", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData + 4;
    m.cpu.x[0] = 123;
    m.run_asm("ldxr x0, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "align");
    CHECK(m.sys.events[0].value == kData + 4);
    CHECK(m.cpu.x[0] == 123);
    CHECK_FALSE(m.cpu.exclusive_valid);
}

TEST_CASE("a 64-bit LDXP must be 16-byte aligned", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData + 8;
    m.run_asm("ldxp x2, x3, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "align");
}

TEST_CASE("LDAR/STLR move data and fault when unaligned", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData + 3;
    m.cpu.x[2] = 0xabcd;
    m.run_asm("stlrb w2, [x1]\nldarb w3, [x1]\nstllrh w2, [x1]");
    CHECK(m.cpu.x[3] == 0xcd);
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "align");
    CHECK(m.sys.events[0].value == kData + 3);
}

TEST_CASE("LDAPR loads like LDAR", "[cpu][atomic]") {
    TestMachine m;
    poke<uint32_t>(m, kData, 0xcafe);
    m.cpu.x[1] = kData;
    m.run_asm(".arch armv8.3-a\nldapr w0, [x1]\nldaprh w2, [x1]");
    CHECK(m.cpu.x[0] == 0xcafe);
    CHECK(m.cpu.x[2] == 0xcafe);
}

TEST_CASE("CAS that matches writes Rt and returns the old value in Rs", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 10);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 10;
    m.cpu.x[3] = 20;
    m.run_asm("casal x2, x3, [x1]");
    CHECK(m.cpu.x[2] == 10);
    CHECK(peek<uint64_t>(m, kData) == 20);
}

TEST_CASE("CAS that does not match leaves memory and returns the old value", "[cpu][atomic]") {
    TestMachine m;
    poke<uint32_t>(m, kData, 0x80000001);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 0xffffffff'00000007ull;
    m.cpu.x[3] = 20;
    m.run_asm("casa w2, w3, [x1]");
    CHECK(m.cpu.x[2] == 0x80000001);  // zero-extended into X2
    CHECK(peek<uint32_t>(m, kData) == 0x80000001);
}

TEST_CASE("CASB compares only the low byte of Ws", "[cpu][atomic]") {
    TestMachine m;
    poke<uint8_t>(m, kData + 1, 0x7f);
    m.cpu.x[1] = kData + 1;
    m.cpu.x[2] = 0x17f;
    m.cpu.x[3] = 0x2ee;
    m.run_asm("casb w2, w3, [x1]");
    CHECK(m.cpu.x[2] == 0x7f);
    CHECK(peek<uint8_t>(m, kData + 1) == 0xee);
    CHECK(peek<uint8_t>(m, kData + 2) == 0);
}

TEST_CASE("CASP swaps a pair when both halves match", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 1);
    poke<uint64_t>(m, kData + 8, 2);
    m.cpu.x[1] = kData;
    m.cpu.x[4] = 1;
    m.cpu.x[5] = 2;
    m.cpu.x[6] = 3;
    m.cpu.x[7] = 4;
    m.cpu.x[8] = 1;
    m.cpu.x[9] = 9;
    m.run_asm("caspal x4, x5, x6, x7, [x1]\ncasp x8, x9, x6, x7, [x1]");
    CHECK(m.cpu.x[4] == 1);
    CHECK(m.cpu.x[5] == 2);
    CHECK(m.cpu.x[8] == 3);  // the second CASP saw <3, 4> and did not match
    CHECK(m.cpu.x[9] == 4);
    CHECK(peek<uint64_t>(m, kData) == 3);
    CHECK(peek<uint64_t>(m, kData + 8) == 4);
}

TEST_CASE("CASP of W registers works on one 8-byte access", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 0x00000002'00000001ull);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 1;
    m.cpu.x[3] = 2;
    m.cpu.x[4] = 0xa;
    m.cpu.x[5] = 0xb;
    m.run_asm("caspl w2, w3, w4, w5, [x1]");
    CHECK(peek<uint64_t>(m, kData) == 0x0000000b'0000000aull);
}

TEST_CASE("CASP with an odd Rs or Rt is UNDEFINED", "[cpu][atomic]") {
    uint32_t w = word_of("casp x4, x5, x6, x7, [x1]");
    for (uint32_t bad : {w | (1u << 16), w | 1u}) {
        DecodedInsn d;
        decode(bad, d);
        CHECK(d.row == kUnallocatedRow);
    }
}

TEST_CASE("CAS forms with Rt2 other than 11111 are unallocated", "[cpu][atomic]") {
    DecodedInsn d;
    decode(word_of("cas x2, x3, [x1]") & ~(1u << 10), d);
    CHECK(d.row == kUnallocatedRow);
}

TEST_CASE("LDADD returns the old value and stores the sum; STADD discards it", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 100);
    poke<uint8_t>(m, kData + 8, 0xff);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 5;
    m.cpu.x[3] = kData + 8;
    m.run_asm("ldaddal x2, x0, [x1]\nstadd x2, [x1]\nldaddb w2, w4, [x3]");
    CHECK(m.cpu.x[0] == 100);
    CHECK(peek<uint64_t>(m, kData) == 110);
    CHECK(m.cpu.x[4] == 0xff);
    CHECK(peek<uint8_t>(m, kData + 8) == 4);  // 0xff + 5 wraps in 8 bits
    CHECK(peek<uint8_t>(m, kData + 9) == 0);
}

TEST_CASE("SWP exchanges a register with memory", "[cpu][atomic]") {
    TestMachine m;
    poke<uint32_t>(m, kData, 0xdead);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 0xbeef;
    m.run_asm("swpal w2, w3, [x1]\nswp w3, w3, [x1]");
    // First: w3 = 0xdead, memory 0xbeef. Then Rs == Rt: stores 0xdead, w3 = 0xbeef.
    CHECK(m.cpu.x[3] == 0xbeef);
    CHECK(peek<uint32_t>(m, kData) == 0xdead);
}

TEST_CASE("LDCLR, LDEOR and LDSET clear, toggle and set bits", "[cpu][atomic]") {
    TestMachine m;
    poke<uint16_t>(m, kData, 0xf0f0);
    poke<uint16_t>(m, kData + 2, 0xf0f0);
    poke<uint16_t>(m, kData + 4, 0xf0f0);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = kData + 2;
    m.cpu.x[3] = kData + 4;
    m.cpu.x[4] = 0xff00;
    m.run_asm("ldclrh w4, w5, [x1]\nldeorlh w4, w6, [x2]\nldsetah w4, w7, [x3]");
    CHECK(peek<uint16_t>(m, kData) == 0x00f0);
    CHECK(peek<uint16_t>(m, kData + 2) == 0x0ff0);
    CHECK(peek<uint16_t>(m, kData + 4) == 0xfff0);
    CHECK(m.cpu.x[5] == 0xf0f0);
    CHECK(m.cpu.x[6] == 0xf0f0);
    CHECK(m.cpu.x[7] == 0xf0f0);
}

TEST_CASE("LDSMAX/LDSMIN compare signed, LDUMAX/LDUMIN unsigned, at the access size", "[cpu][atomic]") {
    TestMachine m;
    for (unsigned i = 0; i < 4; ++i) poke<uint8_t>(m, kData + i, 0x80);  // -128 or 128
    m.cpu.x[1] = kData;
    m.cpu.x[2] = kData + 1;
    m.cpu.x[3] = kData + 2;
    m.cpu.x[4] = kData + 3;
    m.cpu.x[5] = 0x105;  // low byte 5
    m.run_asm("ldsmaxb w5, w6, [x1]\nldsminb w5, w6, [x2]\nldumaxb w5, w6, [x3]\nlduminb w5, w6, [x4]");
    CHECK(peek<uint8_t>(m, kData) == 5);
    CHECK(peek<uint8_t>(m, kData + 1) == 0x80);
    CHECK(peek<uint8_t>(m, kData + 2) == 0x80);
    CHECK(peek<uint8_t>(m, kData + 3) == 5);
}

TEST_CASE("LDSMAX on 64 bits treats the top bit as the sign", "[cpu][atomic]") {
    TestMachine m;
    poke<uint64_t>(m, kData, 1);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 0x80000000'00000000ull;
    m.run_asm("ldsmax x2, x0, [x1]\nldumax x2, x0, [x1]");
    CHECK(peek<uint64_t>(m, kData) == 0x80000000'00000000ull);
    CHECK(m.cpu.x[0] == 1);
}

TEST_CASE("an unaligned LDADD raises an alignment fault and changes nothing", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = kData + 2;
    m.cpu.x[2] = 1;
    m.cpu.x[0] = 55;
    m.run_asm("ldadd w2, w0, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "align");
    CHECK(m.cpu.x[0] == 55);
    CHECK(peek<uint64_t>(m, kData) == 0);
}

TEST_CASE("an atomic on unmapped memory aborts without writing Rt", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.x[1] = 0x1000;
    m.cpu.x[0] = 55;
    m.run_asm("swp x2, x0, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "data-abort");
    CHECK(m.cpu.x[0] == 55);
}

TEST_CASE("store-exclusive status overlaps are flagged CONSTRAINED UNPREDICTABLE", "[cpu][unpredictable]") {
    uint32_t stxr = word_of("stxr w2, x3, [x1]");
    uint32_t ldxp = word_of("ldxp x2, x3, [x1]");
    CHECK_FALSE(constrained_unpredictable(stxr));
    CHECK(constrained_unpredictable((stxr & ~(31u << 16)) | (3u << 16)));  // Rs == Rt
    CHECK(constrained_unpredictable((stxr & ~(31u << 16)) | (1u << 16)));  // Rs == Rn
    CHECK_FALSE(constrained_unpredictable(stxr | (31u << 16) | (31u << 5)));  // WZR and SP differ
    CHECK_FALSE(constrained_unpredictable(ldxp));
    CHECK(constrained_unpredictable(with_regs(ldxp, 2, 1, 2)));   // Rt == Rt2
    CHECK(constrained_unpredictable(word_of("ldxr x0, [x1]") & ~(1u << 16)));  // Rs not all ones
    CHECK_FALSE(constrained_unpredictable(word_of("ldaddal x2, x2, [x2]")));
}

TEST_CASE("every exclusive, ordered and atomic row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"STXR", "stxrb w1, w2, [x3]"},    {"STLXR", "stlxr w1, x2, [sp]"},
        {"LDXR", "ldxrh w1, [x3]"},        {"LDAXR", "ldaxr x1, [x3]"},
        {"STXP", "stxp w1, x2, x3, [x4]"}, {"STLXP", "stlxp w1, w2, w3, [x4]"},
        {"LDXP", "ldxp w1, w2, [x4]"},     {"LDAXP", "ldaxp x1, x2, [sp]"},
        {"STLLR", "stllrb w1, [x2]"},      {"STLR", "stlr x1, [x2]"},
        {"LDLAR", "ldlarh w1, [x2]"},      {"LDAR", "ldar w1, [x2]"},
        {"CAS", "casah w1, w2, [x3]"},     {"CASP", "caspl x0, x1, x2, x3, [x4]"},
        {"LDADD", "ldaddlb w1, w2, [x3]"}, {"LDCLR", "stclr x1, [x3]"},
        {"LDEOR", "ldeora w1, w2, [x3]"},  {"LDSET", "ldsetal x1, x2, [sp]"},
        {"LDSMAX", "ldsmaxh w1, w2, [x3]"}, {"LDSMIN", "stsmin w1, [x3]"},
        {"LDUMAX", "ldumaxal w1, w2, [x3]"}, {"LDUMIN", "lduminb w1, w2, [x3]"},
        {"SWP", "swpalh w1, w2, [x3]"},    {"LDAPR", ".arch armv8.3-a\nldaprb w1, [x2]"},
    };
    check_row_examples(InsnClass::Atomic, examples);
}

TEST_CASE("exclusive, ordered and atomic rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::Atomic);
}

TEST_CASE("a misaligned STXR faults even when the monitor would fail it", "[cpu][atomic]") {
    // Arm ARM AArch64.ExclusiveMonitorsPass(): the alignment check comes
    // before the monitor check (QEMU returns status 1 here instead).
    TestMachine m;
    m.cpu.x[1] = kData + 4;
    m.cpu.x[2] = 77;
    m.run_asm("stxr w2, x3, [x1]");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "align");
    CHECK(m.cpu.x[2] == 77);
}

TEST_CASE("32-bit LDSMAX compares only Ws, ignoring bits [63:32] of Xs", "[cpu][atomic]") {
    // Arm ARM: value = X[s]<datasize-1:0>; qemu-aarch64 7.2 agrees.
    TestMachine m;
    poke<uint64_t>(m, kData, 0xf526422eull);  // negative as a word
    m.cpu.x[1] = kData;
    m.cpu.x[3] = 0x935c74bf'392be79full;     // negative as X, positive as W
    m.run_asm("ldsmaxa w3, w4, [x1]");
    CHECK(peek<uint32_t>(m, kData) == 0x392be79fu);
    CHECK(m.cpu.x[4] == 0xf526422eull);
}
