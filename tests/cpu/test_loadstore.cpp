// Loads and stores (Arm ARM C4.1.88, C6.2). Encodings come from the GNU
// assembler; expected values follow the Arm ARM's pseudocode (the address
// arithmetic and the extension rules are worked out in each test).
#include <catch2/catch.hpp>

#include "cpu/decoder.hpp"
#include "cpu/row_checks.hpp"
#include "cpu/unpredictable.hpp"
#include "cpu/ldst_test_util.hpp"

using namespace irqsim;
using namespace irqsim::test;


TEST_CASE("LDR pre-index loads at base+imm and writes that address back", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint64_t>(m, kData + 8, 0x1122334455667788ull);
    m.cpu.x[1] = kData;
    m.run_asm("ldr x0, [x1, #8]!");
    CHECK(m.cpu.x[0] == 0x1122334455667788ull);
    CHECK(m.cpu.x[1] == kData + 8);
}

TEST_CASE("STR post-index stores at the old base, then adds the offset", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = kData + 32;
    m.cpu.x[2] = 0xaabbccdd;
    m.run_asm("str w2, [x1], #-16");
    CHECK(peek<uint32_t>(m, kData + 32) == 0xaabbccdd);
    CHECK(m.cpu.x[1] == kData + 16);
}

TEST_CASE("LDRB post-index and STRH pre-index write back by the unscaled imm9", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint8_t>(m, kData, 0x9c);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = kData + 0x100;
    m.cpu.x[3] = 0x12345;
    m.run_asm("ldrb w0, [x1], #255\nstrh w3, [x2, #-3]!");
    CHECK(m.cpu.x[0] == 0x9c);
    CHECK(m.cpu.x[1] == kData + 255);
    CHECK(m.cpu.x[2] == kData + 0x100 - 3);
    CHECK(peek<uint16_t>(m, kData + 0x100 - 3) == 0x2345);
}

TEST_CASE("LDR (register) with SXTW #3 adds a negative W index scaled by 8", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint64_t>(m, kData + 64 - 16, 0x0123456789abcdefull);
    m.cpu.x[1] = kData + 64;
    m.cpu.x[2] = 0x77777777'fffffffeull;  // W2 = -2; the upper half is ignored
    m.run_asm("ldr x0, [x1, w2, sxtw #3]");
    CHECK(m.cpu.x[0] == 0x0123456789abcdefull);
}

TEST_CASE("LDRH (register) with UXTW #1 zero-extends the W index", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint16_t>(m, kData + 2 * 5, 0xbeef);
    m.cpu.x[1] = kData;
    m.cpu.x[2] = 0xffffffff'00000005ull;
    m.run_asm("ldrh w0, [x1, w2, uxtw #1]");
    CHECK(m.cpu.x[0] == 0xbeef);
}

TEST_CASE("STR (register) with LSL and without shift, and SXTX", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = kData + 0x40;
    m.cpu.x[2] = 3;
    m.cpu.x[3] = static_cast<uint64_t>(-8);
    m.cpu.x[4] = 0x55;
    m.run_asm("str x4, [x1, x2, lsl #3]\nstrb w4, [x1, x2]\nstr w4, [x1, x3, sxtx]");
    CHECK(peek<uint64_t>(m, kData + 0x40 + 24) == 0x55);
    CHECK(peek<uint8_t>(m, kData + 0x40 + 3) == 0x55);
    CHECK(peek<uint32_t>(m, kData + 0x40 - 8) == 0x55);
}

TEST_CASE("LDRSB sign-extends to 32 bits for Wt and to 64 bits for Xt", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint8_t>(m, kData, 0x80);
    m.cpu.x[1] = kData;
    m.cpu.x[0] = m.cpu.x[2] = ~uint64_t{0};
    m.run_asm("ldrsb w0, [x1]\nldrsb x2, [x1]\nldrb w3, [x1]");
    CHECK(m.cpu.x[0] == 0xffffff80ull);  // a W write clears bits [63:32]
    CHECK(m.cpu.x[2] == 0xffffffffffffff80ull);
    CHECK(m.cpu.x[3] == 0x80);
}

