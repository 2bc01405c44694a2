// C4.1.90 Advanced SIMD floating-point operations, vector and scalar: the
// FP opcodes of three same (FADD, FMLA, FCMEQ, FMAXNMP ...), two-register
// miscellaneous (FABS, FRINT*, FCVT*, SCVTF, FCVTL, FCVTN ...), across lanes
// (FMAXNMV ...), scalar pairwise (FADDP ...) and the fixed-point
// conversions of shift by immediate. Each lane is the scalar pseudocode
// function of fp_math, in lane order (the FPSR flags accumulate); the
// reductions follow the Arm ARM's Reduce() (halving, lower half first).
#include "cpu/fp_exec.hpp"
#include "cpu/fp_math.hpp"
#include "cpu/simd_decode.hpp"

namespace irqsim {
namespace {

template <unsigned P>
using Bits = std::conditional_t<P == 0, uint32_t, uint64_t>;

// Three same: key = U:a:opcode<2:0> (a = size<1>).
enum : unsigned {
    kFMAXNM = 0x00, kFMLA = 0x01, kFADD = 0x02, kFMULX = 0x03, kFCMEQ = 0x04, kFMAX = 0x06,
    kFMINNM = 0x08, kFMLS = 0x09, kFSUB = 0x0a, kFMIN = 0x0e,
    kFMAXNMP = 0x10, kFADDP = 0x12, kFMUL = 0x13, kFCMGE = 0x14, kFACGE = 0x15, kFMAXP = 0x16, kFDIV = 0x17,
    kFMINNMP = 0x18, kFABD = 0x1a, kFCMGT = 0x1c, kFACGT = 0x1d, kFMINP = 0x1e,
};
template <fp::FpBits B>
B binary(unsigned key, B x, B y, B acc, fp::Env& env) {
    constexpr B ones = static_cast<B>(~B{0});
    switch (key) {
        case kFMAXNM: case kFMAXNMP: return fp::op2(fp::Op2::MaxNum, x, y, env);
        case kFMINNM: case kFMINNMP: return fp::op2(fp::Op2::MinNum, x, y, env);
        case kFMAX: case kFMAXP: return fp::op2(fp::Op2::Max, x, y, env);
        case kFMIN: case kFMINP: return fp::op2(fp::Op2::Min, x, y, env);
        case kFADD: case kFADDP: return fp::op2(fp::Op2::Add, x, y, env);
        case kFSUB: return fp::op2(fp::Op2::Sub, x, y, env);
        case kFMUL: return fp::op2(fp::Op2::Mul, x, y, env);
        case kFMULX: return fp::op2(fp::Op2::MulX, x, y, env);
        case kFDIV: return fp::op2(fp::Op2::Div, x, y, env);
        case kFABD: return fp::op2(fp::Op2::Abd, x, y, env);
        case kFMLA: return fp::mul_add(acc, x, y, env);
        case kFMLS: return fp::mul_add(acc, fp::neg(x), y, env);
        case kFCMEQ: return fp::compare_cond(fp::Cmp::EQ, x, y, env) ? ones : 0;
        case kFCMGE: return fp::compare_cond(fp::Cmp::GE, x, y, env) ? ones : 0;
        case kFCMGT: return fp::compare_cond(fp::Cmp::GT, x, y, env) ? ones : 0;
        case kFACGE: return fp::compare_cond(fp::Cmp::GE, fp::abs(x), fp::abs(y), env) ? ones : 0;
        case kFACGT: return fp::compare_cond(fp::Cmp::GT, fp::abs(x), fp::abs(y), env) ? ones : 0;
        default: return 0;
    }
}
constexpr bool is_pairwise(unsigned key) {
    return key == kFMAXNMP || key == kFADDP || key == kFMAXP || key == kFMINNMP || key == kFMINP;
}

// d.f1 = lanes, d.imm = key.
template <unsigned P>
struct Fp3Same {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        unsigned key = static_cast<unsigned>(d.imm), lanes = d.f1;
        Vec a = vreg(c, d.rn), b = operand_m<B>(c, d), acc = vreg(c, d.rd), r{};
        bool pw = is_pairwise(key);
        for (unsigned i = 0; i < lanes; ++i) {
            B x, y;
            if (pw) {
                auto pick = [&](unsigned j) { return j < lanes ? elem<B>(a, j) : elem<B>(b, j - lanes); };
                x = pick(2 * i);
                y = pick(2 * i + 1);
            } else {
                x = elem<B>(a, i);
                y = elem<B>(b, i);
            }
            set_elem<B>(r, i, binary<B>(key, x, y, elem<B>(acc, i), env));
        }
        c.fpsr |= env.flags;
        set_vreg(c, d.rd, r);
        return kNext;
    }
};

// Two-register miscellaneous: key = U:a:opcode (a = size<1>).
enum : unsigned {
    kFCVTN = 0x16, kFCVTL = 0x17, kFRINTN = 0x18, kFRINTM = 0x19, kFCVTNS = 0x1a, kFCVTMS = 0x1b, kFCVTAS = 0x1c,
    kSCVTF = 0x1d, kFCMGT0 = 0x2c, kFCMEQ0 = 0x2d, kFCMLT0 = 0x2e, kFABS = 0x2f, kFRINTP = 0x38, kFRINTZ = 0x39,
    kFCVTPS = 0x3a, kFCVTZS = 0x3b, kFRINTA = 0x58, kFRINTX = 0x59, kFCVTNU = 0x5a, kFCVTMU = 0x5b,
    kFCVTAU = 0x5c, kUCVTF = 0x5d, kFCMGE0 = 0x6c, kFCMLE0 = 0x6d, kFNEG = 0x6f, kFRINTI = 0x79, kFCVTPU = 0x7a,
    kFCVTZU = 0x7b, kFSQRT = 0x7f,
};
template <fp::FpBits B>
B unary(unsigned key, B x, fp::Env& env) {
    constexpr B ones = static_cast<B>(~B{0});
    constexpr unsigned w = sizeof(B) * 8;
    using R = fp::Rounding;
    R fpcr_mode = fp::fpcr_rounding(env.fpcr);
    switch (key) {
        case kFABS: return fp::abs(x);
        case kFNEG: return fp::neg(x);
        case kFSQRT: return fp::sqrt(x, env);
        case kFCMGT0: return fp::compare_cond(fp::Cmp::GT, x, B{0}, env) ? ones : 0;
        case kFCMGE0: return fp::compare_cond(fp::Cmp::GE, x, B{0}, env) ? ones : 0;
        case kFCMEQ0: return fp::compare_cond(fp::Cmp::EQ, x, B{0}, env) ? ones : 0;
        case kFCMLT0: return fp::compare_cond(fp::Cmp::GT, B{0}, x, env) ? ones : 0;
        case kFCMLE0: return fp::compare_cond(fp::Cmp::GE, B{0}, x, env) ? ones : 0;
        case kFRINTN: return fp::round_int(x, R::TieEven, false, env);
        case kFRINTM: return fp::round_int(x, R::NegInf, false, env);
        case kFRINTP: return fp::round_int(x, R::PosInf, false, env);
        case kFRINTZ: return fp::round_int(x, R::Zero, false, env);
        case kFRINTA: return fp::round_int(x, R::TieAway, false, env);
        case kFRINTX: return fp::round_int(x, fpcr_mode, true, env);
        case kFRINTI: return fp::round_int(x, fpcr_mode, false, env);
        case kFCVTNS: return static_cast<B>(fp::to_fixed(x, 0, false, w, R::TieEven, env));
        case kFCVTMS: return static_cast<B>(fp::to_fixed(x, 0, false, w, R::NegInf, env));
        case kFCVTAS: return static_cast<B>(fp::to_fixed(x, 0, false, w, R::TieAway, env));
        case kFCVTPS: return static_cast<B>(fp::to_fixed(x, 0, false, w, R::PosInf, env));
        case kFCVTZS: return static_cast<B>(fp::to_fixed(x, 0, false, w, R::Zero, env));
        case kFCVTNU: return static_cast<B>(fp::to_fixed(x, 0, true, w, R::TieEven, env));
        case kFCVTMU: return static_cast<B>(fp::to_fixed(x, 0, true, w, R::NegInf, env));
        case kFCVTAU: return static_cast<B>(fp::to_fixed(x, 0, true, w, R::TieAway, env));
        case kFCVTPU: return static_cast<B>(fp::to_fixed(x, 0, true, w, R::PosInf, env));
        case kFCVTZU: return static_cast<B>(fp::to_fixed(x, 0, true, w, R::Zero, env));
        case kSCVTF: return fp::from_fixed<B>(x, 0, false, w, env);
        case kUCVTF: return fp::from_fixed<B>(x, 0, true, w, env);
        default: return 0;
    }
}
template <unsigned P>
struct Fp2Misc {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        unsigned key = static_cast<unsigned>(d.imm);
        Vec a = vreg(c, d.rn), r{};
        for (unsigned i = 0; i < d.f1; ++i) set_elem<B>(r, i, unary<B>(key, elem<B>(a, i), env));
        c.fpsr |= env.flags;
        set_vreg(c, d.rd, r);
        return kNext;
    }
};
// FCVTL/FCVTN: widen Vpart[n, Q] or narrow into Vpart[d, Q] (the "2" form
// keeps Vd's lower half). P = the wide precision (0: half <-> single,
// 1: single <-> double); d.f2 = Q.
template <unsigned P, unsigned narrow>
struct FpLongNarrow {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        fp::Env env{c.fpcr};
        Vec a = vreg(c, d.rn), old = vreg(c, d.rd), r{};
        bool part = d.f2;
        constexpr unsigned lanes = P == 0 ? 4 : 2;
        for (unsigned i = 0; i < lanes; ++i) {
            if constexpr (narrow) {
                if constexpr (P == 0)
                    set_elem<uint16_t>(r, i + (part ? lanes : 0), fp::to_half(elem<uint32_t>(a, i), env));
                else
                    set_elem<uint32_t>(r, i + (part ? lanes : 0), fp::convert<uint32_t>(elem<uint64_t>(a, i), env));
            } else {
                if constexpr (P == 0)
                    set_elem<uint32_t>(r, i, fp::from_half<uint32_t>(elem<uint16_t>(a, i + (part ? lanes : 0)), env));
                else
                    set_elem<uint64_t>(r, i, fp::convert<uint64_t>(elem<uint32_t>(a, i + (part ? lanes : 0)), env));
            }
        }
        if (narrow && part) r[0] = old[0];
        c.fpsr |= env.flags;
        set_vreg(c, d.rd, r);
        return kNext;
    }
};

