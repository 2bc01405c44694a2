// Exact fast-forward of counted register loops (issue 8). A delay loop such
// as the one the default compare workload spins in,
//
//     1:  add  w19, w19, #1
//         cmp  w20, w19
//         b.ne 1b
//
// touches only a counter register, a bound register and NZCV, so k passes
// that stay in the loop have a closed form: the counter moves by k steps and
// NZCV is what the k-th pass set. Stepping them costs a block dispatch per
// pass, and in that workload such passes are most of the instructions run.
//
// The loop's first instruction carries the fast-forward exec: on each entry
// it skips as many whole passes as leave the loop and fit in the run's
// budget, then the last passes run as usual. Nothing is skipped under an
// observer (the cycle model, tracing: they see every instruction) or past
// the budget, so the retired count, CNTVCT and the instruction each IRQ is
// taken at are what stepping gives. Shapes, with counter A and step #imm:
//   add|sub A, A, #imm ; cmp B, A | cmp A, B ; b.ne 1b   leaves at A == B
//   adds|subs A, A, #imm ; b.ne 1b                        leaves at A == 0
//   add|sub A, A, #imm ; cbnz A, 1b                       leaves at A == 0
#include <optional>

#include "cpu/counted_loop.hpp"
#include "cpu/exec.hpp"

namespace irqsim {
namespace {

constexpr unsigned kInsnsPerPage = Bus::kPageSize / 4;

enum class LoopTest : uint8_t {
    CmpBoundCounter,  // cmp B, A (flags of B - A)
    CmpCounterBound,  // cmp A, B (flags of A - B)
    StepFlags,        // adds/subs set the flags, A == 0 leaves
    NonZero,          // cbnz A, no flags
};

struct CountedLoop {
    unsigned len;      // instructions per pass
    unsigned counter;  // A
    unsigned bound;    // B (CmpBoundCounter, CmpCounterBound)
    LoopTest test;
};

// The ADD/SUB/ADDS/SUBS (immediate) fields, when Rd == Rn != 31.
struct StepInsn {
    bool sf, sub, set_flags;
    unsigned reg;
    uint64_t imm;
};
std::optional<StepInsn> parse_step(uint32_t w) {
    if (!is_add_sub_immediate(w)) return std::nullopt;
    unsigned rd = w & 31, rn = (w >> 5) & 31;
    if (rd != rn || rd == 31) return std::nullopt;
    uint64_t imm = uint64_t{(w >> 10) & 0xfff} << ((w >> 22) & 1 ? 12 : 0);
    return StepInsn{bool(w >> 31), bool((w >> 30) & 1), bool((w >> 29) & 1), rd, imm};
}
// B.NE or CBNZ (sf, reg) back to `back` instructions before it.
bool is_bne_back(uint32_t w, unsigned back) {
    return w == (0x54000001u | ((static_cast<uint32_t>(-static_cast<int32_t>(back)) & 0x7ffff) << 5));
}
bool is_cbnz_back(uint32_t w, bool sf, unsigned reg, unsigned back) {
    return w == ((sf ? 0xb5000000u : 0x35000000u) | ((static_cast<uint32_t>(-static_cast<int32_t>(back)) & 0x7ffff) << 5) | reg);
}

// The loop starting with `step`, given the two words after it (`w2` is read
// only for the three-instruction shape).
template <class NextWord>
std::optional<CountedLoop> parse_loop(const StepInsn& s, uint32_t w1, NextWord w2) {
    if (s.set_flags) {
        if (is_bne_back(w1, 1)) return CountedLoop{2, s.reg, 0, LoopTest::StepFlags};
        return std::nullopt;
    }
    if (is_cbnz_back(w1, s.sf, s.reg, 1)) return CountedLoop{2, s.reg, 0, LoopTest::NonZero};
    // CMP (shifted register) with no shift: SUBS ZR, Rn, Rm, of the step's size.
    if ((w1 & 0x7fe0fc1fu) != 0x6b00001fu || bool(w1 >> 31) != s.sf) return std::nullopt;
    unsigned rn = (w1 >> 5) & 31, rm = (w1 >> 16) & 31;
    unsigned other = rn == s.reg ? rm : rm == s.reg ? rn : 31;
    if (other == 31 || other == s.reg || !is_bne_back(w2(), 2)) return std::nullopt;
    return CountedLoop{3, s.reg, other, rn == s.reg ? LoopTest::CmpCounterBound : LoopTest::CmpBoundCounter};
}

// Inverse of an odd number modulo 2^64 (Newton's iteration doubles the
// correct low bits each step: 3, 6, 12, 24, 48, 96).
uint64_t inverse_odd(uint64_t a) {
    uint64_t x = a;  // correct to 3 bits for odd a
    for (int i = 0; i < 5; ++i) x *= 2 - a * x;
    return x;
}

// Passes that stay in the loop, at most, from counter value a with step
// `step` (mod 2^bits) until a == target: one less than the first n >= 1 with
// a + n * step == target, or all ones if it never gets there.
uint64_t passes_before_exit(uint64_t a, uint64_t target, uint64_t step, unsigned bits) {
    const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    step &= mask;
    uint64_t delta = (target - a) & mask;
    if (step == 0) return delta == 0 ? 0 : ~uint64_t{0};
    unsigned t = static_cast<unsigned>(std::countr_zero(step));
    if (delta & ((uint64_t{1} << t) - 1)) return ~uint64_t{0};  // n * step == delta has no solution
    // n = (delta / 2^t) * (step / 2^t)^-1 mod 2^(bits - t); n == 0 means a full period.
    const uint64_t period_mask = mask >> t;
    uint64_t n = ((delta >> t) * inverse_odd(step >> t)) & period_mask;
    return n == 0 ? period_mask : n - 1;
}

// The loop at the PC, whose slot is `d`, with the passes it may still run
// that stay in it: the next slots hold the loop's other instructions once
// they are decoded (a stub's word is 0, no match).
struct LoopAt {
    StepInsn step;
    CountedLoop loop;
    uint64_t counter, target;  // A and what it leaves at (B or 0), in the step's size
    uint64_t passes;
};
std::optional<LoopAt> loop_at(const Cpu& c, const DecodedInsn& d) {
    const unsigned slot = (c.pc & Bus::kPageMask) >> 2;
    if (slot + 1 >= kInsnsPerPage) return std::nullopt;
    auto s = parse_step(d.word);
    if (!s) return std::nullopt;
    const DecodedInsn* next = &d + 1;
    auto loop = parse_loop(*s, next[0].word, [&] { return slot + 2 < kInsnsPerPage ? next[1].word : 0u; });
    if (!loop) return std::nullopt;
    const uint64_t mask = s->sf ? ~uint64_t{0} : 0xffffffffu;
    const bool vs_bound = loop->test == LoopTest::CmpBoundCounter || loop->test == LoopTest::CmpCounterBound;
    const uint64_t a = c.x[s->reg] & mask, target = vs_bound ? c.x[loop->bound] & mask : 0;
    const uint64_t step = s->sub ? -s->imm : s->imm;
    return LoopAt{*s, *loop, a, target, passes_before_exit(a, target, step, s->sf ? 64 : 32)};
}

// The counter and NZCV after k >= 1 passes that stay in the loop.
template <unsigned sf, unsigned sub>
void apply_passes(Cpu& c, const LoopAt& at, uint64_t k) {
    const uint64_t step = sub ? -at.step.imm : at.step.imm;
    const uint64_t last = at.counter + (k - 1) * step, now = last + step;  // counter before and after pass k
    uint32_t flags = c.nzcv;
    switch (at.loop.test) {
        case LoopTest::CmpBoundCounter: add_sub<sf, true>(at.target, now, flags); break;
        case LoopTest::CmpCounterBound: add_sub<sf, true>(now, at.target, flags); break;
        case LoopTest::StepFlags: add_sub<sf, sub>(last, at.step.imm, flags); break;
        case LoopTest::NonZero: break;
    }
    c.nzcv = flags;
    set_R<sf>(c, at.step.reg, now);
}

// The loop's first instruction: the step itself, after as many whole passes
// as may be skipped.
template <unsigned sf, unsigned sub, unsigned set_flags>
struct CountedLoopHead {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        // Observed (the cycle models step every pass): one test, then the step.
        if (!c.observed() && skip_passes(c, d)) return kJump;
        uint32_t flags;
        uint64_t r = add_sub<sf, sub>(R<sf>(c, d.rd), static_cast<uint64_t>(d.imm), flags);
        if constexpr (set_flags) c.nzcv = flags;
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;

