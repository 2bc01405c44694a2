// C4.1.90 Advanced SIMD integer operations: three same, three different,
// two-register miscellaneous, across lanes, scalar pairwise and shift by
// immediate, vector and scalar forms. The floating-point opcodes of these
// classes are simd_fp.cpp's.
//
// Every exec function works on d.f1 lanes of the element size it is
// specialised on (16/esize for Q = 1, 8/esize for Q = 0, 1 for a scalar);
// the result register starts at zero, so the bits above the lanes written are
// cleared as the Arm ARM's V[d] = result does. QC (FPSR bit 27) records
// saturation (FPSR.QC, set by the saturating operations).
#include <limits>

#include "cpu/fp_exec.hpp"
#include "cpu/simd_decode.hpp"

namespace irqsim {
namespace {

template <unsigned size>
using U = std::conditional_t<size == 0, uint8_t, std::conditional_t<size == 1, uint16_t, std::conditional_t<size == 2, uint32_t, uint64_t>>>;
template <unsigned size>
using S = std::make_signed_t<U<size>>;

constexpr uint64_t kQC = 1u << 27;

// Saturate a wide result into the element type, recording QC.
template <typename T>
T saturate(Cpu& c, __int128 v) {
    constexpr __int128 lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
    if (v < lo || v > hi) {
        c.fpsr |= kQC;
        return static_cast<T>(v < lo ? lo : hi);
    }
    return static_cast<T>(v);
}

// USHL/SSHL: shift by the signed low byte of the other element (right when
// negative); URSHL-style rounding is not needed by these forms.
template <typename T>
T shift_by(T x, int8_t sh) {
    constexpr int esize = sizeof(T) * 8;
    if (sh >= 0) return sh >= esize ? T{0} : static_cast<T>(x << sh);
    int r = -sh;
    if constexpr (std::is_signed_v<T>) return static_cast<T>(x >> (r >= esize ? esize - 1 : r));
    return r >= esize ? T{0} : static_cast<T>(x >> r);
}

// --- three same -----------------------------------------------------------------
// op = U:opcode.
enum : unsigned {
    kSHADD = 0x00, kUHADD = 0x20, kSQADD = 0x01, kUQADD = 0x21, kSRHADD = 0x02, kURHADD = 0x22, kLOGIC0 = 0x03,
    kLOGIC1 = 0x23, kSHSUB = 0x04, kUHSUB = 0x24, kSQSUB = 0x05, kUQSUB = 0x25, kCMGT = 0x06, kCMHI = 0x26,
    kCMGE = 0x07, kCMHS = 0x27, kSSHL = 0x08, kUSHL = 0x28, kSMAX = 0x0c, kUMAX = 0x2c, kSMIN = 0x0d, kUMIN = 0x2d,
    kSABD = 0x0e, kUABD = 0x2e, kSABA = 0x0f, kUABA = 0x2f, kADD = 0x10, kSUB = 0x30, kCMTST = 0x11, kCMEQ = 0x31,
    kMLA = 0x12, kMLS = 0x32, kMUL = 0x13, kSMAXP = 0x14, kUMAXP = 0x34, kSMINP = 0x15, kUMINP = 0x35, kADDP = 0x17,
};

template <unsigned op, unsigned size>
struct Same3 {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using T = U<size>;
        using ST = S<size>;
        unsigned lanes = d.f1;
        Vec a = vreg(c, d.rn), b = operand_m<T>(c, d), acc = vreg(c, d.rd), r{};
        if constexpr (op == kLOGIC0 || op == kLOGIC1) {
            // AND, BIC, ORR, ORN / EOR, BSL, BIT, BIF: size is the operation.
            for (unsigned i = 0; i < (lanes == 16 ? 2u : 1u); ++i) {
                uint64_t x = a[i], y = b[i], z = acc[i];
                if constexpr (op == kLOGIC0)
                    r[i] = size == 0 ? x & y : size == 1 ? x & ~y : size == 2 ? x | y : x | ~y;
                else
                    r[i] = size == 0 ? x ^ y : size == 1 ? (z & x) | (~z & y) : size == 2 ? (x & y) | (z & ~y) : (z & y) | (x & ~y);
            }
            set_vreg(c, d.rd, r);
            return kNext;
        } else {
            constexpr bool pairwise = op == kSMAXP || op == kUMAXP || op == kSMINP || op == kUMINP || op == kADDP;
            Vec hi = b;  // pairwise: the concatenation Vm:Vn, Vn in the low lanes
            for (unsigned i = 0; i < lanes; ++i) {
                T x, y;
                if constexpr (pairwise) {
                    unsigned k = 2 * i;
                    auto pick = [&](unsigned j) { return j < lanes ? elem<T>(a, j) : elem<T>(hi, j - lanes); };
                    x = pick(k);
                    y = pick(k + 1);
                } else {
                    x = elem<T>(a, i);
                    y = elem<T>(b, i);
                }
                ST sx = static_cast<ST>(x), sy = static_cast<ST>(y);
                T z = elem<T>(acc, i), v = 0;
                constexpr T ones = static_cast<T>(~T{0});
                if constexpr (op == kADD || op == kADDP) v = static_cast<T>(x + y);
                if constexpr (op == kSUB) v = static_cast<T>(x - y);
                if constexpr (op == kCMEQ) v = x == y ? ones : 0;
                if constexpr (op == kCMTST) v = (x & y) ? ones : 0;
                if constexpr (op == kCMHI) v = x > y ? ones : 0;
                if constexpr (op == kCMHS) v = x >= y ? ones : 0;
                if constexpr (op == kCMGT) v = sx > sy ? ones : 0;
                if constexpr (op == kCMGE) v = sx >= sy ? ones : 0;
                if constexpr (op == kUMAX || op == kUMAXP) v = x > y ? x : y;
                if constexpr (op == kUMIN || op == kUMINP) v = x < y ? x : y;
                if constexpr (op == kSMAX || op == kSMAXP) v = static_cast<T>(sx > sy ? sx : sy);
                if constexpr (op == kSMIN || op == kSMINP) v = static_cast<T>(sx < sy ? sx : sy);
                if constexpr (op == kUABD || op == kUABA) v = static_cast<T>(x > y ? x - y : y - x);
                if constexpr (op == kSABD || op == kSABA) v = static_cast<T>(sx > sy ? T(x - y) : T(y - x));
                if constexpr (op == kUABA || op == kSABA) v = static_cast<T>(v + z);
                if constexpr (op == kMUL) v = static_cast<T>(uint64_t{x} * y);
                if constexpr (op == kMLA) v = static_cast<T>(z + uint64_t{x} * y);
                if constexpr (op == kMLS) v = static_cast<T>(z - uint64_t{x} * y);
                if constexpr (op == kUHADD) v = static_cast<T>((static_cast<unsigned __int128>(x) + y) >> 1);
                if constexpr (op == kURHADD) v = static_cast<T>((static_cast<unsigned __int128>(x) + y + 1) >> 1);
                if constexpr (op == kUHSUB) v = static_cast<T>((static_cast<__int128>(x) - y) >> 1);
                if constexpr (op == kSHADD) v = static_cast<T>((static_cast<__int128>(sx) + sy) >> 1);
                if constexpr (op == kSRHADD) v = static_cast<T>((static_cast<__int128>(sx) + sy + 1) >> 1);
                if constexpr (op == kSHSUB) v = static_cast<T>((static_cast<__int128>(sx) - sy) >> 1);
                if constexpr (op == kUQADD) v = saturate<T>(c, static_cast<__int128>(x) + y);
                if constexpr (op == kUQSUB) v = saturate<T>(c, static_cast<__int128>(x) - y);
                if constexpr (op == kSQADD) v = static_cast<T>(saturate<ST>(c, static_cast<__int128>(sx) + sy));
                if constexpr (op == kSQSUB) v = static_cast<T>(saturate<ST>(c, static_cast<__int128>(sx) - sy));
                if constexpr (op == kUSHL) v = shift_by<T>(x, static_cast<int8_t>(y));
                if constexpr (op == kSSHL) v = static_cast<T>(shift_by<ST>(sx, static_cast<int8_t>(y)));
                set_elem<T>(r, i, v);
            }
            set_vreg(c, d.rd, r);
            return kNext;
        }
    }
};

// --- three different ---------------------------------------------------------------
// U selects the unsigned forms, and for ADDHN/SUBHN the rounding ones
// (RADDHN, RSUBHN). The long forms read Vpart[n, Q] and Vpart[m, Q] (the "2" variants the
// upper halves) and write 2*esize elements; the wide forms read Vn whole;
// the narrowing forms (ADDHN, SUBHN) write Vpart[d, Q], keeping the lower
// half for the "2" variant.
enum : unsigned {
    kADDL = 0x0, kADDW = 0x1, kSUBL = 0x2, kSUBW = 0x3, kADDHN = 0x4, kABAL = 0x5, kSUBHN = 0x6, kABDL = 0x7,
    kMLAL = 0x8, kMLSL = 0xa, kMULL = 0xc,
};
template <unsigned op, unsigned size, unsigned uns>
struct Diff3 {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using N = std::conditional_t<uns != 0, U<size>, S<size>>;  // narrow element
        using W = std::conditional_t<uns != 0, U<size + 1>, S<size + 1>>;
        constexpr unsigned lanes = 8 / sizeof(N);
        bool part = d.f2;
        Vec a = vreg(c, d.rn), b = operand_m<N>(c, d), acc = vreg(c, d.rd), r{};
        for (unsigned i = 0; i < lanes; ++i) {
            N y = elem<N>(b, i + (part ? lanes : 0));
            W wy = y;
            if constexpr (op == kADDHN || op == kSUBHN) {
                using UW = std::make_unsigned_t<W>;
                UW x = elem<UW>(a, i), yy = elem<UW>(b, i);
                UW s = static_cast<UW>(op == kADDHN ? x + yy : x - yy);
                if constexpr (uns != 0) s = static_cast<UW>(s + (UW{1} << (8 * sizeof(N) - 1)));  // RADDHN, RSUBHN
                set_elem<U<size>>(r, i + (part ? lanes : 0), static_cast<U<size>>(s >> (8 * sizeof(N))));
                continue;
            }
            W wx = (op == kADDW || op == kSUBW) ? elem<W>(a, i) : W(elem<N>(a, i + (part ? lanes : 0)));
            W z = elem<W>(acc, i), v = 0;
            using UW = std::make_unsigned_t<W>;
            if constexpr (op == kADDL || op == kADDW) v = static_cast<W>(UW(wx) + UW(wy));
            if constexpr (op == kSUBL || op == kSUBW) v = static_cast<W>(UW(wx) - UW(wy));
            if constexpr (op == kABDL || op == kABAL) v = static_cast<W>(wx > wy ? UW(wx) - UW(wy) : UW(wy) - UW(wx));
            if constexpr (op == kABAL) v = static_cast<W>(UW(v) + UW(z));
            // Products in 64 bits: two 16-bit lanes would multiply as int and overflow.
            uint64_t prod = uint64_t{UW(wx)} * UW(wy);
            if constexpr (op == kMULL) v = static_cast<W>(prod);
            if constexpr (op == kMLAL) v = static_cast<W>(uint64_t{UW(z)} + prod);
            if constexpr (op == kMLSL) v = static_cast<W>(uint64_t{UW(z)} - prod);
            set_elem<W>(r, i, v);
        }
        if constexpr (op == kADDHN || op == kSUBHN) {
            if (part) r[0] = acc[0];
        }
        set_vreg(c, d.rd, r);
        return kNext;
    }
};

