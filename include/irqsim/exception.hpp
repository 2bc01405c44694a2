// The AArch64 EL0/EL1 exception model (Arm ARM D1.10 "Exception entry",
// D1.11 "Exception return", D17.2.37 ESR_EL1): syndromes, vector offsets,
// entry and ERET. The board's per-CPU system interface decides *which*
// exception an event becomes; this file is the architecture's mechanism.
#pragma once

#include <cstdint>
#include <string>

#include "irqsim/cpu.hpp"

namespace irqsim {

// ESR_ELx.EC values used at EL0/EL1 (Arm ARM D17.2.37, table "EC encoding").
enum class ExceptionClass : uint8_t {
    Unknown = 0x00,  // includes UNDEFINED instructions
    WfxTrap = 0x01,
    FpAccessTrap = 0x07,
    IllegalState = 0x0e,
    Svc64 = 0x15,
    Hvc64 = 0x16,
    Smc64 = 0x17,
    SysRegTrap = 0x18,
    InstrAbortLowerEl = 0x20,
    InstrAbortSameEl = 0x21,
    PcAlignment = 0x22,
    DataAbortLowerEl = 0x24,
    DataAbortSameEl = 0x25,
    SpAlignment = 0x26,
    SError = 0x2f,
    Brk64 = 0x3c,
};

// The four exception types of a vector group (VBAR_EL1 + group + type*0x80).
enum class ExceptionKind : uint8_t { Sync = 0, Irq = 1, Fiq = 2, SError = 3 };

// Fault status codes for DFSC/IFSC (ESR ISS[5:0]).
inline constexpr uint32_t kFscSyncExternalAbort = 0x10;
inline constexpr uint32_t kFscAlignment = 0x21;

// ESR value: EC[31:26], IL[25] (always 1 here: every A64 instruction is 32
// bits), ISS[24:0].
constexpr uint32_t make_syndrome(ExceptionClass ec, uint32_t iss, bool il = true) {
    return (uint32_t{static_cast<uint8_t>(ec)} << 26) | (il ? 1u << 25 : 0) | (iss & 0x1ffffff);
}
constexpr ExceptionClass syndrome_class(uint64_t esr) { return static_cast<ExceptionClass>((esr >> 26) & 0x3f); }

// One exception about to be taken to EL1.
struct ExceptionEvent {
    ExceptionKind kind = ExceptionKind::Sync;
    uint32_t syndrome = 0;          // ESR_EL1 for synchronous exceptions
    uint64_t preferred_return = 0;  // becomes ELR_EL1
    bool sets_far = false;          // aborts and PC alignment faults
    uint64_t far = 0;
    // QEMU's exception number and name (target/arm/cpu.h EXCP_*), so that a
    // trace can be diffed against `qemu-system-aarch64 -d int`.
    int qemu_number = 0;
    const char* qemu_name = "";
};

// What an exception-entry observer is told (also what the trace prints).
struct ExceptionEntryRecord {
    const ExceptionEvent* event;
    ExceptionLevel from_el;
    uint64_t vector;          // the PC the CPU continues at
    uint64_t new_pstate;      // PSTATE after entry, as SPSR would encode it
    uint64_t logged_syndrome; // what QEMU prints in "...with ESR" (see below)
};

// Observers hang off the board; none attached costs nothing.
class ExceptionObserver {
public:
    virtual ~ExceptionObserver() = default;
    virtual void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) = 0;
    virtual void exception_returned(Cpu& cpu, ExceptionLevel from, ExceptionLevel to, uint64_t pc) = 0;
    // A PSCI call or semihosting request serviced by the "firmware" instead
    // of an exception (QEMU logs these as exceptions it handled itself).
    // `detail` is QEMU's last line for it ("handled as PSCI call", or
    // "handling as semihosting call 0x4"); `target_el` what QEMU prints.
    virtual void firmware_call(Cpu&, const ExceptionEvent&, ExceptionLevel /*from*/, unsigned /*target_el*/,
                               const std::string& /*detail*/) {}
};

// Offset of the vector for (current EL, SP selection, target) — Arm ARM
// D1.10.2 table "Vector offsets from vector table base address".
uint64_t vector_offset(ExceptionLevel from, bool from_spsel, ExceptionKind kind);

// AArch64.TakeException to EL1: SPSR_EL1 <- PSTATE, ELR_EL1 <- preferred
// return, ESR/FAR for synchronous exceptions, PSTATE.{D,A,I,F} <- 1,
// EL1h selected, PC <- VBAR_EL1 + offset. Ends the CPU's current block.
// Returns the vector address.
uint64_t take_exception_to_el1(Cpu& cpu, const ExceptionEvent& ev);

// AArch64.ExceptionReturn from EL1 (ERET): PC <- ELR_EL1, PSTATE <- SPSR_EL1.
// An SPSR naming EL2/EL3 or AArch32 is an illegal exception return
// (Arm ARM D1.11.3): PSTATE.IL is set and the EL stays EL1.
void exception_return_from_el1(Cpu& cpu);

// ESR in words, for host fault reports ("Data Abort from EL1, WnR=1, ...").
std::string describe_syndrome(uint64_t esr);

}  // namespace irqsim