    // d is the page slot of the PC: the next slots hold the loop's other
    // instructions once they are decoded (a stub's word is 0, no match).
    // It reads the PC and the count (Cpu::sync).
    [[gnu::noinline]] static bool skip_passes(Cpu& c, const DecodedInsn& d) {
        c.sync();
        auto at = loop_at(c, d);
        if (!at) return false;
        const uint64_t k = std::min(at->passes, c.insns_left_in_run() / at->loop.len);
        if (k == 0) return false;
        apply_passes<sf, sub>(c, *at, k);
        c.retire_as(k * at->loop.len);  // the PC stays at the loop's start
        return true;
    }
};

}  // namespace

bool counted_loop_may_start(uint32_t w0) { return parse_step(w0).has_value(); }

ExecFn counted_loop_exec(uint32_t w0, uint32_t w1, uint32_t w2) {
    auto s = parse_step(w0);
    if (!s || !parse_loop(*s, w1, [&] { return w2; })) return nullptr;
    return pick_exec<CountedLoopHead, 2, 2, 2>(s->sf, s->sub, s->set_flags);
}

std::optional<CountedLoopPasses> counted_loop_passes(const Cpu& c, const DecodedInsn& head) {
    auto at = loop_at(c, head);
    if (!at || counted_loop_exec(head.word, (&head)[1].word, at->loop.len > 2 ? (&head)[2].word : 0) != head.exec)
        return std::nullopt;
    return CountedLoopPasses{at->loop.len, at->passes};
}

void counted_loop_skip(Cpu& c, const DecodedInsn& head, uint64_t passes) {
    auto at = loop_at(c, head);
    if (!at || passes == 0 || passes > at->passes) return;
    switch ((at->step.sf ? 2 : 0) | (at->step.sub ? 1 : 0)) {
        case 0: apply_passes<0, 0>(c, *at, passes); break;
        case 1: apply_passes<0, 1>(c, *at, passes); break;
        case 2: apply_passes<1, 0>(c, *at, passes); break;
        default: apply_passes<1, 1>(c, *at, passes); break;
    }
    c.retire_as(passes * at->loop.len + 1);  // outside an exec function: retire_as(n) counts n - 1
}

}  // namespace irqsim
