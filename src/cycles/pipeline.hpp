// The timing engine: instructions go in, in program order, one at a time;
// each comes out with the cycle it dispatched, issued, completed and retired.
// Two shapes from one set of tables (core_model.hpp):
//  - in order (A53): up to dispatch_width uops issue per cycle, in program
//    order, each when its operands are ready and its unit is free;
//  - out of order (A57/A72): dispatch_width uops dispatch per cycle into a
//    reorder window of rob_entries; each issues at the first cycle its
//    operands are ready and its units are free (older instructions book their
//    units first), and retires in order.
// Result latencies go through a register scoreboard with LLVM's forwarding
// (ReadAdvance); units are booked on a calendar of busy cycles. The same
// rules llvm-mca applies, so straight-line blocks can be compared with it
// (tests/cycles). Nothing is allocated per instruction, and the tables are
// applied once per instruction form (Pipeline::prepare -> InsnCost), not
// once per instruction executed.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>
#include <type_traits>

#include "cycles/classify.hpp"
#include "cycles/core_model.hpp"

namespace irqsim::cycles {

// What held an instruction back, for profiles.
enum class Stall : uint8_t { None, Dependency, Resource, CacheMiss, Frontend, Mispredict, Serialize, kCount };
const char* stall_name(Stall s);

// Costs the pipeline cannot see from the instruction alone.
struct Extra {
    uint32_t load_latency = 0;  // added to load results (cache miss, MMIO)
    bool serialize = false;     // issue only after every older instruction completed
    bool cache_miss = false;    // load_latency comes from a miss
};

struct Timing {
    uint64_t dispatch, issue, complete, retire;
    Stall stall;
};

// One instruction form with its core's tables applied (Pipeline::prepare):
// what push() needs, so that pricing an instruction is a few table loads and
// max() operations. Valid for the Pipeline (core model) that prepared it.
struct InsnCost {
    static constexpr unsigned kSrcSlots = std::extent_v<decltype(InsnInfo::src)>;
    static constexpr unsigned kDstSlots = std::extent_v<decltype(InsnInfo::dst)>;
    static constexpr unsigned kUseSlots = std::tuple_size_v<decltype(ClassCost::res)>;
    static constexpr uint8_t kNoAdvance = 0xff;  // src_read: the core forwards nothing to this read
    enum class Booking : uint8_t { None, OneUnit, TwoUnits, SingleCycle, General };

    uint8_t cls = 0;  // SchedClass, for Booking::General
    uint8_t uops = 0;
    uint8_t latency = 0;   // the class's main result latency (in-order write-back order)
    uint8_t first_wb = 0;  // in order: cycles from issue to the first register write
    // Completion: issue + max(done_lat + a load's extra latency, done_wb).
    uint8_t done_lat = 0, done_wb = 0;
    Booking booking = Booking::None;
    uint8_t nunits = 0;  // Booking::OneUnit/TwoUnits/SingleCycle: one unit of each group, for one cycle
    std::array<uint8_t, kUseSlots> units{};
    bool is_load = false;      // Mem::Load or Atomic: takes Extra::load_latency
    bool is_store = false;     // Mem::Store or Atomic
    bool is_mem = false;       // any access
    bool mem_barrier = false;  // InsnInfo::mem_barrier
    WriteKind writes = WriteKind::Other;  // the class's result kind (forwarding)
    uint8_t nsrc = 0, ndst = 0;
    bool forwarded = false;  // some src_read is not kNoAdvance
    // No access, no barrier, no forwarding, at most two sources (the rest of
    // src[0..1] Pipeline::kRegNever) and one result: the common form, priced without
    // the loops and the memory checks.
    bool simple = false;
    std::array<uint8_t, kSrcSlots> src{};
    std::array<uint8_t, kSrcSlots> src_read{};  // ReadKind, or kNoAdvance
    std::array<uint8_t, kDstSlots> dst{};
    std::array<uint8_t, kDstSlots> dst_lat{};  // without a load's extra latency
    std::array<bool, kDstSlots> dst_result{};  // a result, not a base write-back: takes the load's extra latency and miss
    std::array<WriteKind, kDstSlots> dst_kind{};  // what the write is, for forwarding: `writes`, or Other for a write-back
};

class Pipeline {
public:
    explicit Pipeline(const CoreModel& m);
    void reset();

