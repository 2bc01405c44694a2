// C4.1.89 Data Processing -- Register. The GNU assembler picks the
// encodings; expected values and flags are derived here from each
// instruction's definition, with 128-bit arithmetic for carries and overflow.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <bit>
#include <climits>

#include "cpu/conditions.hpp"
#include "cpu/each_insn.hpp"
#include "cpu/row_checks.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {

constexpr uint64_t ones(unsigned n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }
constexpr uint64_t truncate(uint64_t v, unsigned datasize) { return v & ones(datasize); }
constexpr int64_t as_signed(uint64_t v, unsigned datasize) {
    return datasize == 64 ? static_cast<int64_t>(v) : int64_t{static_cast<int32_t>(static_cast<uint32_t>(v))};
}

// NZCV for a result whose exact value is `exact_unsigned` (for C: carry out
// when it does not fit in datasize bits) and `exact_signed` (for V).
uint32_t flags_of(unsigned __int128 exact_unsigned, __int128 exact_signed, unsigned datasize) {
    uint64_t r = truncate(static_cast<uint64_t>(exact_unsigned), datasize);
    __int128 smin = -(__int128{1} << (datasize - 1)), smax = (__int128{1} << (datasize - 1)) - 1;
    uint32_t f = 0;
    if ((r >> (datasize - 1)) & 1) f |= nzcv::N;
    if (r == 0) f |= nzcv::Z;
    if (exact_unsigned >> datasize) f |= nzcv::C;
    if (exact_signed < smin || exact_signed > smax) f |= nzcv::V;
    return f;
}
// a + b + carry, and a - b - borrow, as the Arm ARM defines their flags:
// C is the unsigned carry out (for subtraction: no borrow), V signed overflow.
uint32_t add_flags(uint64_t a, uint64_t b, unsigned carry, unsigned ds) {
    return flags_of(static_cast<unsigned __int128>(truncate(a, ds)) + truncate(b, ds) + carry,
                    __int128{as_signed(a, ds)} + as_signed(b, ds) + carry, ds);
}
uint32_t sub_flags(uint64_t a, uint64_t b, unsigned borrow, unsigned ds) {
    uint64_t ua = truncate(a, ds), ub = truncate(b, ds);
    __int128 s = __int128{as_signed(a, ds)} - as_signed(b, ds) - borrow;
    uint64_t r = truncate(ua - ub - borrow, ds);
    uint32_t f = flags_of(r, s, ds) & ~nzcv::C;  // flags_of sees no carry in r
    if (static_cast<unsigned __int128>(ua) >= static_cast<unsigned __int128>(ub) + borrow) f |= nzcv::C;
    return f;
}

// ShiftReg from its definition, bit by bit where it helps.
uint64_t shifted(uint64_t v, unsigned type, unsigned amount, unsigned ds) {
    v = truncate(v, ds);
    switch (type) {
        case 0: return truncate(v << amount, ds);
        case 1: return v >> amount;
        case 2: return truncate(static_cast<uint64_t>(as_signed(v, ds) >> amount), ds);
        default: {
            uint64_t r = 0;
            for (unsigned i = 0; i < ds; ++i) r |= ((v >> ((i + amount) % ds)) & 1) << i;
            return r;
        }
    }
}
const char* const kShiftNames[] = {"lsl", "lsr", "asr", "ror"};

const uint64_t kBoundaries64[] = {0, 1, 2, 0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
                                  0xfffffffffffffffeull, 0xffffffffffffffffull, 0x123456789abcdef0ull};
const uint64_t kBoundaries32[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff,
                                  0xdeadbeef'9abcdef0ull};  // the last has garbage above bit 31

}  // namespace

// --- logical (shifted register) ---------------------------------------------

