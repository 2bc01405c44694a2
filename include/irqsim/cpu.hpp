// One AArch64 processing element: architectural state, the predecoded
// instruction cache and the run loop. Exception-generating and system
// instructions are routed to a SystemInterface (Linux user mode, or the
// EL0/EL1 exception model of the board), so the core stays small.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "irqsim/memory.hpp"

namespace irqsim {

class Cpu;
struct DecodedInsn;

enum class ExceptionLevel : uint8_t { EL0 = 0, EL1 = 1 };

// PSTATE.NZCV as it sits in bits [31:28] of the NZCV system register.
namespace nzcv {
inline constexpr uint32_t N = 1u << 31, Z = 1u << 30, C = 1u << 29, V = 1u << 28;
}

// Why Cpu::run returned.
enum class StopReason : uint8_t {
    Budget,      // the instruction budget ran out
    Halted,      // the system interface asked to stop (exit, power off)
    Fault,       // an unhandled guest fault, described by the system interface
    Waiting,     // WFI/WFE with nothing to wake it
    Breakpoint,  // a debugger breakpoint or watchpoint
};

// Memory access kinds, for aborts and observers.
enum class AccessKind : uint8_t { Read, Write, Fetch };

// What the core asks of its environment. Each exception-generating call must
// leave the CPU ready to continue: it sets the PC (to a vector, or past the
// instruction) or calls Cpu::stop().
class SystemInterface {
public:
    virtual ~SystemInterface() = default;
    // SVC, HVC, SMC, BRK, HLT with their 16-bit immediates. The PC is that of
    // the instruction itself.
    virtual void supervisor_call(Cpu& cpu, uint16_t imm) = 0;
    virtual void hypervisor_call(Cpu& cpu, uint16_t imm) { undefined(cpu, 0xd4000002u | (uint32_t{imm} << 5)); }
    virtual void secure_monitor_call(Cpu& cpu, uint16_t imm) { undefined(cpu, 0xd4000003u | (uint32_t{imm} << 5)); }
    virtual void breakpoint(Cpu& cpu, uint16_t imm) = 0;
    virtual void halt(Cpu& cpu, uint16_t imm) { undefined(cpu, 0xd4400000u | (uint32_t{imm} << 5)); }
    // An unallocated or not-permitted encoding at the current PC.
    virtual void undefined(Cpu& cpu, uint32_t word) = 0;
    // A load/store or instruction fetch to an address with nothing behind it,
    // or an alignment fault.
    virtual void abort(Cpu& cpu, AccessKind kind, uint64_t addr, bool alignment) = 0;
    // SP alignment fault (SCTLR_ELx.SA/SA0) and PC alignment fault.
    virtual void sp_alignment_fault(Cpu& cpu) { undefined(cpu, 0); }
    virtual void pc_alignment_fault(Cpu& cpu, uint64_t target) { abort(cpu, AccessKind::Fetch, target, true); }
    // System registers, by their encoding op0:op1:CRn:CRm:op2 packed as in
    // MRS/MSR bits [20:5]. Return false for "no such register here", which
    // the core turns into the architecture's UNDEFINED.
    virtual bool read_sysreg(Cpu& cpu, uint32_t encoding, uint64_t& value) = 0;
    virtual bool write_sysreg(Cpu& cpu, uint32_t encoding, uint64_t value) = 0;
    // MSR (immediate) to a PSTATE field: op1:op2 and the 4-bit immediate.
    virtual bool write_pstate_field(Cpu& cpu, uint32_t op1_op2, uint32_t imm4) = 0;
    // SYS/SYSL (DC, IC, TLBI, AT): op1, CRn, CRm, op2 packed like sysregs.
    virtual bool system_instruction(Cpu& cpu, uint32_t encoding, uint64_t xt) = 0;
    virtual void exception_return(Cpu& cpu) { undefined(cpu, 0xd69f03e0u); }
    // A SIMD&FP instruction (`word`) while CPACR_EL1.FPEN disables them at the
    // current EL (Cpu::set_fpen): the architecture's EC 0x07 trap. Only a
    // system that models CPACR_EL1 ever sees it.
    virtual void fp_access_trap(Cpu& cpu, uint32_t word) { undefined(cpu, word); }
    // Hints with architectural effect. Returning with the PC unchanged, the
    // core advances it (the CPU may have been asked to stop and sleep); an
    // implementation that traps the instruction instead (WFI/WFE at EL0 with
    // SCTLR_EL1.nTWI/nTWE = 0) takes the exception, which moves the PC.
    virtual void wait_for_interrupt(Cpu& cpu) = 0;
    virtual void wait_for_event(Cpu& cpu) = 0;
    virtual void send_event(Cpu&, bool /*local*/) {}
};

// The predecoded page cache; defined in src/cpu.
class DecodeCache;

// A cost model (src/cycles): told of every instruction, with its decoded form,
// just before it executes (registers still hold its inputs) and just after
// (the PC shows where it went). Absent, it costs nothing: the run loop takes
// its observed path only when an observer is attached.
//
// The run loop hands the observer a whole predecoded block: execute_block runs it
// by calling cpu.run_observed_block(this, d, max_insns) (src/cpu/observed_run.hpp),
// which calls the implementation's own, non-virtual before(cpu, d) and
// after(cpu, d, pc_before) around each instruction: one virtual call per
// block, none per instruction. after() returns false when it ended the run
// (request_exit()), so the loop need not look at the bound again.
class CycleObserver {
public:
    virtual ~CycleObserver() = default;
    virtual void execute_block(Cpu& cpu, const DecodedInsn* d, uint64_t max_insns) = 0;
};

class Cpu {
public:
    Cpu(Bus& bus, SystemInterface& sys, unsigned index = 0);
    ~Cpu();
    Cpu(const Cpu&) = delete;
    Cpu& operator=(const Cpu&) = delete;

