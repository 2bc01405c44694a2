// Steady loops: counted register loops (src/cpu/counted_loop.cpp) priced in
// closed form under a cycle model. A delay loop's passes soon cost the same:
// once the model's whole state at the loop's start, in the pipeline's
// time-free form (Pipeline::Form), repeats after p passes (with the branch
// predictor's counter and the retire accounting), every later p passes add
// the same cycles and the same statistics, because the model is a function
// of that state and the instructions, and the loop's instructions are the
// same each pass. The period found last is remembered with the state it
// starts from, so a later entry to the loop (the next run's, after an
// interrupt) in that same state skips at once. So whole periods are skipped: the pipeline is shifted by
// their cycles, the statistics get their deltas, and the loop's counter and
// NZCV take the counted loop's closed form. Never past the run's budget (the
// instruction count, CNTVCT and where each IRQ is taken stay as stepping
// gives), past the loop's exit, or to a cycle at or beyond the model's
// stop_at (the run then stops at the instruction stepping stops at). Not
// with a per-instruction sink (--profile) or an instruction observer
// (tracing): those see every instruction.
#pragma once

#include <array>
#include <cstdint>

#include "cycles/cpu_model.hpp"
#include "cycles/pipeline.hpp"

namespace irqsim::cycles {

class SteadyLoop {
public:
    // At the start of a block at `d` (the slot of cpu.pc), under `m`: skips
    // whole periods of the loop starting there if its state repeats. True
    // when the run's budget is then spent (nothing more to run here); false
    // to step the block as usual.
    bool run(CpuCycleModel& m, Cpu& cpu, const DecodedInsn* d, uint64_t max_insns);
    uint64_t passes() const { return passes_; }  // skipped so far


private:
    static constexpr unsigned kMaxPeriod = 8;   // passes
    static constexpr unsigned kMinPasses = 16;  // a loop with fewer passes left is stepped
    static constexpr unsigned kMaxTries = 64;   // passes recorded in one entry before giving up on it
    // Not recorded (nor counted as tries) while something completes this many
    // cycles beyond the dispatch cycle: a miss or a divide from before the
    // loop is still in flight, and the loop's state cannot repeat yet.
    static constexpr uint64_t kMaxLag = 32;
    struct Pass {
        Pipeline::Form form;
        CpuCycleStats stats;
        uint64_t accounted;  // relative to the form's base
        uint8_t counter;     // the loop branch's prediction counter
    };
    std::array<Pass, kMaxPeriod + 1> ring_;
    // The period found last: the loop (its PC and words), the state it
    // starts from, its passes, cycles, uops and statistics before and after.
    struct Known {
        bool valid = false;
        uint64_t pc = 0;
        std::array<uint32_t, 3> words{};
        Pass at;
        unsigned passes = 0;
        uint64_t cycles = 0, uops = 0;
        CpuCycleStats start, end;
    };
    Known known_;
    // The pass recorded last: its PC, the CPU's retired count (which moves
    // only between runs) and the count in the run, so that a pass is known
    // to follow it directly, in the same run, with nothing in between.
    uint64_t pc_ = ~uint64_t{0}, retired_ = 0, in_run_ = 0;
    unsigned seen_ = 0;  // passes recorded in a row
    bool given_up_ = false;
    uint64_t passes_ = 0;
};

}  // namespace irqsim::cycles
