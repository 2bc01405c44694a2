// The A64 decode table: one row per instruction form, written as a 32-bit
// pattern that reads against the encoding diagrams of the Arm ARM (DDI 0487,
// chapter C4 "A64 Instruction Set Encoding").
//
// Pattern alphabet (bit 31 first; spaces are ignored and only separate the
// Arm ARM's fields for the reader):
//   0 1   fixed bits
//   d n m a   Rd, Rn, Rm, Ra          t u s   Rt, Rt2, Rs
//   z     sf (operand size)            i  immediate bits
//   any other letter: a named field of that row (c = cond, h = hw/shift,
//   o = option, x = "don't care" bits the row's decode function checks)
// In load/store and atomic rows `n` is the base register and `m` the index
// register: the differential generators rely on that.
//
// Rows may overlap only when one row's fixed bits are a strict superset of
// the other's: the more specific row wins (the Arm ARM's aliases and
// "unallocated" carve-outs are written that way). tests/cpu checks it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "irqsim/cpu.hpp"

namespace irqsim {

struct DecodedInsn;
// Executes one instruction. Returns false to fall through to PC+4, true when
// it has set the PC itself (branch, exception) or the run must stop.
using ExecFn = bool (*)(Cpu&, const DecodedInsn&);
// Fills `out` from the instruction word. Returns false when the word is
// unallocated although it matches the row's pattern (reserved field values).
using DecodeFn = bool (*)(uint32_t word, DecodedInsn& out);

// The predecoded form of one instruction: 32 bytes, fields pre-extracted so
// the exec functions do no decoding.
struct DecodedInsn {
    ExecFn exec = nullptr;
    int64_t imm = 0;  // row-specific: decoded immediate, offset, bitmask ...
    uint32_t word = 0;
    uint16_t row = 0;  // index into decode_table(), kUnallocatedRow if none
    uint8_t rd = 0, rn = 0, rm = 0, ra = 0;  // also Rt (rd), Rt2 (ra), Rs (rm)
    uint8_t f1 = 0, f2 = 0;  // row-specific small fields (size, cond, shift ...)
    // For a page slot whose exec function is not written for the lazy PC
    // (Cpu::sync), exec is a trampoline that syncs first and this is the
    // real function's index (src/cpu/core.cpp).
    uint16_t unsynced = 0;
    // Where a cycle observer last found this slot's classification
    // (CpuCycleModel::classified): a hint it checks against the word, so a
    // re-decoded or rewritten slot costs a lookup, never a wrong answer.
    uint16_t observer_hint = 0;
};
static_assert(sizeof(DecodedInsn) == 32 && sizeof(DecodedInsn) == size_t{1} << Cpu::kSlotShift);

enum class InsnClass : uint8_t {
    DataProcImm,  // C4.1.86 Data Processing -- Immediate
    DataProcReg,  // C4.1.89 Data Processing -- Register
    BranchSys,    // C4.1.87 Branches, Exception Generating and System
    LoadStore,    // C4.1.88 Loads and Stores (non-exclusive)
    Atomic,       // exclusives, acquire/release, LSE atomics
    FpLoadStore,  // C4.1.88 Loads and Stores, SIMD&FP registers (V = 1)
    FpData,       // C4.1.90 Data Processing -- Scalar Floating-Point
    Simd,         // C4.1.90 Data Processing -- Advanced SIMD
};

struct InsnRow {
    const char* name;     // e.g. "ADD_imm"
    const char* title;    // the Arm ARM's heading, e.g. "ADD (immediate)"
    const char* pattern;  // as above
    InsnClass cls;
    DecodeFn decode;
    uint32_t mask;   // 1 where the pattern has a fixed bit
    uint32_t value;  // the fixed bits
};

inline constexpr uint16_t kUnallocatedRow = 0xffff;

std::span<const InsnRow> decode_table();
// Index of the matching row, or kUnallocatedRow.
uint16_t find_row(uint32_t word);
// Full decode: picks the row and runs its decode function; on failure fills
// `out` with the UNDEFINED handler.
void decode(uint32_t word, DecodedInsn& out);
// The exec that fast-forwards a counted register loop whose first three
// words are these (src/cpu/counted_loop.cpp), or nullptr if they are not one.
ExecFn counted_loop_exec(uint32_t w0, uint32_t w1, uint32_t w2);
// Whether a loop's first word can be one (read before the words after it).
bool counted_loop_may_start(uint32_t w0);

// Extract the bits of `word` under a letter of a row's pattern, packed in
// pattern order (used by tests and generators).
uint64_t pattern_field(const char* pattern, char letter, uint32_t word);

// --- the register fields at their usual places ----------------------------
constexpr unsigned bits(uint32_t w, unsigned hi, unsigned lo) { return (w >> lo) & ((1u << (hi - lo + 1)) - 1); }
constexpr unsigned bit(uint32_t w, unsigned b) { return (w >> b) & 1; }
constexpr int64_t sext(uint64_t v, unsigned width) {
    return static_cast<int64_t>(v << (64 - width)) >> (64 - width);
}
inline void decode_regs(uint32_t w, DecodedInsn& d) {
    d.rd = bits(w, 4, 0);
    d.rn = bits(w, 9, 5);
    d.rm = bits(w, 20, 16);
    d.ra = bits(w, 14, 10);
}

}  // namespace irqsim
