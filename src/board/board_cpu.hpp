// The per-CPU system interface of the board: turns what the core reports
// (SVC, HVC, BRK, UNDEF, aborts, MSR/MRS, WFI ...) into the architecture's
// exceptions at EL1, or services it as firmware (PSCI over HVC, semihosting
// over HLT #0xf000), as QEMU's virt machine does for a -kernel boot.
#pragma once

#include <cstdint>
#include <string>

#include "cpu/sysreg_table.hpp"
#include "irqsim/exception.hpp"
#include "irqsim/machine.hpp"

namespace irqsim {

enum class PowerState : uint8_t { Off, On };

// QEMU's exception numbers (target/arm/cpu.h EXCP_*) and the names its
// arm_log_exception prints, so our trace diffs cleanly against `-d int`.
ExceptionEvent qemu_event(int number, const char* name);

// What QEMU 7.2 leaves in env->exception.syndrome after a load or store
// reaches MMIO, and prints on the next IRQ/FIQ's "...with ESR" line (ESR_EL1
// itself is not written by an interrupt). Its A64 translator records, per
// load/store, the instruction-syndrome half of a data-abort ESR (IL, ISV,
// SAS, SSE, SRT, SF, AR: bits [25:14], target/arm/translate-a64.c
// disas_set_insn_syndrome); with -icount no ordinary translation block may do
// I/O, so every MMIO access first restarts its block (cpu_io_recompile), and
// the restart restores that record into exception.syndrome
// (restore_state_to_opc). Forms without a record (pairs, writeback, exclusives,
// atomics) restore 0.
uint32_t qemu_recorded_syndrome(uint32_t insn);

class BoardCpu final : public SystemInterface {
public:
    BoardCpu(Machine::Impl& machine, unsigned index) : m_(machine), index_(index) {}

    void supervisor_call(Cpu& cpu, uint16_t imm) override;
    void hypervisor_call(Cpu& cpu, uint16_t imm) override;
    void secure_monitor_call(Cpu& cpu, uint16_t imm) override;
    void breakpoint(Cpu& cpu, uint16_t imm) override;
    void halt(Cpu& cpu, uint16_t imm) override;
    void undefined(Cpu& cpu, uint32_t word) override;
    void fp_access_trap(Cpu& cpu, uint32_t) override { resolve(cpu, SysRegResult::TrapFP); }
    void abort(Cpu& cpu, AccessKind kind, uint64_t addr, bool alignment) override;
    void sp_alignment_fault(Cpu& cpu) override;
    void pc_alignment_fault(Cpu& cpu, uint64_t target) override;
    bool read_sysreg(Cpu& cpu, uint32_t encoding, uint64_t& value) override;
    bool write_sysreg(Cpu& cpu, uint32_t encoding, uint64_t value) override;
    bool write_pstate_field(Cpu& cpu, uint32_t op1_op2, uint32_t imm4) override;
    bool system_instruction(Cpu& cpu, uint32_t encoding, uint64_t xt) override;
    void exception_return(Cpu& cpu) override;
    void wait_for_interrupt(Cpu& cpu) override;
    void wait_for_event(Cpu& cpu) override;
    void send_event(Cpu& cpu, bool local) override;

    // Asynchronous exceptions, taken by the board between blocks.
    void take_irq(Cpu& cpu, bool fiq);

    SysRegState sysregs;
    PowerState power = PowerState::Off;
    bool waiting = false;          // in WFI/WFE
    bool waiting_for_event = false;  // WFE (a SEV also wakes it)
    bool event_register = false;
    // Synchronous exceptions taken from EL1 since the last ERET: a guest
    // whose vector code faults again and again is reported, not spun.
    unsigned nested_faults = 0;
    // The exception that began the current run of them (the first since the
    // last ERET): when the vector code then faults for ever, the report says
    // what the guest did first, not only where the vector gave up.
    struct ChainStart {
        bool valid = false;
        ExceptionLevel from = ExceptionLevel::EL1;
        uint64_t pc = 0, esr = 0;
    } chain_start;
    // QEMU prints env->exception.syndrome for every exception, including
    // IRQs, for which it is whatever the last synchronous exception or MMIO
    // access (qemu_recorded_syndrome) left there.
    uint64_t logged_syndrome = 0;
    // Likewise QEMU's env->exception.target_el: 0 at reset, 1 after an
    // exception to EL1, 2 after an HVC; printed stale for semihosting calls.
    unsigned logged_target_el = 0;

private:
    void take_sync(Cpu& cpu, ExceptionEvent ev);
    bool wfx_traps(const Cpu& cpu, uint64_t sctlr_bit) const;
    void wfx_trap(Cpu& cpu, bool wfe);
    bool resolve(Cpu& cpu, SysRegResult r);
    void firmware(Cpu& cpu, const ExceptionEvent& ev, const std::string& detail);
    void psci_call(Cpu& cpu);
    void semihosting_call(Cpu& cpu);

    Machine::Impl& m_;
    unsigned index_;
};

}  // namespace irqsim
