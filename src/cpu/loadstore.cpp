// C4.1.88 Loads and Stores (general registers): semantics and decode.
//
// Every exec function is specialised at decode time by the access type T
// (the size field), how a loaded value is extended into Rt (opc) and the
// addressing mode, so it does no decoding. Offsets are precomputed into d.imm
// (already scaled), the register-offset shift amount into d.f1.
//
// CONSTRAINED UNPREDICTABLE choices (Arm ARM K1.2, the first-listed
// behaviour; src/cpu/unpredictable.hpp flags these words):
// - writeback with Rn == Rt (or Rt2), Rn != SP, on a load
//   (Unpredictable_WBOVERLAPLD): Constraint_WBSUPPRESS, Rt gets the loaded
//   value. We write back the base and then Rt, which ends the same way.
// - the same on a store (Unpredictable_WBOVERLAPST): Constraint_NONE, the
//   value stored is Rt before the writeback.
// - a load pair with Rt == Rt2 (Unpredictable_LDPOVERLAP): Constraint_UNKNOWN;
//   the register gets the second element (any value is allowed; QEMU does
//   the same).
// An SP base is checked for 16-byte alignment first (CheckSPAlignment, when
// SCTLR_EL1.SA/SA0 ask for it; QEMU does not model it); PRFM is exempt.
#include "cpu/ldst_addr.hpp"

