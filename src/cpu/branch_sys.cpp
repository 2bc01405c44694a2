// C4.1.87 Branches, Exception Generating and System: semantics and decode.
// Exception-generating and system instructions only route to the
// SystemInterface; what they do (vectors, registers, PSCI, semihosting)
// belongs to the environment, so the same core serves user mode and the board.
#include <utility>

#include "cpu/exec.hpp"

namespace irqsim {
namespace {

// --- branches ------------------------------------------------------------------
bool exec_b(Cpu& c, const DecodedInsn& d) { return branch_chained(c, d, d.imm); }
bool exec_bl(Cpu& c, const DecodedInsn& d) {
    set_X(c, 30, c.pc + 4);
    return branch_to(c, c.pc + d.imm);
}

// B.cond: one function per condition, so ConditionHolds() folds to a test of
// the flags it needs. The direct branches chain (src/cpu/exec.hpp): taken,
// into the target's slot in the same page; not taken, into the next. They
// are lazy<F> (branch_chained syncs only a taken one); the others synced<F>.
template <unsigned cond>
bool exec_b_cond(Cpu& c, const DecodedInsn& d) {
    return condition_holds(c.nzcv, cond) ? branch_chained(c, d, d.imm) : next_chained(c, d);
}
template <size_t... cond>
constexpr auto b_cond_table(std::index_sequence<cond...>) {
    return std::array<ExecFn, sizeof...(cond)>{lazy<exec_b_cond<cond>>...};
}
constexpr auto kBCond = b_cond_table(std::make_index_sequence<16>{});

template <bool sf, bool nz>
bool exec_cb(Cpu& c, const DecodedInsn& d) {
    return (R<sf>(c, d.rd) != 0) == nz ? branch_chained(c, d, d.imm) : next_chained(c, d);
}
// TBZ/TBNZ: f1 is the bit number b5:b40.
template <bool nz>
bool exec_tb(Cpu& c, const DecodedInsn& d) {
    return ((X(c, d.rd) >> d.f1) & 1) == nz ? branch_chained(c, d, d.imm) : next_chained(c, d);
}

bool exec_br(Cpu& c, const DecodedInsn& d) { return branch_to(c, X(c, d.rn)); }
bool exec_blr(Cpu& c, const DecodedInsn& d) {
    uint64_t target = X(c, d.rn);  // read before the link: BLR X30 is allowed
    set_X(c, 30, c.pc + 4);
    return branch_to(c, target);
}
// RET is BR with a return hint; its own function so a cost model or a
// call/return observer can tell them apart.
bool exec_ret(Cpu& c, const DecodedInsn& d) { return branch_to(c, X(c, d.rn)); }

// ERET is UNDEFINED at EL0 (C6.2.84).
bool exec_eret(Cpu& c, const DecodedInsn& d) {
    if (c.el == ExceptionLevel::EL0) return undefined(c, d);
    c.system().exception_return(c);
    return kJump;
}

// --- exception generation ---------------------------------------------------
// The interface receives the instruction's own PC and sets the next one.
bool exec_svc(Cpu& c, const DecodedInsn& d) {
    c.system().supervisor_call(c, static_cast<uint16_t>(d.imm));
    return kJump;
}
// HVC and SMC are UNDEFINED at EL0 (C6.2.95, C6.2.233); above EL0 the
// environment decides (EL2/EL3 are not modelled: firmware such as PSCI is).
bool exec_hvc(Cpu& c, const DecodedInsn& d) {
    if (c.el == ExceptionLevel::EL0) return undefined(c, d);
    c.system().hypervisor_call(c, static_cast<uint16_t>(d.imm));
    return kJump;
}
bool exec_smc(Cpu& c, const DecodedInsn& d) {
    if (c.el == ExceptionLevel::EL0) return undefined(c, d);
    c.system().secure_monitor_call(c, static_cast<uint16_t>(d.imm));
    return kJump;
}
bool exec_brk(Cpu& c, const DecodedInsn& d) {
    c.system().breakpoint(c, static_cast<uint16_t>(d.imm));
    return kJump;
}
bool exec_hlt(Cpu& c, const DecodedInsn& d) {
    c.system().halt(c, static_cast<uint16_t>(d.imm));
    return kJump;
}
// Allocated, but UNDEFINED outside Debug state, which we do not model.
bool exec_no_debug_state(Cpu& c, const DecodedInsn& d) { return undefined(c, d); }

// --- hints --------------------------------------------------------------------
bool exec_nop(Cpu&, const DecodedInsn&) { return kNext; }
bool exec_yield(Cpu&, const DecodedInsn&) { return kNext; }
// WFI/WFE may trap to EL1 instead (SCTLR_EL1.nTWI/nTWE at EL0): the
// interface then takes the exception and moves the PC.
bool exec_wfi(Cpu& c, const DecodedInsn&) {
    uint64_t pc = c.pc;
    c.system().wait_for_interrupt(c);
    return c.pc != pc ? kJump : kNext;
}
bool exec_wfe(Cpu& c, const DecodedInsn&) {
    uint64_t pc = c.pc;
    c.system().wait_for_event(c);
    return c.pc != pc ? kJump : kNext;
}
bool exec_sev(Cpu& c, const DecodedInsn&) {
    c.system().send_event(c, false);
    return kNext;
}
bool exec_sevl(Cpu& c, const DecodedInsn&) {
    c.system().send_event(c, true);
    return kNext;
}

// --- barriers -------------------------------------------------------------------
// One CPU executes one instruction at a time and memory is coherent, so the
// barriers have no effect on state; each keeps its own function so a cost
// model can charge them differently.
bool exec_clrex(Cpu& c, const DecodedInsn&) {
    c.exclusive_valid = false;  // ClearExclusiveLocal()
    return kNext;
}
bool exec_dsb(Cpu&, const DecodedInsn&) { return kNext; }
bool exec_dmb(Cpu&, const DecodedInsn&) { return kNext; }
bool exec_isb(Cpu&, const DecodedInsn&) { return kNext; }

// --- system register and PSTATE access ------------------------------------------
// The interface answers false for "UNDEFINED here". It may instead take an
// exception itself (a trap to EL1): it then moves the PC, and the instruction
// must neither write Rt nor fall through.
bool finish_system(Cpu& c, const DecodedInsn& d, bool ok, uint64_t pc_before) {
    if (!ok) return undefined(c, d);
    return c.pc != pc_before ? kJump : kNext;
}
uint32_t sysreg_encoding(const DecodedInsn& d) { return static_cast<uint32_t>(d.imm); }

bool exec_msr_imm(Cpu& c, const DecodedInsn& d) {
    uint64_t pc = c.pc;
    return finish_system(c, d, c.system().write_pstate_field(c, sysreg_encoding(d), d.f1), pc);
}
bool exec_msr_reg(Cpu& c, const DecodedInsn& d) {
    uint64_t pc = c.pc;
    return finish_system(c, d, c.system().write_sysreg(c, sysreg_encoding(d), X(c, d.rd)), pc);
}
// MRS, and SYSL: SYSL is the read form of the op0 = 1 space (its encoding
// differs from MRS only there), and the interface has no SYSL entry, so it is
// offered to read_sysreg with op0 = 1, which no register uses.
bool exec_mrs(Cpu& c, const DecodedInsn& d) {
    uint64_t pc = c.pc, value = 0;
    bool ok = c.system().read_sysreg(c, sysreg_encoding(d), value);
    if (ok && c.pc == pc) set_X(c, d.rd, value);
    return finish_system(c, d, ok, pc);
}
bool exec_sys(Cpu& c, const DecodedInsn& d) {
    uint64_t pc = c.pc;
    return finish_system(c, d, c.system().system_instruction(c, sysreg_encoding(d), X(c, d.rd)), pc);
}

}  // namespace

bool dec_branch_imm(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 25, 0), 26) * 4;
    d.exec = bit(w, 31) ? synced<exec_bl> : lazy<exec_b>;
    return true;
}