TEST_CASE("logical (shifted register) ops with every shift type and amount", "[cpu][dp_reg]") {
    const char* const ops[] = {"and", "bic", "orr", "orn", "eor", "eon", "ands", "bics"};
    const uint64_t a = 0xf0f0ff00'12345678ull, b = 0x8765432100ff00ffull;
    for (unsigned ds : {64u, 32u}) {
        const char r = ds == 64 ? 'x' : 'w';
        std::vector<std::string> lines;
        struct Form { unsigned op, type, amount; };
        std::vector<Form> forms;
        for (unsigned op = 0; op < 8; ++op)
            for (unsigned type = 0; type < 4; ++type)
                for (unsigned amount = 0; amount < ds; ++amount) {
                    lines.push_back(fmt::format("{} {}0, {}1, {}2, {} #{}", ops[op], r, r, r, kShiftNames[type], amount));
                    forms.push_back({op, type, amount});
                }
        for_each_insn(
            lines, [&](Cpu& c, size_t) { c.x[0] = ~uint64_t{0}, c.x[1] = a, c.x[2] = b, c.nzcv = nzcv::C | nzcv::V; },
            [&](TestMachine& m, size_t i) {
                auto [op, type, amount] = forms[i];
                uint64_t op2 = shifted(b, type, amount, ds);
                if (op & 1) op2 = truncate(~op2, ds);
                uint64_t x = truncate(a, ds);
                uint64_t want = (op >> 1) == 1 ? (x | op2) : (op >> 1) == 2 ? (x ^ op2) : (x & op2);
                REQUIRE(m.cpu.x[0] == want);
                uint32_t flags = nzcv::C | nzcv::V;  // unchanged unless ANDS/BICS
                if (op >= 6) flags = ((want >> (ds - 1)) & 1 ? nzcv::N : 0) | (want == 0 ? nzcv::Z : 0);
                REQUIRE(m.cpu.nzcv == flags);
            });
    }
}

TEST_CASE("MOV (register) and TST (shifted register) aliases", "[cpu][dp_reg]") {
    TestMachine m;
    m.cpu.x[1] = 0xffffffff'80000000ull;
    m.run_asm("mov x0, x1\nmov w2, w1\ntst w1, w1\nmvn x3, x1");
    CHECK(m.cpu.x[0] == 0xffffffff'80000000ull);
    CHECK(m.cpu.x[2] == 0x80000000ull);
    CHECK(m.cpu.nzcv == nzcv::N);
    CHECK(m.cpu.x[3] == 0x7fffffffull);
}

// --- add/subtract -----------------------------------------------------------

TEST_CASE("ADDS/SUBS (shifted register) flags at the signed and unsigned overflow boundaries", "[cpu][dp_reg]") {
    for (unsigned ds : {64u, 32u}) {
        const char r = ds == 64 ? 'x' : 'w';
        const auto& values = ds == 64 ? kBoundaries64 : kBoundaries32;
        std::vector<std::string> lines;
        std::vector<std::tuple<uint64_t, uint64_t, bool>> cases;
        for (uint64_t a : values)
            for (uint64_t b : values)
                for (bool sub : {false, true}) {
                    lines.push_back(fmt::format("{} {}0, {}1, {}2", sub ? "subs" : "adds", r, r, r));
                    cases.emplace_back(a, b, sub);
                }
        for_each_insn(
            lines, [&](Cpu& c, size_t i) { c.x[1] = std::get<0>(cases[i]), c.x[2] = std::get<1>(cases[i]), c.nzcv = 0; },
            [&](TestMachine& m, size_t i) {
                auto [a, b, sub] = cases[i];
                REQUIRE(m.cpu.x[0] == truncate(sub ? a - b : a + b, ds));
                REQUIRE(m.cpu.nzcv == (sub ? sub_flags(a, b, 0, ds) : add_flags(a, b, 0, ds)));
            });
    }
}

TEST_CASE("ADDS/SUBS (immediate) flags at the overflow boundaries", "[cpu][dp_imm]") {
    std::vector<std::string> lines;
    std::vector<std::tuple<uint64_t, unsigned, bool, unsigned>> cases;
    for (unsigned ds : {64u, 32u})
        for (uint64_t a : ds == 64 ? kBoundaries64 : kBoundaries32)
            for (unsigned imm : {0u, 1u, 0xfffu, 0x1000u})
                for (bool sub : {false, true}) {
                    lines.push_back(fmt::format("{} {}0, {}1, #{}", sub ? "subs" : "adds", ds == 64 ? 'x' : 'w',
                                                ds == 64 ? 'x' : 'w', imm));
                    cases.emplace_back(a, imm, sub, ds);
                }
    for_each_insn(
        lines, [&](Cpu& c, size_t i) { c.x[1] = std::get<0>(cases[i]), c.nzcv = 0; },
        [&](TestMachine& m, size_t i) {
            auto [a, b, sub, ds] = cases[i];
            REQUIRE(m.cpu.x[0] == truncate(sub ? a - b : a + b, ds));
            REQUIRE(m.cpu.nzcv == (sub ? sub_flags(a, b, 0, ds) : add_flags(a, b, 0, ds)));
        });
}

TEST_CASE("ADD/SUB (shifted register) shift Rm by LSL/LSR/ASR and every amount, without touching flags",
          "[cpu][dp_reg]") {
    const uint64_t a = 0x0123456789abcdefull, b = 0xfedcba98'76543210ull;
    for (unsigned ds : {64u, 32u}) {
        const char r = ds == 64 ? 'x' : 'w';
        std::vector<std::string> lines;
        std::vector<std::tuple<bool, unsigned, unsigned>> forms;
        for (bool sub : {false, true})
            for (unsigned type = 0; type < 3; ++type)
                for (unsigned amount = 0; amount < ds; ++amount) {
                    lines.push_back(fmt::format("{} {}0, {}1, {}2, {} #{}", sub ? "sub" : "add", r, r, r,
                                                kShiftNames[type], amount));
                    forms.emplace_back(sub, type, amount);
                }
        for_each_insn(
            lines, [&](Cpu& c, size_t) { c.x[1] = a, c.x[2] = b, c.nzcv = nzcv::Z; },
            [&](TestMachine& m, size_t i) {
                auto [sub, type, amount] = forms[i];
                uint64_t op2 = shifted(b, type, amount, ds);
                REQUIRE(m.cpu.x[0] == truncate(sub ? a - op2 : a + op2, ds));
                REQUIRE(m.cpu.nzcv == nzcv::Z);
            });
    }
}

namespace {
// ExtendReg from the option's name: the low 8/16/32/64 bits, zero- or
// sign-extended, then shifted left.
uint64_t extended(uint64_t v, unsigned option, unsigned shift) {
    unsigned len = 8u << (option & 3);
    uint64_t low = truncate(v, len);
    if ((option & 4) && len < 64 && ((low >> (len - 1)) & 1)) low |= ~ones(len);
    return low << shift;
}
const char* const kExtendNames[] = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};
}  // namespace

