// C4.1.88 Loads and Stores, SIMD&FP registers (V = 1): LDR/STR of B, H, S,
// D and Q in every addressing mode, LDP/STP/LDNP/STNP, and the Advanced SIMD
// structure loads and stores (LD1-LD4/ST1-ST4, multiple and single
// structure, LD1R-LD4R).
//
// A scalar load writes the whole register, clearing the bits above the
// value (V[] in the Arm ARM). A 128-bit access is performed as two 64-bit
// ones; a store of several elements (Q, pairs, structures) is checked for
// faults before anything is written, as store_pair does for the general
// registers, so a faulting store leaves memory unchanged. The CONSTRAINED
// UNPREDICTABLE choices are those of loadstore.cpp (writeback onto the
// base register cannot arise: Rt here is a SIMD&FP register).
#include "cpu/fp_exec.hpp"
#include "cpu/ldst_addr.hpp"

namespace irqsim {
namespace {

// One register-sized access of N bytes (1, 2, 4, 8 or 16).
template <unsigned N>
bool load_v(Cpu& c, uint64_t addr, Vec& out) {
    if constexpr (N == 16) {
        uint64_t lo, hi;
        if (!load<uint64_t>(c, addr, lo) || !load<uint64_t>(c, addr + 8, hi)) return false;
        out = Vec{lo, hi};
    } else {
        using T = std::conditional_t<N == 1, uint8_t, std::conditional_t<N == 2, uint16_t, std::conditional_t<N == 4, uint32_t, uint64_t>>>;
        T v;
        if (!load<T>(c, addr, v)) return false;
        out = Vec{v, 0};
    }
    return true;
}
// Before a store of `total` bytes in `chunk`-byte accesses: the first
// chunk that would fault takes its abort, and nothing is stored.
bool stores_ok(Cpu& c, uint64_t addr, unsigned total, unsigned chunk) {
    if (c.bus().is_ram(addr, total)) [[likely]]
        return true;
    for (unsigned off = 0; off < total; off += chunk)
        if (!accessible(c, addr + off, chunk)) {
            c.system().abort(c, AccessKind::Write, addr + off, false);
            return false;
        }
    return true;
}
template <unsigned N>
bool store_v(Cpu& c, uint64_t addr, const Vec& v) {
    if constexpr (N == 16) {
        return stores_ok(c, addr, 16, 8) && store<uint64_t>(c, addr, v[0]) && store<uint64_t>(c, addr + 8, v[1]);
    } else {
        using T = std::conditional_t<N == 1, uint8_t, std::conditional_t<N == 2, uint16_t, std::conditional_t<N == 4, uint32_t, uint64_t>>>;
        return store<T>(c, addr, static_cast<T>(v[0]));
    }
}

template <unsigned N, Addr a>
bool exec_load(Cpu& c, const DecodedInsn& d) {
    Vec v;
    if (!base_ok<a>(c, d) || !load_v<N>(c, address<a>(c, d), v)) return kJump;
    writeback<a>(c, d);
    set_vreg(c, d.rd, v);
    return kNext;
}
template <unsigned N, Addr a>
bool exec_store(Cpu& c, const DecodedInsn& d) {
    if (!base_ok<a>(c, d) || !store_v<N>(c, address<a>(c, d), vreg(c, d.rd))) return kJump;
    writeback<a>(c, d);
    return kNext;
}
template <unsigned N, Addr a>
bool exec_load_pair(Cpu& c, const DecodedInsn& d) {
    if (!base_ok<a>(c, d)) return kJump;
    uint64_t addr = address<a>(c, d);
    Vec v1, v2;
    if (!load_v<N>(c, addr, v1) || !load_v<N>(c, addr + N, v2)) return kJump;
    writeback<a>(c, d);
    set_vreg(c, d.rd, v1);
    set_vreg(c, d.ra, v2);  // Rt == Rt2 (CONSTRAINED UNPREDICTABLE): the second
    return kNext;
}
template <unsigned N, Addr a>
bool exec_store_pair(Cpu& c, const DecodedInsn& d) {
    if (!base_ok<a>(c, d)) return kJump;
    uint64_t addr = address<a>(c, d);
    if (!stores_ok(c, addr, 2 * N, N > 8 ? 8 : N) || !store_v<N>(c, addr, vreg(c, d.rd)) ||
        !store_v<N>(c, addr + N, vreg(c, d.ra)))
        return kJump;
    writeback<a>(c, d);
    return kNext;
}

// size:opc (opc<1> only; opc<0> is the row's L) to the access size in bytes:
// size 00 is B, or Q with opc<1> = 1; H, S and D have no opc<1> = 1 form.
unsigned access_bytes(uint32_t w) {
    unsigned size = bits(w, 31, 30);
    bool opc1 = bit(w, 23);
    if (size == 0) return opc1 ? 16 : 1;
    return opc1 ? 0 : 1u << size;
}
template <Addr a>
ExecFn pick(unsigned bytes, bool load_form) {
    switch (bytes) {
        case 1: return load_form ? exec_load<1, a> : exec_store<1, a>;
        case 2: return load_form ? exec_load<2, a> : exec_store<2, a>;
        case 4: return load_form ? exec_load<4, a> : exec_store<4, a>;
        case 8: return load_form ? exec_load<8, a> : exec_store<8, a>;
        case 16: return load_form ? exec_load<16, a> : exec_store<16, a>;
        default: return nullptr;
    }
}
template <Addr a>
bool pick_into(uint32_t w, DecodedInsn& d) {
    d.exec = pick<a>(access_bytes(w), bit(w, 22));
    return d.exec != nullptr;
}
template <Addr a>
bool imm9_form(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 20, 12), 9);
    return pick_into<a>(w, d);
}
template <Addr a>
ExecFn pick_pair(unsigned bytes, bool load_form) {
    switch (bytes) {
        case 4: return load_form ? exec_load_pair<4, a> : exec_store_pair<4, a>;
        case 8: return load_form ? exec_load_pair<8, a> : exec_store_pair<8, a>;
        default: return load_form ? exec_load_pair<16, a> : exec_store_pair<16, a>;
    }
}

}  // namespace

