// The system-register table, driven by MRS/MSR through a small system
// interface that answers from sysreg_access(), as both real interfaces do.
// Encodings are checked against the GNU assembler; access rules and reset
// values against the Arm ARM (and QEMU's cortex-a57 model where it is named).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "cpu/sysreg_table.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::test;

namespace {

// A trap is taken like an exception would be: the PC moves to a stand-in
// vector and the CPU stops, so the instruction neither writes Rt nor retires.
class TableSystem : public RecordingSystem {
public:
    static constexpr uint64_t kTrapVector = TestMachine::kCodeBase + 0x800;
    SysRegState regs;

    bool read_sysreg(Cpu& c, uint32_t enc, uint64_t& v) override {
        return answer(c, sysreg_access(c, regs, enc, true, v, c.el));
    }
    bool write_sysreg(Cpu& c, uint32_t enc, uint64_t v) override {
        return answer(c, sysreg_access(c, regs, enc, false, v, c.el));
    }
    bool write_pstate_field(Cpu& c, uint32_t field, uint32_t imm) override {
        return answer(c, pstate_field_access(c, regs, field, imm, c.el));
    }
    bool system_instruction(Cpu& c, uint32_t enc, uint64_t xt) override {
        return answer(c, sys_instruction_access(c, regs, enc, xt, c.el));
    }
    void exception_return(Cpu& c) override {
        events.push_back({"eret", c.pc, 0});
        c.stop(StopReason::Halted);
    }

private:
    bool answer(Cpu& c, SysRegResult r) {
        if (r == SysRegResult::Trap || r == SysRegResult::TrapFP) {
            events.push_back({r == SysRegResult::Trap ? "trap" : "fp-trap", c.pc, 0});
            c.pc = kTrapVector;
            c.stop(StopReason::Halted);
            return true;
        }
        return r == SysRegResult::Ok;
    }
};

struct TableMachine {
    Bus bus;
    TableSystem sys;
    Cpu cpu{bus, sys, 3};

    TableMachine() {
        bus.map_ram(TestMachine::kCodeBase, 0x100000, "code");
        bus.map_ram(TestMachine::kDataBase, TestMachine::kDataSize, "data");
        cpu.select_stack(ExceptionLevel::EL1, true);
        reset_sysregs(cpu, sys.regs);
    }
    void run(const std::string& source, ExceptionLevel el = ExceptionLevel::EL1) {
        auto words = assemble(source + "\nsvc #0xffff");
        bus.copy_in(TestMachine::kCodeBase, words.data(), words.size() * 4);
        cpu.invalidate_decode_cache();
        if (el != cpu.el) cpu.select_stack(el, false);
        cpu.pc = TestMachine::kCodeBase;
        sys.events.clear();
        // DAIF writes end a run early (request_exit): go on until an event.
        for (int runs = 0; sys.events.empty() && runs < 100; ++runs) cpu.run(1000);
        if (!sys.events.empty() && sys.events.back().kind == "svc") sys.events.pop_back();
    }
    std::string only_event() const { return sys.events.size() == 1 ? sys.events[0].kind : "(none or several)"; }
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return std::tolower(ch); });
    return s;
}

}  // namespace

TEST_CASE("every table row's encoding is what the GNU assembler encodes for its name", "[sysreg]") {
    std::string src;
    for (const SysRegInfo& r : sysreg_table()) {
        std::string name = lower(r.name);
        if (r.encoding >> 14 != 1)
            src += fmt::format("mrs x0, {}\n", name);  // a register
        else if (name.find("all") != std::string::npos || name.find("vmall") != std::string::npos)
            src += name + "\n";  // a system instruction without Xt
        else
            src += name + ", x0\n";
    }
    auto words = assemble(src);
    auto table = sysreg_table();
    REQUIRE(words.size() == table.size());
    for (size_t i = 0; i < words.size(); ++i) {
        INFO(table[i].name);
        CHECK(((words[i] >> 5) & 0xffff) == table[i].encoding);
    }
}

