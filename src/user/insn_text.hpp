// Text of one A64 instruction for fault reports and --trace.
// TODO(disasm): replace with src/cpu/disasm.hpp's disassemble() once it lands.
#pragma once

#include <cstdint>
#include <string>

namespace irqsim {

// "ldr x0, [x1]" as Capstone spells it, or ".inst 0x..." when Capstone has no
// decoding for the word.
std::string insn_text(uint32_t word, uint64_t pc);

}  // namespace irqsim
