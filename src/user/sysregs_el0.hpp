// The system registers and system instructions a Linux process may use at
// EL0, with the values Linux shows it.
// TODO(sysreg_table): serve these from src/cpu/sysreg_table once it lands;
// this minimal table stands in until then.
#pragma once

#include <cstdint>

#include "irqsim/cpu.hpp"

namespace irqsim {

// op0:op1:CRn:CRm:op2 packed as MRS/MSR bits [20:5] (the SystemInterface's
// encoding).
constexpr uint32_t sysreg_encoding(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

bool el0_read_sysreg(Cpu& c, uint32_t encoding, uint64_t& value);
bool el0_write_sysreg(Cpu& c, uint32_t encoding, uint64_t value);
bool el0_system_instruction(Cpu& c, uint32_t encoding, uint64_t xt);

}  // namespace irqsim
