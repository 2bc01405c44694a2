// The system-register table and the one access routine both system
// interfaces use. Rows are grouped as the Arm ARM groups the registers; each
// cites its description in DDI 0487 (section numbers of issue K.a, D13).
#include "cpu/sysreg_table.hpp"

#include <algorithm>

#include "irqsim/timer.hpp"

namespace irqsim {
namespace {

constexpr uint8_t EL0 = 0;  // SysRegInfo::read_el/write_el: the default, 1, is EL1

// --- helpers the hooks share ---------------------------------------------------
uint64_t* slot(const SysRegCall& k) {
    if (k.reg.state_slot) return &(k.state.*k.reg.state_slot);
    if (k.reg.cpu_slot) return &(k.cpu.*k.reg.cpu_slot);
    return nullptr;
}
bool at_el0(const SysRegCall& k) { return k.el == ExceptionLevel::EL0; }

// The system count: the board's, or instructions retired as a stand-in
// (advances between Cpu::run calls only).
uint64_t system_count(const SysRegCall& k) {
    const TimerHooks& t = k.state.timer;
    return t.counter ? t.counter(t.ctx, k.cpu) : k.cpu.instructions_retired();
}
uint64_t cycle_count(const SysRegCall& k) {
    const TimerHooks& t = k.state.timer;
    return t.cycles ? t.cycles(t.ctx, k.cpu) : k.cpu.instructions_now();
}
void notify_timer(const SysRegCall& k) {
    const TimerHooks& t = k.state.timer;
    if (t.timer_changed) t.timer_changed(t.ctx, k.cpu);
}

// --- EL0 access conditions ---------------------------------------------------------
// EL0 may access the register only when SCTLR_EL1.<bit> is set; otherwise the
// access traps to EL1 (e.g. DAIF with UMA, CTR_EL0 with UCT).
template <uint64_t bit>
SysRegResult el0_if_sctlr(const SysRegCall& k, bool) {
    return !at_el0(k) || (k.cpu.sctlr_el1 & bit) ? SysRegResult::Ok : SysRegResult::Trap;
}
// The same for CNTKCTL_EL1 (D13.8.4): any of the bits in `mask` suffices.
template <uint64_t mask>
SysRegResult el0_if_cntkctl(const SysRegCall& k, bool) {
    return !at_el0(k) || (k.state.cntkctl_el1 & mask) ? SysRegResult::Ok : SysRegResult::Trap;
}
// FPCR/FPSR: trapped by CPACR_EL1.FPEN (D13.2.30) at the accessing EL, as
// the SIMD&FP instructions are (Cpu::fpen_traps).
SysRegResult fp_enabled(const SysRegCall& k, bool) {
    return Cpu::fpen_traps(k.cpu.fpen(), k.el) ? SysRegResult::TrapFP : SysRegResult::Ok;
}
// The PMU at EL0 (D13.3.18 PMUSERENR_EL0): PMUSERENR_EL0.EN allows every
// register; `read_also` bits allow reads too (CR for PMCCNTR_EL0).
template <uint64_t read_also>
SysRegResult el0_if_pmuserenr(const SysRegCall& k, bool is_read) {
    uint64_t allow = 0b001 | (is_read ? read_also : 0);
    return !at_el0(k) || (k.state.pmuserenr_el0 & allow) ? SysRegResult::Ok : SysRegResult::Trap;
}
// SP_EL0 at EL1 is UNDEFINED while it is the current stack pointer (D13.2.127).
SysRegResult sp_el0_not_current(const SysRegCall& k, bool) {
    return k.cpu.spsel ? SysRegResult::Ok : SysRegResult::Undefined;
}

// --- PSTATE as registers (C5.2) ------------------------------------------------------
// CPACR_EL1 (D13.2.30): only FPEN [21:20] is modelled; the CPU keeps it
// because it decides how SIMD&FP instructions decode (Cpu::set_fpen).
uint64_t read_cpacr(const SysRegCall& k) { return uint64_t{k.cpu.fpen()} << 20; }
void write_cpacr(const SysRegCall& k, uint64_t v) { k.cpu.set_fpen((v >> 20) & 3); }

uint64_t read_nzcv(const SysRegCall& k) { return k.cpu.nzcv; }
void write_nzcv(const SysRegCall& k, uint64_t v) { k.cpu.nzcv = static_cast<uint32_t>(v) & 0xf0000000u; }
uint64_t read_daif(const SysRegCall& k) { return k.cpu.daif; }
// A DAIF write ends the run so an interrupt it unmasks is taken next.
void set_daif(Cpu& cpu, uint32_t daif) {
    cpu.daif = daif & 0x3c0u;
    cpu.request_exit();
}
void write_daif(const SysRegCall& k, uint64_t v) { set_daif(k.cpu, static_cast<uint32_t>(v)); }
uint64_t read_spsel(const SysRegCall& k) { return k.cpu.spsel ? 1 : 0; }
void write_spsel(const SysRegCall& k, uint64_t v) { k.cpu.select_stack(k.cpu.el, v & 1); }
uint64_t read_current_el(const SysRegCall& k) { return uint64_t{static_cast<uint8_t>(k.el)} << 2; }
template <ExceptionLevel which>
uint64_t read_sp_el(const SysRegCall& k) {
    return k.cpu.sp_el(which);
}
template <ExceptionLevel which>
void write_sp_el(const SysRegCall& k, uint64_t v) {
    k.cpu.set_sp_el(which, v);
}

// --- identification -------------------------------------------------------------------
// MPIDR_EL1 (D13.2.86): bit 31 RES1; affinity as QEMU's virt board assigns
// it with a GICv2 (8 CPUs per cluster: Aff0 = index % 8, Aff1 = index / 8).
uint64_t read_mpidr(const SysRegCall& k) {
    unsigned i = k.cpu.index();
    return (uint64_t{1} << 31) | ((i / 8) << 8) | (i % 8);
}
// DCZID_EL0 (D13.2.33): BS = 4 (64-byte blocks, Cortex-A57 TRM); DZP set when
// DC ZVA is prohibited, i.e. at EL0 with SCTLR_EL1.DZE clear.
uint64_t read_dczid(const SysRegCall& k) {
    bool prohibited = at_el0(k) && !(k.cpu.sctlr_el1 & sctlr::DZE);
    return 4 | (prohibited ? 0x10 : 0);
}

// --- generic timer (D11.2, D13.8) --------------------------------------------------
uint64_t read_count(const SysRegCall& k) { return system_count(k); }
// CNTx_CTL: ENABLE (0) and IMASK (1) are stored; ISTATUS (2) is computed: the
// timer condition CVAL <= count holds (reported only while enabled).
template <uint64_t SysRegState::* ctl, uint64_t SysRegState::* cval>
uint64_t read_timer_ctl(const SysRegCall& k) {
    uint64_t v = k.state.*ctl;
    return v | (cnt::condition_met(v, k.state.*cval, system_count(k)) ? cnt::CTL_ISTATUS : 0);
}
void write_timer_reg(const SysRegCall& k, uint64_t v) {
    uint64_t* p = slot(k);
    *p = (v & k.reg.writable) | (*p & ~k.reg.writable);
    notify_timer(k);
}
// CNTx_TVAL: a signed 32-bit view of CVAL - count.
template <uint64_t SysRegState::* cval>
uint64_t read_timer_tval(const SysRegCall& k) {
    return cnt::timer_value(k.state.*cval, system_count(k));
}
template <uint64_t SysRegState::* cval>
void write_timer_tval(const SysRegCall& k, uint64_t v) {
    k.state.*cval = cnt::cval_from_timer_value(v, system_count(k));
    notify_timer(k);
}

// --- performance monitors (D13.3): the cycle counter only ----------------------
// PMCR_EL0 (D13.3.10) fields and PMCNTENSET/CLR_EL0.C (D13.3.4, D13.3.5).
namespace pmcr {
constexpr uint64_t E = 1, C = 1 << 2, D = 1 << 3;  // P (bit 1) resets event counters: there are none
// E, D, X, DP, LC read back; P and C are write-only actions and read 0.
constexpr uint64_t kStored = 0x79;
}  // namespace pmcr
constexpr uint64_t kPmcntenC = uint64_t{1} << 31;  // no event counters (PMCR_EL0.N = 0): bits [30:0] RAZ/WI

// PMCCNTR_EL0 counts processor cycles while PMCR_EL0.E and PMCNTENSET_EL0.C
// are both set, every 64th cycle with PMCR_EL0.D (D7.4 "The cycle counter"
// of DDI 0487: nothing prohibits counting here, with no EL2/EL3 and no
// Secure state, and PMCCFILTR_EL0 is not modelled). The value is kept as of
// a cycle stamp and brought up to date whenever a control changes.
bool pmccntr_counts(const SysRegState& s) { return (s.pmcr_el0 & pmcr::E) && (s.pmcntenset_el0 & kPmcntenC); }
uint64_t read_pmccntr(const SysRegCall& k) {
    const SysRegState& s = k.state;
    if (!pmccntr_counts(s)) return s.pmccntr_value;
    uint64_t now = cycle_count(k);
    uint64_t ticks = s.pmcr_el0 & pmcr::D ? now / 64 - s.pmccntr_at / 64 : now - s.pmccntr_at;
    return s.pmccntr_value + ticks;
}
// Brings the counter up to date at this cycle (before a control changes).
void settle_pmccntr(const SysRegCall& k) {
    k.state.pmccntr_value = read_pmccntr(k);
    k.state.pmccntr_at = cycle_count(k);
}
void write_pmccntr(const SysRegCall& k, uint64_t v) {
    settle_pmccntr(k);
    k.state.pmccntr_value = v;
}
void write_pmcr(const SysRegCall& k, uint64_t v) {
    settle_pmccntr(k);
    if (v & pmcr::C) k.state.pmccntr_value = 0;  // P resets event counters: there are none
    k.state.pmcr_el0 = (v & pmcr::kStored) | (k.state.pmcr_el0 & ~pmcr::kStored);
}
uint64_t read_pmcnten(const SysRegCall& k) { return k.state.pmcntenset_el0; }
template <bool set>
void write_pmcnten(const SysRegCall& k, uint64_t v) {
    settle_pmccntr(k);
    if (set)
        k.state.pmcntenset_el0 |= v & kPmcntenC;
    else
        k.state.pmcntenset_el0 &= ~(v & kPmcntenC);
}

// --- system instructions (C5.3): rows in the op0 = 1 space ------------------
// No caches, TLBs or MMU are modelled and the decode cache follows stores
// itself, so maintenance has no effect; only the access rules remain.
// DC ZVA (C5.3.12) zeroes the naturally aligned block DCZID_EL0.BS gives
// (64 bytes), through the bus so stores to code and faults behave as stores.
void dc_zva(const SysRegCall& k, uint64_t va) {
    constexpr uint64_t kBlockBytes = 64;
    uint64_t block = va & ~(kBlockBytes - 1);
    for (uint64_t a = block; a < block + kBlockBytes; a += 8)
        if (BusStatus s = k.cpu.bus().write<uint64_t>(a, 0); s != BusStatus::Ok) {
            if (s == BusStatus::Watchpoint)  // a debugger's watchpoint: stop at the DC ZVA
                k.cpu.stop(StopReason::Breakpoint);
            else
                k.cpu.system().abort(k.cpu, AccessKind::Write, va, false);
            return;
        }
}
// AT S1E{0,1}{R,W} (C5.5): with no MMU the translation is the identity:
// PAR_EL1.F = 0, PA[47:12] = VA[47:12], SH = 0b10 and ATTR = 0 (Device-nGnRnE,
// the type of data accesses with SCTLR_EL1.M = 0, D5.2.9).
void at_s1(const SysRegCall& k, uint64_t va) { k.state.par_el1 = (va & 0x0000'ffff'ffff'f000ull) | (0b10 << 7); }

using S = SysRegState;

// The values of the ID registers advertise exactly what is implemented.
// ID_AA64ISAR0_EL1 (D13.2.61): CRC32 = 1, Atomic = 2 (LSE); nothing else.
constexpr uint64_t kIdAa64Isar0 = 0x1ull << 16 | 0x2ull << 20;
// ID_AA64MMFR0_EL1 (D13.2.62): PARange 44 bits (4) and 16-bit ASIDs (2) as a
// Cortex-A57; little-endian only (BigEnd, BigEndEL0 = 0); no Secure state
// (SNSMem = 0); 4K and 64K granules (TGran4/64 = 0), no 16K (TGran16 = 0).
// No MMU is modelled: these describe what a kernel would be offered.
constexpr uint64_t kIdAa64Mmfr0 = 0x4 | 0x2 << 4;
// ID_AA64DFR0_EL1 (D13.2.58): Armv8 debug (6), PMUv3 (1) with only the cycle
// counter (PMCR_EL0.N = 0); one breakpoint and watchpoint field of 0 means 1.
constexpr uint64_t kIdAa64Dfr0 = 0x6 | 0x1 << 8;

// RES1 bits of SCTLR_EL1 come from the reset value; the writable ones are the
// ARMv8.0 controls (D13.2.113) but EE/E0E (no big-endian).
constexpr uint64_t kSctlrWritable = 0x040dd3bf;
// SPSR_EL1 in ARMv8.0: NZCV, SS, IL, DAIF, M[4:0] (C5.2.18).
constexpr uint64_t kSpsrWritable = 0xf03003df;

constexpr SysRegInfo kTable[] = {
    // Identification (D13.2): read-only at EL1.
    {.name = "MIDR_EL1", .encoding = sysreg(3, 0, 0, 0, 0), .write_el = kNever, .reset = 0x411fd070},  // QEMU's cortex-a57
    {.name = "MPIDR_EL1", .encoding = sysreg(3, 0, 0, 0, 5), .write_el = kNever, .read = read_mpidr},
    {.name = "REVIDR_EL1", .encoding = sysreg(3, 0, 0, 0, 6), .write_el = kNever},
    {.name = "ID_AA64PFR0_EL1", .encoding = sysreg(3, 0, 0, 4, 0), .write_el = kNever, .reset = kIdAa64Pfr0},
    {.name = "ID_AA64PFR1_EL1", .encoding = sysreg(3, 0, 0, 4, 1), .write_el = kNever},
    {.name = "ID_AA64DFR0_EL1", .encoding = sysreg(3, 0, 0, 5, 0), .write_el = kNever, .reset = kIdAa64Dfr0},
    {.name = "ID_AA64DFR1_EL1", .encoding = sysreg(3, 0, 0, 5, 1), .write_el = kNever},
    {.name = "ID_AA64AFR0_EL1", .encoding = sysreg(3, 0, 0, 5, 4), .write_el = kNever},
    {.name = "ID_AA64AFR1_EL1", .encoding = sysreg(3, 0, 0, 5, 5), .write_el = kNever},
    {.name = "ID_AA64ISAR0_EL1", .encoding = sysreg(3, 0, 0, 6, 0), .write_el = kNever, .reset = kIdAa64Isar0},
    {.name = "ID_AA64ISAR1_EL1", .encoding = sysreg(3, 0, 0, 6, 1), .write_el = kNever},
    {.name = "ID_AA64MMFR0_EL1", .encoding = sysreg(3, 0, 0, 7, 0), .write_el = kNever, .reset = kIdAa64Mmfr0},
    {.name = "ID_AA64MMFR1_EL1", .encoding = sysreg(3, 0, 0, 7, 1), .write_el = kNever},
    // CTR_EL0 as QEMU's cortex-a57 (64-byte lines, PIPT I-cache); EL0 with SCTLR_EL1.UCT.
    {.name = "CTR_EL0", .encoding = sysreg(3, 3, 0, 0, 1), .read_el = EL0, .write_el = kNever, .reset = 0x8444c004,
     .check = el0_if_sctlr<sctlr::UCT>},
    {.name = "DCZID_EL0", .encoding = sysreg(3, 3, 0, 0, 7), .read_el = EL0, .write_el = kNever, .read = read_dczid},

    // System control (D13.2).
    {.name = "SCTLR_EL1", .encoding = sysreg(3, 0, 1, 0, 0), .reset = 0x00c50838, .writable = kSctlrWritable,
     .cpu_slot = &Cpu::sctlr_el1},
    {.name = "CPACR_EL1", .encoding = sysreg(3, 0, 1, 0, 2), .read = read_cpacr, .write = write_cpacr},
    {.name = "TTBR0_EL1", .encoding = sysreg(3, 0, 2, 0, 0), .state_slot = &S::ttbr0_el1},
    {.name = "TTBR1_EL1", .encoding = sysreg(3, 0, 2, 0, 1), .state_slot = &S::ttbr1_el1},
    {.name = "TCR_EL1", .encoding = sysreg(3, 0, 2, 0, 2), .state_slot = &S::tcr_el1},
    {.name = "MAIR_EL1", .encoding = sysreg(3, 0, 10, 2, 0), .state_slot = &S::mair_el1},
    {.name = "AMAIR_EL1", .encoding = sysreg(3, 0, 10, 3, 0), .state_slot = &S::amair_el1},
    {.name = "PAR_EL1", .encoding = sysreg(3, 0, 7, 4, 0), .state_slot = &S::par_el1},
    {.name = "CONTEXTIDR_EL1", .encoding = sysreg(3, 0, 13, 0, 1), .writable = 0xffffffff,
     .state_slot = &S::contextidr_el1},
    {.name = "MDSCR_EL1", .encoding = sysreg(2, 0, 0, 2, 2), .state_slot = &S::mdscr_el1},

    // Exception handling (D13.2): the lead's EL1 model keeps these in Cpu.
    {.name = "SPSR_EL1", .encoding = sysreg(3, 0, 4, 0, 0), .writable = kSpsrWritable, .cpu_slot = &Cpu::spsr_el1},
    {.name = "ELR_EL1", .encoding = sysreg(3, 0, 4, 0, 1), .cpu_slot = &Cpu::elr_el1},
    {.name = "ESR_EL1", .encoding = sysreg(3, 0, 5, 2, 0), .writable = 0xffffffff, .cpu_slot = &Cpu::esr_el1},
    {.name = "FAR_EL1", .encoding = sysreg(3, 0, 6, 0, 0), .cpu_slot = &Cpu::far_el1},
    {.name = "VBAR_EL1", .encoding = sysreg(3, 0, 12, 0, 0), .writable = ~uint64_t{0x7ff}, .cpu_slot = &Cpu::vbar_el1},

    // Special-purpose registers (C5.2): PSTATE and the banked stack pointers.
    {.name = "SP_EL0", .encoding = sysreg(3, 0, 4, 1, 0), .check = sp_el0_not_current,
     .read = read_sp_el<ExceptionLevel::EL0>, .write = write_sp_el<ExceptionLevel::EL0>},
    {.name = "SP_EL1", .encoding = sysreg(3, 4, 4, 1, 0), .read_el = kEL2, .write_el = kEL2,
     .read = read_sp_el<ExceptionLevel::EL1>, .write = write_sp_el<ExceptionLevel::EL1>},
    {.name = "SPSel", .encoding = sysreg(3, 0, 4, 2, 0), .read = read_spsel, .write = write_spsel},
    {.name = "CurrentEL", .encoding = sysreg(3, 0, 4, 2, 2), .write_el = kNever, .read = read_current_el},
    {.name = "NZCV", .encoding = sysreg(3, 3, 4, 2, 0), .read_el = EL0, .write_el = EL0, .read = read_nzcv,
     .write = write_nzcv},
    {.name = "DAIF", .encoding = sysreg(3, 3, 4, 2, 1), .read_el = EL0, .write_el = EL0,
     .check = el0_if_sctlr<sctlr::UMA>, .read = read_daif, .write = write_daif},
    // FPCR: AHP, DN, FZ, RMode (C5.2.7); FPSR: QC and the cumulative flags
    // (C5.2.8). Plain storage until SIMD&FP lands.
    {.name = "FPCR", .encoding = sysreg(3, 3, 4, 4, 0), .read_el = EL0, .write_el = EL0, .writable = 0x07c00000,
     .cpu_slot = &Cpu::fpcr, .check = fp_enabled},
    {.name = "FPSR", .encoding = sysreg(3, 3, 4, 4, 1), .read_el = EL0, .write_el = EL0, .writable = 0xf800009f,
     .cpu_slot = &Cpu::fpsr, .check = fp_enabled},

    // Thread ID registers (D13.2.136-139): TPIDRRO_EL0 is read-only at EL0.
    {.name = "TPIDR_EL0", .encoding = sysreg(3, 3, 13, 0, 2), .read_el = EL0, .write_el = EL0,
     .cpu_slot = &Cpu::tpidr_el0},
    {.name = "TPIDRRO_EL0", .encoding = sysreg(3, 3, 13, 0, 3), .read_el = EL0, .cpu_slot = &Cpu::tpidrro_el0},
    {.name = "TPIDR_EL1", .encoding = sysreg(3, 0, 13, 0, 4), .cpu_slot = &Cpu::tpidr_el1},

    // Performance monitors (D13.3): the cycle counter only. PMCR_EL0 resets
    // with IMP = 0x41 (Arm), N = 0, E = 0; the counter and its enable are
    // UNKNOWN at reset and start at 0 here, as on QEMU.
    {.name = "PMCR_EL0", .encoding = sysreg(3, 3, 9, 12, 0), .read_el = EL0, .write_el = EL0, .reset = 0x41000000,
     .state_slot = &S::pmcr_el0, .check = el0_if_pmuserenr<0>, .write = write_pmcr},
    {.name = "PMCNTENSET_EL0", .encoding = sysreg(3, 3, 9, 12, 1), .read_el = EL0, .write_el = EL0,
     .state_slot = &S::pmcntenset_el0, .check = el0_if_pmuserenr<0>, .write = write_pmcnten<true>},
    {.name = "PMCNTENCLR_EL0", .encoding = sysreg(3, 3, 9, 12, 2), .read_el = EL0, .write_el = EL0,
     .check = el0_if_pmuserenr<0>, .read = read_pmcnten, .write = write_pmcnten<false>},
    {.name = "PMCCNTR_EL0", .encoding = sysreg(3, 3, 9, 13, 0), .read_el = EL0, .write_el = EL0,
     .check = el0_if_pmuserenr<0b100>, .read = read_pmccntr, .write = write_pmccntr},
    {.name = "PMUSERENR_EL0", .encoding = sysreg(3, 3, 9, 14, 0), .read_el = EL0, .writable = 0xf,
     .state_slot = &S::pmuserenr_el0},

    // System instructions (C5.3, C5.4, C5.5), as write-only rows: SYS gives Xt.
    {.name = "IC IALLUIS", .encoding = sysreg(1, 0, 7, 1, 0), .read_el = kNever},
    {.name = "IC IALLU", .encoding = sysreg(1, 0, 7, 5, 0), .read_el = kNever},
    {.name = "IC IVAU", .encoding = sysreg(1, 3, 7, 5, 1), .read_el = kNever, .write_el = EL0,
     .check = el0_if_sctlr<sctlr::UCI>},
    {.name = "DC IVAC", .encoding = sysreg(1, 0, 7, 6, 1), .read_el = kNever},
    {.name = "DC ISW", .encoding = sysreg(1, 0, 7, 6, 2), .read_el = kNever},
    {.name = "DC CSW", .encoding = sysreg(1, 0, 7, 10, 2), .read_el = kNever},
    {.name = "DC CISW", .encoding = sysreg(1, 0, 7, 14, 2), .read_el = kNever},
    {.name = "DC ZVA", .encoding = sysreg(1, 3, 7, 4, 1), .read_el = kNever, .write_el = EL0,
     .check = el0_if_sctlr<sctlr::DZE>, .write = dc_zva},
    {.name = "DC CVAC", .encoding = sysreg(1, 3, 7, 10, 1), .read_el = kNever, .write_el = EL0,
     .check = el0_if_sctlr<sctlr::UCI>},
    {.name = "DC CVAU", .encoding = sysreg(1, 3, 7, 11, 1), .read_el = kNever, .write_el = EL0,
     .check = el0_if_sctlr<sctlr::UCI>},
    {.name = "DC CIVAC", .encoding = sysreg(1, 3, 7, 14, 1), .read_el = kNever, .write_el = EL0,
     .check = el0_if_sctlr<sctlr::UCI>},
    {.name = "AT S1E1R", .encoding = sysreg(1, 0, 7, 8, 0), .read_el = kNever, .write = at_s1},
    {.name = "AT S1E1W", .encoding = sysreg(1, 0, 7, 8, 1), .read_el = kNever, .write = at_s1},
    {.name = "AT S1E0R", .encoding = sysreg(1, 0, 7, 8, 2), .read_el = kNever, .write = at_s1},
    {.name = "AT S1E0W", .encoding = sysreg(1, 0, 7, 8, 3), .read_el = kNever, .write = at_s1},
    {.name = "TLBI VMALLE1IS", .encoding = sysreg(1, 0, 8, 3, 0), .read_el = kNever},
    {.name = "TLBI VAE1IS", .encoding = sysreg(1, 0, 8, 3, 1), .read_el = kNever},
    {.name = "TLBI ASIDE1IS", .encoding = sysreg(1, 0, 8, 3, 2), .read_el = kNever},
    {.name = "TLBI VAAE1IS", .encoding = sysreg(1, 0, 8, 3, 3), .read_el = kNever},
    {.name = "TLBI VALE1IS", .encoding = sysreg(1, 0, 8, 3, 5), .read_el = kNever},
    {.name = "TLBI VAALE1IS", .encoding = sysreg(1, 0, 8, 3, 7), .read_el = kNever},
    {.name = "TLBI VMALLE1", .encoding = sysreg(1, 0, 8, 7, 0), .read_el = kNever},
    {.name = "TLBI VAE1", .encoding = sysreg(1, 0, 8, 7, 1), .read_el = kNever},
    {.name = "TLBI ASIDE1", .encoding = sysreg(1, 0, 8, 7, 2), .read_el = kNever},
    {.name = "TLBI VAAE1", .encoding = sysreg(1, 0, 8, 7, 3), .read_el = kNever},
    {.name = "TLBI VALE1", .encoding = sysreg(1, 0, 8, 7, 5), .read_el = kNever},
    {.name = "TLBI VAALE1", .encoding = sysreg(1, 0, 8, 7, 7), .read_el = kNever},

    // Generic timer (D13.8). CNTFRQ_EL0 is writable at the highest EL, EL1 here.
    {.name = "CNTKCTL_EL1", .encoding = sysreg(3, 0, 14, 1, 0), .writable = 0x3ff, .state_slot = &S::cntkctl_el1},
    {.name = "CNTFRQ_EL0", .encoding = sysreg(3, 3, 14, 0, 0), .read_el = EL0, .reset = 62'500'000,
     .writable = 0xffffffff, .state_slot = &S::cntfrq_el0,
     .check = el0_if_cntkctl<cntkctl::EL0PCTEN | cntkctl::EL0VCTEN>},
    {.name = "CNTPCT_EL0", .encoding = sysreg(3, 3, 14, 0, 1), .read_el = EL0, .write_el = kNever,
     .check = el0_if_cntkctl<cntkctl::EL0PCTEN>, .read = read_count},
    {.name = "CNTVCT_EL0", .encoding = sysreg(3, 3, 14, 0, 2), .read_el = EL0, .write_el = kNever,
     .check = el0_if_cntkctl<cntkctl::EL0VCTEN>, .read = read_count},
    {.name = "CNTP_TVAL_EL0", .encoding = sysreg(3, 3, 14, 2, 0), .read_el = EL0, .write_el = EL0,
     .check = el0_if_cntkctl<cntkctl::EL0PTEN>, .read = read_timer_tval<&S::cntp_cval_el0>,
     .write = write_timer_tval<&S::cntp_cval_el0>},
    {.name = "CNTP_CTL_EL0", .encoding = sysreg(3, 3, 14, 2, 1), .read_el = EL0, .write_el = EL0, .writable = 3,
     .state_slot = &S::cntp_ctl_el0, .check = el0_if_cntkctl<cntkctl::EL0PTEN>,
     .read = read_timer_ctl<&S::cntp_ctl_el0, &S::cntp_cval_el0>, .write = write_timer_reg},
    {.name = "CNTP_CVAL_EL0", .encoding = sysreg(3, 3, 14, 2, 2), .read_el = EL0, .write_el = EL0,
     .state_slot = &S::cntp_cval_el0, .check = el0_if_cntkctl<cntkctl::EL0PTEN>, .write = write_timer_reg},
    {.name = "CNTV_TVAL_EL0", .encoding = sysreg(3, 3, 14, 3, 0), .read_el = EL0, .write_el = EL0,
     .check = el0_if_cntkctl<cntkctl::EL0VTEN>, .read = read_timer_tval<&S::cntv_cval_el0>,
     .write = write_timer_tval<&S::cntv_cval_el0>},
    {.name = "CNTV_CTL_EL0", .encoding = sysreg(3, 3, 14, 3, 1), .read_el = EL0, .write_el = EL0, .writable = 3,
     .state_slot = &S::cntv_ctl_el0, .check = el0_if_cntkctl<cntkctl::EL0VTEN>,
     .read = read_timer_ctl<&S::cntv_ctl_el0, &S::cntv_cval_el0>, .write = write_timer_reg},
    {.name = "CNTV_CVAL_EL0", .encoding = sysreg(3, 3, 14, 3, 2), .read_el = EL0, .write_el = EL0,
     .state_slot = &S::cntv_cval_el0, .check = el0_if_cntkctl<cntkctl::EL0VTEN>, .write = write_timer_reg},
};

// The table sorted by encoding, for binary search.
struct SortedTable {
    std::vector<const SysRegInfo*> rows;
    SortedTable() {
        for (const SysRegInfo& r : kTable) rows.push_back(&r);
        std::sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->encoding < b->encoding; });
    }
};
const SortedTable& sorted() {
    static const SortedTable t;
    return t;
}

// The row for an encoding, searching the board's banks first.
const SysRegInfo* search(const SysRegState& state, uint32_t encoding, void*& ctx) {
    for (const SysRegBank& b : state.banks)
        for (const SysRegInfo& r : b.rows)
            if (r.encoding == encoding) {
                ctx = b.ctx;
                return &r;
            }
    ctx = nullptr;
    return find_sysreg(encoding);
}

// search(), through the state's memo of recent answers.
const SysRegInfo* lookup(SysRegState& state, uint32_t encoding, void*& ctx) {
    if (state.memo_banks != state.banks.data() || state.memo_bank_count != state.banks.size()) [[unlikely]] {
        state.lookup_memo.fill({});
        state.memo_banks = state.banks.data();
        state.memo_bank_count = state.banks.size();
    }
    // The encoding's op2, CRm and the low bits of CRn (bits 0-9) vary most.
    SysRegState::LookupMemo& m = state.lookup_memo[(encoding ^ encoding >> 7) % state.lookup_memo.size()];
    const uint32_t key = encoding | uint32_t{1} << 31;
    if (m.key != key) {
        void* found_ctx = nullptr;
        const SysRegInfo* row = search(state, encoding, found_ctx);
        m = {key, row, found_ctx};
    }
    ctx = m.ctx;
    return m.row;
}

// op0 = 3, op1 = 0, CRn = 0, CRm = 1..7: the ID register space. Encodings
// there without a register are reserved and RAZ at EL1 (D13.1.3 / Table D13-2),
// so software can probe for features it does not know.
bool reserved_id_register(uint32_t encoding) {
    unsigned crm = (encoding >> 3) & 0xf;
    return (encoding & ~uint32_t{0x7f}) == sysreg(3, 0, 0, 0, 0) && crm >= 1 && crm <= 7;
}

}  // namespace

std::span<const SysRegInfo> sysreg_table() { return kTable; }

const SysRegInfo* find_sysreg(uint32_t encoding) {
    const auto& rows = sorted().rows;
    auto it = std::lower_bound(rows.begin(), rows.end(), encoding,
                               [](const SysRegInfo* r, uint32_t e) { return r->encoding < e; });
    return it != rows.end() && (*it)->encoding == encoding ? *it : nullptr;
}

const char* sysreg_name(const SysRegState& state, uint32_t encoding) {
    void* ctx;
    const SysRegInfo* r = search(state, encoding, ctx);
    return r ? r->name : nullptr;
}

SysRegResult sysreg_access(Cpu& cpu, SysRegState& state, uint32_t encoding, bool is_read, uint64_t& value,
                           ExceptionLevel el) {
    void* ctx;
    const SysRegInfo* reg = lookup(state, encoding, ctx);
    if (!reg) {
        if (is_read && el != ExceptionLevel::EL0 && reserved_id_register(encoding)) {
            value = 0;
            return SysRegResult::Ok;
        }
        return SysRegResult::Undefined;
    }
    uint8_t lowest = is_read ? reg->read_el : reg->write_el;
    if (static_cast<uint8_t>(el) < lowest) return SysRegResult::Undefined;
    SysRegCall k{cpu, state, *reg, el, ctx};
    if (reg->check)
        if (SysRegResult r = reg->check(k, is_read); r != SysRegResult::Ok) return r;
    uint64_t* p = slot(k);
    if (is_read) {
        value = reg->read ? reg->read(k) : p ? *p : reg->reset;
    } else if (reg->write) {
        reg->write(k, value);
    } else if (p) {
        *p = (value & reg->writable) | (*p & ~reg->writable);
    }
    return SysRegResult::Ok;
}

SysRegResult pstate_field_access(Cpu& cpu, SysRegState& state, uint32_t op1_op2, uint32_t imm4, ExceptionLevel el) {
    constexpr uint32_t kSPSel = (0 << 3) | 5, kDAIFSet = (3 << 3) | 6, kDAIFClr = (3 << 3) | 7;
    switch (op1_op2) {
        case kSPSel:  // UNDEFINED at EL0 (C5.2.16)
            if (el == ExceptionLevel::EL0) return SysRegResult::Undefined;
            cpu.select_stack(cpu.el, imm4 & 1);
            return SysRegResult::Ok;
        case kDAIFSet:
        case kDAIFClr:  // EL0 only with SCTLR_EL1.UMA, else trapped (C5.2.2)
            if (el == ExceptionLevel::EL0 && !(cpu.sctlr_el1 & sctlr::UMA)) return SysRegResult::Trap;
            set_daif(cpu, op1_op2 == kDAIFSet ? cpu.daif | imm4 << 6 : cpu.daif & ~(imm4 << 6));
            return SysRegResult::Ok;
        default: return SysRegResult::Undefined;
    }
}

SysRegResult sys_instruction_access(Cpu& cpu, SysRegState& state, uint32_t encoding, uint64_t xt, ExceptionLevel el) {
    if ((encoding >> 14) != 1) return SysRegResult::Undefined;  // only the op0 = 1 space
    return sysreg_access(cpu, state, encoding, false, xt, el);
}

void reset_sysregs(Cpu& cpu, SysRegState& state) {
    for (const SysRegInfo& r : kTable) {
        if (r.state_slot) state.*r.state_slot = r.reset;
        if (r.cpu_slot) cpu.*r.cpu_slot = r.reset;
    }
    state.pmccntr_value = state.pmccntr_at = 0;
    cpu.set_fpen(0);  // CPACR_EL1 resets to 0 (as QEMU's virt board starts it): SIMD&FP trap
}

void set_linux_el0_controls(Cpu& cpu, SysRegState& state) {
    cpu.sctlr_el1 |= sctlr::UCI | sctlr::nTWE | sctlr::nTWI | sctlr::UCT | sctlr::DZE;
    cpu.sctlr_el1 &= ~sctlr::UMA;
    state.cntkctl_el1 = cntkctl::EL0VCTEN;
    cpu.set_fpen(3);
}

}  // namespace irqsim
