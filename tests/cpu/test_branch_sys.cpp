// C4.1.87 Branches, Exception Generating and System: each form taken and not
// taken, linking, routing to the system interface, and the hint space.
// Encodings come from the GNU assembler; expected outcomes from the Arm ARM.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <set>
#include <utility>

#include "cpu/conditions.hpp"
#include "cpu/decoder.hpp"
#include "cpu/row_checks.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {

// x0 = 1 when the branch under test falls through, 2 when it is taken.
std::string taken_probe(const std::string& branch) {
    return branch + " 1f\nmovz x0, #1\nb 2f\n1: movz x0, #2\n2: nop";
}
constexpr uint64_t kFellThrough = 1, kTaken = 2;

}  // namespace

TEST_CASE("B.cond agrees with the Arm ARM condition table for all 16 codes and all NZCV values", "[cpu][branch]") {
    const auto& names = kConditionNames;
    for (unsigned cond = 0; cond < 16; ++cond) {
        TestMachine m;
        auto words = assemble(taken_probe(fmt::format("b.{}", names[cond])) + "\nsvc #0xffff");
        for (unsigned flags = 0; flags < 16; ++flags) {
            m.sys.events.clear();
            m.load(words);
            m.cpu.nzcv = flags << 28;
            m.cpu.x[0] = 0;
            m.cpu.run(100);
            bool n = flags & 8, z = flags & 4, c = flags & 2, v = flags & 1;
            INFO("b." << names[cond] << " with NZCV=" << flags);
            CHECK(m.cpu.x[0] == (condition_from_table(cond, n, z, c, v) ? kTaken : kFellThrough));
            CHECK(m.cpu.nzcv == flags << 28);
        }
    }
}

TEST_CASE("CBZ and CBNZ test the whole register in the X form and only the low word in the W form", "[cpu][branch]") {
    TestMachine m;
    const uint64_t high_only = 0x1'0000'0000ull;
    struct Case {
        const char* branch;
        uint64_t x1;
        uint64_t expect;
    } cases[] = {
        {"cbz x1,", 0, kTaken},          {"cbz x1,", high_only, kFellThrough},
        {"cbz w1,", high_only, kTaken},  {"cbz w1,", 1, kFellThrough},
        {"cbnz x1,", high_only, kTaken}, {"cbnz x1,", 0, kFellThrough},
        {"cbnz w1,", 5, kTaken},         {"cbnz w1,", high_only, kFellThrough},
    };
    for (auto& k : cases) {
        m.cpu.x[1] = k.x1;
        m.run_asm(taken_probe(k.branch));
        INFO(k.branch << " x1=" << k.x1);
        CHECK(m.cpu.x[0] == k.expect);
    }
}