TEST_CASE("LDRSH, LDRSW and LDURSW sign-extend, positive values stay positive", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint16_t>(m, kData, 0x8001);
    poke<uint32_t>(m, kData + 4, 0x80000002);
    poke<uint32_t>(m, kData + 8, 0x7fffffff);
    m.cpu.x[1] = kData;
    m.cpu.x[5] = kData + 12;
    m.run_asm("ldrsh w0, [x1]\nldrsh x2, [x1]\nldrsw x3, [x1, #4]\nldrsw x4, [x1, #8]\nldursw x6, [x5, #-8]");
    CHECK(m.cpu.x[0] == 0xffff8001ull);
    CHECK(m.cpu.x[2] == 0xffffffffffff8001ull);
    CHECK(m.cpu.x[3] == 0xffffffff80000002ull);
    CHECK(m.cpu.x[4] == 0x7fffffffull);
    CHECK(m.cpu.x[6] == 0xffffffff80000002ull);
}

TEST_CASE("LDUR/STUR reach negative and unaligned offsets", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = kData + 0x20;
    m.cpu.x[2] = 0x1122334455667788ull;
    m.run_asm("stur x2, [x1, #-3]\nldur w0, [x1, #-3]\nldurh w3, [x1, #1]\nldurb w4, [x1, #-32]");
    CHECK(m.cpu.x[0] == 0x55667788);
    CHECK(m.cpu.x[3] == 0x3344);  // bytes 4 and 5 of x2, at 0x20-3+4
    CHECK(m.cpu.x[4] == 0);
    CHECK(peek<uint64_t>(m, kData + 0x20 - 3) == 0x1122334455667788ull);
}

TEST_CASE("LDR (literal) loads PC-relative words and LDRSW (literal) sign-extends", "[cpu][loadstore]") {
    TestMachine m;
    m.run_asm(
        "ldr w0, 1f\n"
        "ldr x1, 2f\n"
        "ldrsw x2, 1f\n"
        "prfm pldl1keep, 1f\n"
        "b 3f\n"
        ".balign 8\n"
        "1: .word 0x89abcdef\n"
        ".word 0\n"
        "2: .quad 0x0102030405060708\n"
        "3: nop");
    CHECK(m.cpu.x[0] == 0x89abcdefull);
    CHECK(m.cpu.x[1] == 0x0102030405060708ull);
    CHECK(m.cpu.x[2] == 0xffffffff89abcdefull);
    CHECK(m.sys.events.empty());
}

TEST_CASE("LDR (literal) reaches backwards", "[cpu][loadstore]") {
    TestMachine m;
    m.run_asm("b 2f\n1: .word 42\n2: ldr w0, 1b");
    CHECK(m.cpu.x[0] == 42);
}

TEST_CASE("STP pre-index and LDP post-index with SP as the base push and pop", "[cpu][loadstore]") {
    TestMachine m;
    uint64_t sp0 = m.cpu.sp;
    m.cpu.x[1] = 0x1111;
    m.cpu.x[2] = 0x2222;
    m.run_asm("stp x1, x2, [sp, #-16]!\nmov x5, sp\nldp x3, x4, [sp], #16");
    CHECK(m.cpu.x[5] == sp0 - 16);
    CHECK(peek<uint64_t>(m, sp0 - 16) == 0x1111);
    CHECK(peek<uint64_t>(m, sp0 - 8) == 0x2222);
    CHECK(m.cpu.x[3] == 0x1111);
    CHECK(m.cpu.x[4] == 0x2222);
    CHECK(m.cpu.sp == sp0);
}

