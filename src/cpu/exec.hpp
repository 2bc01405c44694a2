// The small vocabulary every semantic function is written in (in the spirit
// of Spike's WRITE_RD/RS1 macros): register access with the 31 = ZR/SP rule
// and the 32/64-bit rule, flags, and memory with faults routed to the
// system interface. Semantics files include only this.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>

#include "cpu/decoder.hpp"
#include "irqsim/cpu.hpp"

namespace irqsim {

inline constexpr bool kNext = false;  // fall through to PC + 4
inline constexpr bool kJump = true;   // PC already set (or stop requested)

// --- registers ---------------------------------------------------------------
// Register 31 read as XZR (x[31] is always zero) ...
inline uint64_t X(const Cpu& c, unsigned n) { return c.x[n]; }
inline uint32_t W(const Cpu& c, unsigned n) { return static_cast<uint32_t>(c.x[n]); }
// ... or as SP.
inline uint64_t XSP(const Cpu& c, unsigned n) { return n == 31 ? c.sp : c.x[n]; }

inline void set_X(Cpu& c, unsigned n, uint64_t v) {
    c.x[n] = v;
    c.x[31] = 0;  // a write to XZR is discarded
}
inline void set_W(Cpu& c, unsigned n, uint32_t v) { set_X(c, n, v); }  // zero-extends
inline void set_XSP(Cpu& c, unsigned n, uint64_t v) {
    if (n == 31)
        c.sp = v;
    else
        c.x[n] = v;
}
// Operand-size helpers: `sf` is the instruction's size bit (64-bit if true).
template <bool sf>
inline uint64_t R(const Cpu& c, unsigned n) {
    return sf ? c.x[n] : static_cast<uint32_t>(c.x[n]);
}
template <bool sf>
inline void set_R(Cpu& c, unsigned n, uint64_t v) {
    set_X(c, n, sf ? v : static_cast<uint32_t>(v));
}
template <bool sf>
inline void set_RSP(Cpu& c, unsigned n, uint64_t v) {
    set_XSP(c, n, sf ? v : static_cast<uint32_t>(v));
}
template <bool sf>
inline uint64_t RSP(const Cpu& c, unsigned n) {
    return sf ? XSP(c, n) : static_cast<uint32_t>(XSP(c, n));
}
template <bool sf>
constexpr unsigned kDataBits = sf ? 64 : 32;

// --- flags -------------------------------------------------------------------
// AddWithCarry() from the Arm ARM (shared/functions/integer), returning the
// result and leaving NZCV in `flags`.
template <bool sf>
inline uint64_t add_with_carry(uint64_t a, uint64_t b, unsigned carry_in, uint32_t& flags) {
    if constexpr (sf) {
        unsigned __int128 u = static_cast<unsigned __int128>(a) + b + carry_in;
        uint64_t r = static_cast<uint64_t>(u);
        bool c = (u >> 64) != 0;
        bool v = ((~(a ^ b) & (a ^ r)) >> 63) & 1;
        flags = (r >> 63 ? nzcv::N : 0) | (r == 0 ? nzcv::Z : 0) | (c ? nzcv::C : 0) | (v ? nzcv::V : 0);
        return r;
    } else {
        uint64_t u = uint64_t{static_cast<uint32_t>(a)} + static_cast<uint32_t>(b) + carry_in;
        uint32_t r = static_cast<uint32_t>(u);
        bool c = (u >> 32) != 0;
        bool v = ((~(a ^ b) & (a ^ r)) >> 31) & 1;
        flags = (r >> 31 ? nzcv::N : 0) | (r == 0 ? nzcv::Z : 0) | (c ? nzcv::C : 0) | (v ? nzcv::V : 0);
        return r;
    }
}
// N and Z from a logical result; C and V cleared (ANDS, BICS, TST).
template <bool sf>
inline uint32_t logic_flags(uint64_t r) {
    if constexpr (!sf) r = static_cast<uint32_t>(r);
    return ((r >> (kDataBits<sf> - 1)) & 1 ? nzcv::N : 0) | (r == 0 ? nzcv::Z : 0);
}
inline unsigned carry_flag(const Cpu& c) { return (c.nzcv >> 29) & 1; }

// ConditionHolds() (shared/functions/system).
inline bool condition_holds(uint32_t flags, unsigned cond) {
    bool n = flags & nzcv::N, z = flags & nzcv::Z, c = flags & nzcv::C, v = flags & nzcv::V;
    bool r;
    switch (cond >> 1) {
        case 0: r = z; break;             // EQ/NE
        case 1: r = c; break;             // CS/CC
        case 2: r = n; break;             // MI/PL
        case 3: r = v; break;             // VS/VC
        case 4: r = c && !z; break;       // HI/LS
        case 5: r = n == v; break;        // GE/LT
        case 6: r = n == v && !z; break;  // GT/LE
        default: r = true; break;         // AL/NV
    }
    if ((cond & 1) && cond != 15) r = !r;
    return r;
}

// --- memory ------------------------------------------------------------------
// Loads and stores through the bus. On a fault the system interface takes the
// abort (sets the PC to a vector or stops the CPU) and these return false; the
// caller then returns kJump without writing any register.
template <typename T>
inline bool load(Cpu& c, uint64_t addr, T& out) {
    if (c.bus().read<T>(addr, out) == BusStatus::Ok) [[likely]]
        return true;
    c.system().abort(c, AccessKind::Read, addr, false);
    return false;
}
template <typename T>
inline bool store(Cpu& c, uint64_t addr, T value) {
    if (c.bus().write<T>(addr, value) == BusStatus::Ok) [[likely]]
        return true;
    c.system().abort(c, AccessKind::Write, addr, false);
    return false;
}
// For accesses the architecture requires to be aligned (exclusives,
// acquire/release, atomics): an alignment fault otherwise.
inline bool check_aligned(Cpu& c, uint64_t addr, unsigned size, AccessKind kind) {
    if ((addr & (size - 1)) == 0) [[likely]]
        return true;
    c.system().abort(c, kind, addr, true);
    return false;
}

// --- control -----------------------------------------------------------------
inline bool branch_to(Cpu& c, uint64_t target) {
    c.pc = target;
    return kJump;
}
inline bool undefined(Cpu& c, const DecodedInsn& d) {
    c.system().undefined(c, d.word);
    return kJump;
}

}  // namespace irqsim