// --- two-register miscellaneous ---------------------------------------------------------
enum : unsigned {
    kREV64 = 0x00, kREV32 = 0x20, kREV16 = 0x01, kSADDLP = 0x02, kUADDLP = 0x22, kCLS = 0x04, kCLZ = 0x24,
    kCNT = 0x05, kNOT = 0x25, kSADALP = 0x06, kUADALP = 0x26, kCMGT0 = 0x08, kCMGE0 = 0x28, kCMEQ0 = 0x09,
    kCMLE0 = 0x29, kCMLT0 = 0x0a, kABS = 0x0b, kNEG = 0x2b, kXTN = 0x12, kSQXTUN = 0x32, kSHLL = 0x33,
    kSQXTN = 0x14, kUQXTN = 0x34,
};
template <unsigned op, unsigned size>
struct Misc2 {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using T = U<size>;
        using ST = S<size>;
        unsigned lanes = d.f1;
        Vec a = vreg(c, d.rn), acc = vreg(c, d.rd), r{};
        constexpr T ones = static_cast<T>(~T{0});
        if constexpr (op == kREV64 || op == kREV32 || op == kREV16) {
            // Reverse the elements in each 64-, 32- or 16-bit container.
            constexpr unsigned container = op == kREV64 ? 8 : op == kREV32 ? 4 : 2;
            // Elements wider than the container are unallocated (the decoder
            // never picks those instantiations); 1 keeps them well-formed.
            constexpr unsigned per = container >= sizeof(T) ? container / sizeof(T) : 1;
            for (unsigned i = 0; i < lanes; ++i) set_elem<T>(r, i, elem<T>(a, (i / per) * per + (per - 1 - i % per)));
        } else if constexpr (op == kXTN || op == kSQXTN || op == kUQXTN || op == kSQXTUN) {
            // Narrow 2*esize elements into Vpart[d, Q]; the "2" form keeps the low half.
            using W = U<size + 1>;
            using SW = S<size + 1>;
            bool part = d.f2;
            unsigned n = d.f1 == 1 ? 1 : 8 / sizeof(T);  // a scalar form narrows one element
            for (unsigned i = 0; i < n; ++i) {
                W x = elem<W>(a, i);
                T v;
                if constexpr (op == kXTN) v = static_cast<T>(x);
                if constexpr (op == kUQXTN) v = saturate<T>(c, x);
                if constexpr (op == kSQXTN) v = static_cast<T>(saturate<ST>(c, static_cast<SW>(x)));
                if constexpr (op == kSQXTUN) v = saturate<T>(c, static_cast<SW>(x));
                set_elem<T>(r, i + (part ? 8 / sizeof(T) : 0), v);
            }
            if (part) r[0] = acc[0];
            set_vreg(c, d.rd, r);
            return kNext;
        } else if constexpr (op == kSHLL) {
            // size 3 is unallocated (decode refuses it); its grid slot must
            // still compile, without a shift by the whole width.
            if constexpr (size < 3) {
                using W = U<size + 1>;
                bool part = d.f2;
                for (unsigned i = 0; i < 8 / sizeof(T); ++i)
                    set_elem<W>(r, i, static_cast<W>(W{elem<T>(a, i + (part ? 8 / sizeof(T) : 0))} << (8 * sizeof(T))));
            }
        } else if constexpr (op == kSADDLP || op == kUADDLP || op == kSADALP || op == kUADALP) {
            // Pairwise add long (and accumulate): lanes/2 results of 2*esize.
            using W = std::conditional_t<(op & 0x20) != 0, U<size + 1>, S<size + 1>>;
            using N = std::conditional_t<(op & 0x20) != 0, T, ST>;
            for (unsigned i = 0; i < lanes / 2; ++i) {
                W s = static_cast<W>(W(static_cast<N>(elem<T>(a, 2 * i))) + W(static_cast<N>(elem<T>(a, 2 * i + 1))));
                if constexpr (op == kSADALP || op == kUADALP) s = static_cast<W>(s + elem<W>(acc, i));
                set_elem<W>(r, i, s);
            }
        } else {
            for (unsigned i = 0; i < lanes; ++i) {
                T x = elem<T>(a, i), v = 0;
                ST sx = static_cast<ST>(x);
                if constexpr (op == kCLZ) v = static_cast<T>(std::countl_zero(x));
                if constexpr (op == kCLS) v = static_cast<T>(std::countl_zero(static_cast<T>(x ^ (sx < 0 ? ones : 0))) - 1);
                if constexpr (op == kCNT) v = static_cast<T>(std::popcount(x));
                if constexpr (op == kNOT) v = static_cast<T>(size == 0 ? ~x : x);  // size 01 is RBIT (below)
                if constexpr (op == kCMGT0) v = sx > 0 ? ones : 0;
                if constexpr (op == kCMGE0) v = sx >= 0 ? ones : 0;
                if constexpr (op == kCMEQ0) v = x == 0 ? ones : 0;
                if constexpr (op == kCMLE0) v = sx <= 0 ? ones : 0;
                if constexpr (op == kCMLT0) v = sx < 0 ? ones : 0;
                if constexpr (op == kABS) v = static_cast<T>(sx < 0 ? T(0 - x) : x);
                if constexpr (op == kNEG) v = static_cast<T>(0 - x);
                set_elem<T>(r, i, v);
            }
        }
        set_vreg(c, d.rd, r);
        return kNext;
    }
};
// RBIT (vector): NOT's encoding with size 01, on bytes.
bool exec_rbit(Cpu& c, const DecodedInsn& d) {
    Vec a = vreg(c, d.rn), r{};
    for (unsigned i = 0; i < d.f1; ++i) {
        uint8_t x = elem<uint8_t>(a, i), y = 0;
        for (int b = 0; b < 8; ++b) y = static_cast<uint8_t>(y | (((x >> b) & 1) << (7 - b)));
        set_elem<uint8_t>(r, i, y);
    }
    set_vreg(c, d.rd, r);
    return kNext;
}

