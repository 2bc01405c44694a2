// Host-side observers of a guest kernel run (../shared/DESIGN.md, src/stack):
// per-IRQ instruction accounting by phase, stack high-water marks from the
// stores and SP values actually seen, and a frame-record unwinder.
#pragma once

#include <array>
#include <functional>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "irqsim/exception.hpp"

namespace irqsim {

class Bus;
class Machine;

// The phases of an interrupt, as the guest's `irq_phase_*` labels mark them.
// Witness: the guest's own bookkeeping inside an IRQ that is no part of the
// design (src/asm/README.md, irq_phase_witness): not accounted.
enum class IrqPhase : uint8_t { Entry, Switch, Copy, Handler, Exit, Witness };
inline constexpr unsigned kIrqPhases = 5;
const char* irq_phase_name(IrqPhase p);

// Where each phase starts in an image: the PCs of its irq_phase_<label>_el0/_el1
// symbols (src/asm/entry.S) with the phase each one begins. Empty for an
// image without them.
struct ElfImage;
struct IrqPhaseLabel {
    uint64_t pc;
    IrqPhase phase;
};
std::vector<IrqPhaseLabel> irq_phase_labels(const ElfImage& image);

// Counts instructions from IRQ vector entry to its ERET, split into phases.
// Time spent in a nested exception belongs to that exception, not to the one
// it interrupted, so the phases of all IRQs add up to the IRQ total.
class IrqAccounting final : public ExceptionObserver {
public:
    explicit IrqAccounting(unsigned cpus) : stacks_(cpus) {}
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override;
    void exception_returned(Cpu& cpu, ExceptionLevel from, ExceptionLevel to, uint64_t pc) override;
    // A phase label was reached on `cpu` (installed as a PC hook).
    void enter_phase(Cpu& cpu, IrqPhase phase);

    uint64_t irqs = 0;              // IRQ exceptions taken
    uint64_t irq_instructions = 0;  // instructions attributed to IRQs
    std::array<uint64_t, kIrqPhases> phase_instructions{};
    // The same in cycles, when a cost model supplies a clock (CycleSystem).
    std::function<uint64_t(const Cpu&)> cycle_clock;
    uint64_t irq_cycles = 0;
    std::array<uint64_t, kIrqPhases> phase_cycles{};
    unsigned max_nesting = 0;  // deepest IRQ-within-IRQ nesting (1 = no nesting)
    // Where CPU `cpu` is now, as a CycleProfile phase: 0 outside any
    // exception, 1 in an exception other than an IRQ, 2 + IrqPhase in an IRQ.
    unsigned profile_phase(unsigned cpu) const {
        const auto& st = stacks_[cpu];
        if (st.empty()) return 0;
        return st.back().irq ? 2 + static_cast<unsigned>(st.back().phase) : 1;
    }

private:
    struct Frame {
        bool irq;
        IrqPhase phase;
        uint64_t since;  // instruction count when the current phase resumed
        uint64_t since_cycles;
    };
    void account(Frame& f, uint64_t now, uint64_t now_cycles);
    uint64_t cycles_now(const Cpu& cpu) const { return cycle_clock ? cycle_clock(cpu) : 0; }
    std::vector<std::vector<Frame>> stacks_;  // per CPU
};

// One frame of a call chain on a stack, [low, high) (low = the deeper end).
// Frames are delimited by frame records: a function owns the bytes from its
// own record up to its caller's record (its saved registers and locals; a
// caller's variable-length array, which sits below the caller's record, is
// counted with the callee), and an exception entry's pt_regs are a frame of
// their own, found between the handler's record and the interrupted one's.
struct StackFrame {
    enum class Kind : uint8_t {
        Function,        // a function's frame
        ExceptionRegs,   // the pt_regs an exception entry saved (`function` = the entry)
        SwitchRecord,    // the frame record an IRQ-stack switch pushes, leading back to the interrupted stack
    };
    Kind kind = Kind::Function;
    uint64_t low = 0, high = 0;
    std::string function;  // symbol of the code that owns it
    uint64_t bytes() const { return high - low; }
};

// The call chain at the moment a stack reached a new low (its high-water
// mark), from the CPU's PC and x29, symbolised with the image's symbols.
struct StackChain {
    unsigned cpu = 0;
    uint64_t pc = 0, sp = 0;
    uint64_t low = 0;                // the lowest stack address used at that moment
    std::vector<StackFrame> frames;  // deepest first, contiguous from `low`
    std::string ends;                // where the walk ended and why
    uint64_t bytes() const { return frames.empty() ? 0 : frames.back().high - frames.front().low; }
};

// The first stack store (or SP) below a stack's usable bottom: the thread_info
// at its base (2015 layout), or the base itself.
struct StackOverflow {
    unsigned cpu = 0;
    uint64_t pc = 0, sp = 0, address = 0;  // the store's address
    uint64_t stack_base = 0, usable_bottom = 0;
    std::string stack;  // which stack: "stack at 0x…" (a report may name it better: task, IRQ)
    // A stack store landed on thread_info at the stack's base (2015 layout):
    // this one, or a later one of the same overflow (at that PC).
    bool thread_info_overwritten = false;
    uint64_t thread_info_overwritten_at = 0;
    std::string where;              // PC symbolised, the instruction word and its disassembly
    std::vector<uint64_t> backtrace;  // return addresses from x29
    std::vector<std::string> backtrace_symbols;
};

// Stack usage by THREAD_SIZE-aligned slot: the lowest address the owning CPU
// stored to at or above its own SP (pushes, spills, frame records), and the
// lowest SP seen there. Stores by other CPUs (a remote TIF flag) and stores
// below SP are not stack usage and are left out. With the image's symbols
// (Machine::image()), each new low also records the call chain that reached
// it (StackChain), and a guard reports the first stack store made with SP
// below a stack's usable bottom: `thread_info_bytes_at_base` above its base
// for the 2015 layout, else the base (StackOverflow).
class StackTracker final : public ExceptionObserver {
public:
    static constexpr unsigned kMaxCpus = 8;  // the board's limit (Machine)
    StackTracker(Machine& machine, uint64_t thread_size, uint64_t thread_info_bytes_at_base = 0);
    ~StackTracker() override;
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override;
    void exception_returned(Cpu&, ExceptionLevel, ExceptionLevel, uint64_t) override {}