TEST_CASE("no two table rows share an encoding and find_sysreg finds each", "[sysreg]") {
    std::set<uint32_t> seen;
    for (const SysRegInfo& r : sysreg_table()) {
        INFO(r.name);
        CHECK(seen.insert(r.encoding).second);
        CHECK(find_sysreg(r.encoding) == &r);
    }
    CHECK(find_sysreg(sysreg(3, 7, 15, 15, 7)) == nullptr);
}

TEST_CASE("MSR then MRS round-trips a plain EL1 register and TPIDR_EL0", "[sysreg]") {
    TableMachine m;
    m.cpu.x[1] = 0x1234'5678'9abc'def0ull;
    m.run("msr tpidr_el1, x1\nmrs x2, tpidr_el1\nmsr tpidr_el0, x1\nmrs x3, tpidr_el0\nmsr mair_el1, x1\nmrs x4, mair_el1");
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.tpidr_el1 == m.cpu.x[1]);
    CHECK(m.cpu.x[2] == m.cpu.x[1]);
    CHECK(m.cpu.x[3] == m.cpu.x[1]);
    CHECK(m.cpu.x[4] == m.cpu.x[1]);
}

TEST_CASE("VBAR_EL1 bits [10:0] are RES0", "[sysreg]") {
    TableMachine m;
    m.cpu.x[1] = 0x4000'0fffull;
    m.run("msr vbar_el1, x1\nmrs x2, vbar_el1");
    CHECK(m.cpu.x[2] == 0x4000'0800ull);
}

TEST_CASE("SCTLR_EL1 resets as QEMU's cortex-a57 and keeps its RES1 bits when written with zero", "[sysreg]") {
    TableMachine m;
    m.run("mrs x1, sctlr_el1\nmsr sctlr_el1, xzr\nmrs x2, sctlr_el1");
    CHECK(m.cpu.x[1] == 0x00c50838);  // target/arm/cpu64.c aarch64_a57_initfn: reset_sctlr
    const uint64_t res1 = (1u << 11) | (1u << 22) | (1u << 23);  // Arm ARM D13.2.113
    CHECK((m.cpu.x[2] & res1) == res1);
    CHECK((m.cpu.x[2] & 1) == 0);  // M cleared
}

TEST_CASE("an EL1 register is UNDEFINED at EL0 for both MRS and MSR", "[sysreg]") {
    for (const char* insn : {"mrs x0, sctlr_el1", "msr sctlr_el1, x0", "mrs x0, currentel", "mrs x0, spsel",
                             "msr spsel, #1", "mrs x0, s3_0_c0_c7_7", "mrs x0, tpidr_el1"}) {
        TableMachine m;
        m.cpu.x[0] = 55;
        m.run(insn, ExceptionLevel::EL0);
        INFO(insn);
        CHECK(m.only_event() == "undef");
        CHECK(m.cpu.x[0] == 55);
    }
}

TEST_CASE("TPIDRRO_EL0 is readable but not writable at EL0, and writable at EL1", "[sysreg]") {
    TableMachine m;
    m.cpu.x[1] = 0xabc;
    m.run("msr tpidrro_el0, x1");
    CHECK(m.sys.events.empty());
    m.run("mrs x2, tpidrro_el0", ExceptionLevel::EL0);
    CHECK(m.cpu.x[2] == 0xabc);
    m.run("msr tpidrro_el0, xzr", ExceptionLevel::EL0);
    CHECK(m.only_event() == "undef");
    CHECK(m.cpu.tpidrro_el0 == 0xabc);
}

TEST_CASE("CurrentEL reads EL1 as 0b0100 and MIDR/MPIDR identify a cortex-a57 by CPU index", "[sysreg]") {
    TableMachine m;
    m.run("mrs x0, currentel\nmrs x1, midr_el1\nmrs x2, mpidr_el1");
    CHECK(m.cpu.x[0] == 1u << 2);
    CHECK(m.cpu.x[1] == 0x411fd070);  // QEMU target/arm/cpu64.c aarch64_a57_initfn
    CHECK(m.cpu.x[2] == (0x80000000u | 3));  // bit 31 RES1, Aff0 = CPU 3
}

TEST_CASE("the ID registers advertise CRC32, LSE atomics, FP and AdvSIMD (no half precision), and no EL2 or EL3", "[sysreg]") {
    TableMachine m;
    m.run("mrs x0, id_aa64isar0_el1\nmrs x1, id_aa64pfr0_el1\nmrs x2, s3_0_c0_c7_7");
    auto field = [](uint64_t v, unsigned lsb) { return (v >> lsb) & 0xf; };
    // ID_AA64ISAR0_EL1: AES [7:4], SHA1 [11:8], SHA2 [15:12], CRC32 [19:16], Atomic [23:20].
    CHECK(field(m.cpu.x[0], 4) == 0);
    CHECK(field(m.cpu.x[0], 16) == 1);
    CHECK(field(m.cpu.x[0], 20) == 2);
    // ID_AA64PFR0_EL1: EL0 [3:0], EL1 [7:4], EL2 [11:8], EL3 [15:12], FP [19:16], AdvSIMD [23:20].
    CHECK(field(m.cpu.x[1], 0) == 1);
    CHECK(field(m.cpu.x[1], 4) == 1);
    CHECK(field(m.cpu.x[1], 8) == 0);
    CHECK(field(m.cpu.x[1], 12) == 0);
    CHECK(field(m.cpu.x[1], 16) == 0);  // FP: implemented, no FEAT_FP16
    CHECK(field(m.cpu.x[1], 20) == 0);  // AdvSIMD: the same
    CHECK(m.cpu.x[2] == 0);  // a reserved ID register reads as zero at EL1
}

TEST_CASE("SP_EL0 is accessible at EL1 only while SP_EL1 is selected; SP_EL1 never from EL1", "[sysreg]") {
    TableMachine m;
    m.cpu.x[1] = 0x5000;
    m.run("msr sp_el0, x1\nmrs x2, sp_el0");
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.sp_el(ExceptionLevel::EL0) == 0x5000);
    CHECK(m.cpu.x[2] == 0x5000);
    m.run("msr spsel, #0\nmrs x3, sp_el0");
    CHECK(m.only_event() == "undef");
    CHECK_FALSE(m.cpu.spsel);
    CHECK(m.cpu.sp == 0x5000);  // SPSel = 0 selected SP_EL0
    m.run("msr spsel, #1\nmrs x4, sp_el1");
    CHECK(m.only_event() == "undef");
}

