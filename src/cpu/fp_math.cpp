// The Arm ARM's floating-point pseudocode (shared/functions/float) on bit
// patterns; see fp_math.hpp. Built with -frounding-math (CMakeLists.txt):
// the host operations below run under the rounding mode FPCR.RMode selects.
#include "cpu/fp_math.hpp"

#include <bit>
#include <cfenv>
#include <cmath>
#include <initializer_list>

namespace irqsim::fp {
namespace {

template <FpBits B>
using Host = std::conditional_t<sizeof(B) == 4, float, double>;

// Keeps the compiler from moving a host operation across fesetround() and
// fetestexcept().
template <typename T>
inline void opaque(T& v) {
    asm volatile("" : "+m"(v)::"memory");
}

template <FpBits B>
constexpr bool is_zero(B v) {
    return (v & ~Format<B>::kSign) == 0;
}
template <FpBits B>
constexpr bool is_inf(B v) {
    return (v & ~Format<B>::kSign) == Format<B>::kInf;
}
template <FpBits B>
constexpr bool is_qnan(B v) {
    return is_nan(v) && !is_snan(v);
}
template <FpBits B>
constexpr bool sign_of(B v) {
    return (v & Format<B>::kSign) != 0;
}

// FPUnpack's flush of a denormal input when FPCR.FZ is set: a zero of the
// same sign, and FPExc_InputDenorm (IDC).
template <FpBits B>
B flush_input(B a, Env& env) {
    using F = Format<B>;
    if ((env.fpcr & kFpcrFZ) && (a & F::kExpMask) == 0 && (a & F::kFracMask) != 0) {
        env.flags |= IDC;
        return a & F::kSign;
    }
    return a;
}

// FPProcessNaN: a signalling NaN raises IOC and is quietened; FPCR.DN
// replaces any NaN result with the default NaN.
template <FpBits B>
B process_nan(B a, Env& env) {
    if (is_snan(a)) env.flags |= IOC;
    if (env.fpcr & kFpcrDN) return Format<B>::kDefaultNaN;
    return a | Format<B>::kQuiet;
}
// FPProcessNaNs / FPProcessNaNs3: signalling NaNs first, then quiet ones,
// each in operand order.
template <FpBits B, typename... Bs>
bool process_nans(Env& env, B& out, Bs... ops) {
    for (B v : {ops...})
        if (is_snan(v)) {
            out = process_nan(v, env);
            return true;
        }
    for (B v : {ops...})
        if (is_nan(v)) {
            out = process_nan(v, env);
            return true;
        }
    return false;
}

int host_rounding(Rounding r) {
    switch (r) {
        case Rounding::PosInf: return FE_UPWARD;
        case Rounding::NegInf: return FE_DOWNWARD;
        case Rounding::Zero: return FE_TOWARDZERO;
        default: return FE_TONEAREST;
    }
}

// FPRound for a host operation on non-NaN operands: `op` computes the
// result under the host's current rounding mode. The host's flags give
// IOC (any invalid operation yields the default NaN: FPDefaultNaN), DZC, OFC
// and IXC. Underflow follows the pseudocode rather than the host: tininess
// is judged on the unrounded result (it is below 2^Emin exactly when the
// result rounded toward zero is), then FPCR.FZ flushes it to a zero with
// UFC and no IXC, otherwise UFC is raised if the result is inexact.
template <FpBits B, typename Op>
B host_round(Env& env, Op op) {
    using F = Format<B>;
    std::fesetround(host_rounding(fpcr_rounding(env.fpcr)));
    std::feclearexcept(FE_ALL_EXCEPT);
    Host<B> h = op();
    opaque(h);
    int ex = std::fetestexcept(FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_INEXACT);
    B r = std::bit_cast<B>(h);
    B mag = r & ~F::kSign;
    bool inexact = ex & FE_INEXACT;
    if (ex & FE_INVALID) {
        std::fesetround(FE_TONEAREST);
        env.flags |= IOC;
        return F::kDefaultNaN;
    }
    if ((mag < F::kMinNormal && (mag != 0 || inexact)) || (mag == F::kMinNormal && inexact)) {
        bool tiny = mag < F::kMinNormal;
        if (!tiny) {
            std::fesetround(FE_TOWARDZERO);
            Host<B> z = op();
            opaque(z);
            tiny = (std::bit_cast<B>(z) & ~F::kSign) < F::kMinNormal;
        }
        if (tiny && (env.fpcr & kFpcrFZ)) {
            std::fesetround(FE_TONEAREST);
            env.flags |= UFC;
            return r & F::kSign;
        }
        if (tiny && inexact) env.flags |= UFC;
    }
    std::fesetround(FE_TONEAREST);
    if (ex & FE_DIVBYZERO) env.flags |= DZC;
    if (ex & FE_OVERFLOW) env.flags |= OFC;
    if (inexact) env.flags |= IXC;
    return r;
}

template <FpBits B>
Host<B> host(B v) {
    return std::bit_cast<Host<B>>(v);
}

// A finite non-zero value as mant * 2^exp with sign.
struct Exact {
    bool neg;
    uint64_t mant;
    int exp;
};
template <FpBits B>
Exact unpack_finite(B a) {
    using F = Format<B>;
    constexpr int bias = (1 << (F::kExp - 1)) - 1;
    int e = static_cast<int>((a & F::kExpMask) >> F::kFrac);
    uint64_t frac = a & F::kFracMask;
    if (e == 0) return {sign_of(a), frac, 1 - bias - static_cast<int>(F::kFrac)};
    return {sign_of(a), frac | (uint64_t{1} << F::kFrac), e - bias - static_cast<int>(F::kFrac)};
}

// RoundDown and the rounding decision of FPRoundInt/FPToFixed, done on the
// magnitude: the integer part `q` (saturated at 2^100 for huge values) and
// whether the dropped fraction is zero, below, at or above one half.
enum class Frac : uint8_t { Zero, Below, Half, Above };
struct IntPart {
    unsigned __int128 q;
    Frac frac;
};
IntPart integer_part(uint64_t mant, int exp) {
    if (exp >= 0) {
        if (exp > 70) return {static_cast<unsigned __int128>(1) << 100, Frac::Zero};
        return {static_cast<unsigned __int128>(mant) << exp, Frac::Zero};
    }
    unsigned sh = static_cast<unsigned>(-exp);
    if (sh > 60) return {0, mant ? Frac::Below : Frac::Zero};  // mant < 2^54: below a half
    uint64_t rem = mant & ((uint64_t{1} << sh) - 1), half = uint64_t{1} << (sh - 1);
    Frac f = rem == 0 ? Frac::Zero : rem < half ? Frac::Below : rem == half ? Frac::Half : Frac::Above;
    return {mant >> sh, f};
}
// The round_up cases of the pseudocode, rewritten for sign and magnitude.
bool round_up(Rounding r, bool neg, const IntPart& p) {
    switch (r) {
        case Rounding::TieEven: return p.frac == Frac::Above || (p.frac == Frac::Half && (p.q & 1));
        case Rounding::TieAway: return p.frac == Frac::Above || p.frac == Frac::Half;
        case Rounding::PosInf: return p.frac != Frac::Zero && !neg;
        case Rounding::NegInf: return p.frac != Frac::Zero && neg;
        case Rounding::Zero: return false;
    }
    return false;
}

}  // namespace

template <FpBits B>
B op2(Op2 op, B a, B b, Env& env) {
    using F = Format<B>;
    a = flush_input(a, env);
    b = flush_input(b, env);
    if (op == Op2::MaxNum || op == Op2::MinNum) {
        // FPMaxNum/FPMinNum: a single quiet NaN is treated as the infinity
        // that loses, so the other operand is returned.
        B loser = op == Op2::MaxNum ? (F::kInf | F::kSign) : F::kInf;
        if (is_qnan(a) && !is_qnan(b))
            a = loser;
        else if (!is_qnan(a) && is_qnan(b))
            b = loser;
    }
    B nan;
    if (process_nans(env, nan, a, b)) return op == Op2::Abd ? abs(nan) : nan;
    Host<B> x = host(a), y = host(b);
    switch (op) {
        case Op2::Max:
        case Op2::MaxNum:
            if (is_zero(a) && is_zero(b)) return sign_of(a) && sign_of(b) ? F::kSign : 0;
            return x > y ? a : b;
        case Op2::Min:
        case Op2::MinNum:
            if (is_zero(a) && is_zero(b)) return sign_of(a) || sign_of(b) ? F::kSign : 0;
            return x < y ? a : b;
        case Op2::Add: return host_round<B>(env, [&] { Host<B> p = x, q = y; opaque(p); opaque(q); return p + q; });
        case Op2::Sub: return host_round<B>(env, [&] { Host<B> p = x, q = y; opaque(p); opaque(q); return p - q; });
        case Op2::Abd: return abs(host_round<B>(env, [&] { Host<B> p = x, q = y; opaque(p); opaque(q); return p - q; }));
        case Op2::MulX:
            // FPMulX: infinity times zero is 2.0 with the product's sign.
            if ((is_inf(a) && is_zero(b)) || (is_zero(a) && is_inf(b)))
                return ((a ^ b) & F::kSign) | std::bit_cast<B>(Host<B>(2));
            [[fallthrough]];
        case Op2::Mul: return host_round<B>(env, [&] { Host<B> p = x, q = y; opaque(p); opaque(q); return p * q; });
        case Op2::Div: return host_round<B>(env, [&] { Host<B> p = x, q = y; opaque(p); opaque(q); return p / q; });
    }
    return F::kDefaultNaN;
}

template <FpBits B>
B mul_add(B addend, B op1, B op2, Env& env) {
    addend = flush_input(addend, env);
    op1 = flush_input(op1, env);
    op2 = flush_input(op2, env);
    B nan;
    bool done = process_nans(env, nan, addend, op1, op2);
    // FPMulAdd: a quiet NaN addend does not hide the invalid operation of
    // infinity times zero.
    if (is_qnan(addend) && ((is_inf(op1) && is_zero(op2)) || (is_zero(op1) && is_inf(op2)))) {
        env.flags |= IOC;
        return Format<B>::kDefaultNaN;
    }
    if (done) return nan;
    Host<B> a = host(addend), x = host(op1), y = host(op2);
    return host_round<B>(env, [&] {
        Host<B> p = x, q = y, s = a;
        opaque(p);
        opaque(q);
        opaque(s);
        return std::fma(p, q, s);
    });
}

template <FpBits B>
B sqrt(B a, Env& env) {
    a = flush_input(a, env);
    if (is_nan(a)) return process_nan(a, env);
    Host<B> x = host(a);
    return host_round<B>(env, [&] {
        Host<B> p = x;
        opaque(p);
        return std::sqrt(p);
    });
}

template <FpBits B>
uint32_t compare(B a, B b, bool signal_nans, Env& env) {
    a = flush_input(a, env);
    b = flush_input(b, env);
    if (is_nan(a) || is_nan(b)) {
        if (is_snan(a) || is_snan(b) || signal_nans) env.flags |= IOC;
        return 0x30000000u;  // C V: unordered
    }
    Host<B> x = host(a), y = host(b);
    if (x == y) return 0x60000000u;  // Z C
    if (x < y) return 0x80000000u;   // N
    return 0x20000000u;              // C
}

template <FpBits B>
bool compare_cond(Cmp cmp, B a, B b, Env& env) {
    a = flush_input(a, env);
    b = flush_input(b, env);
    if (is_nan(a) || is_nan(b)) {
        if (cmp != Cmp::EQ || is_snan(a) || is_snan(b)) env.flags |= IOC;
        return false;
    }
    Host<B> x = host(a), y = host(b);
    return cmp == Cmp::EQ ? x == y : cmp == Cmp::GE ? x >= y : x > y;
}

template <FpBits B>
B round_int(B a, Rounding r, bool exact, Env& env) {
    using F = Format<B>;
    a = flush_input(a, env);
    if (is_nan(a)) return process_nan(a, env);
    if (is_inf(a) || is_zero(a)) return a;
    Exact e = unpack_finite(a);
    if (e.exp >= 0) return a;  // already an integer
    IntPart p = integer_part(e.mant, e.exp);
    uint64_t q = static_cast<uint64_t>(p.q) + (round_up(r, e.neg, p) ? 1 : 0);
    if (p.frac != Frac::Zero && exact) env.flags |= IXC;
    // An integer below 2^(frac+1) is exact in the format; zero keeps the sign.
    B mag = q == 0 ? 0 : std::bit_cast<B>(static_cast<Host<B>>(q));
    return mag | (a & F::kSign);
}

template <FpBits B>
uint64_t to_fixed(B a, unsigned fbits, bool is_unsigned, unsigned width, Rounding r, Env& env) {
    a = flush_input(a, env);
    if (is_nan(a)) {  // FPUnpack gives the value 0 for a NaN
        env.flags |= IOC;
        return 0;
    }
    bool neg = sign_of(a);
    IntPart p{0, Frac::Zero};
    if (is_inf(a)) {
        p.q = static_cast<unsigned __int128>(1) << 100;
    } else if (!is_zero(a)) {
        Exact e = unpack_finite(a);
        p = integer_part(e.mant, e.exp + static_cast<int>(fbits));
    }
    unsigned __int128 mag = p.q + (round_up(r, neg, p) ? 1 : 0);
    // SatQ: the limits of a width-bit signed or unsigned integer.
    unsigned __int128 one = 1;
    unsigned __int128 max_pos = is_unsigned ? (one << width) - 1 : (one << (width - 1)) - 1;
    unsigned __int128 max_neg = is_unsigned ? 0 : one << (width - 1);
    uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
    if (neg ? mag > max_neg : mag > max_pos) {
        env.flags |= IOC;
        return (neg ? (0 - static_cast<uint64_t>(max_neg)) : static_cast<uint64_t>(max_pos)) & mask;
    }
    if (p.frac != Frac::Zero) env.flags |= IXC;
    uint64_t m = static_cast<uint64_t>(mag);
    return (neg ? 0 - m : m) & mask;
}

template <FpBits B>
B from_fixed(uint64_t v, unsigned fbits, bool is_unsigned, unsigned width, Env& env) {
    using H = Host<B>;
    // 2^-fbits is exact, and so is the scaling: no result is near underflow.
    H scale = std::ldexp(H(1), -static_cast<int>(fbits));
    if (is_unsigned) {
        uint64_t u = width == 32 ? static_cast<uint32_t>(v) : v;
        return host_round<B>(env, [&] {
            uint64_t i = u;
            opaque(i);
            return static_cast<H>(i) * scale;
        });
    }
    int64_t s = width == 32 ? static_cast<int32_t>(v) : static_cast<int64_t>(v);
    return host_round<B>(env, [&] {
        int64_t i = s;
        opaque(i);
        return static_cast<H>(i) * scale;
    });
}

namespace {
// FPConvertNaN: the sign, the quiet bit set and the payload's top bits.
template <FpBits To, FpBits From>
To convert_nan(From a) {
    using FT = Format<To>;
    using FF = Format<From>;
    uint64_t payload = a & FF::kFracMask & ~FF::kQuiet;
    if constexpr (FF::kFrac > FT::kFrac)
        payload >>= FF::kFrac - FT::kFrac;
    else
        payload <<= FT::kFrac - FF::kFrac;
    return (sign_of(a) ? FT::kSign : 0) | FT::kExpMask | FT::kQuiet | static_cast<To>(payload);
}
}  // namespace

template <FpBits To, FpBits From>
To convert(From a, Env& env) {
    a = flush_input(a, env);
    if (is_nan(a)) {
        if (is_snan(a)) env.flags |= IOC;
        return (env.fpcr & kFpcrDN) ? Format<To>::kDefaultNaN : convert_nan<To>(a);
    }
    Host<From> x = host(a);
    return host_round<To>(env, [&] {
        Host<From> p = x;
        opaque(p);
        return static_cast<Host<To>>(p);
    });
}

// --- half precision -----------------------------------------------------------
// FPRound for N = 16 in software, from an exact value: FZ16 does not exist in
// ARMv8.0 (FPRoundCV clears it), so half results are never flushed; FPCR.AHP
// selects the alternative format (no infinities or NaNs, overflow is IOC).
namespace {
uint16_t round_half(Exact e, Env& env) {
    bool ahp = env.fpcr & kFpcrAHP;
    Rounding r = fpcr_rounding(env.fpcr);
    uint16_t sign = e.neg ? 0x8000 : 0;
    int top = 63 - std::countl_zero(e.mant);  // value in [2^(top+exp), 2^(top+exp+1))
    int exponent = top + e.exp;
    bool tiny = exponent < -14;
    int quantum = tiny ? -24 : exponent - 10;  // weight of the last fraction bit
    IntPart p = integer_part(e.mant, e.exp - quantum);
    uint64_t q = static_cast<uint64_t>(p.q) + (round_up(r, e.neg, p) ? 1 : 0);
    bool inexact = p.frac != Frac::Zero;
    // q is the significand in units of 2^quantum: its leading bit, if at
    // bit 10 or above, carries into the exponent field.
    uint64_t biased = tiny ? q : (static_cast<uint64_t>(exponent + 14) << 10) + q;
    unsigned biased_exp = static_cast<unsigned>(biased >> 10);
    if (tiny && inexact) env.flags |= UFC;
    if (!ahp && biased_exp >= 31) {
        bool to_inf = r == Rounding::TieEven || r == Rounding::TieAway || (r == Rounding::PosInf && !e.neg) ||
                      (r == Rounding::NegInf && e.neg);
        env.flags |= OFC | IXC;
        return sign | (to_inf ? 0x7c00 : 0x7bff);
    }
    if (ahp && biased_exp >= 32) {
        env.flags |= IOC;
        return sign | 0x7fff;
    }
    if (inexact) env.flags |= IXC;
    return sign | static_cast<uint16_t>(biased);
}

template <FpBits From>
uint16_t to_half_impl(From a, Env& env) {
    bool ahp = env.fpcr & kFpcrAHP;
    a = flush_input(a, env);
    uint16_t sign = sign_of(a) ? 0x8000 : 0;
    if (is_nan(a)) {
        if (is_snan(a) || ahp) env.flags |= IOC;
        if (ahp) return sign;
        if (env.fpcr & kFpcrDN) return 0x7e00;
        uint64_t payload = (a & Format<From>::kFracMask & ~Format<From>::kQuiet) >> (Format<From>::kFrac - 10);
        return sign | 0x7e00 | static_cast<uint16_t>(payload);
    }
    if (is_inf(a)) {
        if (ahp) {
            env.flags |= IOC;
            return sign | 0x7fff;
        }
        return sign | 0x7c00;
    }
    if (is_zero(a)) return sign;
    return round_half(unpack_finite(a), env);
}
}  // namespace

uint16_t to_half(uint64_t a, Env& env) { return to_half_impl(a, env); }
uint16_t to_half(uint32_t a, Env& env) { return to_half_impl(a, env); }

template <FpBits To>
To from_half(uint16_t h, Env& env) {
    using F = Format<To>;
    bool ahp = env.fpcr & kFpcrAHP;
    To sign = (h & 0x8000) ? F::kSign : 0;
    unsigned e = (h >> 10) & 31, frac = h & 0x3ff;
    if (e == 31 && !ahp) {
        if (frac == 0) return sign | F::kInf;
        if (!(frac & 0x200)) env.flags |= IOC;
        if (env.fpcr & kFpcrDN) return F::kDefaultNaN;
        return sign | F::kExpMask | F::kQuiet | (static_cast<To>(frac & 0x1ff) << (F::kFrac - 10));
    }
    if (e == 0 && frac == 0) return sign;
    // Every half value is exact in single and double precision.
    Host<To> v = std::ldexp(static_cast<Host<To>>(e == 0 ? frac : (frac | 0x400)), (e == 0 ? 1 : static_cast<int>(e)) - 25);
    return sign | std::bit_cast<To>(v);
}

// --- instantiations ------------------------------------------------------------
#define IRQSIM_FP_INSTANTIATE(B)                                                           \
    template B op2<B>(Op2, B, B, Env&);                                                    \
    template B mul_add<B>(B, B, B, Env&);                                                  \
    template B sqrt<B>(B, Env&);                                                           \
    template uint32_t compare<B>(B, B, bool, Env&);                                        \
    template bool compare_cond<B>(Cmp, B, B, Env&);                                        \
    template B round_int<B>(B, Rounding, bool, Env&);                                      \
    template uint64_t to_fixed<B>(B, unsigned, bool, unsigned, Rounding, Env&);            \
    template B from_fixed<B>(uint64_t, unsigned, bool, unsigned, Env&);                    \
    template B from_half<B>(uint16_t, Env&);
IRQSIM_FP_INSTANTIATE(uint32_t)
IRQSIM_FP_INSTANTIATE(uint64_t)
#undef IRQSIM_FP_INSTANTIATE
template uint64_t convert<uint64_t, uint32_t>(uint32_t, Env&);
template uint32_t convert<uint32_t, uint64_t>(uint64_t, Env&);

}  // namespace irqsim::fp