// --- across lanes --------------------------------------------------------------------------
enum : unsigned { kSADDLV = 0x03, kUADDLV = 0x23, kSMAXV = 0x0a, kUMAXV = 0x2a, kSMINV = 0x1a, kUMINV = 0x3a, kADDV = 0x1b };
template <unsigned op, unsigned size>
struct Across {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using T = U<size>;
        using ST = S<size>;
        Vec a = vreg(c, d.rn), r{};
        unsigned lanes = d.f1;
        if constexpr (op == kSADDLV || op == kUADDLV) {
            using W = U<size + 1>;
            W s = 0;
            for (unsigned i = 0; i < lanes; ++i) s = static_cast<W>(s + (op == kUADDLV ? W(elem<T>(a, i)) : W(static_cast<ST>(elem<T>(a, i)))));
            set_elem<W>(r, 0, s);
        } else {
            T v = elem<T>(a, 0);
            for (unsigned i = 1; i < lanes; ++i) {
                T x = elem<T>(a, i);
                if constexpr (op == kADDV) v = static_cast<T>(v + x);
                if constexpr (op == kUMAXV) v = x > v ? x : v;
                if constexpr (op == kUMINV) v = x < v ? x : v;
                if constexpr (op == kSMAXV) v = static_cast<ST>(x) > static_cast<ST>(v) ? x : v;
                if constexpr (op == kSMINV) v = static_cast<ST>(x) < static_cast<ST>(v) ? x : v;
            }
            set_elem<T>(r, 0, v);
        }
        set_vreg(c, d.rd, r);
        return kNext;
    }
};

