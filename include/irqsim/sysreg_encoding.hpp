// How system registers are named by number: op0:op1:CRn:CRm:op2 packed as in
// MRS/MSR bits [20:5] (Arm ARM C5.3), the key SystemInterface::read_sysreg
// and the device register functions (ICC_*, CNT*) use.
#pragma once

#include <cstdint>

namespace irqsim {

constexpr uint32_t sysreg_encoding(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

}  // namespace irqsim