    // The tables applied to one instruction form, for push().
    InsnCost prepare(const InsnInfo& insn) const;
    // Inline (below): the cycle model calls it for every instruction.
    Timing push(const InsnCost& op, const Extra& extra = {}) {
        return m_.in_order ? push_as<true>(op, extra) : push_as<false>(op, extra);
    }
    Timing push(const InsnInfo& insn, const Extra& extra = {}) { return push(prepare(insn), extra); }
    // The front end delivers nothing before `cycle` (a redirect, an
    // instruction-cache miss, a taken branch's bubble). `why` is charged to
    // the next instruction if it delays it.
    void frontend_at(uint64_t cycle, Stall why) {
        if (cycle > fetch_ready_) {
            fetch_ready_ = cycle;
            fetch_why_ = why;
        }
    }
    // The last instruction pushed retires no earlier than `cycle`: its cost
    // includes a refill or a drain that follows it (ERET, ISB, DSB, MSR).
    void charge_until(uint64_t cycle) {
        last_retire_ = std::max(last_retire_, cycle);
        complete_max_ = std::max(complete_max_, cycle);
    }
    // The cycle by which every instruction pushed so far has completed.
    uint64_t all_complete() const { return complete_max_; }
    uint64_t last_retire() const { return last_retire_; }
    // llvm-mca's "Total Cycles": the cycle after the last retire.
    uint64_t total_cycles() const { return pushed_ ? last_retire_ + 1 : 0; }
    uint64_t dispatch_cycle() const { return disp_cycle_; }
    uint64_t uops() const { return uops_; }
    const CoreModel& model() const { return m_; }

    // The state push() reads, in a form that does not depend on when it is
    // (steady_loop.cpp): every cycle relative to the dispatch cycle, and a
    // time no later push can tell apart from any other at or below the
    // dispatch cycle (register ready times, the reorder window's retire
    // times, the front end's restart, the memory-ordering times: each is only
    // compared with a cycle no earlier than a dispatch cycle) as 0. Two
    // states with the same form price every later instruction the same, the
    // difference of their dispatch cycles apart; shift() moves this state by
    // such a difference, as if `insns` more instructions of `uops` uops had
    // been pushed.
    struct Form {
        static constexpr unsigned kMaxWords = 512;
        uint64_t base = 0;  // the dispatch cycle
        uint64_t pushed = 0, uops = 0;
        unsigned n = 0;  // words used; 0: no form (the live calendar is too long to compare)
        std::array<uint64_t, kMaxWords> w;
        bool same(const Form& o) const {
            return n && n == o.n && std::equal(w.begin(), w.begin() + n, o.w.begin());
        }
    };
    void form(Form& f) const;
    void shift(uint64_t cycles, uint64_t insns, uint64_t uops);

    // push() for a model known to be in order (A53) or not: the cycle model
    // calls it for every instruction, inlined into its loop.
    template <bool kInOrder>
    [[gnu::always_inline]] Timing push_as(const InsnCost& op, const Extra& extra);

private:
    static constexpr unsigned kWindow = 8192;  // cycles of unit bookings kept
    static constexpr unsigned kRing = 2 * kWindow;  // the calendar's slots (advance_low)
    static constexpr unsigned kRob = 256;      // ring capacity (>= rob_entries)

    // The calendar: a ring of kRing cycles, a byte of unit bits per cycle;
    // the live cycles are [low_, low_ + kWindow). A cycle at or beyond the
    // top is not on it: nothing is booked there. The slots of cycles that
    // fell below low_ are cleared in batches, not as low_ passes them
    // (clear_below_low): the ring is twice the window, and every slot below
    // cleared_ is clear, with cleared_ never more than kWindow / 2 below
    // low_. So a live cycle's slot, which it shares only with the cycle
    // kRing below it (below cleared_) and the cycle kRing above it (beyond
    // the top), holds that cycle's bookings alone.
    bool unit_free(unsigned unit, uint64_t t, unsigned n) const;
    void book(unsigned unit, uint64_t t, unsigned n, bool set);
    void advance_low(uint64_t low);
    [[gnu::noinline]] void clear_below_low();
    // form() and shift(): the cycles whose bookings a later push can meet,
    // [from, to) (from the dispatch cycle, no push books below it, up to
    // complete_max_ + max_use_cycles_: every booking starts at an issue
    // cycle, which is at most its completion; never past the top), and a
    // copy of their slots, which wrap around the ring.
    struct LiveSpan {
        uint64_t from, to;
    };
    LiveSpan live_span() const;
    void copy_slots(uint8_t* out, uint64_t t, uint64_t n) const;
    // Books every use of `c` at the earliest cycle >= t0; returns it.
    uint64_t book_resources(const ClassCost& c, uint64_t t0);
    // The same for a class whose every use is of one cycle (the common case):
    // `n` uses, each of one unit of its group `units[k]`. Inlined, so that a
    // constant `n` (Booking::OneUnit, TwoUnits) unrolls the loop over the uses.
    [[gnu::always_inline]] uint64_t book_single_cycle(unsigned n, const std::array<uint8_t, InsnCost::kUseSlots>& units,
                                                      uint64_t t0);

