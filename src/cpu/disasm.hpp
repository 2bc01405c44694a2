// A64 disassembly for traces, reports and fault messages, by Capstone (an
// oracle nobody here wrote), so a trace line never depends on our decoder.
#pragma once

#include <cstdint>
#include <string>

namespace irqsim {

// "add x0, x1, #3"; ".inst 0x00000000 (unallocated)" when Capstone knows no
// instruction there. `pc` resolves PC-relative operands (branch targets, ADR).
// Thread-safe: each thread keeps its own Capstone handle.
std::string disassemble(uint32_t word, uint64_t pc);

}  // namespace irqsim