TEST_CASE("MSR DAIFSet/DAIFClr and MSR/MRS DAIF change the mask bits at EL1", "[sysreg]") {
    TableMachine m;
    m.run("msr daifset, #0xf\nmrs x0, daif\nmsr daifclr, #2\nmrs x1, daif\nmov x2, #0x100\nmsr daif, x2\nmrs x3, daif");
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.x[0] == 0x3c0);  // D A I F = bits 9:6
    CHECK(m.cpu.x[1] == 0x340);  // I (bit 7) cleared
    CHECK(m.cpu.x[3] == 0x100);  // A only
}

TEST_CASE("DAIF at EL0 traps unless SCTLR_EL1.UMA is set", "[sysreg]") {
    TableMachine m;
    m.run("msr daifset, #2", ExceptionLevel::EL0);
    CHECK(m.only_event() == "trap");
    CHECK(m.cpu.daif == 0);
    m.run("mrs x0, daif", ExceptionLevel::EL0);
    CHECK(m.only_event() == "trap");
    m.cpu.sctlr_el1 |= sctlr::UMA;
    m.run("msr daifset, #2\nmrs x0, daif", ExceptionLevel::EL0);
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.x[0] == 0x80);
}

TEST_CASE("NZCV round-trips through MSR/MRS at EL0", "[sysreg]") {
    TableMachine m;
    m.cpu.x[1] = 0xffff'ffff'ffff'ffffull;
    m.run("msr nzcv, x1\nmrs x2, nzcv", ExceptionLevel::EL0);
    CHECK(m.cpu.nzcv == 0xf0000000u);
    CHECK(m.cpu.x[2] == 0xf0000000u);
}