// --- shift by immediate ------------------------------------------------------------------------
// d.imm = the shift amount; d.f1 lanes; d.f2 = Q for the narrowing and long
// forms ("2" variants).
enum : unsigned {
    kSSHR = 0x00, kUSHR = 0x20, kSSRA = 0x02, kUSRA = 0x22, kSRSHR = 0x04, kURSHR = 0x24, kSRSRA = 0x06,
    kURSRA = 0x26, kSRI = 0x28, kSHL = 0x0a, kSLI = 0x2a, kSHRN = 0x10, kRSHRN = 0x11, kSSHLL = 0x14, kUSHLL = 0x34,
};
template <unsigned op, unsigned size>
struct ShiftImm {
    static bool fn(Cpu& c, const DecodedInsn& d) {
        using T = U<size>;
        using ST = S<size>;
        constexpr unsigned esize = 8 * sizeof(T);
        unsigned sh = static_cast<unsigned>(d.imm), lanes = d.f1;
        Vec a = vreg(c, d.rn), acc = vreg(c, d.rd), r{};
        if constexpr (op == kSHRN || op == kRSHRN) {
            using W = U<size + 1>;
            bool part = d.f2;
            for (unsigned i = 0; i < 8 / sizeof(T); ++i) {
                unsigned __int128 x = elem<W>(a, i);
                if constexpr (op == kRSHRN) x += static_cast<unsigned __int128>(1) << (sh - 1);
                set_elem<T>(r, i + (part ? 8 / sizeof(T) : 0), static_cast<T>(x >> sh));
            }
            if (part) r[0] = acc[0];
        } else if constexpr (op == kSSHLL || op == kUSHLL) {
            using W = U<size + 1>;
            bool part = d.f2;
            for (unsigned i = 0; i < 8 / sizeof(T); ++i) {
                T x = elem<T>(a, i + (part ? 8 / sizeof(T) : 0));
                W w = op == kUSHLL ? W(x) : static_cast<W>(static_cast<S<size + 1>>(static_cast<ST>(x)));
                set_elem<W>(r, i, static_cast<W>(w << sh));
            }
        } else {
            for (unsigned i = 0; i < lanes; ++i) {
                T x = elem<T>(a, i), z = elem<T>(acc, i), v = 0;
                // Right shifts by 1..esize, on a widened value so esize works.
                __int128 wide = (op & 0x20) ? static_cast<__int128>(x) : static_cast<__int128>(static_cast<ST>(x));
                if constexpr (op == kSRSHR || op == kURSHR || op == kSRSRA || op == kURSRA)
                    wide += static_cast<__int128>(1) << (sh - 1);
                if constexpr (op == kSSHR || op == kUSHR || op == kSRSHR || op == kURSHR) v = static_cast<T>(wide >> sh);
                if constexpr (op == kSSRA || op == kUSRA || op == kSRSRA || op == kURSRA) v = static_cast<T>(z + static_cast<T>(wide >> sh));
                if constexpr (op == kSHL) v = static_cast<T>(uint64_t{x} << sh);
                if constexpr (op == kSLI) {
                    T mask = static_cast<T>(~T{0} << sh);
                    v = static_cast<T>((z & ~mask) | ((uint64_t{x} << sh) & mask));
                }
                if constexpr (op == kSRI) {
                    T mask = sh == esize ? T{0} : static_cast<T>(static_cast<T>(~T{0}) >> sh);
                    v = static_cast<T>((z & ~mask) | (sh == esize ? T{0} : static_cast<T>(x >> sh)));
                }
                set_elem<T>(r, i, v);
            }
        }
        set_vreg(c, d.rd, r);
        return kNext;
    }
};

}  // namespace

