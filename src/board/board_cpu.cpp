// What each core event becomes on the board (see board_cpu.hpp).
#include "board/board_cpu.hpp"

#include <fmt/format.h>

#include "board/machine_impl.hpp"
#include "cpu/disasm.hpp"
#include "irqsim/elf.hpp"
#include "irqsim/observers.hpp"

namespace irqsim {

ExceptionEvent qemu_event(int number, const char* name) {
    ExceptionEvent ev;
    ev.qemu_number = number;
    ev.qemu_name = name;
    return ev;
}

uint32_t qemu_recorded_syndrome(uint32_t insn) {
    // ISS fields of a data abort with ISV = 1 (Arm ARM D17.2.37): SAS [23:22]
    // access size, SSE [21] sign-extended, SRT [20:16] register, SF [15]
    // 64-bit register, AR [14] acquire/release; with IL [25] and ISV [24].
    auto record = [](unsigned size, bool sse, unsigned rt, bool sf, bool ar) {
        return (1u << 25) | (1u << 24) | (size << 22) | (uint32_t{sse} << 21) | (rt << 16) | (uint32_t{sf} << 15) |
               (uint32_t{ar} << 14);
    };
    unsigned rt = insn & 0x1f, size = insn >> 30, opc = (insn >> 22) & 3;
    // LDAR/STLR (load/store ordered, o2 = 1, o1 = 0, o0 = 1).
    if ((insn & 0x3fa08000) == 0x08808000) return record(size, false, rt, size == 3, true);
    // Load register (literal), general registers: LDR W/X, LDRSW; not PRFM.
    if ((insn & 0x3f000000) == 0x18000000) {
        unsigned lit_opc = insn >> 30;
        if (lit_opc == 3) return 0;
        return record(2 + (lit_opc & 1), lit_opc == 2, rt, lit_opc != 0, false);
    }
    // Load/store register, general registers: unsigned offset, register
    // offset, or 9-bit immediate unscaled (LDUR) and unprivileged (LDTR);
    // the 9-bit pre- and post-index forms write back and have no record.
    bool unsigned_offset = (insn & 0x3f000000) == 0x39000000;
    bool register_offset = (insn & 0x3f200c00) == 0x38200800;
    bool imm9 = (insn & 0x3f200000) == 0x38000000;
    unsigned imm9_form = (insn >> 10) & 3;  // 0 unscaled, 1 post, 2 unprivileged, 3 pre
    if (!unsigned_offset && !register_offset && !(imm9 && (imm9_form == 0 || imm9_form == 2))) return 0;
    if ((size == 3 && opc == 2) || (opc == 3 && size > 1)) return 0;  // PRFM, unallocated
    bool is_signed = opc >= 2;
    bool sf = is_signed ? (opc & 1) == 0 : size == 3;
    return record(size, is_signed, rt, sf, false);
}

namespace {
constexpr unsigned kMaxNestedFaults = 16;
ExceptionEvent undef_event() { return qemu_event(1, "Undefined Instruction"); }

bool is_el0(const Cpu& c) { return c.el == ExceptionLevel::EL0; }
}  // namespace

void BoardCpu::take_sync(Cpu& cpu, ExceptionEvent ev) {
    ev.kind = ExceptionKind::Sync;
    logged_syndrome = ev.syndrome;
    logged_target_el = 1;
    ExceptionLevel from = cpu.el;
    if (!chain_start.valid) {
        // SVC, HVC and SMC return past themselves; every other synchronous
        // exception's preferred return is the instruction that took it.
        auto ec = syndrome_class(ev.syndrome);
        bool call = ec == ExceptionClass::Svc64 || ec == ExceptionClass::Hvc64 || ec == ExceptionClass::Smc64;
        chain_start = {true, from, ev.preferred_return - (call ? 4 : 0), ev.syndrome};
    }
    if (from == ExceptionLevel::EL1 && ++nested_faults > kMaxNestedFaults) {
        const ChainStart& c = chain_start;
        uint32_t word = 0;
        std::string insn = m_.bus.copy_out(c.pc, &word, 4) ? fmt::format("{:08x}  {}", word, disassemble(word, c.pc))
                                                           : std::string("(not in memory)");
        m_.guest_fault(cpu, fmt::format("{} synchronous exceptions taken at EL1 without an ERET: the vector code "
                                        "(VBAR_EL1 = {:#x}) faults itself\n"
                                        "  the first, from EL{}: PC {:#x}{}, ESR_EL1 {:#x}: {}\n"
                                        "    instruction: {}",
                                        nested_faults, cpu.vbar_el1, static_cast<int>(c.from), c.pc,
                                        m_.image && !m_.image->symbols.empty() ? " (" + m_.image->symbolize(c.pc) + ")" : "",
                                        c.esr, describe_syndrome(c.esr), insn));
        return;
    }
    uint64_t vector = take_exception_to_el1(cpu, ev);
    ExceptionEntryRecord rec{&ev, from, vector, cpu.pstate(), logged_syndrome};
    for (auto* o : m_.observers) o->exception_taken(cpu, rec);
}

void BoardCpu::take_irq(Cpu& cpu, bool fiq) {
    ExceptionEvent ev = fiq ? qemu_event(6, "FIQ") : qemu_event(5, "IRQ");
    ev.kind = fiq ? ExceptionKind::Fiq : ExceptionKind::Irq;
    ev.preferred_return = cpu.pc;
    logged_target_el = 1;
    ExceptionLevel from = cpu.el;
    uint64_t vector = take_exception_to_el1(cpu, ev);
    ExceptionEntryRecord rec{&ev, from, vector, cpu.pstate(), logged_syndrome};
    for (auto* o : m_.observers) o->exception_taken(cpu, rec);
}

void BoardCpu::firmware(Cpu& cpu, const ExceptionEvent& ev, const std::string& detail) {
    for (auto* o : m_.observers) o->firmware_call(cpu, ev, cpu.el, logged_target_el, detail);
}

void BoardCpu::supervisor_call(Cpu& cpu, uint16_t imm) {
    ExceptionEvent ev = qemu_event(2, "SVC");
    ev.syndrome = make_syndrome(ExceptionClass::Svc64, imm);
    ev.preferred_return = cpu.pc + 4;  // SVC returns to the next instruction
    take_sync(cpu, ev);
}

void BoardCpu::hypervisor_call(Cpu& cpu, uint16_t imm) {
    // HVC is UNDEFINED at EL0. At EL1 there is no EL2 here: as on QEMU's virt
    // with a -kernel boot, the "firmware" answers it as a PSCI call.
    if (is_el0(cpu)) return undefined(cpu, 0);
    ExceptionEvent ev = qemu_event(11, "Hypervisor Call");
    ev.syndrome = make_syndrome(ExceptionClass::Hvc64, imm);
    logged_syndrome = ev.syndrome;
    logged_target_el = 2;
    firmware(cpu, ev, "handled as PSCI call");
    psci_call(cpu);
    if (!m_.finished && power == PowerState::On) cpu.pc += 4;
}

void BoardCpu::secure_monitor_call(Cpu& cpu, uint16_t) {
    // No EL3 is implemented: SMC is UNDEFINED (Arm ARM C6.2.238).
    undefined(cpu, 0);
}

void BoardCpu::breakpoint(Cpu& cpu, uint16_t imm) {
    ExceptionEvent ev = qemu_event(7, "Breakpoint");
    ev.syndrome = make_syndrome(ExceptionClass::Brk64, imm);
    ev.preferred_return = cpu.pc;
    take_sync(cpu, ev);
}

void BoardCpu::halt(Cpu& cpu, uint16_t imm) {
    // HLT #0xf000 is the A64 semihosting trap when semihosting is enabled;
    // otherwise HLT is UNDEFINED (no halting debug).
    if (imm == 0xf000 && m_.config.semihosting) {
        ExceptionEvent ev = qemu_event(16, "Semihosting call");
        firmware(cpu, ev, fmt::format("handling as semihosting call {:#x}", cpu.x[0]));
        semihosting_call(cpu);
        if (!m_.finished) cpu.pc += 4;
        return;
    }
    undefined(cpu, 0);
}

void BoardCpu::undefined(Cpu& cpu, uint32_t) {
    ExceptionEvent ev = undef_event();
    ev.syndrome = make_syndrome(ExceptionClass::Unknown, 0);
    ev.preferred_return = cpu.pc;
    take_sync(cpu, ev);
}

void BoardCpu::abort(Cpu& cpu, AccessKind kind, uint64_t addr, bool alignment) {
    bool lower = is_el0(cpu);
    bool fetch = kind == AccessKind::Fetch;
    ExceptionEvent ev = fetch ? qemu_event(3, "Prefetch Abort") : qemu_event(4, "Data Abort");
    ExceptionClass ec = fetch ? (lower ? ExceptionClass::InstrAbortLowerEl : ExceptionClass::InstrAbortSameEl)
                              : (lower ? ExceptionClass::DataAbortLowerEl : ExceptionClass::DataAbortSameEl);
    uint32_t iss = alignment ? kFscAlignment : kFscSyncExternalAbort;
    if (kind == AccessKind::Write) iss |= 1u << 6;  // WnR
    ev.syndrome = make_syndrome(ec, iss);
    ev.preferred_return = cpu.pc;
    ev.sets_far = true;
    ev.far = addr;
    take_sync(cpu, ev);
}

void BoardCpu::pc_alignment_fault(Cpu& cpu, uint64_t target) {
    ExceptionEvent ev = qemu_event(3, "Prefetch Abort");
    ev.syndrome = make_syndrome(ExceptionClass::PcAlignment, 0);
    ev.preferred_return = target;
    ev.sets_far = true;
    ev.far = target;
    take_sync(cpu, ev);
}

void BoardCpu::sp_alignment_fault(Cpu& cpu) {
    // QEMU does not model SP alignment checking; the Arm ARM (D1.8.2) does:
    // EC 0x26, ELR the faulting instruction.
    ExceptionEvent ev = qemu_event(4, "Data Abort");
    ev.syndrome = make_syndrome(ExceptionClass::SpAlignment, 0);
    ev.preferred_return = cpu.pc;
    take_sync(cpu, ev);
}

void BoardCpu::exception_return(Cpu& cpu) {
    if (is_el0(cpu)) return undefined(cpu, 0);
    ExceptionLevel from = cpu.el;
    exception_return_from_el1(cpu);
    nested_faults = 0;
    chain_start.valid = false;
    for (auto* o : m_.observers) o->exception_returned(cpu, from, cpu.el, cpu.pc);
}

// AArch64.CheckForWFxTrap(EL1, ...): at EL0 a WFI or WFE that would wait
// traps to EL1 when SCTLR_EL1.nTWI / nTWE is 0 (Arm ARM D13.2.113).
bool BoardCpu::wfx_traps(const Cpu& cpu, uint64_t sctlr_bit) const {
    return is_el0(cpu) && !(cpu.sctlr_el1 & sctlr_bit);
}

void BoardCpu::wfx_trap(Cpu& cpu, bool wfe) {
    // EC 0x01; ISS: CV = 1 and COND = 0b1110 for an A64 instruction
    // (ConditionSyndrome), TI [0] = 1 for WFE. QEMU raises it as EXCP_UDEF.
    ExceptionEvent ev = undef_event();
    ev.syndrome = make_syndrome(ExceptionClass::WfxTrap, (1u << 24) | (0xeu << 20) | (wfe ? 1u : 0u));
    ev.preferred_return = cpu.pc;
    take_sync(cpu, ev);
}

void BoardCpu::wait_for_interrupt(Cpu& cpu) {
    // The WFI pseudocode checks for the trap only if !InterruptPending(): a
    // pending interrupt, masked or not, makes WFI complete at once.
    bool pending = m_.devices->irq_line(index_) || m_.devices->fiq_line(index_);
    if (!pending && wfx_traps(cpu, sctlr::nTWI)) return wfx_trap(cpu, false);
    waiting = true;
    cpu.request_exit();
}

void BoardCpu::wait_for_event(Cpu& cpu) {
    // WFE: if the event register is set, clear it and go on (Arm ARM D1.16.1);
    // otherwise it would wait, and that is what nTWE traps. (QEMU 7.2 never
    // traps WFE: its helper_wfe only yields; tests/boot/README.md.)
    if (event_register) {
        event_register = false;
        return;
    }
    if (wfx_traps(cpu, sctlr::nTWE)) return wfx_trap(cpu, true);
    waiting = waiting_for_event = true;
    cpu.request_exit();
}

void BoardCpu::send_event(Cpu&, bool local) {
    if (local) {
        event_register = true;
        return;
    }
    for (auto& s : m_.slots) {
        s.sys->event_register = true;
        if (s.sys->waiting_for_event) s.sys->waiting = s.sys->waiting_for_event = s.sys->event_register = false;
    }
}

void Machine::Impl::guest_fault(Cpu& cpu, const std::string& why) {
    std::string r = fmt::format("irqsim: unhandled guest fault on CPU {} at EL{}\n  {}\n", cpu.index(),
                                static_cast<int>(cpu.el), why);
    r += fmt::format("  PC {:#x}, ESR_EL1 {:#x}: {}\n  ELR_EL1 {:#x}, FAR_EL1 {:#x}, SP {:#x}\n", cpu.pc, cpu.esr_el1,
                     describe_syndrome(cpu.esr_el1), cpu.elr_el1, cpu.far_el1, cpu.sp);
    auto where = [this](uint64_t a) { return image ? image->symbolize(a) : fmt::format("{:#x}", a); };
    uint32_t word = 0;
    if (bus.copy_out(cpu.elr_el1, &word, 4))
        r += fmt::format("  instruction at ELR_EL1 ({}): {:08x}  {}\n", where(cpu.elr_el1), word,
                         disassemble(word, cpu.elr_el1));
    // Frame records: [x29] = caller's x29, [x29 + 8] = return address.
    r += "  backtrace (frame records from x29):\n";
    r += fmt::format("    #0 {:#x} {}\n", cpu.elr_el1, where(cpu.elr_el1));
    UnwindResult u = unwind_frame_records(bus, cpu.x[29], 31);
    for (size_t i = 0; i < u.return_addresses.size(); ++i)
        r += fmt::format("    #{} {:#x} {}\n", i + 1, u.return_addresses[i], where(u.return_addresses[i]));
    fault_report = r;
    finish(RunOutcome::GuestFault, 4);
}

}  // namespace irqsim