    struct Slot {
        uint64_t lowest_store = ~uint64_t{0};
        uint64_t lowest_sp = ~uint64_t{0};
        uint64_t exceptions = 0;  // exceptions taken with SP in this slot
        // The same, per CPU: a slot may hold the ends of two CPUs' stacks
        // when they are not THREAD_SIZE-aligned (static per-CPU IRQ stacks).
        std::array<uint64_t, kMaxCpus> lowest_by_cpu;
        Slot() { lowest_by_cpu.fill(~uint64_t{0}); }
        uint64_t lowest() const { return std::min(lowest_store, lowest_sp); }
        StackChain deepest;  // the chain when lowest() was set (empty without symbols)
        std::array<StackChain, kMaxCpus> deepest_by_cpu;  // ... when lowest_by_cpu[cpu] was set
    };
    const std::map<uint64_t, Slot>& slots() const { return slots_; }
    uint64_t thread_size() const { return thread_size_; }
    // Guard reports, the first per stack, in the order they happened.
    const std::vector<StackOverflow>& overflows() const { return overflows_; }

private:
    // The store watch: note_common() settles the common store inline (true);
    // note() the rest.
    bool note_common(unsigned cpu, uint64_t addr);
    void note(unsigned cpu, uint64_t addr);
    void guard(Cpu& cpu, uint64_t addr);
    // A store at addr (~0: none) with SP sp by cpu at pc, in slot s.
    void mark(Slot& s, Cpu& cpu, uint64_t addr, uint64_t sp, uint64_t pc);
    // Whether a store at addr with SP sp by CPU c (< kMaxCpus) lowers one of
    // s's marks: mark()'s own first test, for the store watch's fast path.
    static bool is_new_low(const Slot& s, unsigned c, uint64_t addr, uint64_t sp) {
        return addr < s.lowest_by_cpu[c] || addr < s.lowest_store || sp < s.lowest_sp;
    }
    Machine& machine_;
    uint64_t thread_size_, ti_at_base_;
    int watch_ = 0;
    std::map<uint64_t, Slot> slots_;
    // Per CPU: the stack it is on (the guard's view), the SP at its last
    // stack store, whether SP has run below that stack, the SP after the last
    // exception entry (where its pt_regs go).
    struct OnStack {
        uint64_t base = 0, last_sp = 0, entry_sp = 0;
        bool below = false, entry_from_el0 = false;
        // The slot of its last stack store: the next store is nearly always
        // in the same one, so the map is searched only on a change of stack.
        uint64_t slot_base = ~uint64_t{0};
        Slot* slot = nullptr;
    };
    std::vector<OnStack> on_;
    // A store at addr with SP sp by CPU c (< kMaxCpus) is into the stack of
    // its last stack store, at or above SP, and SP is above that stack's
    // thread_info.
    bool in_last_stack(const OnStack& o, unsigned c, uint64_t addr, uint64_t sp) const {
        uint64_t base = sp & ~(thread_size_ - 1);
        return addr >= sp && addr - sp < thread_size_ && base == o.base && base == o.slot_base &&
               sp >= base + ti_at_base_ && c < kMaxCpus;
    }
    std::vector<Cpu*> cpus_;  // the machine's CPUs by index, for the store watch
    Slot& slot_of(OnStack& o, uint64_t sp);
    std::vector<StackOverflow> overflows_;
};

// A thread_info flag update that was lost, or a read that landed on a stale
// copy (the `copy` design's race, ../shared/seed/): another CPU sets a TIF
// flag through task->stack on the task stack's thread_info while the copy on
// the IRQ stack is the live one, and the write-back drops it; or it sets the
// flag on the IRQ stack's copy after the copy was written back (nobody reads
// it again).
struct ThreadInfoLoss {
    enum class Kind : uint8_t {
        OverwrittenByWriteBack,  // set on the task stack's thread_info while the copy was live
        SetOnStaleCopy,          // set on the IRQ stack's copy after (or while) it was written back,
                                 // or before the next copy overwrote it
        StaleRead,               // not a loss: a read of one end that lacks a store made to the other
    };
    Kind kind = Kind::OverwrittenByWriteBack;
    unsigned cpu = 0;                // the CPU that set (or read) the flag
    uint64_t pc = 0;                 // its store (or load)
    std::string where;               // pc symbolised
    unsigned flag = 0;               // TIF bit number (StaleRead: the field's offset in thread_info)
    std::string flag_name;           // "TIF_NEED_RESCHED" (StaleRead: the field, "flags", "preempt_count" ...)
    uint64_t address = 0;            // the flags word it landed on
    unsigned owner_cpu = 0;          // the CPU whose task's thread_info it was (the copy's CPU)
    uint64_t live_address = 0;       // where the live thread_info was at that moment
    uint64_t write_back_pc = 0;      // the write-back that dropped it (OverwrittenByWriteBack)
    unsigned update_cpu = 0;         // StaleRead: the CPU whose store the value read lacks
    std::string update_where;        // ... its PC symbolised
    uint64_t instruction = 0;        // machine instruction count when it was set
    uint64_t seed = 0, interleave_seed = 0;  // filled in by the run (compare)
    std::string what() const;        // one line: CPU, PC, symbol, flag, how, seeds
};

// The thread_info checker. It follows every copy of a thread_info from one
// stack's base to another (the image's `irq_copy_thread_info(dst_sp, src_sp)`,
// which copies the thread_info at src_sp's THREAD_SIZE-aligned base to
// dst_sp's) and watches both ends: while a copy is live,
// the task stack's own thread_info is stale. A flag set on the stale end
// is a loss when the write-back ends without it (or at once, for a set on an
// IRQ stack's copy nobody will read again). Without that function in the
// image (every design but `copy`) there is never a second thread_info, so
// nothing can be lost and nothing is watched. It hooks only the copy
// function's entry and its return sites, and watches only the thread_infos
// involved (stores and loads of any field): detached, or in other
// designs, it costs nothing.
class ThreadInfoChecker {
public:
    ThreadInfoChecker(Machine& machine, uint64_t thread_size,
                      const char* copy_function = "irq_copy_thread_info");
    ~ThreadInfoChecker();
    ThreadInfoChecker(const ThreadInfoChecker&) = delete;
    ThreadInfoChecker& operator=(const ThreadInfoChecker&) = delete;