bool dec_fp_ldst_uimm(uint32_t w, DecodedInsn& d) {
    d.imm = int64_t{bits(w, 21, 10)} * access_bytes(w);
    return pick_into<Addr::Imm>(w, d);
}
bool dec_fp_ldst_unscaled(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Imm>(w, d); }
bool dec_fp_ldst_post(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Post>(w, d); }
bool dec_fp_ldst_pre(uint32_t w, DecodedInsn& d) { return imm9_form<Addr::Pre>(w, d); }

// Register offset: option<1> = 0 is reserved; S scales the index by the
// access size (log2 of 1 ... 16).
bool dec_fp_ldst_reg(uint32_t w, DecodedInsn& d) {
    unsigned bytes = access_bytes(w);
    d.f1 = static_cast<uint8_t>(bit(w, 12) ? std::countr_zero(bytes | 32u) : 0);
    switch (bits(w, 15, 13)) {
        case 0b010: return pick_into<Addr::RegUxtw>(w, d);
        case 0b110: return pick_into<Addr::RegSxtw>(w, d);
        case 0b011:
        case 0b111: return pick_into<Addr::RegX>(w, d);
        default: return false;
    }
}

bool dec_fp_ldr_literal(uint32_t w, DecodedInsn& d) {
    d.imm = sext(bits(w, 23, 5), 19) * 4;
    switch (bits(w, 31, 30)) {
        case 0: d.exec = exec_load<4, Addr::Literal>; return true;
        case 1: d.exec = exec_load<8, Addr::Literal>; return true;
        case 2: d.exec = exec_load<16, Addr::Literal>; return true;
        default: return false;
    }
}

bool dec_fp_ldst_pair(uint32_t w, DecodedInsn& d) {
    unsigned opc = bits(w, 31, 30);
    if (opc == 3) return false;
    unsigned bytes = 4u << opc;
    bool load_form = bit(w, 22);
    d.imm = sext(bits(w, 21, 15), 7) * bytes;
    switch (bits(w, 24, 23)) {
        case 1: d.exec = pick_pair<Addr::Post>(bytes, load_form); break;
        case 3: d.exec = pick_pair<Addr::Pre>(bytes, load_form); break;
        default: d.exec = pick_pair<Addr::Imm>(bytes, load_form); break;  // 00 no-allocate: a plain offset here
    }
    return true;
}

