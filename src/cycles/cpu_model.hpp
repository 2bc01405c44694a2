// The cost model of one CPU running real code: the timing engine fed with
// every instruction the CPU executes, plus what a straight-line block does
// not have: caches (L1I, L1D, the shared L2, DRAM), MMIO, branch prediction
// (2-bit counters, a target buffer, a return stack), exception entry and
// return, barriers and system-register moves, WFI. Costs: core_model.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "cycles/cache.hpp"
#include "cycles/pipeline.hpp"
#include "irqsim/cpu.hpp"

namespace irqsim::cycles {

class SteadyLoop;

struct CpuCycleStats {
    uint64_t instructions = 0;
    std::array<uint64_t, static_cast<unsigned>(Stall::kCount)> stall_cycles{};  // [None] = plain execution
    uint64_t l1d_misses = 0, l2_misses = 0, l1i_misses = 0, mmio_accesses = 0;
    uint64_t branches = 0, mispredicts = 0, exceptions = 0, erets = 0;
};

class CpuCycleModel final : public CycleObserver {
public:
    // Attaches to `cpu` (and detaches when destroyed). `l2` is shared by the
    // CPUs of one machine; null gives this CPU an L2 of its own.
    CpuCycleModel(Cpu& cpu, const CoreModel& model, std::shared_ptr<Cache> l2 = nullptr);
    ~CpuCycleModel() override;
    CpuCycleModel(const CpuCycleModel&) = delete;
    CpuCycleModel& operator=(const CpuCycleModel&) = delete;

    void execute_block(Cpu& cpu, const DecodedInsn* d, uint64_t max_insns) override;
    // Told of each instruction by the run loop (Cpu::run_observed_block);
    // after() is specialised for the pipeline's shape (Pipeline::push_as).
    // Inlined into each of the loop's variants (with and without the
    // instruction observer), not called.
    [[gnu::always_inline]] void before(Cpu& cpu, const DecodedInsn& d);
    // False when it ended the run (stop_at).
    template <bool kInOrder>
    [[gnu::always_inline]] bool after(Cpu& cpu, const DecodedInsn& d, uint64_t pc_before);

    // Cycles so far: the retire cycle of the last instruction (an ERET's
    // refill included while it executes, so exception observers see it).
    uint64_t cycles() const { return pipe_.last_retire(); }
    const CpuCycleStats& stats() const { return stats_; }
    const CoreModel& model() const { return m_; }
    // Empties L1I and L1D (and, with `l2`, the shared L2): the cold-cache case.
    void flush_caches(bool l2);
    // Ends the CPU's run (Cpu::request_exit) after the first instruction
    // that brings cycles() to `cycle` or past it: the board's deadlines when
    // cycles are its clock. ~0: never.
    void stop_at(uint64_t cycle) { stop_at_ = cycle; }

    // Told of every instruction's cycles as it retires (profiles): once with
    // insns = 1 and the cycles it added to the retire clock, and again with
    // insns = 0 for a refill or drain charged after it (ISB, DSB, MSR, ERET),
    // so the cycles told add up to cycles().
    using Sink = void (*)(void* ctx, uint64_t pc, unsigned insns, uint64_t cycles, Stall why);
    void set_sink(Sink fn, void* ctx) {
        sink_ = fn;
        sink_ctx_ = ctx;
    }
    // Counted register loops priced a period at a time once their cost
    // repeats (steady_loop.hpp; on by default): the same figures as stepping
    // them, which is what turning it off gives (tests).
    void set_steady_loops(bool on);
    uint64_t steady_loop_passes() const;  // passes priced that way so far (tests)

private:
    friend class SteadyLoop;
    std::unique_ptr<SteadyLoop> steady_;

public:

private:
    // The instruction's classification and its costs on this core (per word,
    // cached).
    struct Classified {
        InsnInfo info;
        InsnCost cost;
    };
    struct InfoSlot;
    const Classified& classified(const DecodedInsn& d);
    [[gnu::noinline]] const InfoSlot& fill(const DecodedInsn& d);
    // A block starts: its first instruction looks at the PC.
    void enter_block();
    // The rarer parts of before() and after(), out of their line.
    void unexpected_pc(const Cpu& cpu);
    void fetch(const Cpu& cpu);
    void access(Cpu& cpu, const DecodedInsn& d, const InsnInfo& i);
    void before_system(const Cpu& cpu, const Classified& ci);
    void after_system(Ctrl ctrl);
    void left_sequence(const Cpu& cpu, Ctrl ctrl);
    uint64_t effective_address(const Cpu& cpu, const DecodedInsn& d, const InsnInfo& i) const;
    uint32_t memory_latency(uint64_t addr, bool& miss);
    uint32_t l1d_miss(uint64_t addr, bool& miss);
    bool is_ram(Bus& bus, uint64_t addr, unsigned bytes);
    bool is_ram_slow(Bus& bus, uint64_t addr, unsigned bytes);
    void device_access(const InsnInfo& i);
    void push(uint64_t pc, const InsnCost& op);
    template <bool kInOrder>
    [[gnu::always_inline]] void push_as(uint64_t pc, const InsnCost& op);
    template <bool kInOrder>
    struct Steps;
    // Charges the retire clock's advance since the last call to `pc`.
    void account(uint64_t pc, unsigned insns, Stall why);
    void redirect(uint64_t at, Stall why) { pipe_.frontend_at(at, why); }
    bool in_vectors(const Cpu& cpu) const { return cpu.pc - cpu.vbar_el1 < 0x800; }
    void predict(const Cpu& cpu, Ctrl ctrl, uint64_t pc_before, const Timing& t);

