// The small vocabulary every semantic function is written in (in the spirit
// of Spike's WRITE_RD/RS1 macros): register access with the 31 = ZR/SP rule
// and the 32/64-bit rule, flags, and memory with faults routed to the
// system interface. Semantics files include only this.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "cpu/decoder.hpp"
#include "irqsim/cpu.hpp"

namespace irqsim {

inline constexpr bool kNext = false;  // fall through to PC + 4
inline constexpr bool kJump = true;   // PC already set (or stop requested)

// --- registers ---------------------------------------------------------------
// Register 31 read as XZR (x[31] is always zero) ...
inline uint64_t X(const Cpu& c, unsigned n) { return c.x[n]; }
inline uint32_t W(const Cpu& c, unsigned n) { return static_cast<uint32_t>(c.x[n]); }
// ... or as SP.
inline uint64_t XSP(const Cpu& c, unsigned n) { return n == 31 ? c.sp : c.x[n]; }

inline void set_X(Cpu& c, unsigned n, uint64_t v) {
    c.x[n] = v;
    c.x[31] = 0;  // a write to XZR is discarded
}
inline void set_W(Cpu& c, unsigned n, uint32_t v) { set_X(c, n, v); }  // zero-extends
inline void set_XSP(Cpu& c, unsigned n, uint64_t v) {
    if (n == 31)
        c.sp = v;
    else
        c.x[n] = v;
}
// Operand-size helpers: `sf` is the instruction's size bit (64-bit if true).
template <bool sf>
inline uint64_t R(const Cpu& c, unsigned n) {
    return sf ? c.x[n] : static_cast<uint32_t>(c.x[n]);
}
template <bool sf>
inline void set_R(Cpu& c, unsigned n, uint64_t v) {
    set_X(c, n, sf ? v : static_cast<uint32_t>(v));
}
template <bool sf>
inline void set_RSP(Cpu& c, unsigned n, uint64_t v) {
    set_XSP(c, n, sf ? v : static_cast<uint32_t>(v));
}
template <bool sf>
inline uint64_t RSP(const Cpu& c, unsigned n) {
    return sf ? XSP(c, n) : static_cast<uint32_t>(XSP(c, n));
}
template <bool sf>
constexpr unsigned kDataBits = sf ? 64 : 32;

// --- flags -------------------------------------------------------------------
// AddWithCarry() from the Arm ARM (shared/functions/integer), returning the
// result and leaving NZCV in `flags`.
template <bool sf>
inline uint64_t add_with_carry(uint64_t a, uint64_t b, unsigned carry_in, uint32_t& flags) {
    if constexpr (sf) {
        unsigned __int128 u = static_cast<unsigned __int128>(a) + b + carry_in;
        uint64_t r = static_cast<uint64_t>(u);
        bool c = (u >> 64) != 0;
        bool v = ((~(a ^ b) & (a ^ r)) >> 63) & 1;
        flags = (r >> 63 ? nzcv::N : 0) | (r == 0 ? nzcv::Z : 0) | (c ? nzcv::C : 0) | (v ? nzcv::V : 0);
        return r;
    } else {
        uint64_t u = uint64_t{static_cast<uint32_t>(a)} + static_cast<uint32_t>(b) + carry_in;
        uint32_t r = static_cast<uint32_t>(u);
        bool c = (u >> 32) != 0;
        bool v = ((~(a ^ b) & (a ^ r)) >> 31) & 1;
        flags = (r >> 31 ? nzcv::N : 0) | (r == 0 ? nzcv::Z : 0) | (c ? nzcv::C : 0) | (v ? nzcv::V : 0);
        return r;
    }
}
// N and Z from a logical result; C and V cleared (ANDS, BICS, TST).
template <bool sf>
inline uint32_t logic_flags(uint64_t r) {
    if constexpr (!sf) r = static_cast<uint32_t>(r);
    return ((r >> (kDataBits<sf> - 1)) & 1 ? nzcv::N : 0) | (r == 0 ? nzcv::Z : 0);
}
inline unsigned carry_flag(const Cpu& c) { return (c.nzcv >> 29) & 1; }

// ConditionHolds() (shared/functions/system).
inline bool condition_holds(uint32_t flags, unsigned cond) {
    bool n = flags & nzcv::N, z = flags & nzcv::Z, c = flags & nzcv::C, v = flags & nzcv::V;
    bool r;
    switch (cond >> 1) {
        case 0: r = z; break;             // EQ/NE
        case 1: r = c; break;             // CS/CC
        case 2: r = n; break;             // MI/PL
        case 3: r = v; break;             // VS/VC
        case 4: r = c && !z; break;       // HI/LS
        case 5: r = n == v; break;        // GE/LT
        case 6: r = n == v && !z; break;  // GT/LE
        default: r = true; break;         // AL/NV
    }
    if ((cond & 1) && cond != 15) r = !r;
    return r;
}

// --- operands ----------------------------------------------------------------
// ShiftReg() (shared/functions/integer) on a datasize-bit value; `amount` is
// below datasize (decode rejects the rest).
enum class ShiftType : uint8_t { LSL = 0, LSR = 1, ASR = 2, ROR = 3 };  // the `shift` field
template <bool sf, ShiftType type>
inline uint64_t shift_reg(uint64_t v, unsigned amount) {
    using U = std::conditional_t<sf, uint64_t, uint32_t>;
    using S = std::make_signed_t<U>;
    U x = static_cast<U>(v);
    switch (type) {
        case ShiftType::LSL: return static_cast<U>(x << amount);
        case ShiftType::LSR: return x >> amount;
        case ShiftType::ASR: return static_cast<U>(static_cast<S>(x) >> amount);
        case ShiftType::ROR: return std::rotr(x, static_cast<int>(amount));
    }
    return 0;
}
// ExtendReg() (shared/functions/integer): the low byte/half/word/doubleword
// of a register, zero- or sign-extended, then shifted left. The caller
// truncates to datasize.
enum class ExtendType : uint8_t { UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX };  // the `option` field
template <ExtendType type>
inline uint64_t extend_reg(uint64_t v, unsigned shift) {
    uint64_t e;
    switch (type) {
        case ExtendType::UXTB: e = static_cast<uint8_t>(v); break;
        case ExtendType::UXTH: e = static_cast<uint16_t>(v); break;
        case ExtendType::UXTW: e = static_cast<uint32_t>(v); break;
        case ExtendType::SXTB: e = static_cast<uint64_t>(int64_t{static_cast<int8_t>(v)}); break;
        case ExtendType::SXTH: e = static_cast<uint64_t>(int64_t{static_cast<int16_t>(v)}); break;
        case ExtendType::SXTW: e = static_cast<uint64_t>(int64_t{static_cast<int32_t>(v)}); break;
        default: e = v; break;  // UXTX, SXTX
    }
    return e << shift;
}

// The operation `opc` selects in the logical encodings (immediate and
// shifted register): AND, ORR, EOR, ANDS.
template <unsigned opc>
inline uint64_t logical_op(uint64_t a, uint64_t b) {
    return opc == 1 ? (a | b) : opc == 2 ? (a ^ b) : (a & b);
}

// ADD/SUB of two operands: AddWithCarry(a, b, 0) and AddWithCarry(a,
// NOT(b), 1), whose carry out is the unsigned carry of a + b and, for SUB,
// a >= b (no borrow). Not through add_with_carry, so that the host's own
// add/sub sets C and V (x86-64: its flags read out; elsewhere the overflow
// builtins): this is every CMP.
template <bool sf, bool sub>
inline uint64_t add_sub(uint64_t a, uint64_t b, uint32_t& flags) {
    using U = std::conditional_t<sf, uint64_t, uint32_t>;
    const U x = static_cast<U>(a), y = static_cast<U>(b);
#if defined(__x86_64__) && defined(__GCC_ASM_FLAG_OUTPUTS__)
    // One host add/sub, its SF, ZF, CF and OF read straight out (Arm's C is
    // the inverse of x86's borrow on SUB).
    U r = x;
    bool n, z, carry, overflow;
    if constexpr (sub)
        asm("sub %[y], %[r]" : [r] "+r"(r), "=@ccs"(n), "=@ccz"(z), "=@ccnc"(carry), "=@cco"(overflow) : [y] "r"(y));
    else
        asm("add %[y], %[r]" : [r] "+r"(r), "=@ccs"(n), "=@ccz"(z), "=@ccc"(carry), "=@cco"(overflow) : [y] "r"(y));
    flags = (uint32_t{n} << 31) | (uint32_t{z} << 30) | (uint32_t{carry} << 29) | (uint32_t{overflow} << 28);
    return r;
#else
    using S = std::make_signed_t<U>;
    U r;
    S signed_r;
    bool carry, overflow;
    if constexpr (sub) {
        carry = x >= y;
        r = static_cast<U>(x - y);
        overflow = __builtin_sub_overflow(static_cast<S>(x), static_cast<S>(y), &signed_r);
    } else {
        carry = __builtin_add_overflow(x, y, &r);
        overflow = __builtin_add_overflow(static_cast<S>(x), static_cast<S>(y), &signed_r);
    }
    flags = logic_flags<sf>(r) | (carry ? nzcv::C : 0) | (overflow ? nzcv::V : 0);
    return r;
#endif
}
// The ADD/SUB forms whose Rn may be SP (immediate, extended register): Rd is
// SP unless the form sets flags, then it is ZR.
template <bool sf, bool sub, bool set_flags>
inline void add_sub_sp_forms(Cpu& c, const DecodedInsn& d, uint64_t operand2) {
    uint32_t flags;
    uint64_t r = add_sub<sf, sub>(RSP<sf>(c, d.rn), operand2, flags);
    if constexpr (set_flags) {
        c.nzcv = flags;
        set_R<sf>(c, d.rd, r);
    } else {
        set_RSP<sf>(c, d.rd, r);
    }
}

// --- threaded dispatch -------------------------------------------------------
// threaded<F> runs F and then, if it fell through, the next slot of the block
// itself: a sibling call the compiler makes a jump, so a run of straight-line
// instructions pays the run loop's call, return and tests once, not once per
// instruction (and each handler's own indirect jump predicts its successor).
// Without the sibling call the depth is still bounded by a page's slots.
// Outside the fast path (observed, stepping, a lone slot, a hooked slot's
// copy) chain_to() says no and it is F.
// The chain carries the PC and the count lazily (Cpu::sync): where it ends
// they are brought up to the slot that ends it, for the run loop.
inline bool next_chained(Cpu& c, const DecodedInsn& d) {
    const DecodedInsn* next = &d + 1;
    if (!c.chain_to(next)) [[unlikely]] {
        c.sync();
        return kNext;
    }
    return next->exec(c, *next);
}

// The exec functions written for the lazy PC: they read neither the PC nor
// the count without Cpu::sync() first. Every threaded<F>, synced<F> and
// lazy<F> notes itself here at start-up; DecodeCache::finish() runs any other
// function behind a trampoline that syncs first, so a function not noted
// is slower, never wrong. F of threaded<F> is straight-line code: it
// syncs before reading the PC (ADR) and its faults sync (load(), store()).
void note_lazy_pc_exec(ExecFn f);
template <ExecFn F>
bool threaded(Cpu& c, const DecodedInsn& d);
template <ExecFn F>
bool synced(Cpu& c, const DecodedInsn& d);
template <ExecFn F>
inline const bool kNotedThreaded = (note_lazy_pc_exec(threaded<F>), true);
template <ExecFn F>
inline const bool kNotedSynced = (note_lazy_pc_exec(synced<F>), true);
template <ExecFn F>
bool lazy(Cpu& c, const DecodedInsn& d);
template <ExecFn F>
inline const bool kNotedLazy = (note_lazy_pc_exec(lazy<F>), true);

template <ExecFn F>
bool threaded(Cpu& c, const DecodedInsn& d) {
    (void)kNotedThreaded<F>;
    if (F(c, d)) return kJump;
    return next_chained(c, d);
}
// F with the PC and the count synced first, inlined (the indirect
// branches).
template <ExecFn F>
bool synced(Cpu& c, const DecodedInsn& d) {
    (void)kNotedSynced<F>;
    c.sync();
    return F(c, d);
}
// F as it is, noted as syncing itself where it must (the direct branches).
template <ExecFn F>
bool lazy(Cpu& c, const DecodedInsn& d) {
    (void)kNotedLazy<F>;
    return F(c, d);
}

// --- picking a specialised exec function at decode time ----------------------
// pick_exec<F, 2, 4>(sf, opc) returns threaded<F<sf, opc>::fn> from a table
// of every instantiation, so decode functions select an exec function
// specialised on their fields without spelling out the cases. F is a class template over
// `unsigned` values with a static `fn`; the numbers are each field's range.
namespace pick_detail {
template <unsigned... Radix>
constexpr std::array<unsigned, sizeof...(Radix)> digits(size_t i) {
    constexpr unsigned radix[] = {Radix...};
    std::array<unsigned, sizeof...(Radix)> r{};
    for (size_t k = sizeof...(Radix); k-- > 0;) {
        r[k] = static_cast<unsigned>(i % radix[k]);
        i /= radix[k];
    }
    return r;
}
template <template <unsigned...> class F, unsigned... Radix>
struct Grid {
    static constexpr size_t kSize = (size_t{1} * ... * Radix);
    template <size_t I, size_t... K>
    static constexpr ExecFn at(std::index_sequence<K...>) {
        constexpr auto v = digits<Radix...>(I);
        return threaded<F<v[K]...>::fn>;
    }
    template <size_t... I>
    static constexpr std::array<ExecFn, kSize> make(std::index_sequence<I...>) {
        return {at<I>(std::make_index_sequence<sizeof...(Radix)>{})...};
    }
    static constexpr std::array<ExecFn, kSize> table = make(std::make_index_sequence<kSize>{});
};
}  // namespace pick_detail
template <template <unsigned...> class F, unsigned... Radix, typename... V>
inline ExecFn pick_exec(V... values) {
    static_assert(sizeof...(V) == sizeof...(Radix));
    constexpr unsigned radix[] = {Radix...};
    const unsigned v[] = {static_cast<unsigned>(values)...};
    size_t i = 0;
    for (size_t k = 0; k < sizeof...(Radix); ++k) i = i * radix[k] + v[k];
    return pick_detail::Grid<F, Radix...>::table[i];
}

// --- memory ------------------------------------------------------------------
// Loads and stores through the bus. On a fault the system interface takes the
// abort (sets the PC to a vector or stops the CPU) and these return false; the
// caller then returns kJump without writing any register.
// A debugger's watchpoint (BusStatus::Watchpoint) stops the CPU instead,
// with the PC still at the instruction.
inline void access_failed(Cpu& c, BusStatus s, AccessKind kind, uint64_t addr) {
    c.sync();
    if (s == BusStatus::Watchpoint)
        c.stop(StopReason::Breakpoint);
    else
        c.system().abort(c, kind, addr, false);
}
// The slow path may reach devices, watches and debug watches, which look at
// the PC and the count: synced first. Out of line, so that the handlers
// that inline the fast path save no registers for it.
template <typename T>
struct LoadResult {
    T value;
    bool ok;
};
template <typename T>
[[gnu::noinline]] LoadResult<T> load_slow(Cpu& c, uint64_t addr) {
    c.sync();
    T v{};
    BusStatus s = c.bus().read<T>(addr, v);
    if (s == BusStatus::Ok) return {v, true};
    access_failed(c, s, AccessKind::Read, addr);
    return {v, false};
}
template <typename T>
[[gnu::noinline]] bool store_slow(Cpu& c, uint64_t addr, T value) {
    c.sync();
    BusStatus s = c.bus().write_miss<T>(addr, value);
    if (s == BusStatus::Ok) return true;
    access_failed(c, s, AccessKind::Write, addr);
    return false;
}
template <typename T>
inline bool load(Cpu& c, uint64_t addr, T& out) {
    if (c.bus().read_fast<T>(addr, out)) [[likely]]
        return true;
    LoadResult<T> r = load_slow<T>(c, addr);
    out = r.value;
    return r.ok;
}
template <typename T>
inline bool store(Cpu& c, uint64_t addr, T value) {
    if (c.bus().write_fast<T>(addr, value)) [[likely]]
        return true;
    return store_slow<T>(c, addr, value);
}
// True when `size` bytes at addr are RAM or a device (no fault).
inline bool accessible(Cpu& c, uint64_t addr, unsigned size) {
    Bus& b = c.bus();
    return b.is_ram(addr, size) || (b.is_mapped(addr) && b.is_mapped(addr + size - 1));
}
// Two consecutive stores (STP, STXP) that happen both or not at all: if the
// first element is fine but the second would fault, the fault is taken before
// anything is written. (A fault on the first is found by its own store.)
template <typename T>
inline bool store_pair(Cpu& c, uint64_t addr, T first, T second) {
    if (c.bus().write_pair(addr, first, second)) [[likely]]
        return true;
    uint64_t addr2 = addr + sizeof(T);
    if (!c.bus().write_tlb_hit(addr, 2 * sizeof(T)) && !c.bus().is_ram(addr, 2 * sizeof(T)) &&
        accessible(c, addr, sizeof(T)) && !accessible(c, addr2, sizeof(T)))
        [[unlikely]] {
        c.sync();
        c.system().abort(c, AccessKind::Write, addr2, false);
        return false;
    }
    return store<T>(c, addr, first) && store<T>(c, addr2, second);
}
// CheckSPAlignment() (Arm ARM D1.8.2): a load/store whose base is SP
// (n == 31) faults if SP is not 16-byte aligned and SCTLR_EL1.SA (at EL1)
// or SA0 (at EL0) is set. The base address register of the access: `n`.
inline bool check_sp_alignment(Cpu& c, unsigned n) {
    if (n != 31 || (c.sp & 15) == 0) [[likely]]
        return true;
    uint64_t enable = c.el == ExceptionLevel::EL0 ? uint64_t{1} << 4 : uint64_t{1} << 3;  // SA0 : SA
    if (!(c.sctlr_el1 & enable)) return true;
    c.sync();
    c.system().sp_alignment_fault(c);
    return false;
}
// For accesses the architecture requires to be aligned (exclusives,
// acquire/release, atomics): an alignment fault otherwise.
inline bool check_aligned(Cpu& c, uint64_t addr, unsigned size, AccessKind kind) {
    if ((addr & (size - 1)) == 0) [[likely]]
        return true;
    c.sync();
    c.system().abort(c, kind, addr, true);
    return false;
}

// --- control -----------------------------------------------------------------
inline bool branch_to(Cpu& c, uint64_t target) {
    c.pc = target;
    return kJump;
}
inline bool undefined(Cpu& c, const DecodedInsn& d) {
    c.sync();
    c.system().undefined(c, d.word);
    return kJump;
}

// --- chaining taken branches ---------------------------------------------------
// Syncs as it goes: one update of the PC and the count per taken branch,
// none when not taken.
inline const DecodedInsn* Cpu::chain_branch(const DecodedInsn& d, int64_t offset) {
    const uint64_t n = (slot_ - anchor_) >> kSlotShift;
    const uint64_t at = pc + 4 * n, done = run_done_ + n, target = at + static_cast<uint64_t>(offset);
    pc = target;
    if (chain_end_ == 0 || ((target ^ at) >> Bus::kPageBits) != 0 || done + 1 >= run_budget_ ||
        branch_chains_left_ == 0) {
        run_done_ = done;
        anchor_ = slot_;
        return nullptr;
    }
    --branch_chains_left_;
    const DecodedInsn* t = &d + (offset >> 2);
    const DecodedInsn* page_end = t - ((target & Bus::kPageMask) >> 2) + (Bus::kPageSize >> 2);
    run_done_ = done + 1;
    const uint64_t left = run_budget_ - (done + 1);
    chain_end_ = reinterpret_cast<uintptr_t>(static_cast<uint64_t>(page_end - t) > left ? t + left : page_end);
    slot_ = anchor_ = reinterpret_cast<uintptr_t>(t);
    return t;
}

// A taken direct branch (B, B.cond, CBZ, TBZ ...) by `offset` bytes: within
// the page and the budget it runs the target's slot at once, as threaded<F>
// runs the next. The conditional branches chain both ways themselves (not
// through threaded<F>, whose test of F's result would make the call no
// sibling call), and are lazy<F>: not taken, they sync nothing.
inline bool branch_chained(Cpu& c, const DecodedInsn& d, int64_t offset) {
    const DecodedInsn* t = c.chain_branch(d, offset);
    if (!t) return kJump;
    return t->exec(c, *t);
}

}  // namespace irqsim