// --- structures --------------------------------------------------------------------
namespace {
// The fields both structure classes decode into: d.f1 = log2(esize bytes),
// d.f2 = selem | rpt << 4 (multiple) or selem | lane << 4 (single);
// d.imm bit 0 = Q, bit 1 = L, bit 2 = replicate (LDnR).
struct Structure {
    unsigned ebytes, selem, rpt_or_lane;
    bool q, load, replicate;
};
Structure structure(const DecodedInsn& d) {
    return {1u << d.f1, d.f2 & 15u, unsigned{d.f2} >> 4, (d.imm & 1) != 0, (d.imm & 2) != 0, (d.imm & 4) != 0};
}
// The post-index amount: X[m], or the bytes transferred when Rm = 31.
void post_index(Cpu& c, const DecodedInsn& d, uint64_t bytes) {
    set_XSP(c, d.rn, XSP(c, d.rn) + (d.rm == 31 ? bytes : X(c, d.rm)));
}

bool load_elem(Cpu& c, uint64_t addr, unsigned ebytes, uint64_t& v) {
    switch (ebytes) {
        case 1: { uint8_t x; if (!load<uint8_t>(c, addr, x)) return false; v = x; return true; }
        case 2: { uint16_t x; if (!load<uint16_t>(c, addr, x)) return false; v = x; return true; }
        case 4: { uint32_t x; if (!load<uint32_t>(c, addr, x)) return false; v = x; return true; }
        default: return load<uint64_t>(c, addr, v);
    }
}
bool store_elem(Cpu& c, uint64_t addr, unsigned ebytes, uint64_t v) {
    switch (ebytes) {
        case 1: return store<uint8_t>(c, addr, static_cast<uint8_t>(v));
        case 2: return store<uint16_t>(c, addr, static_cast<uint16_t>(v));
        case 4: return store<uint32_t>(c, addr, static_cast<uint32_t>(v));
        default: return store<uint64_t>(c, addr, v);
    }
}

// LD1-LD4/ST1-ST4 (multiple structures), the Arm ARM's loop: for each
// repetition r and element e, selem consecutive registers get consecutive
// memory elements. Loads write no register if any access faults.
template <bool post>
bool exec_ldst_multi(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    Structure s = structure(d);
    unsigned elements = (s.q ? 16 : 8) / s.ebytes, nregs = s.selem * s.rpt_or_lane;
    uint64_t addr = XSP(c, d.rn);
    unsigned total = elements * s.ebytes * nregs;
    Vec regs[4];
    for (unsigned r = 0; r < nregs; ++r) regs[r] = vreg(c, (d.rd + r) % 32);
    if (!s.load && !stores_ok(c, addr, total, s.ebytes)) return kJump;
    uint64_t offs = 0;
    for (unsigned r = 0; r < s.rpt_or_lane; ++r)
        for (unsigned e = 0; e < elements; ++e)
            for (unsigned k = 0; k < s.selem; ++k, offs += s.ebytes) {
                Vec& v = regs[r + k];
                if (s.load) {
                    uint64_t x;
                    if (!load_elem(c, addr + offs, s.ebytes, x)) return kJump;
                    set_lane(v, e, s.ebytes, x);
                } else if (!store_elem(c, addr + offs, s.ebytes, get_lane(v, e, s.ebytes))) {
                    return kJump;
                }
            }
    if (s.load)
        for (unsigned r = 0; r < nregs; ++r) set_vreg(c, (d.rd + r) % 32, regs[r], s.q);
    if constexpr (post) post_index(c, d, total);
    return kNext;
}

// LD1-LD4/ST1-ST4 (single structure): one lane of selem consecutive
// registers; LD1R-LD4R: one element replicated to every lane.
template <bool post>
bool exec_ldst_single(Cpu& c, const DecodedInsn& d) {
    if (!check_sp_alignment(c, d.rn)) return kJump;
    Structure s = structure(d);
    uint64_t addr = XSP(c, d.rn);
    unsigned total = s.ebytes * s.selem;
    Vec regs[4];
    for (unsigned k = 0; k < s.selem; ++k) regs[k] = vreg(c, (d.rd + k) % 32);
    if (!s.load && !stores_ok(c, addr, total, s.ebytes)) return kJump;
    for (unsigned k = 0; k < s.selem; ++k) {
        uint64_t a = addr + k * s.ebytes;
        if (!s.load) {
            if (!store_elem(c, a, s.ebytes, get_lane(regs[k], s.rpt_or_lane, s.ebytes))) return kJump;
            continue;
        }
        uint64_t x;
        if (!load_elem(c, a, s.ebytes, x)) return kJump;
        if (s.replicate) {
            regs[k] = Vec{};
            for (unsigned e = 0; e < (s.q ? 16 : 8) / s.ebytes; ++e) set_lane(regs[k], e, s.ebytes, x);
        } else {
            set_lane(regs[k], s.rpt_or_lane, s.ebytes, x);
        }
    }
    if (s.load)
        for (unsigned k = 0; k < s.selem; ++k) set_vreg(c, (d.rd + k) % 32, regs[k], s.replicate ? s.q : true);
    if constexpr (post) post_index(c, d, total);
    return kNext;
}

}  // namespace

