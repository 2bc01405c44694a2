// C4.1.90 Data Processing -- Scalar Floating-Point: FMOV (register and
// immediate), FABS, FNEG, FSQRT, FRINT*, FCVT, FCMP/FCMPE, FCCMP/FCCMPE,
// FCSEL and the 2- and 3-source arithmetic. The arithmetic is fp_math's
// (the Arm ARM's FP* pseudocode functions); these functions move operands
// in and out of the registers, specialised on the precision at decode time.
// A scalar result clears the rest of the register (V[d] = result).
#include "cpu/fp_exec.hpp"
#include "cpu/fp_math.hpp"

namespace irqsim {
namespace {

// The exec functions are templates over the precision: P = 0 single
// (uint32_t), 1 double (uint64_t).
template <unsigned P>
using Bits = std::conditional_t<P == 0, uint32_t, uint64_t>;

// ftype 00 = single, 01 = double; half (11) needs FEAT_FP16, 10 is reserved.
int precision(uint32_t w) {
    unsigned ftype = bits(w, 23, 22);
    return ftype <= 1 ? static_cast<int>(ftype) : -1;
}

template <unsigned P, unsigned opc>
struct Fp1 {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        B a = vscalar<B>(c, d.rn), r;
        if constexpr (opc == 0) r = a;  // FMOV: a copy, no FP processing
        if constexpr (opc == 1) r = fp::abs(a);
        if constexpr (opc == 2) r = fp::neg(a);
        if constexpr (opc == 3) {
            fp::Env env{c.fpcr};
            r = fp::sqrt(a, env);
            c.fpsr |= env.flags;
        }
        set_vscalar<B>(c, d.rd, r);
        return kNext;
    }
};

// FRINT*: d.f1 = the FPRounding, or 5 for FRINTI/FRINTX (FPCR's mode);
// d.f2 = 1 for FRINTX (exact: IXC when inexact).
template <unsigned P>
struct FrInt {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        fp::Rounding r = d.f1 == 5 ? fp::fpcr_rounding(c.fpcr) : static_cast<fp::Rounding>(d.f1);
        B res = fp::round_int(vscalar<B>(c, d.rn), r, d.f2 != 0, env);
        c.fpsr |= env.flags;
        set_vscalar<B>(c, d.rd, res);
        return kNext;
    }
};

// FCVT: from ftype (from) to opc (to); 0 single, 1 double, 3 half.
template <unsigned from, unsigned to>
struct Fcvt {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        fp::Env env{c.fpcr};
        uint64_t a = c.v[d.rn][0];
        if constexpr (from == 0 && to == 1) set_vscalar<uint64_t>(c, d.rd, fp::convert<uint64_t>(static_cast<uint32_t>(a), env));
        if constexpr (from == 1 && to == 0) set_vscalar<uint32_t>(c, d.rd, fp::convert<uint32_t>(a, env));
        if constexpr (from == 0 && to == 3) set_vscalar<uint16_t>(c, d.rd, fp::to_half(static_cast<uint32_t>(a), env));
        if constexpr (from == 1 && to == 3) set_vscalar<uint16_t>(c, d.rd, fp::to_half(a, env));
        if constexpr (from == 3 && to == 0) set_vscalar<uint32_t>(c, d.rd, fp::from_half<uint32_t>(static_cast<uint16_t>(a), env));
        if constexpr (from == 3 && to == 1) set_vscalar<uint64_t>(c, d.rd, fp::from_half<uint64_t>(static_cast<uint16_t>(a), env));
        c.fpsr |= env.flags;
        return kNext;
    }
};

// FCMP/FCMPE (E = signal on quiet NaNs too), against Rm or +0.0.
template <unsigned P, unsigned signal, unsigned zero>
struct FpCmp {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        c.nzcv = fp::compare<B>(vscalar<B>(c, d.rn), zero ? B{0} : vscalar<B>(c, d.rm), signal != 0, env);
        c.fpsr |= env.flags;
        return kNext;
    }
};
// FCCMP/FCCMPE: the comparison if the condition holds, else the immediate
// NZCV (d.imm), with no FP processing at all.
template <unsigned P, unsigned signal>
struct FpCondCmp {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        if (!condition_holds(c.nzcv, d.f1)) {
            c.nzcv = static_cast<uint32_t>(d.imm);
            return kNext;
        }
        fp::Env env{c.fpcr};
        c.nzcv = fp::compare<B>(vscalar<B>(c, d.rn), vscalar<B>(c, d.rm), signal != 0, env);
        c.fpsr |= env.flags;
        return kNext;
    }
};