    const CoreModel& m_;
    unsigned max_use_cycles_ = 1;  // the longest unit use of any class: bookings end before complete_max_ + this
    std::array<uint8_t, kRing> busy_{};  // per cycle: bit u = unit u is booked
    uint64_t low_ = 0;  // cycles below this are never booked again
    uint64_t cleared_ = 0;  // the slots of cycles below this are clear

    // The scoreboard: when each register's value is ready, what kind of
    // write produced it (forwarding) and whether a cache miss made it late.
    struct Reg {
        uint64_t ready;
        WriteKind kind;
        bool miss;
    };
    // kRegNever (one past the architectural ones) is never written: always ready.
    static constexpr uint8_t kRegNever = kRegCount;
    std::array<Reg, kRegCount + 1> regs_{};

    uint64_t disp_cycle_ = 0;
    unsigned disp_used_ = 0;
    uint64_t fetch_ready_ = 0;
    Stall fetch_why_ = Stall::None;
    std::array<uint64_t, kRob> rob_{};  // retire cycle per instruction, a ring
    uint64_t pushed_ = 0, uops_ = 0;
    uint64_t last_retire_ = 0, complete_max_ = 0;
    uint64_t last_writeback_ = 0;  // in order: when the last issued instruction writes back

    // llvm-mca's load/store unit ordering (LSUnit, no aliasing assumed).
    uint64_t last_load_issue_ = 0, last_store_done_ = 0, mem_done_max_ = 0, barrier_done_ = 0;
};

inline uint64_t Pipeline::book_single_cycle(unsigned n, const std::array<uint8_t, InsnCost::kUseSlots>& units,
                                            uint64_t t0) {
    const uint64_t top = low_ + kWindow;
    for (uint64_t t = std::max(t0, low_); t < top; ++t) {
        // Each use in turn takes the lowest-numbered free unit of its group.
        uint8_t& slot = busy_[t % kRing];
        unsigned avail = ~slot & 0xffu, picked = 0;
        unsigned k = 0;
        for (; k < n; ++k) {
            unsigned g = units[k] & avail;
            if (!g) break;
            unsigned p = g & (0u - g);
            avail &= ~p;
            picked |= p;
        }
        if (k == n) {
            slot = static_cast<uint8_t>(slot | picked);
            return t;
        }
    }
    return std::max(t0, top);  // give up booking: a pathological wait
}

inline void Pipeline::advance_low(uint64_t low) {
    low_ = std::max(low_, low);
    if (low_ - cleared_ >= kWindow / 2) [[unlikely]]
        clear_below_low();
}

template <bool kInOrder>
inline Timing Pipeline::push_as(const InsnCost& op, const Extra& extra) {
    const unsigned width = m_.dispatch_width;
    Stall why = Stall::None;

    // --- dispatch (in order) ----------------------------------------------
    if (fetch_ready_ > disp_cycle_) {
        disp_cycle_ = fetch_ready_;
        disp_used_ = 0;
        why = fetch_why_;
    }
    if (disp_used_ && disp_used_ + op.uops > width) {
        ++disp_cycle_;
        disp_used_ = 0;
    }
    if constexpr (!kInOrder) {
        // The reorder window is full until the instruction rob_entries back
        // retires. Before rob_entries instructions, the slot read is one not
        // yet written since reset() (the ring holds kRob >= rob_entries):
        // its 0 holds nothing back.
        uint64_t free_at = rob_[(pushed_ - m_.rob_entries) % kRob];
        if (free_at > disp_cycle_) {
            disp_cycle_ = free_at;
            disp_used_ = 0;
            why = Stall::Resource;
        }
    }
    const uint64_t dispatch = disp_cycle_;

    // --- operands -----------------------------------------------------------
    // Out of order, an instruction issues at the earliest the cycle after it
    // dispatched (llvm-mca's timeline: D then e); in order, dispatch is issue.
    uint64_t t0 = kInOrder ? dispatch : dispatch + 1;
    // The latest source (the first of them on a tie) says why.
    const Reg* latest = nullptr;
    if (op.simple) [[likely]] {
        const Reg &a = regs_[op.src[0]], &b = regs_[op.src[1]];
        if (a.ready > t0) {
            t0 = a.ready;
            latest = &a;
        }
        if (b.ready > t0) {
            t0 = b.ready;
            latest = &b;
        }
    } else if (!op.forwarded) {
        for (unsigned k = 0; k < op.nsrc; ++k) {
            const Reg& r = regs_[op.src[k]];
            if (r.ready > t0) {
                t0 = r.ready;
                latest = &r;
            }
        }
    } else {
        for (unsigned k = 0; k < op.nsrc; ++k) {
            const Reg& r = regs_[op.src[k]];
            uint64_t ready = r.ready;
            if (op.src_read[k] != InsnCost::kNoAdvance) {
                uint64_t adv = m_.advance[op.src_read[k]][static_cast<unsigned>(r.kind)];
                ready = ready > adv ? ready - adv : 0;
            }
            if (ready > t0) {
                t0 = ready;
                latest = &r;
            }
        }
    }
    if (latest) why = latest->miss ? Stall::CacheMiss : Stall::Dependency;
    if (extra.serialize && complete_max_ > t0) {
        t0 = complete_max_;
        why = Stall::Serialize;
    }
    if constexpr (!kInOrder) {
        // Memory ordering as llvm-mca's LSUnit (out of order only; its in-order
        // stage keeps program order anyway): a store waits for older loads to
        // issue and older stores to complete; barriers order everything.
        if (!op.simple && (op.is_mem | op.mem_barrier)) {
            uint64_t want = barrier_done_;
            if (op.is_store) want = std::max({want, last_load_issue_, last_store_done_});
            if (op.mem_barrier) want = std::max(want, mem_done_max_);
            if (want > t0) {
                t0 = want;
                why = Stall::Dependency;
            }
        }
    } else {
        // In order, results are written back in program order (llvm-mca's
        // InOrderIssueStage): an instruction whose first write would land before
        // the previous instruction's last one waits.
        if (t0 + op.first_wb < last_writeback_) {
            t0 = last_writeback_ - op.first_wb;
            why = Stall::Dependency;
        }
    }

    // --- issue --------------------------------------------------------------
    uint64_t t;
    switch (op.booking) {
        case InsnCost::Booking::OneUnit: t = book_single_cycle(1, op.units, t0); break;
        case InsnCost::Booking::TwoUnits: t = book_single_cycle(2, op.units, t0); break;
        case InsnCost::Booking::SingleCycle: t = book_single_cycle(op.nunits, op.units, t0); break;
        case InsnCost::Booking::None: t = std::max(t0, low_); break;  // nothing to book (System on the A57)
        default: t = book_resources(m_.cost[op.cls], t0); break;
    }
    if (t > t0) why = Stall::Resource;

    // --- results --------------------------------------------------------------
    uint64_t done;
    if (op.simple) [[likely]] {
        done = t + std::max(op.done_lat, op.done_wb);
        regs_[op.dst[0]] = {t + op.dst_lat[0], op.writes, extra.cache_miss};
    } else {
        const uint64_t load_extra = op.is_load ? extra.load_latency : 0;
        done = t + std::max<uint64_t>(op.done_lat + load_extra, op.done_wb);
        for (unsigned k = 0; k < op.ndst; ++k) {
            Reg& r = regs_[op.dst[k]];
            const bool result = op.dst_result[k];
            r.ready = t + op.dst_lat[k] + (result ? load_extra : 0);
            r.kind = op.dst_kind[k];
            r.miss = extra.cache_miss & result;
        }
        if (op.is_mem) {
            if (op.is_load) last_load_issue_ = std::max(last_load_issue_, t);
            if (op.is_store) last_store_done_ = std::max(last_store_done_, done);
            mem_done_max_ = std::max(mem_done_max_, done);
        }
        if (op.mem_barrier) barrier_done_ = std::max(barrier_done_, done);
    }

    last_writeback_ = t + op.latency;
    const uint64_t retire = std::max(done, last_retire_);
    last_retire_ = retire;
    complete_max_ = std::max(complete_max_, done);
    rob_[pushed_ % kRob] = retire;
    ++pushed_;
    uops_ += op.uops;

    // --- consume dispatch bandwidth -------------------------------------------
    if constexpr (kInOrder) {
        // Issue is dispatch: the next instruction issues no earlier than this one.
        if (t > disp_cycle_) {
            disp_cycle_ = t;
            disp_used_ = 0;
        }
    }
    disp_used_ += op.uops;
    if (disp_used_ >= width) {
        // An instruction wider than the dispatch width carries over (llvm-mca).
        // The common case, a full group, without the division.
        if (disp_used_ == width) {
            ++disp_cycle_;
            disp_used_ = 0;
        } else {
            disp_cycle_ += disp_used_ / width;
            disp_used_ %= width;
        }
    }
    advance_low(kInOrder ? disp_cycle_ : dispatch);
    return {dispatch, t, done, retire, why};
}

}  // namespace irqsim::cycles