    // --- architectural state ---------------------------------------------
    // x[31] always reads as zero: writes to index 31 land in it and are
    // cleared again, so XZR needs no branch. SP is separate.
    std::array<uint64_t, 32> x{};
    uint64_t sp = 0;  // the SP selected by PSTATE.{EL,SP}
    uint64_t pc = 0;
    uint32_t nzcv = 0;  // bits [31:28]

    // PSTATE beyond NZCV.
    ExceptionLevel el = ExceptionLevel::EL0;
    bool spsel = false;  // SPSel: false = SP_EL0, true = SP_ELx
    uint32_t daif = 0;   // bits [9:6] as in the DAIF register
    // The banked stack pointer not currently selected (SP_EL0 or SP_EL1).
    uint64_t sp_el0 = 0, sp_el1 = 0;

    // Exclusive monitor (local): set by LDXR/LDAXR, checked by STXR/STLXR.
    bool exclusive_valid = false;
    uint64_t exclusive_addr = 0;
    unsigned exclusive_size = 0;
    std::array<uint64_t, 2> exclusive_value{};

    // SIMD&FP registers V0-V31, 128 bits each: v[n][0] is bits [63:0] (so
    // element 0 of any arrangement sits in the low bytes, as on a
    // little-endian host), v[n][1] bits [127:64]. src/cpu/fp_exec.hpp reads
    // and writes them as B/H/S/D/Q and as vector elements.
    std::array<std::array<uint64_t, 2>, 32> v{};
    // FPCR (AHP, DN, FZ, RMode; C5.2.7) and FPSR (QC, IDC, IXC, UFC, OFC,
    // DZC, IOC; C5.2.8).
    uint64_t fpcr = 0, fpsr = 0;
    uint64_t tpidr_el0 = 0, tpidrro_el0 = 0;

    // EL1 exception state (Arm ARM D1.10): written by exception entry, read
    // by ERET. The system-register table maps MRS/MSR onto these fields.
    uint64_t elr_el1 = 0, spsr_el1 = 0, esr_el1 = 0, far_el1 = 0;
    uint64_t vbar_el1 = 0;
    // SCTLR_EL1 resets to an IMPLEMENTATION DEFINED value with M, C, I clear;
    // 0x00C50838 is what QEMU's cortex-a57 reports (RES1 bits set, SA/SA0 on).
    uint64_t sctlr_el1 = 0x00C50838;
    uint64_t tpidr_el1 = 0;

    unsigned index() const { return index_; }
    Bus& bus() { return bus_; }
    SystemInterface& system() { return sys_; }

