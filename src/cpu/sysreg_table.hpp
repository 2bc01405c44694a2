// The AArch64 system registers as data (in the manner of QEMU's ARMCPRegInfo
// arrays): one row per register with its encoding, the lowest Exception level
// that may read and write it, its reset value, and either a storage slot or
// small hooks for the registers that have behaviour. Both system interfaces
// (Linux user mode at EL0, the board's EL1 exception model) answer MRS/MSR
// through sysreg_access(), so the access rules live in one place.
//
// Register descriptions: Arm ARM (DDI 0487) chapter D13 "AArch64 System
// Register Descriptions"; access rules per register in its "Accessibility"
// pseudocode. We model ARMv8.0 + LSE + CRC32, EL0 and EL1 only, FP/SIMD
// enabled by CPACR_EL1.FPEN (the CPU holds it: Cpu::set_fpen),
// no MMU, no debug, no AArch32.
//
// How a SystemInterface uses it (one SysRegState per CPU):
//   read_sysreg / write_sysreg  -> sysreg_access(cpu, state, enc, is_read, value, cpu.el)
//   write_pstate_field          -> pstate_field_access(...)
//   system_instruction          -> sys_instruction_access(...)
// and maps the result: Ok -> return true; Undefined -> return false (the core
// raises UNDEFINED); Trap/TrapFP -> take the exception (ESR from
// sysreg_trap_iss() of the word at cpu.pc, or kFpTrapIss), which moves the PC,
// and return true: the core then neither writes Rt nor advances. SYSL reaches
// read_sysreg with op0 = 1 and is UNDEFINED here (ARMv8.0 defines no SYSL).
// DAIF writes call cpu.request_exit() so a newly unmasked interrupt is taken.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "irqsim/cpu.hpp"

