// C4.1.86 Data Processing -- Immediate. The GNU assembler picks the
// encodings; expected values come from each instruction's definition.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <bit>
#include <set>

#include "cpu/each_insn.hpp"
#include "cpu/row_checks.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {

constexpr uint64_t ones(unsigned n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }
constexpr uint64_t sign_extend(uint64_t v, unsigned width) {
    return width >= 64 ? v : ((v >> (width - 1)) & 1) ? v | ~ones(width) : v & ones(width);
}
constexpr uint64_t truncate(uint64_t v, unsigned datasize) { return v & ones(datasize); }

// The logical immediates by their definition (Arm ARM C3.4 "Logical
// (immediate)"): an element of e = 2, 4, ..., datasize bits holding a run of
// 1..e-1 ones rotated by 0..e-1, replicated to fill the register.
std::set<uint64_t> bitmask_immediates(unsigned datasize) {
    std::set<uint64_t> out;
    for (unsigned e = 2; e <= datasize; e *= 2)
        for (unsigned run = 1; run < e; ++run)
            for (unsigned rot = 0; rot < e; ++rot) {
                uint64_t elem = ones(run);
                if (rot) elem = ((elem >> rot) | (elem << (e - rot))) & ones(e);
                uint64_t v = 0;
                for (unsigned pos = 0; pos < 64; pos += e) v |= elem << pos;
                out.insert(truncate(v, datasize));
            }
    return out;
}

}  // namespace

TEST_CASE("AND (immediate) gives exactly the constant for every 64-bit bitmask immediate the assembler accepts",
          "[cpu][dp_imm]") {
    auto imms = bitmask_immediates(64);
    REQUIRE(imms.size() == 5334);  // sum over e of e * (e - 1)
    std::vector<uint64_t> v(imms.begin(), imms.end());
    std::vector<std::string> lines;
    for (uint64_t c : v) lines.push_back(fmt::format("and x0, x1, #{:#x}", c));
    for_each_insn(
        lines, [](Cpu& c, size_t) { c.x[1] = ~uint64_t{0}, c.x[0] = 0x5555; },
        [&](TestMachine& m, size_t i) { REQUIRE(m.cpu.x[0] == v[i]); });
}

TEST_CASE("32-bit ORR/EOR/AND (immediate) apply every 32-bit bitmask immediate and zero-extend", "[cpu][dp_imm]") {
    auto imms = bitmask_immediates(32);
    REQUIRE(imms.size() == 1302);
    std::vector<uint64_t> v(imms.begin(), imms.end());
    const uint64_t x1 = 0xfedcba98'76543210ull;
    std::vector<std::string> lines;
    for (uint64_t c : v) {
        lines.push_back(fmt::format("orr w0, w1, #{:#x}", c));
        lines.push_back(fmt::format("eor w0, w1, #{:#x}", c));
        lines.push_back(fmt::format("and w0, w1, #{:#x}", c));
    }
    for_each_insn(
        lines, [&](Cpu& c, size_t) { c.x[1] = x1, c.x[0] = ~uint64_t{0}; },
        [&](TestMachine& m, size_t i) {
            uint64_t c = v[i / 3], a = truncate(x1, 32);
            uint64_t want = i % 3 == 0 ? (a | c) : i % 3 == 1 ? (a ^ c) : (a & c);
            REQUIRE(m.cpu.x[0] == want);
        });
}

