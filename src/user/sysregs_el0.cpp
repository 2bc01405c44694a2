#include "user/sysregs_el0.hpp"

namespace irqsim {

namespace {
constexpr uint32_t kNZCV = sysreg_encoding(3, 3, 4, 2, 0);
constexpr uint32_t kFPCR = sysreg_encoding(3, 3, 4, 4, 0);
constexpr uint32_t kFPSR = sysreg_encoding(3, 3, 4, 4, 1);
constexpr uint32_t kTPIDR_EL0 = sysreg_encoding(3, 3, 13, 0, 2);
constexpr uint32_t kTPIDRRO_EL0 = sysreg_encoding(3, 3, 13, 0, 3);
constexpr uint32_t kCTR_EL0 = sysreg_encoding(3, 3, 0, 0, 1);
constexpr uint32_t kDCZID_EL0 = sysreg_encoding(3, 3, 0, 0, 7);
constexpr uint32_t kCNTFRQ_EL0 = sysreg_encoding(3, 3, 14, 0, 0);
constexpr uint32_t kCNTVCT_EL0 = sysreg_encoding(3, 3, 14, 0, 2);
constexpr uint32_t kMIDR_EL1 = sysreg_encoding(3, 0, 0, 0, 0);
constexpr uint32_t kMPIDR_EL1 = sysreg_encoding(3, 0, 0, 0, 5);
constexpr uint32_t kREVIDR_EL1 = sysreg_encoding(3, 0, 0, 0, 6);
// DC ZVA and the cache maintenance Linux lets EL0 use (SCTLR_EL1.UCI/DZE).
constexpr uint32_t kDC_ZVA = sysreg_encoding(1, 3, 7, 4, 1);
constexpr uint32_t kDC_CVAC = sysreg_encoding(1, 3, 7, 10, 1);
constexpr uint32_t kDC_CVAU = sysreg_encoding(1, 3, 7, 11, 1);
constexpr uint32_t kDC_CIVAC = sysreg_encoding(1, 3, 7, 14, 1);
constexpr uint32_t kIC_IVAU = sysreg_encoding(1, 3, 7, 5, 1);

// Cortex-A57 r1p0 as `qemu -cpu cortex-a57` reports it (the board's core).
constexpr uint64_t kMidr = 0x411fd070;
constexpr uint64_t kCtr = 0x8444c004;
// DCZID_EL0.BS = 4: DC ZVA zeroes 2^4 words = 64 bytes; DZP = 0.
constexpr uint64_t kDczid = 4;
constexpr uint64_t kZvaBytes = 4u << kDczid;
// CNTFRQ as QEMU 7.2's virt board reports it (62.5 MHz): 16 ns per tick.
constexpr uint64_t kCntfrq = 62'500'000;
}  // namespace

bool el0_read_sysreg(Cpu& c, uint32_t encoding, uint64_t& value) {
    switch (encoding) {
        case kNZCV: value = c.nzcv; return true;
        case kFPCR: value = c.fpcr; return true;
        case kFPSR: value = c.fpsr; return true;
        case kTPIDR_EL0: value = c.tpidr_el0; return true;
        case kTPIDRRO_EL0: value = c.tpidrro_el0; return true;
        case kCTR_EL0: value = kCtr; return true;
        case kDCZID_EL0: value = kDczid; return true;
        case kCNTFRQ_EL0: value = kCntfrq; return true;
        // The clock is the instruction count at 1 ns each. The count is the
        // one at the start of the current run slice: deterministic, coarse.
        case kCNTVCT_EL0: value = c.instructions_retired() / 16; return true;
        // Linux emulates MRS of the ID registers at EL0 (cpufeature.c):
        // MIDR as the CPU's, MPIDR with only bit 31 (RES1), REVIDR zero.
        case kMIDR_EL1: value = kMidr; return true;
        case kMPIDR_EL1: value = uint64_t{1} << 31; return true;
        case kREVIDR_EL1: value = 0; return true;
        default: return false;
    }
}

bool el0_write_sysreg(Cpu& c, uint32_t encoding, uint64_t value) {
    switch (encoding) {
        case kNZCV: c.nzcv = static_cast<uint32_t>(value) & 0xf0000000u; return true;
        case kFPCR: c.fpcr = value; return true;
        case kFPSR: c.fpsr = value; return true;
        case kTPIDR_EL0: c.tpidr_el0 = value; return true;
        default: return false;
    }
}

bool el0_system_instruction(Cpu& c, uint32_t encoding, uint64_t xt) {
    switch (encoding) {
        case kDC_ZVA: {
            uint64_t block = xt & ~(kZvaBytes - 1);
            if (!c.bus().fill(block, 0, kZvaBytes)) {
                c.system().abort(c, AccessKind::Write, xt, false);
            }
            return true;
        }
        // Memory is coherent and the decode cache watches stores: nothing to do.
        case kDC_CVAC:
        case kDC_CVAU:
        case kDC_CIVAC:
        case kIC_IVAU: return true;
        default: return false;
    }
}

}  // namespace irqsim