    // --- execution ---------------------------------------------------------
    // Runs up to max_insns instructions (or until stop()).
    StopReason run(uint64_t max_insns);
    // Executes exactly one instruction (for tracing, stepping, oracles).
    StopReason step() { return run(1); }
    void stop(StopReason why) {
        stop_reason_ = why;
        stop_requested_ = true;
        block_end_ = chain_end_ = 0;
    }
    // Asks the run loop to return at the next instruction boundary with
    // StopReason::Budget (interrupt delivery, quantum end).
    void request_exit() {
        stop_requested_ = true;
        block_end_ = chain_end_ = 0;
    }
    // A hook or a debugger's watchpoint stopped the instruction executing now
    // (it will run again): its half-done effects must be undone.
    bool debug_stop_pending() const { return stop_requested_ && stop_reason_ == StopReason::Breakpoint; }
    // Ends the current predecoded block only (its code changed, or PSTATE
    // changed in a way the next lookup must see).
    void end_block() { block_end_ = chain_end_ = 0; }
    // log2 sizeof(DecodedInsn): slots between slot_ and anchor_.
    static constexpr unsigned kSlotShift = 5;
    // For threaded exec functions (src/cpu/exec.hpp), once their instruction
    // has run and fallen through: true, with `next` the executing slot, when
    // it may run at once, still inside the fast path's block and its budget.
    // The PC and the count stay behind (see slot_): sync() brings them up.
    bool chain_to(const DecodedInsn* next) {
        if (reinterpret_cast<uintptr_t>(next) >= chain_end_) return false;
        slot_ = reinterpret_cast<uintptr_t>(next);
        return true;
    }
    // Makes `pc` and the run's count those of the executing slot. Every exec
    // function that reads the PC or the count, or may reach code that does
    // (exceptions, system registers, faults, the bus's slow path with its
    // watches and devices), calls it first; a straight-line chain does not,
    // so the PC and the count are not advanced in memory per instruction.
    void sync() {
        const uint64_t n = (slot_ - anchor_) >> kSlotShift;
        pc += 4 * n;
        run_done_ += n;
        anchor_ = slot_;
    }
    // The same for a taken direct branch from slot `d` by `offset` bytes,
    // with the PC and the count synced first (the PC is the target after):
    // the slot of the target, the bound moved to its block, when it is in
    // the same page and the budget allows one more instruction; nullptr
    // otherwise. (Defined in src/cpu/exec.hpp, where DecodedInsn is complete.)
    inline const DecodedInsn* chain_branch(const DecodedInsn& d, int64_t offset);
    uint64_t instructions_retired() const { return retired_; }
    // Instructions retired so far in the current run() call, before the one
    // executing now (0 between runs): exact even inside an exception entry,
    // for counter reads and observers' timestamps.
    uint64_t instructions_retired_in_run() const { return run_done_ + ((slot_ - anchor_) >> kSlotShift); }
    // Everything retired, including the current run so far.
    uint64_t instructions_now() const { return retired_ + instructions_retired_in_run(); }
    // For the run loop's exact fast-forwards (src/cpu/counted_loop.cpp):
    // instructions the current run() may still retire, the executing one
    // included, and a way for the executing one to retire as `n` (n >= 1;
    // it then returns kJump).
    uint64_t insns_left_in_run() const { return run_budget_ - instructions_retired_in_run(); }
    void retire_as(uint64_t n) { run_done_ += n - 1; }
    bool observed() const { return observed_; }

    // Drops every predecoded instruction (e.g. after the loader writes code).
    void invalidate_decode_cache();

    // CPACR_EL1.FPEN (Arm ARM D13.2.30), which decides where SIMD&FP
    // instructions run: 0b11 everywhere (the default, for systems that do not
    // model CPACR_EL1), 0b01 at EL1 only, 0b00/0b10 nowhere. A trapped
    // instruction is decoded to a trap (SystemInterface::fp_access_trap), so
    // the check costs the run loop nothing; a change re-decodes only the pages
    // that hold SIMD&FP instructions.
    unsigned fpen() const { return fpen_; }
    void set_fpen(unsigned fpen);
    // The rule itself: EL0 runs SIMD&FP only with 0b11, EL1 with 0b01 or 0b11.
    static bool fpen_traps(unsigned fpen, ExceptionLevel el) {
        return el == ExceptionLevel::EL0 ? fpen != 3 : (fpen & 1) == 0;
    }
    bool fp_trapped() const { return fp_trapped_; }

