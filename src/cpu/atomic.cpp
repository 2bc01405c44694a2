// Exclusives, load-acquire/store-release and ARMv8.1 LSE atomics (Arm ARM
// C4.1.88, C6.2): semantics and decode.
//
// Ordering: the simulator runs CPUs one whole instruction at a time, so
// every access is single-copy atomic and every order is sequentially
// consistent; the acquire/release variants differ only by name here. What
// remains is the alignment rule (an alignment fault for any misaligned
// address: no FEAT_LSE2) and the exclusive monitor.
//
// The exclusive monitor (Arm ARM B2.9) is the local one in Cpu. A
// store-exclusive passes when the monitor holds the same address and size
// and memory still holds what the load-exclusive read: the value check
// stands in for the global monitor, so a store by another CPU between the
// two makes it fail (as QEMU does; a store of the very same value goes
// unnoticed, which real hardware would catch). Every store-exclusive clears
// the monitor.
//
// CONSTRAINED UNPREDICTABLE choices (the first-listed behaviour; flagged by
// src/cpu/unpredictable.hpp): Rs == Rt, Rt2 or Rn of a store-exclusive
// (Unpredictable_DATAOVERLAP, _BASEOVERLAP: Constraint_UNKNOWN, and the
// values read before the status is written are as good as any); LDXP/LDAXP
// with Rt == Rt2 (Constraint_UNKNOWN: Rt gets the second element);
// should-be-one fields that are not ones execute as if they were.
//
// Where the Unicorn 2.0.1 oracle (QEMU 5.0) differs, the Arm ARM decides
// (checked against qemu-aarch64 7.2 where noted): LDSMAX/LDSMIN/LDUMAX/LDUMIN
// use Rs<datasize-1:0> (Unicorn compares wider values; 7.2 agrees with us);
// LDAR/STLR/LDAPR fault when misaligned (Unicorn does not check; 7.2 does);
// a store-exclusive checks alignment before the monitor
// (AArch64.ExclusiveMonitorsPass; QEMU fails it with status 1 instead); an
// alignment fault takes priority over an unmapped address.
#include <array>

#include "cpu/exec.hpp"

