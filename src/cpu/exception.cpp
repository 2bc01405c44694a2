// Exception entry and return: the architecture's mechanism (Arm ARM D1.10,
// D1.11; pseudocode AArch64.TakeException and AArch64.ExceptionReturn).
#include "irqsim/exception.hpp"

#include <fmt/format.h>

namespace irqsim {

uint64_t vector_offset(ExceptionLevel from, bool from_spsel, ExceptionKind kind) {
    // Groups: current EL with SP_EL0 0x000, current EL with SP_ELx 0x200,
    // lower EL using AArch64 0x400 (AArch32 0x600 never taken here).
    uint64_t group = (from == ExceptionLevel::EL0) ? 0x400 : (from_spsel ? 0x200 : 0x000);
    return group + 0x80 * static_cast<unsigned>(kind);
}

uint64_t take_exception_to_el1(Cpu& cpu, const ExceptionEvent& ev) {
    uint64_t vector = cpu.vbar_el1 + vector_offset(cpu.el, cpu.spsel, ev.kind);
    cpu.spsr_el1 = cpu.pstate();
    cpu.elr_el1 = ev.preferred_return;
    if (ev.kind == ExceptionKind::Sync) {
        cpu.esr_el1 = ev.syndrome;
        if (ev.sets_far) cpu.far_el1 = ev.far;
    }
    cpu.daif = 0x3c0;  // D, A, I, F all masked on entry
    cpu.select_stack(ExceptionLevel::EL1, true);
    cpu.pc = vector;
    // A new EL or new masks change what the board must check next.
    cpu.request_exit();
    return vector;
}

void exception_return_from_el1(Cpu& cpu) {
    uint64_t spsr = cpu.spsr_el1;
    unsigned m = spsr & 0x1f;  // M[4:0]: 0b0000 EL0t, 0b0100 EL1t, 0b0101 EL1h
    bool legal = (m == 0x0 || m == 0x4 || m == 0x5);
    cpu.pc = cpu.elr_el1;
    if (legal) {
        cpu.set_pstate(spsr);
    } else {
        // Illegal return: NZCV/DAIF restored, EL and SP unchanged, PSTATE.IL
        // set so the next instruction takes an Illegal Execution state
        // exception. (IL is not modelled beyond keeping EL1.)
        cpu.nzcv = static_cast<uint32_t>(spsr) & 0xf0000000u;
        cpu.daif = static_cast<uint32_t>(spsr) & 0x3c0u;
    }
    cpu.request_exit();
}

std::string describe_syndrome(uint64_t esr) {
    auto ec = syndrome_class(esr);
    uint32_t iss = esr & 0x1ffffff;
    switch (ec) {
        case ExceptionClass::Unknown: return "Unknown reason (UNDEFINED instruction)";
        case ExceptionClass::Svc64: return fmt::format("SVC #{:#x} from AArch64", iss & 0xffff);
        case ExceptionClass::Hvc64: return fmt::format("HVC #{:#x} from AArch64", iss & 0xffff);
        case ExceptionClass::Smc64: return fmt::format("SMC #{:#x} from AArch64", iss & 0xffff);
        case ExceptionClass::Brk64: return fmt::format("BRK #{:#x}", iss & 0xffff);
        case ExceptionClass::SysRegTrap: return "Trapped MSR/MRS/system instruction";
        case ExceptionClass::PcAlignment: return "PC alignment fault";
        case ExceptionClass::SpAlignment: return "SP alignment fault";
        case ExceptionClass::IllegalState: return "Illegal Execution state";
        case ExceptionClass::InstrAbortLowerEl:
        case ExceptionClass::InstrAbortSameEl:
        case ExceptionClass::DataAbortLowerEl:
        case ExceptionClass::DataAbortSameEl: {
            bool data = ec == ExceptionClass::DataAbortLowerEl || ec == ExceptionClass::DataAbortSameEl;
            bool lower = ec == ExceptionClass::DataAbortLowerEl || ec == ExceptionClass::InstrAbortLowerEl;
            unsigned fsc = iss & 0x3f;
            const char* what = fsc == kFscSyncExternalAbort ? "synchronous external abort (nothing mapped there)"
                               : fsc == kFscAlignment       ? "alignment fault"
                                                            : "fault";
            return fmt::format("{} abort from {} EL, {}{}", data ? "Data" : "Instruction", lower ? "a lower" : "the same",
                               what, data ? ((iss >> 6) & 1 ? ", on a write (WnR=1)" : ", on a read (WnR=0)") : "");
        }
        default: return fmt::format("EC {:#x}, ISS {:#x}", static_cast<unsigned>(ec), iss);
    }
}

}  // namespace irqsim
