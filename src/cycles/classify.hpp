// What the cycle model needs to know of one decoded instruction: its class,
// the registers it reads (and how: forwarding depends on it) and writes, its
// memory access and its control-flow kind. Derived from the decode table's
// row and the instruction word, once per instruction form.
#pragma once

#include <cstdint>

#include "cpu/decoder.hpp"
#include "cycles/core_model.hpp"

namespace irqsim::cycles {

// Register ids of the scoreboard: X0..X30, SP (31), NZCV (32), V0..V31 (33..64;
// B/H/S/D/Qn are all Vn: a write of any of them is a write of Vn).
inline constexpr uint8_t kRegSp = 31, kRegNzcv = 32, kRegV0 = 33, kRegCount = 65, kNoReg = 0xff;

enum class Ctrl : uint8_t {
    None, Branch, CondBranch, Call, IndirectBranch, IndirectCall, Return,
    Eret, ExceptionGen, Isb, Dsb, Dmb, Msr, MsrPstate, Mrs, Wfi, Wfe, Hint, Sys,
};
enum class Mem : uint8_t { None, Load, Store, Atomic };
// Base: [Xn] with no offset field (LD1..ST4 structures: the decoder keeps
// other fields in DecodedInsn::imm there).
enum class AddrMode : uint8_t { None, BaseImm, Base, Pre, Post, RegUxtw, RegSxtw, RegX, Literal };

// Which result latency a destination takes (ClassCost).
enum class DstLat : uint8_t { Main, Second, Writeback };

struct InsnInfo {
    SchedClass cls = SchedClass::System;
    Ctrl ctrl = Ctrl::None;
    Mem mem = Mem::None;
    AddrMode amode = AddrMode::None;
    uint8_t bytes = 0;  // bytes accessed (both elements of a pair)
    bool mem_barrier = false;  // orders memory like llvm-mca's barriers (see pipeline.cpp)
    uint8_t nsrc = 0, ndst = 0;
    // Up to ST1 {4 regs}, [Xn], Xm: four data registers, the base and the index.
    uint8_t src[6]{};
    ReadKind src_kind[6]{};
    // Up to LD1 {4 regs}, [Xn], #64: four registers and the base.
    uint8_t dst[5]{};
    DstLat dst_lat[5]{};
};

// Classifies a decoded instruction (row and word). Unallocated words
// classify as System with no operands.
InsnInfo classify(const DecodedInsn& d);
InsnInfo classify_word(uint32_t word);

}  // namespace irqsim::cycles