template <unsigned P>
struct Fcsel {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        set_vscalar<B>(c, d.rd, vscalar<B>(c, condition_holds(c.nzcv, d.f1) ? d.rn : d.rm));
        return kNext;
    }
};

// The 2-source opcodes 0000-1000 to fp_math's operations; FNMUL is
// FPNeg(FPMul(...)), the negation after any NaN processing.
constexpr fp::Op2 kOp2[9] = {fp::Op2::Mul, fp::Op2::Div,    fp::Op2::Add,    fp::Op2::Sub, fp::Op2::Max,
                             fp::Op2::Min, fp::Op2::MaxNum, fp::Op2::MinNum, fp::Op2::Mul};
template <unsigned P, unsigned opcode>
struct Fp2 {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        B r = fp::op2<B>(kOp2[opcode], vscalar<B>(c, d.rn), vscalar<B>(c, d.rm), env);
        if constexpr (opcode == 8) r = fp::neg(r);
        c.fpsr |= env.flags;
        set_vscalar<B>(c, d.rd, r);
        return kNext;
    }
};

// FMADD/FMSUB/FNMADD/FNMSUB: o1 negates the addend, o1 != o0 the product
// (by negating Rn before the fused operation, so a NaN in Rn or Ra comes
// out with its sign flipped, as the pseudocode's FPNeg does).
template <unsigned P, unsigned o1, unsigned o0>
struct Fp3 {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        B a = vscalar<B>(c, d.ra), n = vscalar<B>(c, d.rn), m = vscalar<B>(c, d.rm);
        if constexpr (o1) a = fp::neg(a);
        if constexpr (o1 != o0) n = fp::neg(n);
        B r = fp::mul_add<B>(a, n, m, env);
        c.fpsr |= env.flags;
        set_vscalar<B>(c, d.rd, r);
        return kNext;
    }
};

template <unsigned P>
struct FmovImm {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        set_vscalar<Bits<P>>(c, d.rd, static_cast<Bits<P>>(d.imm));
        return kNext;
    }
};

}  // namespace

bool dec_fp_1src(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    d.exec = pick_exec<Fp1, 2, 4>(p, bits(w, 16, 15));
    return true;
}

// FRINT{N,P,M,Z,A,-,X,I}: the rounding each selects (FPDecodeRounding).
bool dec_frint(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    unsigned rm = bits(w, 17, 15);
    static constexpr uint8_t kRounding[8] = {0, 1, 2, 3, 4, 0xff, 5, 5};
    if (p < 0 || rm == 5) return false;
    d.f1 = kRounding[rm];
    d.f2 = rm == 6;
    d.exec = pick_exec<FrInt, 2>(p);
    return true;
}

bool dec_fcvt(uint32_t w, DecodedInsn& d) {
    unsigned from = bits(w, 23, 22), to = bits(w, 16, 15);
    if (from == 2 || to == 2 || from == to) return false;
    d.exec = pick_exec<Fcvt, 4, 4>(from, to);
    return true;
}

bool dec_fp_compare(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    d.exec = pick_exec<FpCmp, 2, 2, 2>(p, bit(w, 4), bit(w, 3));
    return true;
}

bool dec_fp_cond_compare(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    d.f1 = static_cast<uint8_t>(bits(w, 15, 12));
    d.imm = int64_t{bits(w, 3, 0)} << 28;
    d.exec = pick_exec<FpCondCmp, 2, 2>(p, bit(w, 4));
    return true;
}

bool dec_fp_2src(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    d.exec = pick_exec<Fp2, 2, 9>(p, bits(w, 15, 12));
    return true;
}

bool dec_fcsel(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    d.f1 = static_cast<uint8_t>(bits(w, 15, 12));
    d.exec = pick_exec<Fcsel, 2>(p);
    return true;
}

bool dec_fmov_imm(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    unsigned imm8 = bits(w, 20, 13);
    d.imm = p == 0 ? static_cast<int64_t>(fp::expand_imm<uint32_t>(imm8))
                   : static_cast<int64_t>(fp::expand_imm<uint64_t>(imm8));
    d.exec = pick_exec<FmovImm, 2>(p);
    return true;
}

bool dec_fp_3src(uint32_t w, DecodedInsn& d) {
    int p = precision(w);
    if (p < 0) return false;
    d.exec = pick_exec<Fp3, 2, 2, 2>(p, bit(w, 21), bit(w, 15));
    return true;
}

}  // namespace irqsim