TEST_CASE("MSR (immediate) to a PSTATE field ARMv8.0 lacks (PAN) is UNDEFINED", "[sysreg]") {
    TableMachine m;
    m.run("msr pan, #1");
    CHECK(m.only_event() == "undef");
}

TEST_CASE("CTR_EL0, DCZID_EL0 and the counters follow the EL0 controls Linux sets", "[sysreg]") {
    TableMachine m;
    m.run("mrs x0, ctr_el0", ExceptionLevel::EL0);
    CHECK(m.only_event() == "trap");  // SCTLR_EL1.UCT clear at reset
    m.run("mrs x1, dczid_el0", ExceptionLevel::EL0);
    CHECK((m.cpu.x[1] & 0x10) != 0);  // DZP: DC ZVA prohibited while DZE is clear
    set_linux_el0_controls(m.cpu, m.sys.regs);
    m.run("mrs x0, ctr_el0\nmrs x1, dczid_el0\nmrs x2, cntvct_el0\nmrs x3, cntfrq_el0", ExceptionLevel::EL0);
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.x[0] == 0x8444c004);  // QEMU target/arm/cpu64.c aarch64_a57_initfn: ctr
    CHECK(m.cpu.x[1] == 4);           // 2^4 words = 64 bytes, DZP clear
    CHECK(m.cpu.x[3] == 62'500'000);
    m.run("mrs x0, cntpct_el0", ExceptionLevel::EL0);
    CHECK(m.only_event() == "trap");  // EL0PCTEN stays clear
}

TEST_CASE("the physical timer computes ISTATUS and TVAL from CVAL and the board's counter", "[sysreg][timer]") {
    struct Board {
        uint64_t now = 1000;
        int changes = 0;
    } board;
    TableMachine m;
    m.sys.regs.timer.ctx = &board;
    m.sys.regs.timer.counter = [](void* b, const Cpu&) { return static_cast<Board*>(b)->now; };
    m.sys.regs.timer.timer_changed = [](void* b, Cpu&) { ++static_cast<Board*>(b)->changes; };
    m.cpu.x[1] = 1500;
    m.run("msr cntp_cval_el0, x1\nmov x2, #1\nmsr cntp_ctl_el0, x2\nmrs x3, cntp_ctl_el0\nmrs x4, cntp_tval_el0\n"
          "mrs x5, cntpct_el0");
    CHECK(board.changes == 2);
    CHECK(m.cpu.x[3] == 1);  // enabled, condition not met (CVAL > count)
    CHECK(m.cpu.x[4] == 500);
    CHECK(m.cpu.x[5] == 1000);
    board.now = 1500;
    m.run("mrs x3, cntp_ctl_el0\nmrs x4, cntp_tval_el0\nmov x6, #-100\nmsr cntp_tval_el0, x6\nmrs x7, cntp_cval_el0");
    CHECK(m.cpu.x[3] == 0b101);   // ISTATUS set
    CHECK(m.cpu.x[4] == 0);
    CHECK(m.cpu.x[7] == 1400);    // CVAL = count + SignExtend(TVAL)
    CHECK(board.changes == 3);
}

TEST_CASE("FPCR and FPSR trap at EL0 unless CPACR_EL1.FPEN is 0b11", "[sysreg]") {
    TableMachine m;
    m.run("mrs x0, fpcr", ExceptionLevel::EL0);
    CHECK(m.only_event() == "fp-trap");
    m.cpu.set_fpen(3);
    m.cpu.x[1] = 0x0040'0000;  // RMode = 01 (round towards plus infinity)
    m.run("msr fpcr, x1\nmrs x0, fpcr", ExceptionLevel::EL0);
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.x[0] == 0x0040'0000);
}