namespace irqsim {
namespace {

// --- the exclusive monitor ---------------------------------------------------
void set_monitor(Cpu& c, uint64_t addr, unsigned size, uint64_t v0, uint64_t v1 = 0) {
    c.exclusive_valid = true;
    c.exclusive_addr = addr;
    c.exclusive_size = size;
    c.exclusive_value = {v0, v1};
}
// The monitor's own look at memory is no load of the program's: a debug
// watch on loads does not see it (it reads RAM directly then).
template <typename T>
bool memory_holds(Cpu& c, uint64_t addr, uint64_t expect) {
    T v;
    BusStatus s = c.bus().read<T>(addr, v);
    if (s == BusStatus::Watchpoint) s = c.bus().copy_out(addr, &v, sizeof v) ? BusStatus::Ok : BusStatus::Unmapped;
    return s == BusStatus::Ok && v == static_cast<T>(expect);
}
// A debugger's watchpoint stops a store-exclusive before its store: the
// monitor goes back to what it was, so the instruction runs again as new
// (QEMU's gdbstub likewise restarts it with the monitor untouched).
struct ExclusiveMonitor {
    bool valid;
    uint64_t addr;
    unsigned size;
    std::array<uint64_t, 2> value;
};
ExclusiveMonitor save_monitor(const Cpu& c) {
    return {c.exclusive_valid, c.exclusive_addr, c.exclusive_size, c.exclusive_value};
}
bool restore_if_watched(Cpu& c, const ExclusiveMonitor& m) {
    if (c.debug_stop_pending()) {
        c.exclusive_valid = m.valid;
        c.exclusive_addr = m.addr;
        c.exclusive_size = m.size;
        c.exclusive_value = m.value;
    }
    return kJump;
}
// AArch64.ExclusiveMonitorsPass() with the value check above; clears the
// monitor. size 16 is a 64-bit pair.
template <typename T>
bool exclusive_pass(Cpu& c, uint64_t addr, unsigned size) {
    bool pass = c.exclusive_valid && c.exclusive_addr == addr && c.exclusive_size == size &&
                memory_holds<T>(c, addr, c.exclusive_value[0]) &&
                (size != 16 || memory_holds<uint64_t>(c, addr + 8, c.exclusive_value[1]));
    c.exclusive_valid = false;
    return pass;
}

// --- load-acquire / store-release (and LDLAR/STLLR, LDAPR), LDXR ----------------
// LDAR (and LDLAR, LDAPR) and, opening the monitor, LDXR/LDAXR.
template <typename T, bool exclusive>
bool exec_ldar(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    T v;
    if (!check_aligned(c, addr, sizeof(T), AccessKind::Read) || !load<T>(c, addr, v)) return kJump;
    if constexpr (exclusive) set_monitor(c, addr, sizeof(T), v);
    set_X(c, d.rd, v);
    return kNext;
}
template <typename T>
bool exec_stlr(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    if (!check_aligned(c, addr, sizeof(T), AccessKind::Write) || !store<T>(c, addr, static_cast<T>(X(c, d.rd))))
        return kJump;
    return kNext;
}

// --- exclusives ----------------------------------------------------------------
// The status goes to Ws: 0 if the store happened, 1 if not.
template <typename T>
bool exec_stxr(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    if (!check_aligned(c, addr, sizeof(T), AccessKind::Write)) return kJump;
    ExclusiveMonitor before = save_monitor(c);
    bool pass = exclusive_pass<T>(c, addr, sizeof(T));
    if (pass && !store<T>(c, addr, static_cast<T>(X(c, d.rd)))) return restore_if_watched(c, before);
    set_W(c, d.rm, pass ? 0 : 1);
    return kNext;
}
// Pairs: the 32-bit pair is one 64-bit access, Rt at the lower address; the
// 64-bit pair is 16 bytes aligned to 16.
template <bool x64>
bool exec_ldxp(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    uint64_t lo, hi;
    if (!check_aligned(c, addr, x64 ? 16 : 8, AccessKind::Read) || !load<uint64_t>(c, addr, lo)) return kJump;
    if constexpr (x64) {
        if (!load<uint64_t>(c, addr + 8, hi)) return kJump;
        set_monitor(c, addr, 16, lo, hi);
    } else {
        set_monitor(c, addr, 8, lo);
        hi = lo >> 32;
        lo = static_cast<uint32_t>(lo);
    }
    set_X(c, d.rd, lo);
    set_X(c, d.ra, hi);
    return kNext;
}
template <bool x64>
bool exec_stxp(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    if (!check_aligned(c, addr, x64 ? 16 : 8, AccessKind::Write)) return kJump;
    ExclusiveMonitor before = save_monitor(c);
    bool pass = exclusive_pass<uint64_t>(c, addr, x64 ? 16 : 8);
    if (pass) {
        bool ok = x64 ? store_pair<uint64_t>(c, addr, X(c, d.rd), X(c, d.ra))
                      : store<uint64_t>(c, addr, uint64_t{W(c, d.rd)} | uint64_t{W(c, d.ra)} << 32);
        if (!ok) return restore_if_watched(c, before);
    }
    set_W(c, d.rm, pass ? 0 : 1);
    return kNext;
}

// --- LSE ------------------------------------------------------------------------
// A read-modify-write is checked as a write (alignment, then mapping) before
// it reads, so a fault changes nothing and is reported as a write (QEMU
// probes atomics for write access too).
bool rmw_allowed(Cpu& c, uint64_t addr, unsigned size) {
    if (!check_aligned(c, addr, size, AccessKind::Write)) return false;
    if (accessible(c, addr, size)) [[likely]]
        return true;
    c.system().abort(c, AccessKind::Write, addr, false);
    return false;
}

// The o3:opc operations of C4.1.88 "Atomic memory operations".
enum class Op : uint8_t { Add, Clr, Eor, Set, SMax, SMin, UMax, UMin, Swp };

template <typename T, Op op>
constexpr T apply(T old, T s) {
    using S = std::make_signed_t<T>;
    if constexpr (op == Op::Add) return static_cast<T>(old + s);
    if constexpr (op == Op::Clr) return old & static_cast<T>(~s);
    if constexpr (op == Op::Eor) return old ^ s;
    if constexpr (op == Op::Set) return old | s;
    if constexpr (op == Op::SMax) return static_cast<S>(old) > static_cast<S>(s) ? old : s;
    if constexpr (op == Op::SMin) return static_cast<S>(old) < static_cast<S>(s) ? old : s;
    if constexpr (op == Op::UMax) return old > s ? old : s;
    if constexpr (op == Op::UMin) return old < s ? old : s;
    return s;  // Swp
}

// LD<op>/SWP: Rt gets the old value (zero-extended), memory old <op> Rs.
template <typename T, Op op>
bool exec_ldop(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    T old;
    if (!rmw_allowed(c, addr, sizeof(T)) || !load<T>(c, addr, old)) return kJump;
    if (!store<T>(c, addr, apply<T, op>(old, static_cast<T>(X(c, d.rm))))) return kJump;
    set_X(c, d.rd, old);
    return kNext;
}

// CAS: if memory equals Rs, write Rt; Rs gets the old value either way.
template <typename T>
bool exec_cas(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    T old;
    if (!rmw_allowed(c, addr, sizeof(T)) || !load<T>(c, addr, old)) return kJump;
    if (old == static_cast<T>(X(c, d.rm)) && !store<T>(c, addr, static_cast<T>(X(c, d.rd)))) return kJump;
    set_X(c, d.rm, old);
    return kNext;
}
// CASP: the pairs <Rs, Rs+1> and <Rt, Rt+1>, the first at the lower address;
// one access of twice the element size, aligned to it.
template <typename T>
bool exec_casp(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    uint64_t addr = XSP(c, d.rn);
    T m0, m1;
    if (!rmw_allowed(c, addr, 2 * sizeof(T)) || !load<T>(c, addr, m0) || !load<T>(c, addr + sizeof(T), m1))
        return kJump;
    if (m0 == static_cast<T>(X(c, d.rm)) && m1 == static_cast<T>(X(c, d.rm + 1)) &&
        !store_pair<T>(c, addr, static_cast<T>(X(c, d.rd)), static_cast<T>(X(c, d.rd + 1))))
        return kJump;
    set_X(c, d.rm, m0);
    set_X(c, d.rm + 1, m1);
    return kNext;
}

// Exec functions indexed by the size field (B, H, W, X).
template <template <typename> class F>
constexpr std::array<ExecFn, 4> by_size = {F<uint8_t>::fn, F<uint16_t>::fn, F<uint32_t>::fn, F<uint64_t>::fn};
template <typename T> struct Ldxr { static constexpr ExecFn fn = exec_ldar<T, true>; };
template <typename T> struct Stxr { static constexpr ExecFn fn = exec_stxr<T>; };
template <typename T> struct Ldar { static constexpr ExecFn fn = exec_ldar<T, false>; };
template <typename T> struct Stlr { static constexpr ExecFn fn = exec_stlr<T>; };
template <typename T> struct Cas { static constexpr ExecFn fn = exec_cas<T>; };
template <Op op> struct LdOp {
    template <typename T> struct Of { static constexpr ExecFn fn = exec_ldop<T, op>; };
};

unsigned size_field(uint32_t w) { return bits(w, 31, 30); }

}  // namespace

bool dec_ldxr(uint32_t w, DecodedInsn& d) {
    d.exec = by_size<Ldxr>[size_field(w)];
    return true;
}
bool dec_stxr(uint32_t w, DecodedInsn& d) {
    d.exec = by_size<Stxr>[size_field(w)];
    return true;
}
bool dec_ldxp(uint32_t w, DecodedInsn& d) {
    d.exec = bit(w, 30) ? exec_ldxp<true> : exec_ldxp<false>;
    return true;
}
bool dec_stxp(uint32_t w, DecodedInsn& d) {
    d.exec = bit(w, 30) ? exec_stxp<true> : exec_stxp<false>;
    return true;
}
bool dec_ordered(uint32_t w, DecodedInsn& d) {
    d.exec = bit(w, 22) ? by_size<Ldar>[size_field(w)] : by_size<Stlr>[size_field(w)];
    return true;
}
bool dec_ldapr(uint32_t w, DecodedInsn& d) {
    d.exec = by_size<Ldar>[size_field(w)];
    return true;
}
bool dec_cas(uint32_t w, DecodedInsn& d) {
    d.exec = by_size<Cas>[size_field(w)];
    return true;
}
// CASP: Rs<0> or Rt<0> set is UNDEFINED (C6.2 CASP).
bool dec_casp(uint32_t w, DecodedInsn& d) {
    if ((d.rm & 1) || (d.rd & 1)) return false;
    d.exec = bit(w, 30) ? exec_casp<uint64_t> : exec_casp<uint32_t>;
    return true;
}
// o3:opc (bits 15, 14:12): 0xxx the LD<op> family, 1000 SWP (the rows carry
// no other values).
bool dec_ldop(uint32_t w, DecodedInsn& d) {
    static constexpr const std::array<ExecFn, 4>* ops[9] = {
        &by_size<LdOp<Op::Add>::Of>,  &by_size<LdOp<Op::Clr>::Of>,  &by_size<LdOp<Op::Eor>::Of>,
        &by_size<LdOp<Op::Set>::Of>,  &by_size<LdOp<Op::SMax>::Of>, &by_size<LdOp<Op::SMin>::Of>,
        &by_size<LdOp<Op::UMax>::Of>, &by_size<LdOp<Op::UMin>::Of>, &by_size<LdOp<Op::Swp>::Of>};
    unsigned op = bit(w, 15) ? 8 : bits(w, 14, 12);
    d.exec = (*ops[op])[size_field(w)];
    return true;
}

}  // namespace irqsim
