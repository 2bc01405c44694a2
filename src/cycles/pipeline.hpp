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
// (tests/cycles). Nothing is allocated per instruction.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

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

class Pipeline {
public:
    explicit Pipeline(const CoreModel& m);
    void reset();

    // Inline (below): the cycle model calls it for every instruction.
    Timing push(const InsnInfo& insn, const Extra& extra = {});
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

private:
    static constexpr unsigned kWindow = 8192;  // cycles of unit bookings kept
    static constexpr unsigned kRob = 256;      // ring capacity (>= rob_entries)

    // The calendar: a ring of kWindow cycles, a byte of unit bits per cycle;
    // the live cycles are [low_, low_ + kWindow). A cycle at or beyond the
    // top is not on it (its slot holds a live cycle's booking): nothing is
    // booked there.
    bool unit_free(unsigned unit, uint64_t t, unsigned n) const;
    void book(unsigned unit, uint64_t t, unsigned n, bool set);
    void advance_low(uint64_t low);
    // Books every use of `c` at the earliest cycle >= t0; returns it.
    uint64_t book_resources(const ClassCost& c, uint64_t t0);
    // The same for a class whose every use is of one cycle (the common case).
    struct SingleCycleUses {
        uint8_t n = 0;                 // uses (0: not this case)
        std::array<uint8_t, 3> units;  // each use's group
    };
    uint64_t book_single_cycle(const SingleCycleUses& uses, uint64_t t0);

    const CoreModel& m_;
    std::array<uint8_t, kWindow> busy_{};  // per cycle: bit u = unit u is booked
    uint64_t low_ = 0;  // cycles below this are never booked again
    // Per class: its uses when all are of one cycle, and whether it uses
    // any unit.
    std::array<SingleCycleUses, kClassCount> single_{};
    std::array<bool, kClassCount> uses_units_{};