TEST_CASE("STP/LDP of W registers use 4-byte elements and a scaled signed offset", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = kData + 0x100;
    m.cpu.x[2] = 0xffffffff'00000001ull;
    m.cpu.x[3] = 0x2;
    m.run_asm("stp w2, w3, [x1, #-8]\nldp w4, w5, [x1, #-8]\nldr x6, [x1, #-8]\nstnp x2, x3, [x1]\nldnp x7, x8, [x1]");
    CHECK(m.cpu.x[4] == 1);
    CHECK(m.cpu.x[5] == 2);
    CHECK(m.cpu.x[6] == 0x00000002'00000001ull);
    CHECK(m.cpu.x[7] == 0xffffffff'00000001ull);
    CHECK(m.cpu.x[8] == 2);
    CHECK(m.cpu.x[1] == kData + 0x100);
}

TEST_CASE("LDPSW sign-extends both words to 64 bits (pre-index)", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint32_t>(m, kData + 8, 0xfffffffe);
    poke<uint32_t>(m, kData + 12, 0x7ffffffe);
    m.cpu.x[1] = kData;
    m.run_asm("ldpsw x2, x3, [x1, #8]!");
    CHECK(m.cpu.x[2] == static_cast<uint64_t>(-2));
    CHECK(m.cpu.x[3] == 0x7ffffffe);
    CHECK(m.cpu.x[1] == kData + 8);
}

TEST_CASE("a faulting LDP writes neither register nor the base", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint64_t>(m, kDataEnd - 8, 5);  // the first element is mapped, the second is not
    m.cpu.x[2] = kDataEnd - 8;
    m.cpu.x[3] = m.cpu.x[4] = 77;
    m.run_asm("ldp x3, x4, [x2], #16");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "data-abort");
    CHECK(m.sys.events[0].value == kDataEnd);
    CHECK(m.cpu.x[3] == 77);
    CHECK(m.cpu.x[4] == 77);
    CHECK(m.cpu.x[2] == kDataEnd - 8);
}

TEST_CASE("a faulting STP stores neither element and leaves the base", "[cpu][loadstore]") {
    TestMachine m;
    poke<uint64_t>(m, kDataEnd - 8, 5);
    m.cpu.x[2] = kDataEnd - 8;
    m.cpu.x[3] = m.cpu.x[4] = 77;
    m.run_asm("stp x3, x4, [x2, #0]!");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "data-abort");
    CHECK(m.sys.events[0].value == kDataEnd);
    CHECK(peek<uint64_t>(m, kDataEnd - 8) == 5);
    CHECK(m.cpu.x[2] == kDataEnd - 8);
}

TEST_CASE("a faulting pre-index load leaves the base register", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = 0x1000;
    m.run_asm("ldr x0, [x1, #16]!");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].value == 0x1010);
    CHECK(m.cpu.x[1] == 0x1000);
}

TEST_CASE("PRFM and PRFUM are hints: no access, no fault", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = 0x1000;  // unmapped
    m.cpu.x[2] = 8;
    m.run_asm("prfm pldl1keep, [x1, #8]\nprfum pstl2strm, [x1, #-1]\nprfm plil3keep, [x1, x2, lsl #3]");
    CHECK(m.sys.events.empty());
}

TEST_CASE("LDTR/STTR family behave as normal accesses at EL1 (no permission model)", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.x[1] = kData + 0x10;
    m.cpu.x[2] = 0xfedcba9876543210ull;
    m.run_asm("sttr x2, [x1, #-8]\nldtr x3, [x1, #-8]\nldtrsb x4, [x1, #-7]\nldtrsh w5, [x1, #-2]\nsttrb w2, [x1]");
    CHECK(m.cpu.x[3] == 0xfedcba9876543210ull);
    CHECK(m.cpu.x[4] == 0x32);
    CHECK(m.cpu.x[5] == 0xfffffedcull);
    CHECK(peek<uint8_t>(m, kData + 0x10) == 0x10);
}