namespace irqsim {
namespace {

// How a loaded value reaches Rt: zero-extended (LDR, LDRB, LDRH), or
// sign-extended to 32 bits then zero-extended into Xt (LDRSB/LDRSH Wt, opc
// = 11) or sign-extended to 64 bits (LDRSB/LDRSH/LDRSW Xt, opc = 10).
enum class Ext : uint8_t { Zero, Sign32, Sign64 };

template <typename T, Ext e>
constexpr uint64_t extend(T v) {
    using S = std::make_signed_t<T>;
    if constexpr (e == Ext::Zero)
        return v;
    else if constexpr (e == Ext::Sign32)
        return static_cast<uint32_t>(static_cast<int32_t>(static_cast<S>(v)));
    else
        return static_cast<uint64_t>(static_cast<int64_t>(static_cast<S>(v)));
}

template <typename T, Ext e, Addr a>
bool exec_load(Cpu& c, const DecodedInsn& d) {
    T v;
    if (!base_ok<a>(c, d) || !load<T>(c, address<a>(c, d), v)) return kJump;
    writeback<a>(c, d);  // before Rt, so Rt wins if Rn == Rt (see above)
    set_X(c, d.rd, extend<T, e>(v));
    return kNext;
}
template <typename T, Addr a>
bool exec_store(Cpu& c, const DecodedInsn& d) {
    if (!base_ok<a>(c, d) || !store<T>(c, address<a>(c, d), static_cast<T>(X(c, d.rd)))) return kJump;
    writeback<a>(c, d);
    return kNext;
}
// PRFM/PRFUM: a hint with no architectural effect (and it never faults).
bool exec_prefetch(Cpu&, const DecodedInsn&) { return kNext; }

template <typename T, Ext e, Addr a>
bool exec_load_pair(Cpu& c, const DecodedInsn& d) {
    if (!base_ok<a>(c, d)) return kJump;
    uint64_t addr = address<a>(c, d);
    T v1, v2;
    if (!load<T>(c, addr, v1) || !load<T>(c, addr + sizeof(T), v2)) return kJump;
    writeback<a>(c, d);
    set_X(c, d.rd, extend<T, e>(v1));
    set_X(c, d.ra, extend<T, e>(v2));
    return kNext;
}
template <typename T, Addr a>
bool exec_store_pair(Cpu& c, const DecodedInsn& d) {
    if (!base_ok<a>(c, d) ||
        !store_pair<T>(c, address<a>(c, d), static_cast<T>(X(c, d.rd)), static_cast<T>(X(c, d.ra))))
        return kJump;
    writeback<a>(c, d);
    return kNext;
}

// The size:opc table shared by the "Load/store register" classes (Arm ARM
// C4.1.88, V = 0), threaded (src/cpu/exec.hpp) like the pairs below. nullptr
// marks size:opc = 10:11 and 11:11 (unallocated) and 11:10, which is
// PRFM/PRFUM where the class has one and unallocated otherwise.
template <Addr a>
ExecFn pick_ldst(unsigned size, unsigned opc) {
    static constexpr ExecFn t[4][4] = {
        {threaded<exec_store<uint8_t, a>>, threaded<exec_load<uint8_t, Ext::Zero, a>>,
         threaded<exec_load<uint8_t, Ext::Sign64, a>>, threaded<exec_load<uint8_t, Ext::Sign32, a>>},
        {threaded<exec_store<uint16_t, a>>, threaded<exec_load<uint16_t, Ext::Zero, a>>,
         threaded<exec_load<uint16_t, Ext::Sign64, a>>, threaded<exec_load<uint16_t, Ext::Sign32, a>>},
        {threaded<exec_store<uint32_t, a>>, threaded<exec_load<uint32_t, Ext::Zero, a>>,
         threaded<exec_load<uint32_t, Ext::Sign64, a>>, nullptr},
        {threaded<exec_store<uint64_t, a>>, threaded<exec_load<uint64_t, Ext::Zero, a>>, nullptr, nullptr},
    };
    return t[size][opc];
}

constexpr bool is_prefetch(unsigned size, unsigned opc) { return size == 3 && opc == 2; }

// Common tail of the immediate and register classes: the size:opc table,
// with PRFM where the class has it.
template <Addr a>
bool pick_into(uint32_t w, DecodedInsn& d, bool has_prefetch) {
    unsigned size = bits(w, 31, 30), opc = bits(w, 23, 22);
    d.exec = has_prefetch && is_prefetch(size, opc) ? exec_prefetch : pick_ldst<a>(size, opc);
    return d.exec != nullptr;
}

template <Addr a>
ExecFn pick_pair(unsigned opc, bool load) {
    switch (opc) {
        case 0: return load ? threaded<exec_load_pair<uint32_t, Ext::Zero, a>> : threaded<exec_store_pair<uint32_t, a>>;
        case 1: return load ? threaded<exec_load_pair<uint32_t, Ext::Sign64, a>> : nullptr;  // LDPSW; STGP is FEAT_MTE
        case 2: return load ? threaded<exec_load_pair<uint64_t, Ext::Zero, a>> : threaded<exec_store_pair<uint64_t, a>>;
        default: return nullptr;
    }
}

}  // namespace

bool dec_ldst_uimm(uint32_t w, DecodedInsn& d) {
    d.imm = int64_t{bits(w, 21, 10)} << bits(w, 31, 30);
    return pick_into<Addr::Imm>(w, d, true);
}
namespace {
// The imm9 classes: unscaled (LDUR, with PRFUM), unprivileged, post- and
// pre-index (no prefetch form).
template <Addr a>
bool imm9_form(uint32_t w, DecodedInsn& d, bool has_prefetch) {
    d.imm = sext(bits(w, 20, 12), 9);
    return pick_into<a>(w, d, has_prefetch);
}
}  // namespace
bool dec_ldst_unscaled(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Imm>(w, d, true); }
bool dec_ldst_unpriv(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Imm>(w, d, false); }
bool dec_ldst_post(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Post>(w, d, false); }
bool dec_ldst_pre(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Pre>(w, d, false); }

// Register offset: option<1> = 0 is reserved (unallocated); S scales the
// index by the access size.
bool dec_ldst_reg(uint32_t w, DecodedInsn& d) {
    unsigned option = bits(w, 15, 13);
    d.f1 = static_cast<uint8_t>(bit(w, 12) ? bits(w, 31, 30) : 0);
    switch (option) {
        case 0b010: return pick_into<Addr::RegUxtw>(w, d, true);
        case 0b110: return pick_into<Addr::RegSxtw>(w, d, true);
        case 0b011:  // LSL
        case 0b111: return pick_into<Addr::RegX>(w, d, true);
        default: return false;
    }
}

// LDR (literal): opc 00 = 32-bit, 01 = 64-bit, 10 = LDRSW, 11 = PRFM.
bool dec_ldr_literal(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 23, 5), 19) * 4;
    static constexpr ExecFn t[4] = {exec_load<uint32_t, Ext::Zero, Addr::Literal>,
                                    exec_load<uint64_t, Ext::Zero, Addr::Literal>,
                                    exec_load<uint32_t, Ext::Sign64, Addr::Literal>, exec_prefetch};
    d.exec = t[bits(w, 31, 30)];
    return true;
}

// Pairs: bits [24:23] select no-allocate (00, a plain offset here: the hint
// has no effect), post-index, signed offset, pre-index; imm7 is scaled by
// the element size. LDNP/STNP have no LDPSW form.
bool dec_ldst_pair(uint32_t w, DecodedInsn& d) {
    unsigned opc = bits(w, 31, 30), mode = bits(w, 24, 23);
    bool load = bit(w, 22);
    d.imm = sext(bits(w, 21, 15), 7) << (opc == 2 ? 3 : 2);
    switch (mode) {
        case 0: d.exec = opc == 1 ? nullptr : pick_pair<Addr::Imm>(opc, load); break;
        case 1: d.exec = pick_pair<Addr::Post>(opc, load); break;
        case 2: d.exec = pick_pair<Addr::Imm>(opc, load); break;
        default: d.exec = pick_pair<Addr::Pre>(opc, load); break;
    }
    return d.exec != nullptr;
}

}  // namespace irqsim
