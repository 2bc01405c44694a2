// Steady loops (steady_loop.hpp).
#include "cycles/steady_loop.hpp"

#include "cpu/counted_loop.hpp"

namespace irqsim::cycles {

namespace {
// s += k * (now - before), field by field.
void add_periods(CpuCycleStats& s, const CpuCycleStats& now, const CpuCycleStats& before, uint64_t k) {
    auto add = [k](uint64_t& to, uint64_t a, uint64_t b) { to += k * (a - b); };
    add(s.instructions, now.instructions, before.instructions);
    for (unsigned r = 0; r < s.stall_cycles.size(); ++r) add(s.stall_cycles[r], now.stall_cycles[r], before.stall_cycles[r]);
    add(s.l1d_misses, now.l1d_misses, before.l1d_misses);
    add(s.l2_misses, now.l2_misses, before.l2_misses);
    add(s.l1i_misses, now.l1i_misses, before.l1i_misses);
    add(s.mmio_accesses, now.mmio_accesses, before.mmio_accesses);
    add(s.branches, now.branches, before.branches);
    add(s.mispredicts, now.mispredicts, before.mispredicts);
    add(s.exceptions, now.exceptions, before.exceptions);
    add(s.erets, now.erets, before.erets);
}

// The loop's instructions as the shapes say: none touches memory, only the
// last is a branch (a conditional one). Checked once per entry.
bool priced_as_loop(const DecodedInsn* d, unsigned len) {
    for (unsigned k = 0; k < len; ++k) {
        const InsnInfo i = classify(d[k]);
        if (i.mem != Mem::None || i.mem_barrier || i.ctrl != (k + 1 == len ? Ctrl::CondBranch : Ctrl::None)) return false;
    }
    return true;
}
}  // namespace

bool SteadyLoop::run(CpuCycleModel& m, Cpu& cpu, const DecodedInsn* d, uint64_t max_insns) {
    if (m.sink_ || cpu.insn_observed()) return false;
    auto loop = counted_loop_passes(cpu, *d);
    if (!loop) return false;
    const uint64_t pc = cpu.pc, in_run = cpu.instructions_retired_in_run();
    const bool follows = pc == pc_ && cpu.instructions_retired() == retired_ && in_run == in_run_ + loop->len;
    pc_ = pc;
    retired_ = cpu.instructions_retired();
    in_run_ = in_run;
    if (!follows) {
        seen_ = 0;
        given_up_ = false;
    }
    const uint64_t passes = std::min(loop->passes, (max_insns - in_run) / loop->len);
    // The model as a pass leaves it: the PC expected, the branch's line the
    // one fetched last. A pass then fetches nothing, or (a loop across two
    // lines) its two lines; if they hit in a period, they hit in every
    // later one, and the instruction cache's order of use is the same after
    // it (the two lines the last used), so skipping leaves that cache as
    // stepping would, but for the stamps' values, which only order it.
    const uint64_t branch_pc = pc + 4 * (loop->len - 1);
    if (given_up_ || passes < kMinPasses || m.expected_pc_ != pc || m.woke_ || m.fetch_line_ != branch_pc >> 6 ||
        (seen_ == 0 && !priced_as_loop(d, loop->len))) {
        seen_ = 0;
        return false;
    }
    if (m.pipe_.all_complete() > m.pipe_.dispatch_cycle() + kMaxLag) {
        seen_ = 0;
        return false;
    }

    Pass& now = ring_[seen_ % ring_.size()];
    m.pipe_.form(now.form);
    now.stats = m.stats_;
    now.accounted = m.accounted_ - now.form.base;
    now.counter = m.counters_[(branch_pc >> 2) & (m.counters_.size() - 1)];
    auto same = [](const Pass& a, const Pass& b) {
        return a.form.same(b.form) && a.accounted == b.accounted && a.counter == b.counter;
    };
    const std::array<uint32_t, 3> words{d[0].word, d[1].word, loop->len > 2 ? d[2].word : 0u};
    const bool two_lines = branch_pc >> 6 != pc >> 6;
    // A period seen before, from this same state (of another entry, or
    // another run: the state alone says what the passes cost), or one just
    // seen: the state now is that of p passes back.
    bool known = known_.valid && known_.pc == pc && known_.words == words && same(now, known_.at) &&
                 (!two_lines || (m.l1i_.contains(pc) && m.l1i_.contains(branch_pc)));
    for (unsigned p = 1; !known && p <= std::min(seen_, kMaxPeriod); ++p) {
        const Pass& then = ring_[(seen_ - p) % ring_.size()];
        if (!same(now, then) || now.stats.l1i_misses != then.stats.l1i_misses || now.form.base == then.form.base)
            continue;
        known_.valid = known = true;
        known_.pc = pc;
        known_.words = words;
        known_.at.form.n = now.form.n;
        std::copy(now.form.w.begin(), now.form.w.begin() + now.form.n, known_.at.form.w.begin());
        known_.at.accounted = now.accounted;
        known_.at.counter = now.counter;
        known_.passes = p;
        known_.cycles = now.form.base - then.form.base;
        known_.uops = now.form.uops - then.form.uops;
        known_.end = now.stats;
        known_.start = then.stats;
    }
    if (known) {
        const unsigned p = known_.passes;
        uint64_t k = passes / p;
        const uint64_t retire = m.pipe_.last_retire();
        if (m.stop_at_ != ~uint64_t{0})
            k = m.stop_at_ > retire ? std::min(k, (m.stop_at_ - 1 - retire) / known_.cycles) : 0;
        seen_ = 0;
        if (k == 0) return false;
        const uint64_t skipped = k * p;
        m.pipe_.shift(k * known_.cycles, skipped * loop->len, k * known_.uops);
        m.accounted_ += k * known_.cycles;
        add_periods(m.stats_, known_.end, known_.start, k);
        counted_loop_skip(cpu, *d, skipped);
        // The skipped passes' last fetches (hits): the two lines are the
        // last used, in that order, as stepping leaves them.
        if (two_lines) {
            m.l1i_.access(pc);
            m.l1i_.access(branch_pc);
        }
        passes_ += skipped;
        in_run_ = cpu.instructions_retired_in_run();
        return in_run_ >= max_insns;
    }
    if (++seen_ >= kMaxTries) given_up_ = true;
    return false;
}

}  // namespace irqsim::cycles