// The cycle counter as DDI 0487 D7.4 and D13.3 describe it: PMCCNTR_EL0
// counts only while PMCR_EL0.E (global enable) and PMCNTENSET_EL0.C (bit 31)
// are both set, every 64th cycle with PMCR_EL0.D; PMCR_EL0.C = 1 resets it
// to zero and reads as 0; PMCNTENCLR_EL0.C stops it; a write sets its value.
TEST_CASE("PMCCNTR_EL0 counts the board's cycles only while PMCR_EL0.E and PMCNTENSET_EL0.C are set", "[sysreg]") {
    static uint64_t cycles = 100;
    TableMachine m;
    m.sys.regs.timer.cycles = [](void*, const Cpu&) { return cycles; };
    m.run("mrs x0, pmcr_el0\nmrs x1, pmcntenset_el0\nmrs x2, pmccntr_el0");
    CHECK(m.cpu.x[0] == 0x41000000);  // IMP 0x41, N = 0, E = 0 at reset
    CHECK(m.cpu.x[1] == 0);
    CHECK(m.cpu.x[2] == 0);
    cycles = 150;
    m.run("mrs x2, pmccntr_el0");
    CHECK(m.cpu.x[2] == 0);  // not enabled: it does not count
    m.cpu.x[1] = uint64_t{1} << 31;
    m.run("msr pmcntenset_el0, x1");
    cycles = 170;
    m.run("mrs x2, pmccntr_el0");
    CHECK(m.cpu.x[2] == 0);  // PMCR_EL0.E still clear
    m.cpu.x[1] = 1;          // E
    m.run("msr pmcr_el0, x1");
    cycles = 230;
    m.run("mrs x2, pmccntr_el0\nmrs x3, pmcntenset_el0");
    CHECK(m.cpu.x[2] == 60);
    CHECK(m.cpu.x[3] == uint64_t{1} << 31);
    // A write sticks and counting goes on from it.
    m.cpu.x[1] = 5;
    m.run("msr pmccntr_el0, x1");
    cycles = 290;
    m.run("mrs x2, pmccntr_el0");
    CHECK(m.cpu.x[2] == 65);
    // PMCR_EL0.C resets the counter; C and P read as zero.
    m.cpu.x[1] = 1 | 4 | 2;
    m.run("msr pmcr_el0, x1\nmrs x3, pmcr_el0");
    CHECK(m.cpu.x[3] == 0x41000001);
    cycles = 300;
    m.run("mrs x2, pmccntr_el0");
    CHECK(m.cpu.x[2] == 10);
    // D: once every 64 cycles (on the cycle count's multiples of 64).
    m.cpu.x[1] = 1 | 8;
    m.run("msr pmcr_el0, x1");
    cycles = 300 + 64 * 3 + 10;  // 320, 384, 448 passed: 3 ticks
    m.run("mrs x2, pmccntr_el0");
    CHECK(m.cpu.x[2] == 13);
    // PMCNTENCLR_EL0.C stops it and reads the same enable bits.
    m.cpu.x[1] = uint64_t{1} << 31;
    m.run("msr pmcntenclr_el0, x1\nmrs x3, pmcntenclr_el0\nmrs x4, pmcntenset_el0");
    CHECK(m.cpu.x[3] == 0);
    CHECK(m.cpu.x[4] == 0);
    cycles = 10'000;
    m.run("mrs x2, pmccntr_el0");
    CHECK(m.cpu.x[2] == 13);
    // Event-counter enable bits [30:0] are RAZ/WI with PMCR_EL0.N = 0.
    m.cpu.x[1] = 0x7fffffff;
    m.run("msr pmcntenset_el0, x1\nmrs x3, pmcntenset_el0");
    CHECK(m.cpu.x[3] == 0);
}

