// C4.1.90 Conversion between floating-point and integer or fixed-point:
// FCVT{N,A,P,M,Z}{S,U} (FPToFixed), SCVTF/UCVTF (FixedToFP), and FMOV
// (general), which copies bits between a general register and a SIMD&FP
// register without FP processing.
#include "cpu/fp_exec.hpp"
#include "cpu/fp_math.hpp"

namespace irqsim {
namespace {

template <unsigned P>
using Bits = std::conditional_t<P == 0, uint32_t, uint64_t>;

// FPToFixed into Wd/Xd (sf), unsigned or not; d.f1 = the FPRounding,
// d.f2 = fbits.
template <unsigned P, unsigned sf, unsigned is_unsigned>
struct ToInt {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        fp::Env env{c.fpcr};
        uint64_t r = fp::to_fixed<Bits<P>>(vscalar<Bits<P>>(c, d.rn), d.f2, is_unsigned != 0, sf ? 64 : 32,
                                           static_cast<fp::Rounding>(d.f1), env);
        c.fpsr |= env.flags;
        set_X(c, d.rd, r);
        return kNext;
    }
};
template <unsigned P, unsigned sf, unsigned is_unsigned>
struct FromInt {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        fp::Env env{c.fpcr};
        Bits<P> r = fp::from_fixed<Bits<P>>(X(c, d.rn), d.f2, is_unsigned != 0, sf ? 64 : 32, env);
        c.fpsr |= env.flags;
        set_vscalar<Bits<P>>(c, d.rd, r);
        return kNext;
    }
};

// FMOV (general): kind 0 = W/X from S/D/H (the low bits), 1 = S/D/H from
// W/X, 2 = Xd from Vn.D[1], 3 = Vn.D[1] from Xn (the rest of Vd kept).
// d.f1 = the width in bytes.
template <unsigned kind>
struct FmovGen {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        uint64_t mask = d.f1 == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * d.f1)) - 1;
        if constexpr (kind == 0) set_X(c, d.rd, c.v[d.rn][0] & mask);
        if constexpr (kind == 1) c.v[d.rd] = Vec{X(c, d.rn) & mask, 0};
        if constexpr (kind == 2) set_X(c, d.rd, c.v[d.rn][1]);
        if constexpr (kind == 3) c.v[d.rd][1] = X(c, d.rn);
        return kNext;
    }
};

// ftype 00 = single, 01 = double (half needs FEAT_FP16).
int precision(uint32_t w) {
    unsigned ftype = bits(w, 23, 22);
    return ftype <= 1 ? static_cast<int>(ftype) : -1;
}
// The fixed-point forms (bit 21 = 0): fbits = 64 - scale, at most 32 for a
// 32-bit register (scale<5> = 1).
bool fbits_of(uint32_t w, DecodedInsn& d) {
    if (bit(w, 21)) {
        d.f2 = 0;
        return true;
    }
    unsigned scale = bits(w, 15, 10);
    if (!bit(w, 31) && !(scale & 32)) return false;
    d.f2 = static_cast<uint8_t>(64 - scale);
    return true;
}

}  // namespace

// FCVT<r><S|U>: rmode:opcode<2:1> picks the rounding (FPDecodeRounding for
// N/P/M/Z; opcode<2> = 1 with rmode 00 is FCVTA*, ties away).
bool dec_fp_to_int(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0 || !fbits_of(w, d)) return false;
    unsigned rmode = bits(w, 20, 19), opcode = bits(w, 18, 16);
    d.f1 = static_cast<uint8_t>(opcode & 4 ? static_cast<unsigned>(fp::Rounding::TieAway) : rmode);
    d.exec = pick_exec<ToInt, 2, 2, 2>(p, bit(w, 31), opcode & 1);
    return true;
}

bool dec_int_to_fp(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0 || !fbits_of(w, d)) return false;
    d.exec = pick_exec<FromInt, 2, 2, 2>(p, bit(w, 31), bit(w, 16));
    return true;
}

// The allocated FMOV (general) forms: W <-> S (sf 0, type 00), X <-> D (sf 1,
// type 01) and X <-> V.D[1] (sf 1, type 10, rmode 01); the half forms
// (type 11) need FEAT_FP16.
bool dec_fmov_gen(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), ftype = bits(w, 23, 22), rmode = bits(w, 20, 19);
    bool to_fp = bit(w, 16);
    if (rmode == 1) {
        d.exec = to_fp ? FmovGen<3>::fn : FmovGen<2>::fn;
        return true;
    }
    if (!((sf == 0 && ftype == 0) || (sf == 1 && ftype == 1))) return false;
    d.f1 = sf ? 8 : 4;
    d.exec = to_fp ? FmovGen<1>::fn : FmovGen<0>::fn;
    return true;
}

}  // namespace irqsim