TEST_CASE("every N:immr:imms field value is either UNDEFINED or one of the bitmask immediates", "[cpu][dp_imm]") {
    // AND (immediate) x0, x1 / w0, w1: sf 00 100100 N immr imms Rn=1 Rd=0.
    for (unsigned sf : {0u, 1u}) {
        unsigned datasize = sf ? 64 : 32;
        auto all = bitmask_immediates(datasize);
        std::vector<std::string> lines;
        for (uint32_t f = 0; f < (1u << 13); ++f)
            lines.push_back(fmt::format(".inst {:#x}", (sf << 31) | 0x12000000u | (f << 10) | (1u << 5)));
        std::set<uint64_t> seen;
        unsigned valid = 0;
        for_each_insn(
            lines, [](Cpu& c, size_t) { c.x[1] = ~uint64_t{0}; },
            [&](TestMachine& m, size_t i) {
                if (was_undefined(m)) return;
                REQUIRE(m.sys.events.empty());
                REQUIRE((sf || (i & (1u << 12)) == 0));  // N = 1 is reserved in 32-bit
                REQUIRE(all.count(m.cpu.x[0]) == 1);
                seen.insert(m.cpu.x[0]);
                ++valid;
            });
        // immr's bits above log2(element size) are ignored, so each
        // (element, run, rotation) has 64 / e encodings: 64 * (e - 1) each.
        unsigned expected = 0;
        for (unsigned e = 2; e <= datasize; e *= 2) expected += 64 * (e - 1);
        CHECK(valid == expected);
        CHECK(seen == all);
    }
}

TEST_CASE("ANDS (immediate) sets N and Z from the result and clears C and V", "[cpu][dp_imm]") {
    TestMachine m;
    m.cpu.nzcv = nzcv::C | nzcv::V;
    m.cpu.x[1] = 0x80000000'00000000ull;
    m.run_asm("ands x0, x1, #0x8000000000000000");
    CHECK(m.cpu.nzcv == nzcv::N);
    m.cpu.nzcv = nzcv::C | nzcv::V;
    m.cpu.x[1] = 0xffff0000;
    m.run_asm("tst w1, #0xffff");
    CHECK(m.cpu.nzcv == nzcv::Z);
}