// --- decode -----------------------------------------------------------------------------------
namespace {
bool is_scalar(uint32_t w) { return bit(w, 28); }
// Lanes for an element size: 1 for a scalar form, else 8 or 16 bytes' worth.
uint8_t lanes_of(uint32_t w, unsigned size) {
    if (is_scalar(w)) return 1;
    return static_cast<uint8_t>((bit(w, 30) ? 16u : 8u) >> size);
}
}  // namespace

bool dec_simd_3same(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), size = bits(w, 23, 22), opcode = bits(w, 15, 11), op = u << 5 | opcode;
    if (opcode >= 0x18) return dec_simd_fp_3same(w, d);
    bool scalar = is_scalar(w), q = bit(w, 30);
    if (scalar) {
        // Scalar: the 64-bit ADD/SUB/compares/shifts, and saturating add/sub on any size.
        bool d_only = op == kADD || op == kSUB || op == kCMEQ || op == kCMTST || op == kCMGT || op == kCMHI ||
                      op == kCMGE || op == kCMHS || op == kSSHL || op == kUSHL;
        bool any = op == kSQADD || op == kUQADD || op == kSQSUB || op == kUQSUB;
        if (!(any || (d_only && size == 3))) return false;
    } else if (op == kLOGIC0 || op == kLOGIC1) {
        d.f1 = q ? 16 : 8;
        d.exec = pick_exec<Same3, 64, 4>(op, size);
        return true;
    } else {
        if (size == 3 && !q) return false;  // 1D arrangements exist only for scalars
        bool no_d = op == kSHADD || op == kUHADD || op == kSRHADD || op == kURHADD || op == kSHSUB || op == kUHSUB ||
                    op == kSMAX || op == kUMAX || op == kSMIN || op == kUMIN || op == kSABD || op == kUABD ||
                    op == kSABA || op == kUABA || op == kMLA || op == kMLS || op == kMUL || op == kSMAXP ||
                    op == kUMAXP || op == kSMINP || op == kUMINP;
        if (no_d && size == 3) return false;
        bool known = no_d || op == kSQADD || op == kUQADD || op == kSQSUB || op == kUQSUB || op == kCMGT ||
                     op == kCMHI || op == kCMGE || op == kCMHS || op == kSSHL || op == kUSHL || op == kADD ||
                     op == kSUB || op == kCMTST || op == kCMEQ || op == kADDP;
        if (!known) return false;  // PMUL, SQDMULH, SQRSHL ... are not implemented
    }
    d.f1 = lanes_of(w, size);
    d.exec = pick_exec<Same3, 64, 4>(op, size);
    return true;
}