// opcode: the register count (rpt) and structure size (selem) of each form.
bool dec_simd_ldst_multi(uint32_t w, DecodedInsn& d) {
    unsigned rpt, selem;
    switch (bits(w, 15, 12)) {
        case 0b0000: rpt = 1, selem = 4; break;  // LD4/ST4
        case 0b0010: rpt = 4, selem = 1; break;  // LD1/ST1, four registers
        case 0b0100: rpt = 1, selem = 3; break;  // LD3/ST3
        case 0b0110: rpt = 3, selem = 1; break;  // LD1/ST1, three registers
        case 0b0111: rpt = 1, selem = 1; break;  // LD1/ST1, one register
        case 0b1000: rpt = 1, selem = 2; break;  // LD2/ST2
        case 0b1010: rpt = 2, selem = 1; break;  // LD1/ST1, two registers
        default: return false;
    }
    unsigned size = bits(w, 11, 10);
    bool q = bit(w, 30);
    if (size == 3 && !q && selem != 1) return false;  // 1D arrangement: LD1/ST1 only
    d.f1 = static_cast<uint8_t>(size);
    d.f2 = static_cast<uint8_t>(selem | rpt << 4);
    d.imm = (q ? 1 : 0) | (bit(w, 22) ? 2 : 0);
    d.exec = bit(w, 23) ? exec_ldst_multi<true> : exec_ldst_multi<false>;
    return true;
}

// opcode<2:1> is the element size (scale); 11 is LDnR (loads only, S = 0).
bool dec_simd_ldst_single(uint32_t w, DecodedInsn& d) {
    unsigned opcode = bits(w, 15, 13), size = bits(w, 11, 10), scale = opcode >> 1;
    unsigned selem = ((opcode & 1) << 1 | bit(w, 21)) + 1;
    bool q = bit(w, 30), s = bit(w, 12), load_form = bit(w, 22), replicate = false;
    unsigned index = 0;
    switch (scale) {
        case 3:
            if (!load_form || s) return false;
            scale = size;
            replicate = true;
            break;
        case 0: index = (q << 3) | (s << 2) | size; break;
        case 1:
            if (size & 1) return false;
            index = (q << 2) | (s << 1) | (size >> 1);
            break;
        default:
            if (size & 2) return false;
            if (size & 1) {
                if (s) return false;
                index = q;
                scale = 3;
            } else {
                index = (q << 1) | s;
            }
            break;
    }
    d.f1 = static_cast<uint8_t>(scale);
    d.f2 = static_cast<uint8_t>(selem | index << 4);
    d.imm = (q ? 1 : 0) | (load_form ? 2 : 0) | (replicate ? 4 : 0);
    d.exec = bit(w, 23) ? exec_ldst_single<true> : exec_ldst_single<false>;
    return true;
}

}  // namespace irqsim