bool dec_b_cond(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 23, 5), 19) * 4;
    d.f1 = static_cast<uint8_t>(bits(w, 3, 0));
    d.exec = kBCond[d.f1];
    return true;
}

bool dec_cb(uint32_t w, DecodedInsn& d) {
    static constexpr ExecFn fns[4] = {lazy<exec_cb<false, false>>, lazy<exec_cb<false, true>>,
                                      lazy<exec_cb<true, false>>, lazy<exec_cb<true, true>>};
    d.imm = sext(bits(w, 23, 5), 19) * 4;
    d.exec = fns[(bit(w, 31) << 1) | bit(w, 24)];
    return true;
}

bool dec_tb(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 18, 5), 14) * 4;
    d.f1 = static_cast<uint8_t>((bit(w, 31) << 5) | bits(w, 23, 19));
    d.exec = bit(w, 24) ? lazy<exec_tb<true>> : lazy<exec_tb<false>>;
    return true;
}

bool dec_branch_reg(uint32_t w, DecodedInsn& d) {
    switch (bits(w, 24, 21)) {  // opc
        case 0: d.exec = synced<exec_br>; break;
        case 1: d.exec = synced<exec_blr>; break;
        default: d.exec = synced<exec_ret>; break;
    }
    return true;
}

bool dec_eret(uint32_t, DecodedInsn& d) {
    d.exec = exec_eret;
    return true;
}

