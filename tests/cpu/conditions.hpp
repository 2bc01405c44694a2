// The oracle for conditional instructions (B.cond, CCMP/CCMN, CSEL ...):
// Arm ARM C1.2.4, Table C1-1 "Condition codes", written out per mnemonic.
#pragma once

namespace irqsim::test {

inline constexpr const char* kConditionNames[16] = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
                                                    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"};

inline bool condition_from_table(unsigned cond, bool n, bool z, bool c, bool v) {
    switch (cond) {
        case 0x0: return z;                 // EQ
        case 0x1: return !z;                // NE
        case 0x2: return c;                 // CS/HS
        case 0x3: return !c;                // CC/LO
        case 0x4: return n;                 // MI
        case 0x5: return !n;                // PL
        case 0x6: return v;                 // VS
        case 0x7: return !v;                // VC
        case 0x8: return c && !z;           // HI
        case 0x9: return !c || z;           // LS
        case 0xa: return n == v;            // GE
        case 0xb: return n != v;            // LT
        case 0xc: return !z && n == v;      // GT
        case 0xd: return z || n != v;       // LE
        default: return true;               // AL, NV
    }
}

}  // namespace irqsim::test