    // Optional per-instruction observer (tracing). Null costs nothing in the
    // hot loop beyond one predictable branch per block.
    using InsnObserver = void (*)(void* ctx, Cpu& cpu);  // before each instruction, PC set
    void set_insn_observer(InsnObserver fn, void* ctx) {
        insn_observer_ = fn;
        insn_observer_ctx_ = ctx;
        observed_ = insn_observer_ || cycle_observer_;
        // The observed loop looks at insn_observer_ once per block: a block
        // running now ends after the instruction that attached it.
        end_block();
    }
    void set_cycle_observer(CycleObserver* o) {
        cycle_observer_ = o;
        observed_ = insn_observer_ || cycle_observer_;
        chain_end_ = 0;
    }
    CycleObserver* cycle_observer() const { return cycle_observer_; }
    bool insn_observed() const { return insn_observer_ != nullptr; }

    // PC hooks: called before the instruction at `pc` executes (phase
    // attribution, breakpoints). Only the hooked slot of the decode cache is
    // wrapped, so hooks cost nothing anywhere else. Stop leaves the PC at the
    // hooked instruction; the next run() executes it without calling the
    // hooks again.
    enum class HookAction : uint8_t { Continue, Stop };
    using PcHook = std::function<HookAction(Cpu&)>;
    int add_pc_hook(uint64_t pc, PcHook fn);
    void remove_pc_hook(int id);

    // PSTATE as SPSR holds it (NZCV, DAIF, SPSel, EL) and back.
    uint64_t pstate() const;
    void set_pstate(uint64_t spsr);
    // Switch EL/SPSel, banking SP accordingly.
    void select_stack(ExceptionLevel new_el, bool new_spsel);
    uint64_t sp_el(ExceptionLevel which) const;
    void set_sp_el(ExceptionLevel which, uint64_t value);

private:
    friend struct ExecAccess;
    Bus& bus_;
    SystemInterface& sys_;
    unsigned index_;
    std::unique_ptr<DecodeCache> cache_;
    uint64_t retired_ = 0;
    uint64_t run_done_ = 0;
    // The fast path's chain leaves `pc` and run_done_ as they were at the
    // slot anchor_ and records only the slot executing now (slot_, a plain
    // store, where advancing the PC and the count would be two
    // read-modify-writes in memory per instruction, each waiting for the
    // last): the PC is anchor's + 4 per slot between them, the count + 1.
    // Equal (0) outside the fast path.
    uintptr_t slot_ = 0, anchor_ = 0;
    uint64_t run_budget_ = 0;  // run()'s max_insns
    bool stop_requested_ = false;
    // The run loop's fast path stops before the predecoded slot at this
    // address (page end or budget); end_block() sets it to 0.
    uintptr_t block_end_ = 0;
    // The same bound for chain_to(): block_end_ while the fast path runs a
    // block, 0 everywhere else (the observed path runs one slot per call).
    uintptr_t chain_end_ = 0;
    // Taken branches one call from the run loop may still chain: a bound on
    // the host stack where the compiler makes no sibling calls (-O0).
    static constexpr uint8_t kBranchChains = 8;
    uint8_t branch_chains_left_ = 0;
    StopReason stop_reason_ = StopReason::Budget;
    InsnObserver insn_observer_ = nullptr;
    void* insn_observer_ctx_ = nullptr;
    CycleObserver* cycle_observer_ = nullptr;
    bool observed_ = false;  // either observer attached
    uint8_t fpen_ = 3;
    bool fp_trapped_ = false;  // FPEN disables SIMD&FP at the current EL
    void update_fp_trap();
    void run_observed(const DecodedInsn* d, uint64_t max_insns);
    // An observer needs the decoded form before the instruction runs: decodes
    // the slot if it is not yet (the same fetch the decode stub would make).
    // False when that fetch fails (the stub then takes the abort).
    bool decode_for_observer(const DecodedInsn& d);

public:
    // The observed run loop over the block starting at `d` (the slot of the
    // PC), for CycleObserver::execute_block: src/cpu/observed_run.hpp.
    template <class Observer>
    [[gnu::always_inline]] void run_observed_block(Observer* o, const DecodedInsn* d, uint64_t max_insns);

private:
    // Its loop, with or without the instruction observer (that one out of
    // line: the loop inlined into execute_block is the one without).
    template <bool kTellInsns, class Observer>
    [[gnu::always_inline]] void run_observed_steps(Observer* o, const DecodedInsn* d);
    template <class Observer>
    [[gnu::noinline]] void run_observed_steps_telling(Observer* o, const DecodedInsn* d);
};

}  // namespace irqsim