// Across lanes and scalar pairwise: Reduce() of d.f1 lanes.
template <fp::FpBits B>
B reduce(unsigned key, const Vec& a, unsigned lo, unsigned n, fp::Env& env) {
    if (n == 1) return elem<B>(a, lo);
    B x = reduce<B>(key, a, lo, n / 2, env);
    B y = reduce<B>(key, a, lo + n / 2, n / 2, env);
    return binary<B>(key, x, y, 0, env);
}
template <unsigned P>
struct FpReduce {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        fp::Env env{c.fpcr};
        B r = reduce<B>(static_cast<unsigned>(d.imm), vreg(c, d.rn), 0, d.f1, env);
        c.fpsr |= env.flags;
        set_vscalar<B>(c, d.rd, r);
        return kNext;
    }
};

// SCVTF/UCVTF/FCVTZS/FCVTZU (vector and scalar, fixed-point): d.imm = fbits,
// d.f2 = 0 SCVTF, 1 UCVTF, 2 FCVTZS, 3 FCVTZU.
template <unsigned P>
struct FpFixed {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using B = Bits<P>;
        constexpr unsigned w = sizeof(B) * 8;
        fp::Env env{c.fpcr};
        unsigned fbits = static_cast<unsigned>(d.imm);
        Vec a = vreg(c, d.rn), r{};
        for (unsigned i = 0; i < d.f1; ++i) {
            B x = elem<B>(a, i), v;
            if (d.f2 < 2)
                v = fp::from_fixed<B>(x, fbits, d.f2 == 1, w, env);
            else
                v = static_cast<B>(fp::to_fixed(x, fbits, d.f2 == 3, w, fp::Rounding::Zero, env));
            set_elem<B>(r, i, v);
        }
        c.fpsr |= env.flags;
        set_vreg(c, d.rd, r);
        return kNext;
    }
};