    bool active() const { return !hooks_.empty(); }  // the image copies thread_info
    const std::vector<ThreadInfoLoss>& losses() const { return losses_; }
    // Reads of a thread_info field whose value lacks a store made to the
    // other end of its copy: while a copy is in flight, either end (the
    // IRQ-stack copy current_thread_info() finds, or the task stack's
    // thread_info another CPU reaches through a task->stack it read
    // earlier) against every store made to either end; an IRQ-stack copy
    // nobody uses against the task stack's thread_info.
    const std::vector<ThreadInfoLoss>& stale_reads() const { return stale_reads_; }
    uint64_t copies() const { return copies_; }        // outermost copies (entry + write-back = 1)
    uint64_t flag_sets_seen() const { return sets_; }  // flag sets by other CPUs on watched words
    uint64_t sets_on_stale() const { return stale_sets_; }  // of which on the stale end (lost or not)

private:
    // A set on the stale end, decided when the copy in progress returns: lost
    // if the word that is live afterwards lacks the flag.
    struct Pending {
        ThreadInfoLoss loss;
        bool at_write_back;  // decided by the write-back (else by the copy to the IRQ stack)
    };
    using Bytes = std::array<uint8_t, 32>;  // a thread_info (the 2015 layout)
    struct InFlight {
        uint64_t home = 0, copy = 0;  // thread_infos: task stack's, IRQ stack's
        bool in_call = false, writing_back = false;
        uint64_t write_back_pc = 0;  // the write-back's store to home's flags
        std::vector<Pending> pending;
        Bytes logical{};             // home at the copy, with every store to either end since
        std::array<unsigned, 32> byte_cpu{};  // per byte of `logical`: the last store to change it
        std::array<uint64_t, 32> byte_pc{};
    };
    void copy_called(Cpu& cpu);
    void copy_returned(Cpu& cpu);
    void watch(uint64_t word);
    void stored(uint64_t ti, uint64_t addr, unsigned accessor);
    unsigned owner_of(uint64_t ti, bool& in_flight) const;
    Bytes read(uint64_t ti) const;
    void loaded(uint64_t ti, uint64_t addr, unsigned size, unsigned accessor);
    ThreadInfoLoss make(ThreadInfoLoss::Kind kind, unsigned cpu, unsigned flag, uint64_t word, unsigned owner,
                        uint64_t live);
    Machine& machine_;
    uint64_t thread_size_;
    std::vector<std::pair<unsigned, int>> hooks_;  // (cpu, hook id)
    std::map<uint64_t, int> watches_;              // thread_info -> store watch id
    std::map<uint64_t, int> load_watches_;         // thread_info -> debug watch id (loads)
    std::map<uint64_t, Bytes> shadow_;             // thread_info -> last value seen
    std::map<uint64_t, unsigned> copy_owner_;      // IRQ-stack copy word -> its CPU
    std::vector<InFlight> flight_;                 // per CPU
    std::vector<uint64_t> last_home_;              // per CPU: its last copy's task-stack end
    std::vector<ThreadInfoLoss> losses_, stale_reads_;
    uint64_t copies_ = 0, sets_ = 0, stale_sets_ = 0;
};

// The call chain of `cpu` as it stands, `low` being the lowest stack address
// in use, `pc` where it is (or was interrupted), `entry_sp` the SP after its
// last exception entry (pt_regs go just below it). The StackTracker's
// capture, usable on its own; needs the machine's image for symbols.
StackChain capture_stack_chain(Machine& machine, Cpu& cpu, uint64_t low, uint64_t pc, uint64_t entry_sp,
                               bool entry_from_el0, uint64_t thread_size);

// One walk over AArch64 frame records ([fp] = caller's fp, [fp + 8] = return
// address) starting at `fp` (a CPU's x29). Frames may cross from one stack to
// another (IRQ stack to task stack) in either direction, so the walk is
// bounded by max_frames rather than by fp growing. Used by the compare
// observers and by both fault reports.
struct UnwindResult {
    std::vector<uint64_t> frames;  // frame-record addresses walked
    std::vector<uint64_t> return_addresses;
    bool ended_at_zero_fp = false;  // the chain ended with fp == 0 (a task's first frame)
    std::string stopped_because;    // empty when ended_at_zero_fp
};
UnwindResult unwind_frame_records(const Bus& bus, uint64_t fp, unsigned max_frames = 128);

}  // namespace irqsim