TEST_CASE("ADD/SUB/ADDS/SUBS (extended register) with every option and shift 0-4", "[cpu][dp_reg]") {
    const uint64_t a = 0x0123456789abcdefull, b = 0xfedcba98'f6d4b290ull;  // b's low byte/half/word negative
    for (unsigned ds : {64u, 32u}) {
        const char r = ds == 64 ? 'x' : 'w';
        std::vector<std::string> lines;
        std::vector<std::tuple<unsigned, unsigned, unsigned>> forms;  // op (add, adds, sub, subs), option, shift
        const char* const ops[] = {"add", "adds", "sub", "subs"};
        for (unsigned op = 0; op < 4; ++op)
            for (unsigned option = 0; option < 8; ++option)
                for (unsigned shift = 0; shift <= 4; ++shift) {
                    char rm = ds == 64 && (option & 3) == 3 ? 'x' : 'w';
                    lines.push_back(fmt::format("{} {}0, {}1, {}2, {} #{}", ops[op], r, r, rm, kExtendNames[option], shift));
                    forms.emplace_back(op, option, shift);
                }
        for_each_insn(
            lines, [&](Cpu& c, size_t) { c.x[1] = a, c.x[2] = b, c.nzcv = 0; },
            [&](TestMachine& m, size_t i) {
                auto [op, option, shift] = forms[i];
                uint64_t op2 = extended(b, option, shift);
                bool sub = op >= 2;
                REQUIRE(m.cpu.x[0] == truncate(sub ? a - op2 : a + op2, ds));
                uint32_t flags = sub ? sub_flags(a, op2, 0, ds) : add_flags(a, op2, 0, ds);
                REQUIRE(m.cpu.nzcv == ((op & 1) ? flags : 0));
            });
    }
}