bool dec_simd_3diff(uint32_t w, DecodedInsn& d) {
    unsigned size = bits(w, 23, 22), opcode = bits(w, 15, 12);
    bool known = opcode <= kABDL || opcode == kMLAL || opcode == kMLSL || opcode == kMULL;
    if (size == 3 || !known) return false;
    d.f2 = static_cast<uint8_t>(bit(w, 30));
    d.exec = pick_exec<Diff3, 16, 3, 2>(opcode, size, bit(w, 29));
    return true;
}

bool dec_simd_2misc(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), size = bits(w, 23, 22), opcode = bits(w, 16, 12), op = u << 5 | opcode;
    if ((opcode >= 0x0c && opcode <= 0x0f && size >= 2) || opcode >= 0x16) return dec_simd_fp_2misc(w, d);
    bool scalar = is_scalar(w), q = bit(w, 30);
    d.f1 = lanes_of(w, size);
    d.f2 = static_cast<uint8_t>(q);
    if (scalar) {
        bool ok = (op == kCMGT0 || op == kCMGE0 || op == kCMEQ0 || op == kCMLE0 || op == kCMLT0 || op == kABS ||
                   op == kNEG) && size == 3;
        bool narrow = (op == kSQXTN || op == kUQXTN || op == kSQXTUN) && size < 3;
        if (!ok && !narrow) return false;
        d.f2 = 0;  // the scalar narrowing forms write element 0 only
    } else {
        switch (op) {
            case kREV64: if (size == 3) return false; break;
            case kREV32: if (size >= 2) return false; break;
            case kREV16: if (size >= 1) return false; break;
            case kCNT: if (size != 0) return false; break;
            case kNOT:
                if (size == 1) {
                    d.f1 = q ? 16 : 8;
                    d.exec = exec_rbit;
                    return true;
                }
                if (size != 0) return false;
                break;
            case kXTN: case kSQXTN: case kUQXTN: case kSQXTUN: case kSHLL:
                if (size == 3) return false;
                break;
            case kSADDLP: case kUADDLP: case kSADALP: case kUADALP:
                if (size == 3) return false;
                break;
            case kCLS: case kCLZ: if (size == 3) return false; break;
            case kCMGT0: case kCMGE0: case kCMEQ0: case kCMLE0: case kCMLT0: case kABS: case kNEG:
                if (size == 3 && !q) return false;
                break;
            default: return false;
        }
    }
    d.exec = pick_exec<Misc2, 64, 4>(op, size);
    return true;
}