namespace irqsim {

// op0:op1:CRn:CRm:op2 packed as in MRS/MSR bits [20:5].
constexpr uint32_t sysreg(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

enum class SysRegResult : uint8_t {
    Ok,
    Undefined,  // no such register, or not accessible at this EL: UNDEFINED (ESR EC 0x00)
    Trap,       // accessible only when a control allows it: trapped to EL1 with EC 0x18
    TrapFP,     // FPCR/FPSR while CPACR_EL1.FPEN disables them: EC 0x07
};

// The ISS of an EC 0x18 trap (ESR_ELx ISS encoding for "Exception from MSR,
// MRS or System instruction execution in AArch64 state"): Op0 [21:20],
// Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0]
// (1 = read), taken from the trapped MRS/MSR/SYS/MSR (immediate) word.
constexpr uint32_t sysreg_trap_iss(uint32_t word) {
    auto f = [word](unsigned hi, unsigned lo) { return (word >> lo) & ((1u << (hi - lo + 1)) - 1); };
    return f(20, 19) << 20 | f(7, 5) << 17 | f(18, 16) << 14 | f(15, 12) << 10 | f(4, 0) << 5 | f(11, 8) << 1 |
           f(21, 21);
}
// The ISS of an EC 0x07 trap from AArch64: CV = 1, COND = 0b1110 (as QEMU
// reports it for A64 instructions).
inline constexpr uint32_t kFpTrapIss = 1u << 24 | 0xeu << 20;

// What the board supplies for the generic timer and the cycle counter
// (Arm ARM D11 "The Generic Timer in AArch64 state"). Every pointer may stay
// null; then the counters run on instructions retired by the CPU, and timer
// register writes are stored without anyone being told.
struct TimerHooks {
    void* ctx = nullptr;
    // The system count (CNTPCT_EL0). CNTVCT_EL0 equals it: without EL2,
    // CNTVOFF_EL2 is zero.
    uint64_t (*counter)(void* ctx, const Cpu& cpu) = nullptr;
    // Processor cycles for PMCCNTR_EL0, from the cost model.
    uint64_t (*cycles)(void* ctx, const Cpu& cpu) = nullptr;
    // Software changed CNTP_* or CNTV_*: the board recomputes the timer's
    // interrupt (PPI 30 physical, 27 virtual) and its next deadline.
    void (*timer_changed)(void* ctx, Cpu& cpu) = nullptr;
};

struct SysRegInfo;
struct SysRegState;

// One access, as a hook sees it.
struct SysRegCall {
    Cpu& cpu;
    SysRegState& state;
    const SysRegInfo& reg;
    ExceptionLevel el;
    void* ctx;  // the context of the bank the row came from (see SysRegBank)
};
using SysRegCheck = SysRegResult (*)(const SysRegCall&, bool is_read);
using SysRegRead = uint64_t (*)(const SysRegCall&);
using SysRegWrite = void (*)(const SysRegCall&, uint64_t value);

// Lowest-EL values for SysRegInfo::read_el/write_el beyond EL0/EL1.
inline constexpr uint8_t kEL2 = 2;       // EL2 and above only: UNDEFINED here
inline constexpr uint8_t kNever = 0xff;  // read-only or write-only register

// ID_AA64PFR0_EL1 (D13.2.64): EL0 and EL1 AArch64 only (1, 1), no EL2/EL3,
// FP and AdvSIMD implemented without half-precision arithmetic (0 each:
// src/cpu/fp_*.cpp, simd_*.cpp), no GIC system registers. The board's GICv3
// bank answers with kIdAa64Pfr0Gic added, as QEMU virt does with a GICv3.
inline constexpr uint64_t kIdAa64Pfr0 = 0x1 | 0x1 << 4;
inline constexpr uint64_t kIdAa64Pfr0Gic = uint64_t{1} << 24;  // GIC [27:24]: ICC_* system registers

struct SysRegInfo {
    const char* name;
    uint32_t encoding;
    uint8_t read_el = 1, write_el = 1;  // the lowest EL that may read / write
    uint64_t reset = 0;                 // reset value; a constant register reads it
    // Bits software can write; the others keep their value (RES0, RES1,
    // read-only fields).
    uint64_t writable = ~uint64_t{0};
    // Storage: at most one slot; with neither slot nor hooks the register is
    // a constant (ID registers).
    uint64_t SysRegState::* state_slot = nullptr;
    uint64_t Cpu::* cpu_slot = nullptr;
    // "Traps at EL0 unless ..." and similar conditions, checked after the EL.
    SysRegCheck check = nullptr;
    SysRegRead read = nullptr;
    SysRegWrite write = nullptr;
};

// Extra rows added by the board (GICv3 ICC_* registers), with a context
// pointer for their hooks. Searched before the built-in table.
struct SysRegBank {
    std::span<const SysRegInfo> rows;
    void* ctx = nullptr;
};

// Per-CPU system-register storage for registers that do not live in Cpu.
struct SysRegState {
    uint64_t contextidr_el1 = 0;
    uint64_t mair_el1 = 0, amair_el1 = 0, tcr_el1 = 0, ttbr0_el1 = 0, ttbr1_el1 = 0, par_el1 = 0;
    uint64_t mdscr_el1 = 0;
    uint64_t cntfrq_el0 = 62'500'000;  // as QEMU 7.2's virt board reports (DESIGN.md)
    uint64_t cntkctl_el1 = 0;
    uint64_t cntp_ctl_el0 = 0, cntp_cval_el0 = 0, cntv_ctl_el0 = 0, cntv_cval_el0 = 0;
    uint64_t pmcr_el0 = 0x41000000, pmuserenr_el0 = 0, pmcntenset_el0 = 0;
    // PMCCNTR_EL0 held pmccntr_value when the cycle source read pmccntr_at;
    // it counts on from there while PMCR_EL0.E and PMCNTENSET_EL0.C are set.
    uint64_t pmccntr_value = 0, pmccntr_at = 0;
    TimerHooks timer;
    std::vector<SysRegBank> banks;

    // The rows found for recent encodings (sysreg_access's lookup: the banks'
    // scan and the table's binary search cost more than most accesses
    // themselves, and a kernel's entry code moves the same few registers on
    // every exception). Direct-mapped; a miss, or banks added or replaced
    // since (banks.data() and size() are what it was filled under), searches
    // again. Remembers that an encoding has no row, too.
    struct LookupMemo {
        uint32_t key = 0;  // the encoding with bit 31 set; 0: empty
        const SysRegInfo* row = nullptr;
        void* ctx = nullptr;
    };
    std::array<LookupMemo, 128> lookup_memo{};
    const SysRegBank* memo_banks = nullptr;
    size_t memo_bank_count = 0;
};

// The built-in table (registers, then system instructions as write-only rows).
std::span<const SysRegInfo> sysreg_table();
// The built-in row for an encoding, or nullptr.
const SysRegInfo* find_sysreg(uint32_t encoding);
// Name for traces and disassembly, from the banks and the built-in table.
const char* sysreg_name(const SysRegState& state, uint32_t encoding);

// MRS (is_read) or MSR (register) at `el`. On Ok a read leaves the value in
// `value`; on Undefined or Trap nothing changed.
SysRegResult sysreg_access(Cpu& cpu, SysRegState& state, uint32_t encoding, bool is_read, uint64_t& value,
                           ExceptionLevel el);
// MSR (immediate) to a PSTATE field: op1:op2 and the immediate
// (C5.2 "Special-purpose registers", C6.2.197 MSR (immediate)): SPSel,
// DAIFSet, DAIFClr; any other field is UNDEFINED in ARMv8.0.
SysRegResult pstate_field_access(Cpu& cpu, SysRegState& state, uint32_t op1_op2, uint32_t imm4, ExceptionLevel el);

// SYS (DC, IC, AT, TLBI; C5.3-C5.5) with its encoding (op0 = 1) and Xt. The
// table holds these as write-only rows. DC ZVA stores through the bus and, on
// a fault, calls the system interface's abort() itself (which moves the PC).
SysRegResult sys_instruction_access(Cpu& cpu, SysRegState& state, uint32_t encoding, uint64_t xt, ExceptionLevel el);

// Every row with a slot back to its reset value.
void reset_sysregs(Cpu& cpu, SysRegState& state);
// The EL0 controls as Linux leaves them for user space: SCTLR_EL1 with UCI,
// nTWE, nTWI, UCT, DZE set (cache maintenance, WFE/WFI, CTR_EL0 and DC ZVA
// allowed at EL0; DAIF not), CNTKCTL_EL1.EL0VCTEN (the vDSO's virtual
// counter), CPACR_EL1.FPEN = 0b11.
void set_linux_el0_controls(Cpu& cpu, SysRegState& state);

// A few SCTLR_EL1 and CNTKCTL_EL1 bits the EL0 rules use (D13.2.113, D13.8.4).
namespace sctlr {
inline constexpr uint64_t SA = 1u << 3, SA0 = 1u << 4, UMA = 1u << 9, DZE = 1u << 14, UCT = 1u << 15, nTWI = 1u << 16,
                          nTWE = 1u << 18, UCI = 1u << 26;
}
namespace cntkctl {
inline constexpr uint64_t EL0PCTEN = 1u << 0, EL0VCTEN = 1u << 1, EL0VTEN = 1u << 8, EL0PTEN = 1u << 9;
}

}  // namespace irqsim