TEST_CASE("ADD/SUB (extended register) read and write SP as register 31; ADDS/CMN write ZR", "[cpu][dp_reg]") {
    TestMachine m;
    m.cpu.sp = 0x40080000;
    m.cpu.x[1] = 0xffffffff'fffffff0ull;  // w1 = -16
    m.cpu.x[2] = 0x12345678'00001000ull;
    m.run_asm(
        "add x3, sp, w1, sxtw\n"     // Rn = SP
        "add sp, x2, w1, uxtw #1\n"  // Rd = SP
        "mov x4, sp\n"
        "sub wsp, w2, w1, sxtb\n"    // 32-bit write to SP zero-extends
        "mov x5, sp\n"
        "adds xzr, sp, x2\n");       // CMN: Rd = ZR, Rn = SP
    CHECK(m.cpu.x[3] == 0x40080000 - 16);
    CHECK(m.cpu.x[4] == 0x12345678'00001000ull + (uint64_t{0xfffffff0} << 1));
    CHECK(m.cpu.x[5] == 0x00001000 + 16);
    CHECK(m.cpu.sp == 0x00001000 + 16);
    CHECK(m.cpu.x[31] == 0);
    CHECK(m.cpu.nzcv == add_flags(0x1010, 0x12345678'00001000ull, 0, 64));
}

TEST_CASE("ADC/ADCS/SBC/SBCS use the carry flag at the overflow boundaries", "[cpu][dp_reg]") {
    for (unsigned ds : {64u, 32u}) {
        const char r = ds == 64 ? 'x' : 'w';
        const auto& values = ds == 64 ? kBoundaries64 : kBoundaries32;
        std::vector<std::string> lines;
        std::vector<std::tuple<uint64_t, uint64_t, unsigned, unsigned>> cases;  // a, b, carry in, op
        const char* const ops[] = {"adc", "adcs", "sbc", "sbcs"};
        for (uint64_t a : values)
            for (uint64_t b : values)
                for (unsigned carry : {0u, 1u})
                    for (unsigned op = 0; op < 4; ++op) {
                        lines.push_back(fmt::format("{} {}0, {}1, {}2", ops[op], r, r, r));
                        cases.emplace_back(a, b, carry, op);
                    }
        for_each_insn(
            lines,
            [&](Cpu& c, size_t i) {
                auto [a, b, carry, op] = cases[i];
                c.x[1] = a, c.x[2] = b, c.nzcv = carry ? nzcv::C | nzcv::Z : nzcv::Z;
            },
            [&](TestMachine& m, size_t i) {
                auto [a, b, carry, op] = cases[i];
                bool sub = op >= 2;
                // SBC is Rn - Rm - NOT(C): the borrow is 1 - carry.
                REQUIRE(m.cpu.x[0] == truncate(sub ? a - b - (1 - carry) : a + b + carry, ds));
                uint32_t flags = sub ? sub_flags(a, b, 1 - carry, ds) : add_flags(a, b, carry, ds);
                uint32_t before = carry ? nzcv::C | nzcv::Z : nzcv::Z;
                REQUIRE(m.cpu.nzcv == ((op & 1) ? flags : before));
            });
    }
}

// --- conditional ------------------------------------------------------------

namespace {
bool cond_passes(unsigned cond, uint32_t f) {
    return condition_from_table(cond, f & nzcv::N, f & nzcv::Z, f & nzcv::C, f & nzcv::V);
}
}  // namespace

TEST_CASE("CCMP/CCMN compare when the condition holds and set the nzcv immediate otherwise", "[cpu][dp_reg]") {
    const uint64_t a = 0x80000000'00000000ull, b = 1;  // a - b overflows; a + b is negative
    std::vector<std::string> lines;
    std::vector<std::tuple<unsigned, unsigned, unsigned, unsigned>> cases;  // form, cond, flags before, ds
    for (unsigned ds : {64u, 32u})
        for (unsigned form = 0; form < 4; ++form)  // ccmp reg, ccmn reg, ccmp imm, ccmn imm
            for (unsigned cond = 0; cond < 16; ++cond)
                for (unsigned before = 0; before < 16; ++before) {
                    char r = ds == 64 ? 'x' : 'w';
                    std::string op2 = form < 2 ? fmt::format("{}2", r) : "#1";
                    lines.push_back(fmt::format("{} {}1, {}, #0b1010, {}", form % 2 ? "ccmn" : "ccmp", r, op2,
                                                kConditionNames[cond]));
                    cases.emplace_back(form, cond, before << 28, ds);
                }
    for_each_insn(
        lines,
        [&](Cpu& c, size_t i) {
            c.x[1] = std::get<3>(cases[i]) == 64 ? a : 0x80000000;
            c.x[2] = b;
            c.nzcv = std::get<2>(cases[i]);
        },
        [&](TestMachine& m, size_t i) {
            auto [form, cond, before, ds] = cases[i];
            uint64_t x1 = ds == 64 ? a : 0x80000000;
            uint32_t want = nzcv::N | nzcv::C;  // #0b1010
            if (cond_passes(cond, before)) want = form % 2 ? add_flags(x1, b, 0, ds) : sub_flags(x1, b, 0, ds);
            REQUIRE(m.cpu.nzcv == want);
        });
}

TEST_CASE("CSEL/CSINC/CSINV/CSNEG pick Rn or the transformed Rm on every condition", "[cpu][dp_reg]") {
    const uint64_t n = 0x1111111122222222ull, mval = 0x80000000'80000000ull;
    const char* const ops[] = {"csel", "csinc", "csinv", "csneg"};
    std::vector<std::string> lines;
    std::vector<std::tuple<unsigned, unsigned, unsigned, unsigned>> cases;  // op, cond, flags, ds
    for (unsigned ds : {64u, 32u})
        for (unsigned op = 0; op < 4; ++op)
            for (unsigned cond = 0; cond < 16; ++cond)
                for (uint32_t flags : {0u, nzcv::Z | nzcv::C, nzcv::N, nzcv::V | nzcv::C}) {
                    char r = ds == 64 ? 'x' : 'w';
                    lines.push_back(fmt::format("{} {}0, {}1, {}2, {}", ops[op], r, r, r, kConditionNames[cond]));
                    cases.emplace_back(op, cond, flags, ds);
                }
    for_each_insn(
        lines, [&](Cpu& c, size_t i) { c.x[0] = 7, c.x[1] = n, c.x[2] = mval, c.nzcv = std::get<2>(cases[i]); },
        [&](TestMachine& m, size_t i) {
            auto [op, cond, flags, ds] = cases[i];
            uint64_t else_value = op == 0 ? mval : op == 1 ? mval + 1 : op == 2 ? ~mval : uint64_t{0} - mval;
            REQUIRE(m.cpu.x[0] == truncate(cond_passes(cond, flags) ? n : else_value, ds));
            REQUIRE(m.cpu.nzcv == flags);
        });
}

TEST_CASE("CSET, CINC and CNEG aliases", "[cpu][dp_reg]") {
    TestMachine m;
    m.cpu.x[1] = 5;
    m.cpu.x[2] = 5;
    m.run_asm("cmp x1, x2\ncset w0, eq\ncinc x3, x1, ne\ncneg x4, x1, eq\ncsetm x5, eq");
    CHECK(m.cpu.x[0] == 1);
    CHECK(m.cpu.x[3] == 5);
    CHECK(m.cpu.x[4] == static_cast<uint64_t>(-5));
    CHECK(m.cpu.x[5] == ~uint64_t{0});
}

// --- data-processing (1 source) ---------------------------------------------

namespace {
uint64_t bit_reversed(uint64_t v, unsigned ds) {
    uint64_t r = 0;
    for (unsigned i = 0; i < ds; ++i) r |= ((v >> i) & 1) << (ds - 1 - i);
    return r;
}
// Reverses the bytes within each container of `container` bits.
uint64_t bytes_reversed(uint64_t v, unsigned container, unsigned ds) {
    uint64_t r = 0;
    for (unsigned byte = 0; byte < ds / 8; ++byte) {
        unsigned base = byte / (container / 8) * (container / 8), k = byte % (container / 8);
        unsigned to = base + container / 8 - 1 - k;
        r |= ((v >> (8 * byte)) & 0xff) << (8 * to);
    }
    return r;
}
unsigned leading_zeros(uint64_t v, unsigned ds) {
    unsigned n = 0;
    while (n < ds && !((v >> (ds - 1 - n)) & 1)) ++n;
    return n;
}
// CountLeadingSignBits: the bits below the top one that equal it.
unsigned leading_sign_bits(uint64_t v, unsigned ds) {
    unsigned top = (v >> (ds - 1)) & 1, n = 0;
    while (n + 1 < ds && ((v >> (ds - 2 - n)) & 1) == top) ++n;
    return n;
}
}  // namespace

TEST_CASE("RBIT, REV16, REV32, REV, CLZ and CLS, including zero and all ones", "[cpu][dp_reg]") {
    const uint64_t values[] = {0, ~uint64_t{0}, 1, 0x8000000000000000ull, 0x0123456789abcdefull,
                               0x00000000'7fffffffull, 0xffffffff'00008000ull, 0x00ff00ff'c0000000ull};
    std::vector<std::string> lines;
    std::vector<std::tuple<unsigned, unsigned>> forms;  // op, ds
    for (unsigned ds : {64u, 32u}) {
        char r = ds == 64 ? 'x' : 'w';
        for (const char* op : {"rbit", "rev16", "rev", "clz", "cls"}) lines.push_back(fmt::format("{} {}0, {}1", op, r, r));
        for (unsigned op = 0; op < 5; ++op) forms.emplace_back(op, ds);
    }
    lines.push_back("rev32 x0, x1");
    forms.emplace_back(5, 64);
    InsnBatch batch(lines);
    for (uint64_t v : values)
        batch.run(
            [&](Cpu& c, size_t) { c.x[0] = 0x99, c.x[1] = v; },
            [&](TestMachine& m, size_t i) {
                auto [op, ds] = forms[i];
                uint64_t x = truncate(v, ds), want = 0;
                switch (op) {
                    case 0: want = bit_reversed(x, ds); break;
                    case 1: want = bytes_reversed(x, 16, ds); break;
                    case 2: want = bytes_reversed(x, ds, ds); break;
                    case 3: want = leading_zeros(x, ds); break;
                    case 4: want = leading_sign_bits(x, ds); break;
                    case 5: want = bytes_reversed(x, 32, ds); break;
                }
                REQUIRE(m.cpu.x[0] == want);
            });
    TestMachine m;
    m.cpu.x[1] = 0;
    m.run_asm("clz x2, x1\nclz w3, w1\ncls x4, x1\ncls w5, w1");
    CHECK(m.cpu.x[2] == 64);
    CHECK(m.cpu.x[3] == 32);
    CHECK(m.cpu.x[4] == 63);
    CHECK(m.cpu.x[5] == 31);
}

// --- data-processing (2 source) ---------------------------------------------

TEST_CASE("SDIV and UDIV: division by zero gives 0 and INT_MIN / -1 gives INT_MIN", "[cpu][dp_reg]") {
    TestMachine m;
    m.cpu.x[1] = 0x80000000'00000000ull;
    m.cpu.x[2] = ~uint64_t{0};
    m.cpu.x[3] = 0;
    m.cpu.x[4] = 0xffffffff'80000000ull;  // w4 = INT32_MIN
    m.cpu.x[10] = static_cast<uint64_t>(-7);
    m.cpu.x[11] = 2;
    m.run_asm(
        "sdiv x5, x1, x2\n"
        "sdiv x6, x1, x3\n"
        "udiv x7, x1, x3\n"
        "sdiv w8, w4, w2\n"
        "udiv x9, x2, x11\n"
        "sdiv x12, x10, x11\n"
        "sdiv w13, w10, w11\n"
        "udiv w14, w10, w11\n");
    CHECK(m.cpu.x[5] == 0x80000000'00000000ull);
    CHECK(m.cpu.x[6] == 0);
    CHECK(m.cpu.x[7] == 0);
    CHECK(m.cpu.x[8] == 0x80000000ull);
    CHECK(m.cpu.x[9] == 0x7fffffff'ffffffffull);
    CHECK(m.cpu.x[12] == static_cast<uint64_t>(-3));  // rounds towards zero
    CHECK(m.cpu.x[13] == 0xfffffffdull);
    CHECK(m.cpu.x[14] == 0xfffffff9ull / 2);
}

TEST_CASE("LSLV/LSRV/ASRV/RORV shift by Rm modulo the data size", "[cpu][dp_reg]") {
    const uint64_t v = 0x8123456789abcdefull;
    const unsigned amounts[] = {0, 1, 31, 32, 33, 63, 64, 65, 127, 0xffffffff};
    const char* const ops[] = {"lslv", "lsrv", "asrv", "rorv"};
    std::vector<std::string> lines;
    std::vector<std::tuple<unsigned, unsigned>> forms;
    for (unsigned ds : {64u, 32u})
        for (unsigned op = 0; op < 4; ++op) {
            char r = ds == 64 ? 'x' : 'w';
            lines.push_back(fmt::format("{} {}0, {}1, {}2", ops[op], r, r, r));
            forms.emplace_back(op, ds);
        }
    InsnBatch batch(lines);
    for (uint64_t amount : amounts)
        batch.run(
            [&](Cpu& c, size_t) { c.x[1] = v, c.x[2] = amount | 0x1'00000000ull; },
            [&](TestMachine& m, size_t i) {
                auto [op, ds] = forms[i];
                REQUIRE(m.cpu.x[0] == shifted(v, op, static_cast<unsigned>((amount | 0x1'00000000ull) % ds), ds));
            });
}

TEST_CASE("CRC32 and CRC32C over \"123456789\" give the catalogued check values", "[cpu][dp_reg]") {
    // The CRC catalogue's check values: CRC-32 0xCBF43926, CRC-32C 0xE3069283
    // (initial value and final XOR all ones). Fed as bytes, halfwords,
    // words and a doubleword + byte, they must agree.
    TestMachine m;
    const char* const data = "123456789";
    uint64_t dw = 0;
    std::memcpy(&dw, data, 8);
    m.cpu.x[1] = dw;
    m.cpu.x[2] = static_cast<uint8_t>(data[8]);
    for (bool castagnoli : {false, true}) {
        const char* c = castagnoli ? "c" : "";
        const uint32_t check = castagnoli ? 0xE3069283u : 0xCBF43926u;
        m.run_asm(fmt::format(
            "mov w0, #-1\n"
            "crc32{0}x w0, w0, x1\n"
            "crc32{0}b w0, w0, w2\n"
            "mvn w0, w0\n"
            // the same by halfwords, words and bytes
            "mov w3, #-1\n"
            "crc32{0}w w3, w3, w1\n"
            "lsr x4, x1, #32\n"
            "crc32{0}h w3, w3, w4\n"
            "lsr x4, x1, #48\n"
            "crc32{0}h w3, w3, w4\n"
            "crc32{0}b w3, w3, w2\n"
            "mvn w3, w3\n",
            c));
        CHECK(m.cpu.x[0] == check);
        CHECK(m.cpu.x[3] == check);
    }
}

// --- data-processing (3 source) ---------------------------------------------

TEST_CASE("MADD/MSUB and the long and high multiplies against 128-bit products", "[cpu][dp_reg]") {
    const uint64_t values[] = {0, 1, ~uint64_t{0}, 0x8000000000000000ull, 0x7fffffff'ffffffffull,
                               0xfedcba98'76543210ull, 0x00000000'80000001ull};
    const uint64_t acc = 0x0f0f0f0f'f0f0f0f0ull;
    std::vector<std::string> lines = {"madd x0, x1, x2, x3",   "msub x0, x1, x2, x3",   "madd w0, w1, w2, w3",
                                      "msub w0, w1, w2, w3",   "smaddl x0, w1, w2, x3", "smsubl x0, w1, w2, x3",
                                      "umaddl x0, w1, w2, x3", "umsubl x0, w1, w2, x3", "smulh x0, x1, x2",
                                      "umulh x0, x1, x2",      "mul x0, x1, x2",        "mneg w0, w1, w2"};
    InsnBatch batch(lines);
    for (uint64_t a : values)
        for (uint64_t b : values)
            batch.run(
                [&](Cpu& c, size_t) { c.x[1] = a, c.x[2] = b, c.x[3] = acc; },
                [&](TestMachine& m, size_t i) {
                    using u128 = unsigned __int128;
                    __int128 sa = static_cast<int64_t>(a), sb = static_cast<int64_t>(b);
                    __int128 sa32 = static_cast<int32_t>(a), sb32 = static_cast<int32_t>(b);
                    u128 ua32 = static_cast<uint32_t>(a), ub32 = static_cast<uint32_t>(b);
                    u128 p = u128{a} * b;
                    u128 want;
                    switch (i) {
                        case 0: want = acc + p; break;
                        case 1: want = acc - p; break;
                        case 2: want = truncate(static_cast<uint64_t>(acc + p), 32); break;
                        case 3: want = truncate(static_cast<uint64_t>(acc - p), 32); break;
                        case 4: want = static_cast<u128>(acc + sa32 * sb32); break;
                        case 5: want = static_cast<u128>(acc - sa32 * sb32); break;
                        case 6: want = acc + ua32 * ub32; break;
                        case 7: want = acc - ua32 * ub32; break;
                        case 8: want = static_cast<u128>((sa * sb) >> 64); break;
                        case 9: want = p >> 64; break;
                        case 10: want = p; break;
                        default: want = truncate(static_cast<uint64_t>(-p), 32); break;
                    }
                    REQUIRE(m.cpu.x[0] == static_cast<uint64_t>(want));
                });
}

// --- unallocated encodings ------------------------------------------------------

TEST_CASE("reserved data-processing (register) encodings are UNDEFINED", "[cpu][dp_reg]") {
    const std::vector<std::string> reserved = {
        ".inst 0x0a028020",  // AND (shifted register) 32-bit, imm6 = 32
        ".inst 0x8bc20020",  // ADD (shifted register) with shift = ROR
        ".inst 0x0b028020",  // ADD (shifted register) 32-bit, imm6 = 32
        ".inst 0x8b221420",  // ADD (extended register) with imm3 = 5
        ".inst 0x8b221c20",  // ADD (extended register) with imm3 = 7
        ".inst 0x8b620020",  // ADD (extended register) with opt = 01
        ".inst 0x9a020420",  // ADC with bits 15:10 = 000001
        ".inst 0xfa421830",  // CCMP (register) with o3 = 1
        ".inst 0xfa421c20",  // CCMP (register) with o2 = 1
        ".inst 0x9a421020",  // CCMN (register) with S = 0
        ".inst 0x9a821820",  // CSEL with op2 = 10
        ".inst 0xba820020",  // CSEL with S = 1
        ".inst 0x5ac00c20",  // REV (opcode 000011) with sf = 0
        ".inst 0xdac01820",  // data-processing (1 source) opcode 000110
        ".inst 0xdac10020",  // data-processing (1 source) opcode2 = 00001 (pointer auth: not implemented)
        ".inst 0x9ac24020",  // CRC32B with sf = 1
        ".inst 0x1ac24c20",  // CRC32X with sf = 0
        ".inst 0x1ac20020",  // data-processing (2 source) opcode 000000
        ".inst 0x3ac20820",  // UDIV with S = 1
        ".inst 0x1b220c20",  // SMADDL with sf = 0
        ".inst 0x9b620c20",  // op31 = 011
        ".inst 0x9b42fc20",  // SMULH with o0 = 1
        ".inst 0xbb020c20",  // 3 source with op54 = 01
    };
    for_each_insn(
        reserved, [](Cpu&, size_t) {}, [](TestMachine& m, size_t) { CHECK(was_undefined(m)); });
}

TEST_CASE("every Data Processing -- Register row has an assembler example that decodes to it", "[cpu][decoder]") {
    static const std::pair<const char*, const char*> examples[] = {
        {"AND_shift", "and x0, x1, x2, lsl #3"},   {"BIC_shift", "bic w0, w1, w2, asr #31"},
        {"ORR_shift", "mov x0, x1"},               {"ORN_shift", "mvn w0, w1"},
        {"EOR_shift", "eor x0, x1, x2, ror #63"},  {"EON_shift", "eon x0, x1, x2"},
        {"ANDS_shift", "tst x1, x2, lsr #5"},      {"BICS_shift", "bics w0, w1, w2"},
        {"ADD_shift", "add x0, x1, x2, lsl #63"},  {"ADDS_shift", "cmn w1, w2, asr #2"},
        {"SUB_shift", "neg x0, x1"},               {"SUBS_shift", "cmp x1, x2"},
        {"ADD_ext", "add sp, sp, w1, uxtw #2"},    {"ADDS_ext", "adds x0, x1, w2, sxtb"},
        {"SUB_ext", "sub w0, wsp, w1, uxth #4"},   {"SUBS_ext", "cmp sp, x1"},
        {"ADC", "adc x0, x1, x2"},                 {"ADCS", "adcs w0, w1, w2"},
        {"SBC", "ngc x0, x1"},                     {"SBCS", "sbcs w0, w1, w2"},
        {"CCMN_reg", "ccmn x1, x2, #4, ne"},       {"CCMP_reg", "ccmp w1, w2, #0, ge"},
        {"CCMN_imm", "ccmn w1, #31, #15, al"},     {"CCMP_imm", "ccmp x1, #5, #2, lt"},
        {"CSEL", "csel x0, x1, x2, eq"},           {"CSINC", "cset w0, hi"},
        {"CSINV", "csetm x0, lo"},                 {"CSNEG", "cneg w0, w1, mi"},
        {"RBIT", "rbit x0, x1"},                   {"REV16", "rev16 w0, w1"},
        {"REV_32", "rev w0, w1"},                  {"REV32", "rev32 x0, x1"},
        {"REV_64", "rev x0, x1"},                  {"CLZ", "clz w0, w1"},
        {"CLS", "cls x0, x1"},                     {"UDIV", "udiv w0, w1, w2"},
        {"SDIV", "sdiv x0, x1, x2"},               {"LSLV", "lsl x0, x1, x2"},
        {"LSRV", "lsrv w0, w1, w2"},               {"ASRV", "asr x0, x1, x2"},
        {"RORV", "ror w0, w1, w2"},                {"CRC32B", "crc32b w0, w1, w2"},
        {"CRC32H", "crc32h w0, w1, w2"},           {"CRC32W", "crc32w w0, w1, w2"},
        {"CRC32X", "crc32x w0, w1, x2"},           {"CRC32CB", "crc32cb w0, w1, w2"},
        {"CRC32CH", "crc32ch w0, w1, w2"},         {"CRC32CW", "crc32cw w0, w1, w2"},
        {"CRC32CX", "crc32cx w0, w1, x2"},         {"MADD", "mul x0, x1, x2"},
        {"MSUB", "mneg w0, w1, w2"},               {"SMADDL", "smull x0, w1, w2"},
        {"SMSUBL", "smnegl x0, w1, w2"},           {"SMULH", "smulh x0, x1, x2"},
        {"UMADDL", "umaddl x0, w1, w2, x3"},       {"UMSUBL", "umsubl x0, w1, w2, x3"},
        {"UMULH", "umulh x0, x1, x2"},
    };
    check_row_examples(InsnClass::DataProcReg, examples);
}

TEST_CASE("Data Processing -- Register rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::DataProcReg);
}
