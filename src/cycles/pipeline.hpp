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

    Timing push(const InsnInfo& insn, const Extra& extra = {});
    // The front end delivers nothing before `cycle` (a redirect, an
    // instruction-cache miss, a taken branch's bubble). `why` is charged to
    // the next instruction if it delays it.
    void frontend_at(uint64_t cycle, Stall why);
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

    bool unit_free(unsigned unit, uint64_t t, unsigned n) const;
    void book(unsigned unit, uint64_t t, unsigned n, bool set);
    void advance_low(uint64_t low);
    // Books every use of `c` at the earliest cycle >= t0; returns it.
    uint64_t book_resources(const ClassCost& c, uint64_t t0);

    const CoreModel& m_;
    std::array<std::array<uint64_t, kWindow / 64>, 8> busy_{};
    uint64_t low_ = 0;  // cycles below this are never booked again

    std::array<uint64_t, kRegCount> reg_ready_{};
    std::array<WriteKind, kRegCount> reg_kind_{};
    std::array<bool, kRegCount> reg_miss_{};

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

}  // namespace irqsim::cycles