TEST_CASE("logical immediates may write SP (ORR/AND/EOR) but ANDS writes ZR", "[cpu][dp_imm]") {
    TestMachine m;
    m.cpu.x[1] = 0x12345678'9abcdef0ull;
    m.run_asm("orr sp, x1, #0xf");
    CHECK(m.cpu.sp == 0x12345678'9abcdeffull);
    m.run_asm("and wsp, w1, #0xffff0000");
    CHECK(m.cpu.sp == 0x9abc0000ull);  // zero-extended to 64 bits
    m.run_asm("ands xzr, x1, #0xff");
    CHECK(m.cpu.sp == 0x9abc0000ull);
    CHECK(m.cpu.x[31] == 0);
}

namespace {
struct BitfieldCase {
    const char* mnemonic;
    // The alias's definition with lsb and width: dst is Rd before, src is Rn.
    uint64_t (*expected)(uint64_t dst, uint64_t src, unsigned lsb, unsigned width);
};
const BitfieldCase kBitfieldAliases[] = {
    {"ubfx", [](uint64_t, uint64_t s, unsigned lsb, unsigned w) { return (s >> lsb) & ones(w); }},
    {"sbfx", [](uint64_t, uint64_t s, unsigned lsb, unsigned w) { return sign_extend((s >> lsb) & ones(w), w); }},
    {"bfxil",
     [](uint64_t d, uint64_t s, unsigned lsb, unsigned w) { return (d & ~ones(w)) | ((s >> lsb) & ones(w)); }},
    {"ubfiz", [](uint64_t, uint64_t s, unsigned lsb, unsigned w) { return (s & ones(w)) << lsb; }},
    {"sbfiz", [](uint64_t, uint64_t s, unsigned lsb, unsigned w) { return sign_extend(s & ones(w), w) << lsb; }},
    {"bfi",
     [](uint64_t d, uint64_t s, unsigned lsb, unsigned w) {
         return (d & ~(ones(w) << lsb)) | ((s & ones(w)) << lsb);
     }},
};
}  // namespace

TEST_CASE("bitfield aliases (UBFX, SBFX, BFXIL, UBFIZ, SBFIZ, BFI) move every lsb/width field", "[cpu][dp_imm]") {
    for (unsigned datasize : {64u, 32u}) {
        const char r = datasize == 64 ? 'x' : 'w';
        std::vector<std::string> lines;
        struct Form { const BitfieldCase* alias; unsigned lsb, width; };
        std::vector<Form> forms;
        for (const auto& alias : kBitfieldAliases)
            for (unsigned lsb = 0; lsb < datasize; ++lsb)
                for (unsigned width = 1; width <= datasize - lsb; ++width) {
                    lines.push_back(fmt::format("{} {}0, {}1, #{}, #{}", alias.mnemonic, r, r, lsb, width));
                    forms.push_back({&alias, lsb, width});
                }
        // Two sources so that each field's top bit is seen as 0 and as 1.
        InsnBatch batch(lines);
        for (uint64_t src : {0xfedcba98'76543210ull, 0x0123456789abcdefull ^ 0xf0f0f0f0f0f0f0f0ull}) {
            const uint64_t dst = 0xa5a5a5a5'5a5a5a5aull;
            batch.run(
                [&](Cpu& c, size_t) { c.x[0] = dst, c.x[1] = src; },
                [&](TestMachine& m, size_t i) {
                    auto [alias, lsb, width] = forms[i];
                    uint64_t want = alias->expected(truncate(dst, datasize), truncate(src, datasize), lsb, width);
                    REQUIRE(m.cpu.x[0] == truncate(want, datasize));
                });
        }
    }
}

TEST_CASE("shift and extend aliases of SBFM/UBFM (ASR, LSR, LSL, SXTB, UXTH ...) by every amount", "[cpu][dp_imm]") {
    const uint64_t src = 0x8badf00d'deadbeefull;
    for (unsigned datasize : {64u, 32u}) {
        const char r = datasize == 64 ? 'x' : 'w';
        std::vector<std::string> lines;
        std::vector<uint64_t> want;
        uint64_t s = truncate(src, datasize);
        for (unsigned n = 0; n < datasize; ++n) {
            lines.push_back(fmt::format("lsl {}0, {}1, #{}", r, r, n));
            want.push_back(truncate(s << n, datasize));
            lines.push_back(fmt::format("lsr {}0, {}1, #{}", r, r, n));
            want.push_back(s >> n);
            lines.push_back(fmt::format("asr {}0, {}1, #{}", r, r, n));
            want.push_back(truncate(static_cast<uint64_t>(static_cast<int64_t>(sign_extend(s, datasize)) >> n), datasize));
            lines.push_back(fmt::format("ror {}0, {}1, #{}", r, r, n));
            want.push_back(n == 0 ? s : truncate((s >> n) | (s << (datasize - n)), datasize));
        }
        lines.push_back(fmt::format("sxtb {}0, w1", r));
        want.push_back(truncate(sign_extend(src & 0xff, 8), datasize));
        lines.push_back(fmt::format("sxth {}0, w1", r));
        want.push_back(truncate(sign_extend(src & 0xffff, 16), datasize));
        lines.push_back("uxtb w0, w1");
        want.push_back(src & 0xff);
        lines.push_back("uxth w0, w1");
        want.push_back(src & 0xffff);
        if (datasize == 64) {
            lines.push_back("sxtw x0, w1");
            want.push_back(sign_extend(src & 0xffffffff, 32));
        }
        for_each_insn(
            lines, [&](Cpu& c, size_t) { c.x[0] = 0x77, c.x[1] = src; },
            [&](TestMachine& m, size_t i) { REQUIRE(m.cpu.x[0] == want[i]); });
    }
}

TEST_CASE("EXTR takes datasize bits of Rn:Rm starting at every lsb", "[cpu][dp_imm]") {
    const uint64_t hi = 0x0011223344556677ull, lo = 0x8899aabbccddeeffull;
    for (unsigned datasize : {64u, 32u}) {
        const char r = datasize == 64 ? 'x' : 'w';
        std::vector<std::string> lines;
        for (unsigned lsb = 0; lsb < datasize; ++lsb)
            lines.push_back(fmt::format("extr {}0, {}1, {}2, #{}", r, r, r, lsb));
        for_each_insn(
            lines, [&](Cpu& c, size_t) { c.x[0] = ~uint64_t{0}, c.x[1] = hi, c.x[2] = lo; },
            [&](TestMachine& m, size_t lsb) {
                unsigned __int128 concat =
                    (static_cast<unsigned __int128>(truncate(hi, datasize)) << datasize) | truncate(lo, datasize);
                REQUIRE(m.cpu.x[0] == truncate(static_cast<uint64_t>(concat >> lsb), datasize));
            });
    }
}

TEST_CASE("32-bit bitfield and EXTR forms zero-extend into the X register", "[cpu][dp_imm]") {
    TestMachine m;
    m.cpu.x[1] = 0xffffffff'ffffffffull;
    m.cpu.x[0] = m.cpu.x[2] = m.cpu.x[3] = ~uint64_t{0};
    m.run_asm("bfi w0, w1, #4, #8\nsbfx w2, w1, #0, #4\nextr w3, w1, w1, #7");
    CHECK(m.cpu.x[0] == 0xffffffffull);
    CHECK(m.cpu.x[2] == 0xffffffffull);
    CHECK(m.cpu.x[3] == 0xffffffffull);
}

TEST_CASE("reserved data-processing (immediate) encodings are UNDEFINED", "[cpu][dp_imm]") {
    const std::vector<std::string> reserved = {
        ".inst 0x12400020",  // AND (immediate) 32-bit with N = 1
        ".inst 0x92400020 | (0x3f << 10)",  // AND (immediate), N = 1, imms = 111111: all ones
        ".inst 0x92000020 | (0x3d << 10)",  // AND (immediate), N = 0, imms = 111101: 2-bit element of ones
        ".inst 0x92000020 | (0x3e << 10)",  // AND (immediate), N = 0, imms = 111110: len < 1
        ".inst 0x92000020 | (0x3f << 10)",  // AND (immediate), N = 0, imms = 111111: no element size
        ".inst 0x93000020",  // SBFM 64-bit with N = 0
        ".inst 0x13400020",  // SBFM 32-bit with N = 1
        ".inst 0x53200020",  // UBFM 32-bit with immr = 32
        ".inst 0x33008020",  // BFM 32-bit with imms = 32
        ".inst 0x73000020",  // bitfield with opc = 11
        ".inst 0x93800020",  // EXTR 64-bit with N = 0
        ".inst 0x13808020",  // EXTR 32-bit with imms = 32
        ".inst 0x13a00020",  // EXTR with o0 = 1
        ".inst 0x33800020",  // EXTR with op21 = 01
        ".inst 0x13c00020",  // EXTR with N = 1 in 32-bit
    };
    for_each_insn(
        reserved, [](Cpu&, size_t) {}, [](TestMachine& m, size_t) { CHECK(was_undefined(m)); });
}

TEST_CASE("every Data Processing -- Immediate row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"ADD_imm", "add x0, sp, #1"},
        {"ADDS_imm", "adds w1, w2, #4095"},
        {"SUB_imm", "sub sp, sp, #16"},
        {"SUBS_imm", "cmp x3, #1, lsl #12"},
        {"MOVN", "movn w0, #1"},
        {"MOVZ", "movz x0, #1, lsl #48"},
        {"MOVK", "movk w0, #1, lsl #16"},
        {"ADR", "adr x0, ."},
        {"ADRP", "adrp x1, ."},
        {"AND_imm", "and x0, x1, #0xff"},
        {"ORR_imm", "orr w0, w1, #0x55555555"},
        {"EOR_imm", "eor x2, x3, #0x8000000000000000"},
        {"ANDS_imm", "tst w1, #1"},
        {"SBFM", "asr x0, x1, #3"},
        {"BFM", "bfi w0, w1, #4, #4"},
        {"UBFM", "ubfx x0, x1, #8, #8"},
        {"EXTR", "ror x0, x1, #7"},
    };
    check_row_examples(InsnClass::DataProcImm, examples);
}

TEST_CASE("Data Processing -- Immediate rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::DataProcImm);
}
