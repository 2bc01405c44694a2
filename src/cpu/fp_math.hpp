// IEEE 754 arithmetic as the Arm ARM's shared/functions/float pseudocode
// defines it (FPUnpack, FPProcessNaN(s), FPRound, FPAdd ... FPToFixed,
// FPRoundInt, FPConvert, FPCompare), on raw bit patterns: uint32_t is a
// single-precision value, uint64_t a double. Every function takes the FPCR
// and ORs the FPSR cumulative flags it raises into `flags`.
//
// The arithmetic itself (add, sub, mul, div, sqrt, fused multiply-add,
// narrowing, int -> float) runs on the host's IEEE 754 unit under the rounding
// mode FPCR.RMode selects; fp_math.cpp handles everything where Arm and the
// host's default behaviour differ: NaN propagation and the default NaN,
// FPCR.FZ flushing of inputs (IDC) and outputs, and underflow detected
// before rounding (FPRound: UFC when the unrounded result is below the
// smallest normal and the result is inexact).
#pragma once

#include <cstdint>
#include <type_traits>

namespace irqsim::fp {

// FPSR cumulative exception bits (C5.2.8).
inline constexpr uint32_t IOC = 1u << 0, DZC = 1u << 1, OFC = 1u << 2, UFC = 1u << 3, IXC = 1u << 4, IDC = 1u << 7;
// FPCR fields (C5.2.7).
inline constexpr uint64_t kFpcrDN = 1u << 25, kFpcrFZ = 1u << 24, kFpcrAHP = 1u << 26;

// FPRounding (shared/functions/float/fprounding): the first four are
// FPCR.RMode's encodings.
enum class Rounding : uint8_t { TieEven = 0, PosInf = 1, NegInf = 2, Zero = 3, TieAway = 4 };
inline Rounding fpcr_rounding(uint64_t fpcr) { return static_cast<Rounding>((fpcr >> 22) & 3); }

// The state every operation reads and updates.
struct Env {
    uint64_t fpcr;
    uint32_t flags = 0;
};

template <typename B>
concept FpBits = std::is_same_v<B, uint32_t> || std::is_same_v<B, uint64_t>;

template <FpBits B>
struct Format {
    static constexpr unsigned kBits = sizeof(B) * 8;
    static constexpr unsigned kFrac = kBits == 32 ? 23 : 52;
    static constexpr unsigned kExp = kBits - 1 - kFrac;
    static constexpr B kSign = B{1} << (kBits - 1);
    static constexpr B kExpMask = ((B{1} << kExp) - 1) << kFrac;
    static constexpr B kFracMask = (B{1} << kFrac) - 1;
    static constexpr B kQuiet = B{1} << (kFrac - 1);
    static constexpr B kDefaultNaN = kExpMask | kQuiet;  // FPDefaultNaN(): positive, quiet, zero payload
    static constexpr B kInf = kExpMask;
    static constexpr B kMinNormal = B{1} << kFrac;
};

template <FpBits B>
constexpr bool is_nan(B v) {
    using F = Format<B>;
    return (v & F::kExpMask) == F::kExpMask && (v & F::kFracMask) != 0;
}
template <FpBits B>
constexpr bool is_snan(B v) {
    return is_nan(v) && !(v & Format<B>::kQuiet);
}

// Two-operand operations (FPAdd, FPSub, FPMul, FPDiv, FPMax, FPMin,
// FPMaxNum, FPMinNum, FPMulX, FPAbd = |a - b|).
enum class Op2 : uint8_t { Add, Sub, Mul, Div, Max, Min, MaxNum, MinNum, MulX, Abd };
template <FpBits B>
B op2(Op2 op, B a, B b, Env& env);
// FPMulAdd(addend, op1, op2): addend + op1 * op2 with one rounding.
template <FpBits B>
B mul_add(B addend, B op1, B op2, Env& env);
template <FpBits B>
B sqrt(B a, Env& env);
// FPNeg/FPAbs: sign bit only, never an exception (even on a signalling NaN).
template <FpBits B>
constexpr B neg(B a) {
    return a ^ Format<B>::kSign;
}
template <FpBits B>
constexpr B abs(B a) {
    return a & ~Format<B>::kSign;
}

// FPCompare: NZCV (bits 31:28) for FCMP/FCMPE; `signal_nans` raises IOC on
// any NaN (FCMPE), otherwise only on a signalling one.
template <FpBits B>
uint32_t compare(B a, B b, bool signal_nans, Env& env);
// FPCompareEQ/GE/GT for the vector compares: true or false, IOC as FCMEQ
// (signalling NaNs only) or FCMGE/FCMGT (any NaN).
enum class Cmp : uint8_t { EQ, GE, GT };
template <FpBits B>
bool compare_cond(Cmp cmp, B a, B b, Env& env);

// FPRoundInt (FRINTN/P/M/Z/A/I; `exact` for FRINTX raises IXC when inexact).
template <FpBits B>
B round_int(B a, Rounding r, bool exact, Env& env);
// FPToFixed: a to a `width`-bit (32 or 64) integer with `fbits` fraction bits,
// signed or unsigned, saturating (IOC) as the pseudocode says. The result is
// the integer's bits, zero-extended.
template <FpBits B>
uint64_t to_fixed(B a, unsigned fbits, bool is_unsigned, unsigned width, Rounding r, Env& env);
// FixedToFP: the `width`-bit integer `v` (signed or unsigned) with `fbits`
// fraction bits, rounded by FPCR.
template <FpBits B>
B from_fixed(uint64_t v, unsigned fbits, bool is_unsigned, unsigned width, Env& env);
// FPConvert between single and double.
template <FpBits To, FpBits From>
To convert(From a, Env& env);
// FPConvert to and from half precision (FCVT with type 11): IEEE half, or
// the Arm alternative format when FPCR.AHP is set.
uint16_t to_half(uint64_t double_bits, Env& env);
uint16_t to_half(uint32_t single_bits, Env& env);
template <FpBits To>
To from_half(uint16_t h, Env& env);

// VFPExpandImm: the 8-bit immediate of FMOV (immediate) and FMOV (vector).
template <FpBits B>
constexpr B expand_imm(unsigned imm8) {
    using F = Format<B>;
    B sign = B((imm8 >> 7) & 1);
    unsigned b6 = (imm8 >> 6) & 1;
    // exp = NOT(b6) : Replicate(b6, E-3) : imm8<5:4>
    B exp = (B(!b6) << (F::kExp - 1)) | (b6 ? (((B{1} << (F::kExp - 3)) - 1) << 2) : 0) | ((imm8 >> 4) & 3);
    B frac = B(imm8 & 15) << (F::kFrac - 4);
    return (sign << (F::kBits - 1)) | (exp << F::kFrac) | frac;
}

}  // namespace irqsim::fp