TEST_CASE("the PMU registers trap at EL0 unless PMUSERENR_EL0.EN (or .CR for reading PMCCNTR_EL0)", "[sysreg]") {
    TableMachine m;
    for (const char* insn : {"mrs x2, pmccntr_el0", "msr pmccntr_el0, x1", "mrs x2, pmcr_el0", "msr pmcr_el0, x1",
                             "mrs x2, pmcntenset_el0", "msr pmcntenclr_el0, x1"}) {
        m.run(insn, ExceptionLevel::EL0);
        CHECK(m.only_event() == "trap");
    }
    m.sys.regs.pmuserenr_el0 = 0b100;  // CR: PMCCNTR_EL0 reads only
    m.run("mrs x2, pmccntr_el0", ExceptionLevel::EL0);
    CHECK(m.sys.events.empty());
    m.run("msr pmccntr_el0, x1", ExceptionLevel::EL0);
    CHECK(m.only_event() == "trap");
    m.run("mrs x2, pmcr_el0", ExceptionLevel::EL0);
    CHECK(m.only_event() == "trap");
    m.sys.regs.pmuserenr_el0 = 0b001;  // EN: all of them
    m.run("mrs x2, pmcr_el0\nmsr pmcntenset_el0, x1\nmsr pmccntr_el0, x1", ExceptionLevel::EL0);
    CHECK(m.sys.events.empty());
}

namespace {
// A board bank of one register, GICv3's ICC_PMR_EL1, kept in its context.
struct BankGic {
    uint64_t pmr = 0;
};
const SysRegInfo kBankGicRows[] = {
    {.name = "ICC_PMR_EL1", .encoding = sysreg(3, 0, 4, 6, 0), .writable = 0xff,
     .read = [](const SysRegCall& k) { return static_cast<BankGic*>(k.ctx)->pmr; },
     .write = [](const SysRegCall& k, uint64_t v) { static_cast<BankGic*>(k.ctx)->pmr = v & 0xff; }},
};
}  // namespace

TEST_CASE("a board bank adds registers (GICv3 ICC_PMR_EL1 style) with its own context", "[sysreg]") {
    BankGic gic;
    const auto& rows = kBankGicRows;
    TableMachine m;
    m.sys.regs.banks.push_back({rows, &gic});
    m.cpu.x[1] = 0x1f0;
    m.run(".arch armv8-a\nmsr icc_pmr_el1, x1\nmrs x2, icc_pmr_el1");
    CHECK(m.sys.events.empty());
    CHECK(gic.pmr == 0xf0);
    CHECK(m.cpu.x[2] == 0xf0);
    CHECK(std::string(sysreg_name(m.sys.regs, sysreg(3, 0, 4, 6, 0))) == "ICC_PMR_EL1");
}

// sysreg_access remembers the row it found for an encoding (SysRegState's
// lookup memo): an encoding with no row must stay UNDEFINED when asked
// again, and a bank added after the first accesses must be seen at once.
TEST_CASE("a board bank added after accesses is found, and a missing register stays UNDEFINED when asked again", "[sysreg]") {
    BankGic gic;
    const auto& rows = kBankGicRows;
    TableMachine m;
    m.cpu.x[1] = 0x1f0;
    for (int i = 0; i < 3; ++i) {
        INFO("before the bank, access " << i);
        m.sys.events.clear();
        m.run(".arch armv8-a\nmrs x2, icc_pmr_el1");
        CHECK(m.only_event() == "undef");
    }
    m.sys.events.clear();
    m.run("msr tpidr_el1, x1\nmrs x3, tpidr_el1\nmrs x4, tpidr_el1");  // the table's own rows, twice
    CHECK(m.sys.events.empty());
    CHECK(m.cpu.x[4] == 0x1f0);
    m.sys.regs.banks.push_back({rows, &gic});
    m.run(".arch armv8-a\nmsr icc_pmr_el1, x1\nmrs x2, icc_pmr_el1");
    CHECK(m.sys.events.empty());
    CHECK(gic.pmr == 0xf0);
    CHECK(m.cpu.x[2] == 0xf0);
    m.sys.regs.banks.clear();
    m.run(".arch armv8-a\nmrs x2, icc_pmr_el1");
    CHECK(m.only_event() == "undef");
}

