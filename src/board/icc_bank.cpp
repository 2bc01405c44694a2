// The GICv3 CPU interface (IHI 0069, 12.1 "AArch64 System register
// descriptions of the CPU interface") as a bank of system-register rows that
// forward to the GIC model, searched before the built-in table.
#include "board/machine_impl.hpp"

namespace irqsim {

namespace {
uint64_t icc_read_hook(const SysRegCall& k) {
    uint64_t v = 0;
    static_cast<Machine::Impl*>(k.ctx)->devices->sysreg(k.cpu.index(), k.reg.encoding, true, v);
    return v;
}
void icc_write_hook(const SysRegCall& k, uint64_t v) {
    static_cast<Machine::Impl*>(k.ctx)->devices->sysreg(k.cpu.index(), k.reg.encoding, false, v);
}
SysRegInfo row(const char* name, uint32_t enc, uint8_t read_el, uint8_t write_el) {
    return {.name = name, .encoding = enc, .read_el = read_el, .write_el = write_el, .read = icc_read_hook,
            .write = icc_write_hook};
}
}  // namespace

std::vector<SysRegInfo> Machine::Impl::make_icc_rows() {
    // Read-only: IAR, HPPIR, RPR. Write-only: EOIR, DIR, SGI*R (IHI 0069 12.2).
    std::vector<SysRegInfo> rows = {
        row("ICC_PMR_EL1", icc::PMR_EL1, 1, 1),         row("ICC_IAR0_EL1", icc::IAR0_EL1, 1, kNever),
        row("ICC_EOIR0_EL1", icc::EOIR0_EL1, kNever, 1), row("ICC_HPPIR0_EL1", icc::HPPIR0_EL1, 1, kNever),
        row("ICC_BPR0_EL1", icc::BPR0_EL1, 1, 1),       row("ICC_DIR_EL1", icc::DIR_EL1, kNever, 1),
        row("ICC_RPR_EL1", icc::RPR_EL1, 1, kNever),    row("ICC_SGI1R_EL1", icc::SGI1R_EL1, kNever, 1),
        row("ICC_ASGI1R_EL1", icc::ASGI1R_EL1, kNever, 1), row("ICC_SGI0R_EL1", icc::SGI0R_EL1, kNever, 1),
        row("ICC_IAR1_EL1", icc::IAR1_EL1, 1, kNever),  row("ICC_EOIR1_EL1", icc::EOIR1_EL1, kNever, 1),
        row("ICC_HPPIR1_EL1", icc::HPPIR1_EL1, 1, kNever), row("ICC_BPR1_EL1", icc::BPR1_EL1, 1, 1),
        row("ICC_CTLR_EL1", icc::CTLR_EL1, 1, 1),       row("ICC_SRE_EL1", icc::SRE_EL1, 1, 1),
        row("ICC_IGRPEN0_EL1", icc::IGRPEN0_EL1, 1, 1), row("ICC_IGRPEN1_EL1", icc::IGRPEN1_EL1, 1, 1),
    };
    static const char* const kAp0[] = {"ICC_AP0R0_EL1", "ICC_AP0R1_EL1", "ICC_AP0R2_EL1", "ICC_AP0R3_EL1"};
    static const char* const kAp1[] = {"ICC_AP1R0_EL1", "ICC_AP1R1_EL1", "ICC_AP1R2_EL1", "ICC_AP1R3_EL1"};
    // The ID register that tells software the ICC_* registers are there.
    rows.push_back({.name = "ID_AA64PFR0_EL1", .encoding = sysreg(3, 0, 0, 4, 0), .write_el = kNever,
                    .reset = kIdAa64Pfr0 | kIdAa64Pfr0Gic});
    for (unsigned n = 0; n < 4; ++n) {
        rows.push_back(row(kAp0[n], icc::AP0R0_EL1 + n, 1, 1));
        rows.push_back(row(kAp1[n], icc::AP1R0_EL1 + n, 1, 1));
    }
    return rows;
}

}  // namespace irqsim