TEST_CASE("a load to XZR discards the value; SP is the base for register 31", "[cpu][loadstore]") {
    TestMachine m;
    m.cpu.sp = kData + 0x80;
    poke<uint64_t>(m, kData + 0x88, 9);
    m.run_asm("ldr xzr, [sp, #8]\nldr x0, [sp, #8]");
    CHECK(m.cpu.x[31] == 0);
    CHECK(m.cpu.x[0] == 9);
}

TEST_CASE("reserved size:opc, option and pair opc values are unallocated", "[cpu][loadstore]") {
    // Each word is an assembled valid form with the field changed to a value
    // the Arm ARM's encoding tables mark unallocated.
    const uint32_t words[] = {
        word_of("ldrsw x0, [x1]") | (1u << 22),                          // size 10, opc 11
        word_of("ldr x0, [x1]") | (1u << 23),                            // size 11, opc 11
        word_of("ldur x0, [x1, #1]") | (1u << 23),                       // size 11, opc 11 unscaled
        (word_of("ldr x0, [x1, #8]!") | (1u << 23)) & ~(1u << 22),       // size 11, opc 10 pre-index (no PRFM)
        (word_of("ldr x0, [x1], #8") | (1u << 23)) & ~(1u << 22),        // the same post-index
        (word_of("ldtr x0, [x1]") | (1u << 23)) & ~(1u << 22),           // the same unprivileged
        word_of("ldr x0, [x1, x2]") & ~(7u << 13),                       // option 000
        (word_of("ldr x0, [x1, x2]") & ~(7u << 13)) | (1u << 15),        // option 100
        word_of("ldp x0, x1, [x2]") | (1u << 30),                        // opc 11
        word_of("ldnp w0, w1, [x2]") | (1u << 30),                       // LDNP opc 01 (no LDNPSW)
        word_of("stp w0, w1, [x2]") | (1u << 30),                        // STP opc 01 (STGP, FEAT_MTE)
    };
    for (uint32_t w : words) {
        DecodedInsn d;
        decode(w, d);
        INFO(std::hex << w);
        CHECK(d.row == kUnallocatedRow);
        TestMachine m;
        m.cpu.x[1] = m.cpu.x[2] = kData;
        run_word(m, w);
        REQUIRE(m.sys.events.size() == 1);
        CHECK(m.sys.events[0].kind == "undef");
    }
}

TEST_CASE("writeback overlapping a transfer register is flagged CONSTRAINED UNPREDICTABLE", "[cpu][unpredictable]") {
    // The assembler refuses these, so the register fields are set by hand.
    uint32_t ldr_pre = word_of("ldr x0, [x1, #8]!");
    uint32_t str_post = word_of("str x0, [x1], #8");
    uint32_t ldp_pre = word_of("ldp x0, x2, [x1, #16]!");
    uint32_t ldp_off = word_of("ldp x0, x2, [x1, #16]");
    CHECK(constrained_unpredictable(with_regs(ldr_pre, 1, 1)));
    CHECK(constrained_unpredictable(with_regs(str_post, 1, 1)));
    CHECK(constrained_unpredictable(with_regs(ldp_pre, 0, 1, 1)));
    CHECK(constrained_unpredictable(with_regs(ldp_off, 3, 1, 3)));  // LDP Rt == Rt2
    CHECK_FALSE(constrained_unpredictable(ldr_pre));
    CHECK_FALSE(constrained_unpredictable(ldp_pre));
    CHECK_FALSE(constrained_unpredictable(with_regs(ldr_pre, 31, 31)));  // XZR and SP differ
    CHECK_FALSE(constrained_unpredictable(with_regs(ldp_off, 1, 1, 2)));    // no writeback
    CHECK_FALSE(constrained_unpredictable(word_of("ldr x1, [x1, #8]")));
}