bool is_scalar(uint32_t w) { return bit(w, 28); }
// Single (sz = 0) or double lanes of a 64- or 128-bit vector, or one scalar.
uint8_t fp_lanes(bool scalar, bool q, unsigned sz) {
    return static_cast<uint8_t>(scalar ? 1 : (q ? 16u : 8u) >> (2 + sz));
}

}  // namespace

bool dec_simd_fp_3same(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), a = bit(w, 23), sz = bit(w, 22), opcode = bits(w, 15, 11);
    unsigned key = u << 4 | a << 3 | (opcode & 7);
    bool q = bit(w, 30), scalar = is_scalar(w);
    switch (key) {
        case kFMAXNM: case kFMLA: case kFADD: case kFMAX: case kFMINNM: case kFMLS: case kFSUB: case kFMIN:
        case kFMAXNMP: case kFADDP: case kFMUL: case kFMAXP: case kFDIV: case kFMINNMP: case kFMINP:
            if (scalar) return false;
            break;
        case kFMULX: case kFCMEQ: case kFCMGE: case kFACGE: case kFABD: case kFCMGT: case kFACGT: break;
        default: return false;  // FRECPS, FRSQRTS are not implemented
    }
    if (!scalar && sz && !q) return false;
    d.f1 = fp_lanes(scalar, q, sz);
    d.imm = key;
    d.exec = pick_exec<Fp3Same, 2>(sz);
    return true;
}