bool dec_simd_across(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), size = bits(w, 23, 22), opcode = bits(w, 16, 12), op = u << 5 | opcode;
    if (opcode == 0x0c || opcode == 0x0f) return dec_simd_fp_across(w, d);
    bool q = bit(w, 30);
    if (!(op == kSADDLV || op == kUADDLV || op == kSMAXV || op == kUMAXV || op == kSMINV || op == kUMINV || op == kADDV))
        return false;
    if (size == 3 || (size == 2 && !q)) return false;  // at least four lanes
    d.f1 = lanes_of(w, size);
    d.exec = pick_exec<Across, 64, 4>(op, size);
    return true;
}

// Scalar pairwise: ADDP (size 11, the two doublewords of Vn); the FP forms
// are simd_fp.cpp's.
bool dec_simd_pair_scalar(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), size = bits(w, 23, 22), opcode = bits(w, 16, 12);
    if (u) return dec_simd_fp_pair_scalar(w, d);
    if (opcode != 0x1b || size != 3) return false;
    d.f1 = 1;
    d.exec = [](Cpu& c, const DecodedInsn& i) {
        set_vscalar<uint64_t>(c, i.rd, c.v[i.rn][0] + c.v[i.rn][1]);
        return kNext;
    };
    return true;
}

// immh:immb: the element size is the highest set bit of immh; right shifts
// are 2*esize - immh:immb, left shifts immh:immb - esize.
bool dec_simd_shift(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), immh = bits(w, 22, 19), immhb = bits(w, 22, 16), opcode = bits(w, 15, 11);
    unsigned op = u << 5 | opcode;
    if (immh == 0) return false;
    if (opcode == 0x1c || opcode == 0x1f) return dec_simd_fp_shift(w, d);
    unsigned size = 31 - std::countl_zero(immh), esize = 8u << size;
    bool scalar = is_scalar(w), q = bit(w, 30);
    bool narrow = op == kSHRN || op == kRSHRN, widen = op == kSSHLL || op == kUSHLL;
    bool left = op == kSHL || op == kSLI || widen;
    switch (op) {
        case kSSHR: case kUSHR: case kSSRA: case kUSRA: case kSRSHR: case kURSHR: case kSRSRA: case kURSRA:
        case kSRI: case kSHL: case kSLI:
            if (scalar ? size != 3 : (size == 3 && !q)) return false;
            break;
        case kSHRN: case kRSHRN: case kSSHLL: case kUSHLL:
            if (scalar || size == 3) return false;
            break;
        default: return false;  // the saturating shifts are not implemented
    }
    // The narrowing forms name the wide element: immh gives the narrow one.
    d.imm = left ? immhb - esize : (narrow ? 2 * esize - immhb : 2 * esize - immhb);
    d.f1 = lanes_of(w, size);
    d.f2 = static_cast<uint8_t>(q);
    d.exec = pick_exec<ShiftImm, 64, 4>(op, size);
    return true;
}