TEST_CASE("DC ZVA zeroes the aligned 64-byte block holding the address", "[sysreg][sys]") {
    TableMachine m;
    std::vector<uint8_t> ones(256, 0xff);
    m.bus.copy_in(TestMachine::kDataBase, ones.data(), ones.size());
    m.cpu.x[1] = TestMachine::kDataBase + 64 + 13;
    m.run("dc zva, x1");
    CHECK(m.sys.events.empty());
    std::vector<uint8_t> after(256);
    m.bus.copy_out(TestMachine::kDataBase, after.data(), after.size());
    for (size_t i = 0; i < after.size(); ++i) {
        INFO("byte " << i);
        CHECK(after[i] == (i >= 64 && i < 128 ? 0 : 0xff));
    }
}

TEST_CASE("cache maintenance at EL0 traps unless SCTLR_EL1 allows it; TLBI and AT are UNDEFINED at EL0", "[sysreg][sys]") {
    TableMachine m;
    m.cpu.x[1] = TestMachine::kDataBase;
    for (const char* insn : {"dc zva, x1", "dc civac, x1", "ic ivau, x1"}) {
        m.run(insn, ExceptionLevel::EL0);
        INFO(insn);
        CHECK(m.only_event() == "trap");
    }
    set_linux_el0_controls(m.cpu, m.sys.regs);
    m.run("dc zva, x1\ndc civac, x1\ndc cvau, x1\nic ivau, x1", ExceptionLevel::EL0);
    CHECK(m.sys.events.empty());
    for (const char* insn : {"tlbi vmalle1is", "at s1e1r, x1", "ic iallu", "dc ivac, x1"}) {
        m.run(insn, ExceptionLevel::EL0);
        INFO(insn);
        CHECK(m.only_event() == "undef");
    }
}

TEST_CASE("AT S1E1R reports the identity translation in PAR_EL1 without an MMU", "[sysreg][sys]") {
    TableMachine m;
    m.cpu.x[1] = 0x4012'3456;
    m.run("at s1e1r, x1\nmrs x2, par_el1\ntlbi vmalle1is\nic iallu");
    CHECK(m.sys.events.empty());
    CHECK((m.cpu.x[2] & 1) == 0);                                   // F: the translation succeeded
    CHECK((m.cpu.x[2] & 0x0000'ffff'ffff'f000ull) == 0x4012'3000);  // PA[47:12]
}

TEST_CASE("SYSL and unknown SYS operations are UNDEFINED", "[sysreg]") {
    for (const char* insn : {"sysl x0, #0, c7, c5, #0", "sys #7, c15, c15, #7, x0"}) {
        TableMachine m;
        m.run(insn);
        INFO(insn);
        CHECK(m.only_event() == "undef");
    }
}

TEST_CASE("the EC 0x18 ISS names the trapped register, Rt and the direction", "[sysreg]") {
    // ISS fields per the Arm ARM's ESR_ELx description for EC 0x18.
    auto iss = [](unsigned op0, unsigned op2, unsigned op1, unsigned crn, unsigned rt, unsigned crm, bool read) {
        return op0 << 20 | op2 << 17 | op1 << 14 | crn << 10 | rt << 5 | crm << 1 | (read ? 1 : 0);
    };
    auto words = assemble("mrs x7, ctr_el0\nmsr daif, x3\ndc zva, x9\nmsr daifset, #2");
    CHECK(sysreg_trap_iss(words[0]) == iss(3, 1, 3, 0, 7, 0, true));
    CHECK(sysreg_trap_iss(words[1]) == iss(3, 1, 3, 4, 3, 2, false));
    CHECK(sysreg_trap_iss(words[2]) == iss(1, 1, 3, 7, 9, 4, false));
    CHECK(sysreg_trap_iss(words[3]) == iss(0, 6, 3, 4, 31, 2, false));
}

TEST_CASE("ERET at EL1 goes to the system interface", "[sysreg]") {
    TableMachine m;
    m.run("nop\neret");
    CHECK(m.only_event() == "eret");
    CHECK(m.sys.events[0].pc == TestMachine::kCodeBase + 4);
}
