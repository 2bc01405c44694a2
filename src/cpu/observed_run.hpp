// The run loop's observed path (Cpu::run_observed_block): one predecoded
// block, instruction by instruction, with the instruction observer and a
// cycle observer told of each. A template, so that a cycle observer that
// instantiates it for itself (CycleObserver::execute_block) has its before() and
// after() called directly, inlined into the loop.
#pragma once

#include "cpu/decoder.hpp"
#include "irqsim/cpu.hpp"

namespace irqsim {

template <class Observer>
inline void Cpu::run_observed_block(Observer* o, const DecodedInsn* d, uint64_t max_insns) {
    constexpr unsigned kInsnsPerPage = Bus::kPageSize / 4;
    // One bound for the page's end and the budget's, as in Cpu::run;
    // end_block() lowers it to 0.
    const uint64_t page_left = kInsnsPerPage - ((pc & Bus::kPageMask) >> 2), left = max_insns - run_done_;
    block_end_ = reinterpret_cast<uintptr_t>(d + (page_left > left ? left : page_left));
    // The instruction observer is looked at once per block, not per
    // instruction: attaching one ends the block (set_insn_observer).
    if (insn_observer_) [[unlikely]]
        run_observed_steps_telling(o, d);
    else
        run_observed_steps<false>(o, d);
}

template <class Observer>
void Cpu::run_observed_steps_telling(Observer* o, const DecodedInsn* d) {
    run_observed_steps<true>(o, d);
}

template <bool kTellInsns, class Observer>
inline void Cpu::run_observed_steps(Observer* o, const DecodedInsn* d) {
    for (;;) {
        if constexpr (kTellInsns) insn_observer_(insn_observer_ctx_, *this);
        // Not yet decoded slots (and unallocated words) have no row yet.
        const bool told = o && (d->row != kUnallocatedRow || decode_for_observer(*d));
        const uint64_t pc_before = pc;
        if (told) o->before(*this, *d);
        const bool jumped = d->exec(*this, *d);
        ++run_done_;
        if (!jumped) pc += 4;
        // The block's last instruction, or a stop (stop() and
        // request_exit() lower the bound to 0): a PC hook that stopped the
        // run left the instruction unexecuted, so it is not told.
        const bool last = jumped | (reinterpret_cast<uintptr_t>(d + 1) >= block_end_);
        if (told && (!last || !(stop_reason_ == StopReason::Breakpoint && pc == pc_before && stop_requested_))) {
            // after() says whether it ended the run (request_exit()).
            if (!o->after(*this, *d, pc_before)) return;
        }
        if (last) return;
        ++d;
    }
}

}  // namespace irqsim