bool dec_no_debug_state(uint32_t, DecodedInsn& d) {
    d.exec = exec_no_debug_state;
    return true;
}

bool dec_dcps(uint32_t w, DecodedInsn& d) {
    if (bits(w, 1, 0) == 0) return false;  // LL = 00 is unallocated
    d.imm = bits(w, 20, 5);
    d.exec = exec_no_debug_state;
    return true;
}

bool dec_exception_gen(uint32_t w, DecodedInsn& d) {
    d.imm = bits(w, 20, 5);
    switch ((bits(w, 23, 21) << 2) | bits(w, 1, 0)) {  // opc:LL
        case 0b00001: d.exec = exec_svc; break;
        case 0b00010: d.exec = exec_hvc; break;
        case 0b00011: d.exec = exec_smc; break;
        case 0b00100: d.exec = exec_brk; break;
        default: d.exec = exec_hlt; break;
    }
    return true;
}

bool dec_hint(uint32_t w, DecodedInsn& d) {
    // CRm:op2 selects the hint; every hint without an ARMv8.0 meaning
    // (including BTI, PACIASP, ESB, CSDB of later versions) executes as NOP
    // (C6.2.120 HINT).
    switch (bits(w, 11, 5)) {
        case 1: d.exec = exec_yield; break;
        case 2: d.exec = exec_wfe; break;
        case 3: d.exec = exec_wfi; break;
        case 4: d.exec = exec_sev; break;
        case 5: d.exec = exec_sevl; break;
        default: d.exec = exec_nop; break;
    }
    return true;
}

bool dec_barrier(uint32_t w, DecodedInsn& d) {
    d.f1 = static_cast<uint8_t>(bits(w, 11, 8));  // CRm: the option
    switch (bits(w, 7, 5)) {                      // op2
        case 2: d.exec = exec_clrex; break;
        case 4: d.exec = exec_dsb; break;
        case 5: d.exec = exec_dmb; break;
        default: d.exec = exec_isb; break;
    }
    return true;
}

bool dec_msr_imm(uint32_t w, DecodedInsn& d) {
    d.imm = (bits(w, 18, 16) << 3) | bits(w, 7, 5);  // op1:op2
    d.f1 = static_cast<uint8_t>(bits(w, 11, 8));     // CRm: the immediate
    d.exec = exec_msr_imm;
    return true;
}

// SYS, SYSL, MSR (register), MRS: bits [20:5] are op0:op1:CRn:CRm:op2, the
// packing the SystemInterface uses; bit 21 (L) is the direction and op0 = 1
// is the system-instruction space.
bool dec_system_move(uint32_t w, DecodedInsn& d) {
    d.imm = bits(w, 20, 5);
    bool read = bit(w, 21), sys = bits(w, 20, 19) == 1;
    d.exec = read ? exec_mrs : (sys ? exec_sys : exec_msr_reg);
    return true;
}

}  // namespace irqsim
