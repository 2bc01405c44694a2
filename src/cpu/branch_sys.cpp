// C4.1.87 Branches, Exception Generating and System: semantics and decode.
#include "cpu/exec.hpp"

namespace irqsim {
namespace {

bool exec_b(Cpu& c, const DecodedInsn& d) { return branch_to(c, c.pc + d.imm); }
bool exec_bl(Cpu& c, const DecodedInsn& d) {
    set_X(c, 30, c.pc + 4);
    return branch_to(c, c.pc + d.imm);
}
bool exec_ret(Cpu& c, const DecodedInsn& d) { return branch_to(c, X(c, d.rn)); }

bool exec_svc(Cpu& c, const DecodedInsn& d) {
    c.system().supervisor_call(c, static_cast<uint16_t>(d.imm));
    return kJump;
}

bool exec_nop(Cpu&, const DecodedInsn&) { return kNext; }
bool exec_wfi(Cpu& c, const DecodedInsn&) {
    c.system().wait_for_interrupt(c);
    return kNext;
}
bool exec_wfe(Cpu& c, const DecodedInsn&) {
    c.system().wait_for_event(c);
    return kNext;
}

}  // namespace

bool dec_branch_imm(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 25, 0), 26) * 4;
    d.exec = bit(w, 31) ? exec_bl : exec_b;
    return true;
}

bool dec_branch_reg(uint32_t w, DecodedInsn& d) {
    (void)w;
    d.exec = exec_ret;
    return true;
}

bool dec_exception_gen(uint32_t w, DecodedInsn& d) {
    d.imm = bits(w, 20, 5);
    d.exec = exec_svc;
    return true;
}

bool dec_hint(uint32_t w, DecodedInsn& d) {
    // CRm:op2 selects the hint; every unallocated hint executes as NOP
    // (Arm ARM C6.2.120 HINT).
    switch (bits(w, 11, 5)) {
        case 2: d.exec = exec_wfe; break;
        case 3: d.exec = exec_wfi; break;
        default: d.exec = exec_nop; break;
    }
    return true;
}

}  // namespace irqsim