TEST_CASE("TBZ and TBNZ test bit 63 and bit 0", "[cpu][branch]") {
    TestMachine m;
    struct Case {
        const char* branch;
        uint64_t x1;
        uint64_t expect;
    } cases[] = {
        {"tbz x1, #63,", 0x7fff'ffff'ffff'ffffull, kTaken},
        {"tbz x1, #63,", 0x8000'0000'0000'0000ull, kFellThrough},
        {"tbnz x1, #63,", 0x8000'0000'0000'0000ull, kTaken},
        {"tbnz x1, #63,", 0x7fff'ffff'ffff'ffffull, kFellThrough},
        {"tbz w1, #0,", 0xfffffffe, kTaken},
        {"tbz w1, #0,", 1, kFellThrough},
        {"tbnz w1, #0,", 1, kTaken},
        {"tbnz w1, #0,", 0xffff'ffff'ffff'fffeull, kFellThrough},
        {"tbnz x1, #32,", 0x1'0000'0000ull, kTaken},
    };
    for (auto& k : cases) {
        m.cpu.x[1] = k.x1;
        m.run_asm(taken_probe(k.branch));
        INFO(k.branch << " x1=" << std::hex << k.x1);
        CHECK(m.cpu.x[0] == k.expect);
    }
}

TEST_CASE("TBZ branches backwards to a label", "[cpu][branch]") {
    TestMachine m;
    // 1: at index 1; the TBZ at index 3 jumps back to it once.
    m.run_asm("b 3f\n1: add x0, x0, #1\nb 4f\n3: tbz x0, #0, 1b\n4: nop");
    CHECK(m.cpu.x[0] == 1);
}

TEST_CASE("BLR links to the next instruction and branches to the register as read before the link", "[cpu][branch]") {
    for (unsigned n : {2u, 30u}) {  // BLR X30 must use the old X30
        TestMachine m;
        m.run_asm(fmt::format("adr x{0}, 1f\nblr x{0}\nmovz x0, #1\n1: movz x1, #7", n));
        INFO("blr x" << n);
        CHECK(m.cpu.x[30] == TestMachine::kCodeBase + 8);  // blr is at index 1
        CHECK(m.cpu.x[0] == 0);
        CHECK(m.cpu.x[1] == 7);
    }
}

TEST_CASE("BR and RET branch to any register without linking", "[cpu][branch]") {
    TestMachine m;
    m.cpu.x[30] = 0x1234;
    m.run_asm("adr x9, 1f\nbr x9\nmovz x0, #1\n1: adr x7, 2f\nret x7\nmovz x0, #2\n2: nop");
    CHECK(m.cpu.x[0] == 0);
    CHECK(m.cpu.x[30] == 0x1234);
}

TEST_CASE("HVC, BRK, HLT and SVC reach the system interface with their immediates and own PC", "[cpu][exception]") {
    struct Case {
        const char* insn;
        const char* kind;
        uint64_t imm;
    } cases[] = {{"svc #0x42", "svc", 0x42},
                 {"hvc #0x1234", "hvc", 0x1234},
                 {"brk #0x3e8", "brk", 0x3e8},
                 {"hlt #0xf000", "hlt", 0xf000}};
    for (auto& k : cases) {
        TestMachine m;
        m.run_asm(fmt::format("nop\n{}\nmovz x0, #1", k.insn));
        INFO(k.insn);
        REQUIRE(m.sys.events.size() == 1);
        CHECK(m.sys.events[0].kind == k.kind);
        CHECK(m.sys.events[0].value == k.imm);
        CHECK(m.sys.events[0].pc == TestMachine::kCodeBase + 4);
        CHECK(m.cpu.x[0] == 0);
    }
}

// Runs one instruction and expects exactly one UNDEFINED event for its word.
static void expect_undefined(const char* insn, ExceptionLevel el = ExceptionLevel::EL1) {
    TestMachine m;
    if (el == ExceptionLevel::EL0) m.cpu.select_stack(ExceptionLevel::EL0, false);
    auto words = assemble(insn);
    m.run_asm(insn);
    INFO(insn);
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "undef");
    CHECK(m.sys.events[0].value == words.at(0));
}

TEST_CASE("HVC, SMC and ERET are UNDEFINED at EL0", "[cpu][exception]") {
    for (const char* insn : {"hvc #0", "smc #0", "eret"}) expect_undefined(insn, ExceptionLevel::EL0);
}

TEST_CASE("DRPS and DCPS1/2/3 are UNDEFINED without Debug state", "[cpu][exception]") {
    for (const char* insn : {"drps", "dcps1", "dcps2", "dcps3 #7"}) expect_undefined(insn);
}

TEST_CASE("encodings added after ARMv8.0 (SB, RETAA, BRAA, BC.cond, WFIT) are UNDEFINED", "[cpu][decoder]") {
    for (const char* insn : {".arch armv8.5-a\nsb", ".arch armv8.3-a\nretaa", ".arch armv8.3-a\nbraa x1, x2",
                             ".arch armv8.8-a\nbc.eq .", ".arch armv8.7-a\nwfit x0"})
        expect_undefined(insn);
}

TEST_CASE("every hint outside NOP, YIELD, WFE, WFI, SEV, SEVL executes as NOP", "[cpu][hint]") {
    TestMachine m;
    std::string src;
    for (unsigned imm = 6; imm < 128; ++imm) src += fmt::format("hint #{}\n", imm);
    for (unsigned i = 0; i < 31; ++i) m.cpu.x[i] = 0x1111 * (i + 1);
    m.cpu.nzcv = nzcv::N | nzcv::V;
    auto before = m.cpu.x;
    uint64_t sp = m.cpu.sp;
    m.run_asm(src);
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.pc == m.code_end);
    CHECK(m.cpu.x == before);  // PACIASP, XPACLRI ... leave X30 alone without PAC
    CHECK(m.cpu.sp == sp);
    CHECK(m.cpu.nzcv == (nzcv::N | nzcv::V));
}

TEST_CASE("WFI and WFE go to the system interface; NOP, YIELD, SEV and SEVL do not stop the CPU", "[cpu][hint]") {
    TestMachine m;
    m.run_asm("nop\nyield\nsev\nsevl\nwfi");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "wfi");
    CHECK(m.sys.events[0].pc == TestMachine::kCodeBase + 16);
    TestMachine e;
    e.run_asm("wfe");
    REQUIRE(e.sys.events.size() == 1);
    CHECK(e.sys.events[0].kind == "wfe");
}

TEST_CASE("CLREX clears the local exclusive monitor; DSB, DMB and ISB change no state", "[cpu][barrier]") {
    TestMachine m;
    m.cpu.exclusive_valid = true;
    m.run_asm("dsb sy\ndmb ish\nisb\ndsb #0\nclrex #5");
    CHECK_FALSE(m.cpu.exclusive_valid);
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.pc == m.code_end);
}

TEST_CASE("MRS of an unknown register is UNDEFINED and leaves Rt alone", "[cpu][sysreg]") {
    TestMachine m;
    m.cpu.x[3] = 77;
    m.run_asm("mrs x3, s3_7_c15_c15_7");
    REQUIRE(m.sys.events.size() == 1);
    CHECK(m.sys.events[0].kind == "undef");
    CHECK(m.cpu.x[3] == 77);
}

TEST_CASE("every Branches/Exception/System row has an assembler example that decodes to it", "[cpu][decoder]") {
    // One example per row, spelled as the Arm ARM spells the instruction.
    static const std::pair<const char*, const char*> examples[] = {
        {"B", "b ."},
        {"BL", "bl ."},
        {"B_cond", "b.hi ."},
        {"CBZ", "cbz x3, ."},
        {"CBNZ", "cbnz w3, ."},
        {"TBZ", "tbz x3, #40, ."},
        {"TBNZ", "tbnz w3, #3, ."},
        {"BR", "br x4"},
        {"BLR", "blr x5"},
        {"RET", "ret"},
        {"ERET", "eret"},
        {"DRPS", "drps"},
        {"SVC", "svc #1"},
        {"HVC", "hvc #2"},
        {"SMC", "smc #3"},
        {"BRK", "brk #4"},
        {"HLT", "hlt #5"},
        {"DCPS", "dcps2"},
        {"HINT", "yield"},
        {"CLREX", "clrex"},
        {"DSB", "dsb ish"},
        {"DMB", "dmb oshld"},
        {"ISB", "isb"},
        {"MSR_imm", "msr daifclr, #3"},
        {"SYS", "dc civac, x6"},
        {"SYSL", "sysl x7, #1, c2, c3, #4"},
        {"MSR_reg", "msr tpidr_el0, x8"},
        {"MRS", "mrs x9, cntvct_el0"},
    };
    check_row_examples(InsnClass::BranchSys, examples);
}

TEST_CASE("Branches/Exception/System rows overlap no row unless one strictly refines the other", "[cpu][decoder]") {
    check_rows_refine_only(InsnClass::BranchSys);
}
