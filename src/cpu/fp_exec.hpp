// The SIMD&FP vocabulary, next to exec.hpp's: V0-V31 read and written as
// B/H/S/D/Q scalars and as vector elements. The Arm ARM's V[] and Vpart[]
// accessors (shared/functions/vector) define the zeroing: a scalar or 64-bit
// vector write clears every bit of the register above the value written
// (AArch64 "writes to a SIMD&FP register zero the upper bits"), and a read
// of a narrower view returns the low bits.
#pragma once

#include <bit>
#include <cstring>

#include "cpu/exec.hpp"

namespace irqsim {

static_assert(std::endian::native == std::endian::little, "element i of a V register is at byte i * esize");

using Vec = std::array<uint64_t, 2>;  // one V register, [0] = bits [63:0]

// A whole register (Q view) ...
inline Vec vreg(const Cpu& c, unsigned n) { return c.v[n]; }
inline void set_vreg(Cpu& c, unsigned n, const Vec& v) { c.v[n] = v; }
// ... the low 64 bits of a vector operation: `q` false writes bits [63:0]
// and clears [127:64] (the 64-bit arrangements 8B, 4H, 2S, 1D).
inline void set_vreg(Cpu& c, unsigned n, const Vec& v, bool q) { c.v[n] = Vec{v[0], q ? v[1] : 0}; }

// The low sizeof(T) bytes as a scalar (B = uint8_t ... D = uint64_t) ...
template <typename T>
inline T vscalar(const Cpu& c, unsigned n) {
    static_assert(sizeof(T) <= 8);
    return static_cast<T>(c.v[n][0]);
}
// ... and a scalar write, clearing the rest of the register.
template <typename T>
inline void set_vscalar(Cpu& c, unsigned n, T value) {
    static_assert(sizeof(T) <= 8);
    uint64_t bits64 = 0;
    std::memcpy(&bits64, &value, sizeof(T));
    c.v[n] = Vec{bits64, 0};
}

// Element i of an arrangement with T-sized elements (Elem[] in the Arm ARM).
template <typename T>
inline T elem(const Vec& v, unsigned i) {
    T e;
    std::memcpy(&e, reinterpret_cast<const unsigned char*>(v.data()) + i * sizeof(T), sizeof(T));
    return e;
}
template <typename T>
inline void set_elem(Vec& v, unsigned i, T e) {
    std::memcpy(reinterpret_cast<unsigned char*>(v.data()) + i * sizeof(T), &e, sizeof(T));
}

// The second operand of the vector operations: Vm, or for the "by element"
// forms (decoded with d.ra = 0x80 | index; d.ra is bits 14:10, below 0x80,
// for every other form) element `index` of Vm in every lane.
template <typename T>
inline Vec operand_m(const Cpu& c, const DecodedInsn& d) {
    Vec b = vreg(c, d.rm);
    if (!(d.ra & 0x80)) [[likely]]
        return b;
    T e = elem<T>(b, d.ra & 0x7fu);
    for (unsigned i = 0; i < 16 / sizeof(T); ++i) set_elem<T>(b, i, e);
    return b;
}

// The same with the element size known only at run time (1, 2, 4 or 8
// bytes), zero-extended.
inline uint64_t get_lane(const Vec& v, unsigned i, unsigned ebytes) {
    uint64_t x = 0;
    std::memcpy(&x, reinterpret_cast<const unsigned char*>(v.data()) + i * ebytes, ebytes);
    return x;
}
inline void set_lane(Vec& v, unsigned i, unsigned ebytes, uint64_t x) {
    std::memcpy(reinterpret_cast<unsigned char*>(v.data()) + i * ebytes, &x, ebytes);
}

}  // namespace irqsim