    Cpu& cpu_;
    const CoreModel& m_;
    Pipeline pipe_;
    Cache l1i_, l1d_;
    std::shared_ptr<Cache> l2_;
    CpuCycleStats stats_;

    // Per-word classification cache (the decode cache's rows are per slot;
    // this one is keyed by the word, so it survives re-decoding).
    struct InfoSlot {
        // The word, with bit 32 set once the slot holds it: one compare.
        static uint64_t key_of(uint32_t word) { return uint64_t{1} << 32 | word; }
        uint64_t key = 0;
        Classified c;
    };
    // 16384 entries: with 4096, a compare design's kernel and guest code
    // evicted each other's words (~195k refills per run, each a classify()
    // and a prepare(), 7% of the run; ~18k now), for ~1.1 MiB more per CPU
    // model: a 4-CPU compare's peak RSS 10.7 -> 15.2 MiB.
    std::array<InfoSlot, 16384> infos_{};

    // Each decoded slot keeps the index of the infos_ entry its instruction
    // was found in (DecodedInsn::observer_hint), so an instruction's record
    // is reached without hashing the word. Only a hint, checked against the
    // word (the entry may since hold another word, the code may have been
    // rewritten): a stale one is found again, so nothing has to tell the
    // model of invalidated code.

    // Pages wholly RAM, as Bus::is_ram said while the bus's generation was
    // ram_generation_ (direct-mapped by page number; positives only).
    std::array<uint64_t, 64> ram_pages_{};
    uint64_t ram_generation_ = ~uint64_t{0};

    // State carried from before() to after() (after() runs only after
    // before() of the same instruction).
    const Classified* cur_ = nullptr;
    Extra cur_extra_{};
    bool cur_pushed_ = false;  // set by an ERET's before(), cleared by its after() or the next block
    Timing cur_timing_{};
    uint64_t expected_pc_ = ~uint64_t{0};
    uint64_t fetch_line_ = ~uint64_t{0};
    bool woke_ = false;
    // The next before() compares the PC with expected_pc_: the first of a
    // block, or the one after a WFI. Within a block the PC moves only by the
    // block's own instructions, each falling through to the next, so the
    // PC of every other one is the expected one.
    bool check_pc_ = true;

    // Branch prediction.
    std::array<uint8_t, 4096> counters_{};  // 2-bit, weakly not-taken at reset
    std::array<uint64_t, 512> btb_{};       // last target of an indirect branch
    std::array<uint64_t, 32> ras_{};
    unsigned ras_top_ = 0, ras_depth_ = 0;

    uint64_t stop_at_ = ~uint64_t{0};
    uint64_t accounted_ = 0;  // retire cycle up to which stall_cycles and the sink were told
    Sink sink_ = nullptr;
    void* sink_ctx_ = nullptr;
};

}  // namespace irqsim::cycles
