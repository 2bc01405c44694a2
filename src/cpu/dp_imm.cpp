// C4.1.86 Data Processing -- Immediate: semantics and decode functions.
#include "cpu/exec.hpp"

namespace irqsim {
namespace {

// ADD/ADDS/SUB/SUBS (immediate): Rn and (for the non-flag forms) Rd may be SP.
template <bool sf, bool sub, bool set_flags>
bool exec_addsub_imm(Cpu& c, const DecodedInsn& d) {
    uint64_t a = RSP<sf>(c, d.rn);
    uint64_t b = static_cast<uint64_t>(d.imm);
    uint32_t flags;
    uint64_t r = add_with_carry<sf>(a, sub ? ~b : b, sub ? 1 : 0, flags);
    if constexpr (set_flags) {
        c.nzcv = flags;
        set_R<sf>(c, d.rd, r);
    } else {
        set_RSP<sf>(c, d.rd, r);
    }
    return kNext;
}

template <bool sf>
bool exec_movz(Cpu& c, const DecodedInsn& d) {
    set_R<sf>(c, d.rd, static_cast<uint64_t>(d.imm));
    return kNext;
}
template <bool sf>
bool exec_movn(Cpu& c, const DecodedInsn& d) {
    set_R<sf>(c, d.rd, ~static_cast<uint64_t>(d.imm));
    return kNext;
}
template <bool sf>
bool exec_movk(Cpu& c, const DecodedInsn& d) {
    // d.imm holds imm16 at its position; f1 the shift.
    uint64_t keep = ~(uint64_t{0xffff} << d.f1);
    set_R<sf>(c, d.rd, (X(c, d.rd) & keep) | static_cast<uint64_t>(d.imm));
    return kNext;
}

// Picks exec<sf, ...> from runtime bits without spelling the 2^n cases.
template <template <bool, bool, bool> class F>
ExecFn pick3(bool a, bool b, bool c3) {
    static constexpr ExecFn t[8] = {F<0, 0, 0>::fn, F<0, 0, 1>::fn, F<0, 1, 0>::fn, F<0, 1, 1>::fn,
                                    F<1, 0, 0>::fn, F<1, 0, 1>::fn, F<1, 1, 0>::fn, F<1, 1, 1>::fn};
    return t[(a << 2) | (b << 1) | c3];
}
template <bool sf, bool sub, bool s>
struct AddSubImm {
    static constexpr ExecFn fn = exec_addsub_imm<sf, sub, s>;
};

bool exec_adr(Cpu& c, const DecodedInsn& d) {
    set_X(c, d.rd, c.pc + static_cast<uint64_t>(d.imm));
    return kNext;
}
bool exec_adrp(Cpu& c, const DecodedInsn& d) {
    set_X(c, d.rd, (c.pc & ~uint64_t{0xfff}) + static_cast<uint64_t>(d.imm));
    return kNext;
}

}  // namespace

bool dec_adr(uint32_t w, DecodedInsn& d) {
    int64_t imm = sext((bits(w, 23, 5) << 2) | bits(w, 30, 29), 21);
    bool page = bit(w, 31);
    d.imm = page ? imm * 4096 : imm;
    d.exec = page ? exec_adrp : exec_adr;
    return true;
}

bool dec_addsub_imm(uint32_t w, DecodedInsn& d) {
    // sh=1 shifts imm12 left by 12 (Arm ARM: ADD (immediate)).
    d.imm = int64_t{bits(w, 21, 10)} << (bit(w, 22) ? 12 : 0);
    d.exec = pick3<AddSubImm>(bit(w, 31), bit(w, 30), bit(w, 29));
    return true;
}

bool dec_move_wide(uint32_t w, DecodedInsn& d) {
    bool sf = bit(w, 31);
    unsigned hw = bits(w, 22, 21);
    if (!sf && hw >= 2) return false;  // UNDEFINED: 32-bit with hw<1> set
    d.f1 = static_cast<uint8_t>(hw * 16);
    d.imm = static_cast<int64_t>(uint64_t{bits(w, 20, 5)} << d.f1);
    switch (bits(w, 30, 29)) {
        case 0: d.exec = sf ? exec_movn<true> : exec_movn<false>; break;
        case 2: d.exec = sf ? exec_movz<true> : exec_movz<false>; break;
        case 3: d.exec = sf ? exec_movk<true> : exec_movk<false>; break;
        default: return false;
    }
    return true;
}

}  // namespace irqsim
