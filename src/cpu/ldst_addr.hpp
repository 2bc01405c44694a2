// The addressing modes the load/store classes share, general-purpose and
// SIMD&FP alike (loadstore.cpp, fp_loadstore.cpp).
#pragma once

#include "cpu/exec.hpp"

namespace irqsim {

// Addressing modes. Imm: base + d.imm (unsigned offset, unscaled,
// unprivileged, pair offset). Pre/Post: base + d.imm written back, the access
// at the updated or the original base. Reg*: base + ExtendReg(Rm, option,
// shift) with UXTW, SXTW, or LSL/SXTX (the same on a 64-bit register).
// Literal: PC + d.imm.
enum class Addr : uint8_t { Imm, Pre, Post, RegUxtw, RegSxtw, RegX, Literal };

template <Addr a>
inline uint64_t address(const Cpu& c, const DecodedInsn& d) {
    if constexpr (a == Addr::Literal) return c.pc + static_cast<uint64_t>(d.imm);
    uint64_t base = XSP(c, d.rn);
    if constexpr (a == Addr::Post) return base;
    if constexpr (a == Addr::RegUxtw) return base + (uint64_t{W(c, d.rm)} << d.f1);
    if constexpr (a == Addr::RegSxtw)
        return base + (static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(W(c, d.rm)))) << d.f1);
    if constexpr (a == Addr::RegX) return base + (X(c, d.rm) << d.f1);
    return base + static_cast<uint64_t>(d.imm);
}
// CheckSPAlignment() for the forms with a base register.
template <Addr a>
inline bool base_ok(Cpu& c, const DecodedInsn& d) {
    return a == Addr::Literal || check_sp_alignment(c, d.rn);
}
// Called only after every access succeeded: a faulting access leaves the base.
template <Addr a>
inline void writeback(Cpu& c, const DecodedInsn& d) {
    if constexpr (a == Addr::Pre || a == Addr::Post) set_XSP(c, d.rn, XSP(c, d.rn) + static_cast<uint64_t>(d.imm));
}

}  // namespace irqsim