TEST_CASE("LDR pre-index with Rn == Rt leaves the loaded value (Constraint_WBSUPPRESS)", "[cpu][unpredictable]") {
    TestMachine m;
    poke<uint64_t>(m, kData + 8, 0x4242);
    m.cpu.x[1] = kData;
    run_word(m, (word_of("ldr x0, [x1, #8]!") & ~0x1fu) | 1u);
    CHECK(m.cpu.x[1] == 0x4242);
}

TEST_CASE("every Loads and Stores row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"LDR_lit", "ldr x1, ."},           {"LDRSW_lit", "ldrsw x1, ."},
        {"PRFM_lit", "prfm pldl1keep, ."}, {"STR_uimm", "strh w1, [x2, #6]"},
        {"LDR_uimm", "ldrb w1, [sp, #7]"}, {"LDRS_uimm", "ldrsh w1, [x2, #2]"},
        {"PRFM_uimm", "prfm pstl1strm, [x2, #8]"}, {"STUR", "stur w1, [x2, #-1]"},
        {"LDUR", "ldurh w1, [x2, #3]"},    {"LDURS", "ldursb x1, [x2, #-5]"},
        {"PRFUM", "prfum pldl2keep, [x2, #1]"}, {"STR_post", "str x1, [x2], #8"},
        {"LDR_post", "ldrh w1, [x2], #-2"}, {"LDRS_post", "ldrsw x1, [x2], #4"},
        {"STTR", "sttrh w1, [x2, #2]"},    {"LDTR", "ldtr x1, [x2]"},
        {"LDTRS", "ldtrsh x1, [x2, #-2]"}, {"STR_pre", "strb w1, [x2, #1]!"},
        {"LDR_pre", "ldr w1, [sp, #-16]!"}, {"LDRS_pre", "ldrsb w1, [x2, #-1]!"},
        {"STR_reg", "str x1, [x2, w3, sxtw #3]"}, {"LDR_reg", "ldrb w1, [x2, x3]"},
        {"LDRS_reg", "ldrsh x1, [x2, w3, uxtw #1]"}, {"PRFM_reg", "prfm pldl1keep, [x2, x3, lsl #3]"},
        {"STNP_LDNP", "ldnp x1, x2, [x3, #16]"}, {"STP_LDP_post", "ldp w1, w2, [sp], #8"},
        {"STP_LDP", "ldpsw x1, x2, [x3, #-8]"}, {"STP_LDP_pre", "stp x29, x30, [sp, #-16]!"},
    };
    check_row_examples(InsnClass::LoadStore, examples);
}

TEST_CASE("Loads and Stores rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::LoadStore);
}

TEST_CASE("an SP base off a 16-byte boundary faults when SCTLR_EL1.SA is set, and only then", "[cpu][loadstore]") {
    // Arm ARM D1.8.2 CheckSPAlignment (QEMU does not model it). The test
    // system routes the SP alignment fault to its default, UNDEFINED.
    for (bool sa : {true, false}) {
        TestMachine m;
        m.cpu.sctlr_el1 = sa ? m.cpu.sctlr_el1 | 8 : m.cpu.sctlr_el1 & ~uint64_t{8};
        m.cpu.sp = kData + 8;
        m.cpu.x[0] = 77;
        poke<uint64_t>(m, kData + 8, 5);
        m.run_asm("prfm pldl1keep, [sp]\nldr x0, [sp], #8");  // PRFM is exempt
        INFO("SA " << sa);
        CHECK(m.sys.events.size() == (sa ? 1u : 0u));
        CHECK(m.cpu.x[0] == (sa ? 77u : 5u));
        CHECK(m.cpu.sp == (sa ? kData + 8 : kData + 16));
    }
}

TEST_CASE("an SP base for an atomic is checked for 16-byte alignment too", "[cpu][atomic]") {
    TestMachine m;
    m.cpu.sp = kData + 8;
    m.run_asm("ldadd x1, x2, [sp]");
    CHECK(m.sys.events.size() == 1);
    CHECK(peek<uint64_t>(m, kData + 8) == 0);
}