// Vector x indexed element: MUL, MLA, MLS and the long SMULL/UMULL,
// SMLAL/UMLAL, SMLSL/UMLSL (with their "2" forms) on element H:L:M (halfword)
// or H:L (word) of Vm, whose number is then M:Rm (word) or Rm (halfword);
// the FP ones (FMUL, FMLA, FMLS, FMULX, also scalar) are simd_fp.cpp's.
bool dec_simd_elem(uint32_t w, DecodedInsn& d) {
    unsigned u = bit(w, 29), size = bits(w, 23, 22), opcode = bits(w, 15, 12);
    unsigned h = bit(w, 11), l = bit(w, 21), m = bit(w, 20), rm4 = bits(w, 19, 16);
    bool q = bit(w, 30), scalar = is_scalar(w);
    if (opcode == 0x1 || opcode == 0x5 || opcode == 0x9) return dec_simd_fp_elem(w, d);
    if (scalar || size == 0 || size == 3) return false;
    unsigned index = size == 1 ? (h << 2 | l << 1 | m) : (h << 1 | l);
    d.rm = static_cast<uint8_t>(size == 1 ? rm4 : (m << 4 | rm4));
    d.ra = static_cast<uint8_t>(0x80 | index);
    d.f1 = lanes_of(w, size);
    d.f2 = static_cast<uint8_t>(q);
    switch (u << 4 | opcode) {
        case 0x10: d.exec = pick_exec<Same3, 64, 4>(kMLA, size); return true;
        case 0x14: d.exec = pick_exec<Same3, 64, 4>(kMLS, size); return true;
        case 0x08: d.exec = pick_exec<Same3, 64, 4>(kMUL, size); return true;
        case 0x02: case 0x12: d.exec = pick_exec<Diff3, 16, 3, 2>(kMLAL, size, u); return true;
        case 0x06: case 0x16: d.exec = pick_exec<Diff3, 16, 3, 2>(kMLSL, size, u); return true;
        case 0x0a: case 0x1a: d.exec = pick_exec<Diff3, 16, 3, 2>(kMULL, size, u); return true;
        default: return false;  // SQDMULL, SQDMULH, SQRDMULH, SDOT ... are not implemented
    }
}

}  // namespace irqsim