bool dec_simd_fp_2misc(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), a = bit(w, 23), sz = bit(w, 22), opcode = bits(w, 16, 12);
    unsigned key = u << 6 | a << 5 | opcode;
    bool q = bit(w, 30), scalar = is_scalar(w);
    if (key == kFCVTN || key == kFCVTL) {
        if (scalar) return false;
        d.f2 = q;
        d.exec = key == kFCVTN ? pick_exec<FpLongNarrow, 2, 2>(sz, 1) : pick_exec<FpLongNarrow, 2, 2>(sz, 0);
        return true;
    }
    switch (key) {
        case kFABS: case kFNEG: case kFSQRT: case kFRINTN: case kFRINTM: case kFRINTP: case kFRINTZ: case kFRINTA:
        case kFRINTX: case kFRINTI:
            if (scalar) return false;  // scalar FABS etc. are the FP data-processing rows
            break;
        case kFCMGT0: case kFCMGE0: case kFCMEQ0: case kFCMLT0: case kFCMLE0: case kFCVTNS: case kFCVTMS:
        case kFCVTAS: case kFCVTPS: case kFCVTZS: case kFCVTNU: case kFCVTMU: case kFCVTAU: case kFCVTPU:
        case kFCVTZU: case kSCVTF: case kUCVTF:
            break;
        default: return false;  // FCVTXN, FRECPE, FRSQRTE, URECPE, URSQRTE are not implemented
    }
    if (!scalar && sz && !q) return false;
    d.f1 = fp_lanes(scalar, q, sz);
    d.imm = key;
    d.exec = pick_exec<Fp2Misc, 2>(sz);
    return true;
}

// FMAXNMV/FMINNMV/FMAXV/FMINV: 4S only in ARMv8.0 (the H forms need FEAT_FP16).
bool dec_simd_fp_across(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), a = bit(w, 23), sz = bit(w, 22), opcode = bits(w, 16, 12);
    if (!u || sz || !bit(w, 30)) return false;
    d.imm = opcode == 0x0c ? (a ? kFMINNM : kFMAXNM) : (a ? kFMIN : kFMAX);
    d.f1 = 4;
    d.exec = pick_exec<FpReduce, 2>(0);
    return true;
}

// FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (scalar): the two elements of Vn.
bool dec_simd_fp_pair_scalar(uint32_t w, DecodedInsn& d) {
    unsigned a = bit(w, 23), sz = bit(w, 22), opcode = bits(w, 16, 12);
    switch (opcode) {
        case 0x0c: d.imm = a ? kFMINNM : kFMAXNM; break;
        case 0x0d:
            if (a) return false;
            d.imm = kFADD;
            break;
        case 0x0f: d.imm = a ? kFMIN : kFMAX; break;
        default: return false;
    }
    d.f1 = 2;
    d.exec = pick_exec<FpReduce, 2>(sz);
    return true;
}

// immh 01xx: single, fbits = 64 - immh:immb; 1xxx: double, 128 - immh:immb.
bool dec_simd_fp_shift(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), immh = bits(w, 22, 19), immhb = bits(w, 22, 16), opcode = bits(w, 15, 11);
    bool q = bit(w, 30), scalar = is_scalar(w);
    if (immh < 4) return false;  // half precision (FEAT_FP16) or reserved
    unsigned sz = immh >= 8;
    if (!scalar && sz && !q) return false;
    d.imm = (sz ? 128 : 64) - immhb;
    d.f1 = fp_lanes(scalar, q, sz);
    d.f2 = static_cast<uint8_t>((opcode == 0x1f ? 2 : 0) + u);
    d.exec = pick_exec<FpFixed, 2>(sz);
    return true;
}

// FMLA, FMLS, FMUL, FMULX (by element), vector and scalar: element H:L
// (single) or H (double, L = 0) of Vm, Rm being M:Rm.
bool dec_simd_fp_elem(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), a = bit(w, 23), sz = bit(w, 22), opcode = bits(w, 15, 12);
    unsigned h = bit(w, 11), l = bit(w, 21);
    bool q = bit(w, 30), scalar = is_scalar(w);
    if (!a) return false;  // size 00: the half-precision forms (FEAT_FP16)
    if (sz && (l || (!scalar && !q))) return false;
    switch (u << 4 | opcode) {
        case 0x01: d.imm = kFMLA; break;
        case 0x05: d.imm = kFMLS; break;
        case 0x09: d.imm = kFMUL; break;
        case 0x19: d.imm = kFMULX; break;
        default: return false;
    }
    d.rm = static_cast<uint8_t>(bits(w, 20, 16));
    d.ra = static_cast<uint8_t>(0x80 | (sz ? h : (h << 1 | l)));
    d.f1 = fp_lanes(scalar, q, sz);
    d.exec = pick_exec<Fp3Same, 2>(sz);
    return true;
}

}  // namespace irqsim