    // The scoreboard: when each register's value is ready, what kind of
    // write produced it (forwarding) and whether a cache miss made it late.
    struct Reg {
        uint64_t ready;
        WriteKind kind;
        bool miss;
    };
    std::array<Reg, kRegCount> regs_{};

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

inline uint64_t Pipeline::book_single_cycle(const SingleCycleUses& uses, uint64_t t0) {
    const uint64_t top = low_ + kWindow;
    for (uint64_t t = std::max(t0, low_); t < top; ++t) {
        // Each use in turn takes the lowest-numbered free unit of its group.
        uint8_t& slot = busy_[t % kWindow];
        unsigned avail = ~slot & 0xffu, picked = 0;
        unsigned k = 0;
        for (; k < uses.n; ++k) {
            unsigned g = uses.units[k] & avail;
            if (!g) break;
            unsigned p = g & (0u - g);
            avail &= ~p;
            picked |= p;
        }
        if (k == uses.n) {
            slot = static_cast<uint8_t>(slot | picked);
            return t;
        }
    }
    return std::max(t0, top);  // give up booking: a pathological wait
}

inline void Pipeline::advance_low(uint64_t low) {
    if (low <= low_) return;
    if (low - low_ >= kWindow) {
        busy_.fill(0);
    } else {
        for (uint64_t c = low_; c < low; ++c) busy_[c % kWindow] = 0;
    }
    low_ = low;
}

inline Timing Pipeline::push(const InsnInfo& insn, const Extra& extra) {
    const unsigned cls = static_cast<unsigned>(insn.cls);
    const ClassCost& c = m_.cost[cls];
    const unsigned width = m_.dispatch_width;
    Stall why = Stall::None;

    // --- dispatch (in order) ----------------------------------------------
    if (fetch_ready_ > disp_cycle_) {
        disp_cycle_ = fetch_ready_;
        disp_used_ = 0;
        why = fetch_why_;
    }
    if (disp_used_ && disp_used_ + c.uops > width) {
        ++disp_cycle_;
        disp_used_ = 0;
    }
    if (!m_.in_order && pushed_ >= m_.rob_entries) {
        // The reorder window is full until the instruction rob_entries back retires.
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
    uint64_t t0 = m_.in_order ? dispatch : dispatch + 1;
    for (unsigned k = 0; k < insn.nsrc; ++k) {
        const Reg& r = regs_[insn.src[k]];
        uint64_t adv = m_.advance[static_cast<unsigned>(insn.src_kind[k])][static_cast<unsigned>(r.kind)];
        uint64_t ready = r.ready > adv ? r.ready - adv : 0;
        if (ready > t0) {
            t0 = ready;
            why = r.miss ? Stall::CacheMiss : Stall::Dependency;
        }
    }
    if (extra.serialize && complete_max_ > t0) {
        t0 = complete_max_;
        why = Stall::Serialize;
    }
    // Memory ordering as llvm-mca's LSUnit (out of order only; its in-order
    // stage keeps program order anyway): a store waits for older loads to
    // issue and older stores to complete; barriers order everything.
    if (!m_.in_order && (insn.mem != Mem::None || insn.mem_barrier)) {
        uint64_t want = barrier_done_;
        if (insn.mem == Mem::Store || insn.mem == Mem::Atomic) want = std::max({want, last_load_issue_, last_store_done_});
        if (insn.mem_barrier) want = std::max(want, mem_done_max_);
        if (want > t0) {
            t0 = want;
            why = Stall::Dependency;
        }
    }

    // In order, results are written back in program order (llvm-mca's
    // InOrderIssueStage): an instruction whose first write would land before
    // the previous instruction's last one waits.
    if (m_.in_order) {
        uint64_t first_wb = c.latency;
        for (unsigned k = 0; k < insn.ndst; ++k)
            first_wb = std::min<uint64_t>(first_wb, insn.dst_lat[k] == DstLat::Writeback ? c.wb_latency
                                                    : insn.dst_lat[k] == DstLat::Second && c.latency2 ? c.latency2
                                                                                                      : c.latency);
        if (t0 + first_wb < last_writeback_) {
            t0 = last_writeback_ - first_wb;
            why = Stall::Dependency;
        }
    }

    // --- issue --------------------------------------------------------------
    uint64_t t = single_[cls].n      ? book_single_cycle(single_[cls], t0)
                 : !uses_units_[cls] ? (std::max(t0, low_))  // nothing to book (all tables' System on the A57)
                                     : book_resources(c, t0);
    if (t > t0) why = Stall::Resource;

    // --- results --------------------------------------------------------------
    const bool is_load = insn.mem == Mem::Load || insn.mem == Mem::Atomic;
    const uint64_t load_extra = is_load ? extra.load_latency : 0;
    uint64_t done = t + c.latency + load_extra;
    for (unsigned k = 0; k < insn.ndst; ++k) {
        Reg& r = regs_[insn.dst[k]];
        uint64_t lat;
        switch (insn.dst_lat[k]) {
            case DstLat::Second: lat = (c.latency2 ? c.latency2 : c.latency) + load_extra; break;
            case DstLat::Writeback: lat = c.wb_latency; break;
            default: lat = c.latency + load_extra; break;
        }
        r.ready = t + lat;
        r.kind = insn.dst_lat[k] == DstLat::Writeback ? WriteKind::Other : c.writes;
        r.miss = extra.cache_miss && insn.dst_lat[k] != DstLat::Writeback;
        done = std::max(done, t + lat);
    }
    if (insn.mem != Mem::None) {
        if (is_load) last_load_issue_ = std::max(last_load_issue_, t);
        if (insn.mem == Mem::Store || insn.mem == Mem::Atomic) last_store_done_ = std::max(last_store_done_, done);
        mem_done_max_ = std::max(mem_done_max_, done);
    }
    if (insn.mem_barrier) barrier_done_ = std::max(barrier_done_, done);

    last_writeback_ = t + c.latency;
    const uint64_t retire = std::max(done, last_retire_);
    last_retire_ = retire;
    complete_max_ = std::max(complete_max_, done);
    rob_[pushed_ % kRob] = retire;
    ++pushed_;
    uops_ += c.uops;

    // --- consume dispatch bandwidth -------------------------------------------
    if (m_.in_order) {
        // Issue is dispatch: the next instruction issues no earlier than this one.
        if (t > disp_cycle_) {
            disp_cycle_ = t;
            disp_used_ = 0;
        }
    }
    disp_used_ += c.uops;
    if (disp_used_ >= width) {
        // An instruction wider than the dispatch width carries over (llvm-mca).
        disp_cycle_ += disp_used_ / width;
        disp_used_ %= width;
    }
    advance_low(m_.in_order ? disp_cycle_ : dispatch);
    return {dispatch, t, done, retire, why};
}

}  // namespace irqsim::cycles
