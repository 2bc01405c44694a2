// C4.1.90 Advanced SIMD element movement: copy (DUP, SMOV, UMOV, INS),
// modified immediate (MOVI, MVNI, ORR, BIC, FMOV (vector)), permute (UZP,
// TRN, ZIP), EXT and TBL/TBX. No arithmetic, so no FPSR flags.
#include "cpu/fp_exec.hpp"
#include "cpu/fp_math.hpp"

namespace irqsim {
namespace {

uint64_t replicate(uint64_t x, unsigned ebytes) {
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i += ebytes) r |= x << (8 * i);
    return r;
}

// Copy forms: d.f1 = element bytes, d.f2 = lanes (DUP) or the source index,
// d.imm = the destination index (INS).
bool exec_dup_element(Cpu& c, const DecodedInsn& d) {
    uint64_t x = replicate(get_lane(vreg(c, d.rn), static_cast<unsigned>(d.imm), d.f1), d.f1);
    set_vreg(c, d.rd, Vec{x, x}, d.f2 == 16);
    return kNext;
}
bool exec_dup_general(Cpu& c, const DecodedInsn& d) {
    uint64_t mask = d.f1 == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * d.f1)) - 1;
    uint64_t x = replicate(X(c, d.rn) & mask, d.f1);
    set_vreg(c, d.rd, Vec{x, x}, d.f2 == 16);
    return kNext;
}
bool exec_dup_scalar(Cpu& c, const DecodedInsn& d) {
    c.v[d.rd] = Vec{get_lane(vreg(c, d.rn), static_cast<unsigned>(d.imm), d.f1), 0};
    return kNext;
}
template <unsigned is_signed>
struct MovToGeneral {  // SMOV/UMOV; d.f2 = 8 for an X destination
    static bool fn(Cpu& c, const DecodedInsn& d) {
        uint64_t x = get_lane(vreg(c, d.rn), static_cast<unsigned>(d.imm), d.f1);
        if (is_signed) x = static_cast<uint64_t>(sext(x, 8 * d.f1));
        set_X(c, d.rd, d.f2 == 8 ? x : static_cast<uint32_t>(x));
        return kNext;
    }
};
bool exec_ins_general(Cpu& c, const DecodedInsn& d) {
    set_lane(c.v[d.rd], static_cast<unsigned>(d.imm), d.f1, X(c, d.rn));
    return kNext;
}
bool exec_ins_element(Cpu& c, const DecodedInsn& d) {
    set_lane(c.v[d.rd], static_cast<unsigned>(d.imm), d.f1, get_lane(vreg(c, d.rn), d.f2, d.f1));
    return kNext;
}

// Modified immediate: d.imm = the 64-bit expanded immediate, d.f1 = the
// operation, d.f2 = Q.
enum : uint8_t { kMovi, kMvni, kOrr, kBic };
bool exec_modimm(Cpu& c, const DecodedInsn& d) {
    uint64_t imm = static_cast<uint64_t>(d.imm);
    Vec v = vreg(c, d.rd), r;
    for (unsigned i = 0; i < 2; ++i)
        r[i] = d.f1 == kMovi ? imm : d.f1 == kMvni ? ~imm : d.f1 == kOrr ? v[i] | imm : v[i] & ~imm;
    set_vreg(c, d.rd, r, d.f2 != 0);
    return kNext;
}

// UZP/TRN/ZIP: d.f1 = element bytes, d.f2 = lanes, d.imm = opcode.
bool exec_permute(Cpu& c, const DecodedInsn& d) {
    Vec n = vreg(c, d.rn), m = vreg(c, d.rm), r{};
    unsigned eb = d.f1, lanes = d.f2, op = static_cast<unsigned>(d.imm) & 3, part = (d.imm >> 2) & 1;
    unsigned pairs = lanes / 2;
    for (unsigned e = 0; e < lanes; ++e) {
        uint64_t x = 0;
        if (op == 1) {  // UZP: even or odd elements of Vm:Vn
            unsigned k = 2 * e + part;
            x = k < lanes ? get_lane(n, k, eb) : get_lane(m, k - lanes, eb);
        } else if (op == 2) {  // TRN
            unsigned k = 2 * (e / 2) + part;
            x = get_lane(e & 1 ? m : n, k, eb);
        } else {  // ZIP: interleave the lower or upper halves
            unsigned k = part * pairs + e / 2;
            x = get_lane(e & 1 ? m : n, k, eb);
        }
        set_lane(r, e, eb, x);
    }
    set_vreg(c, d.rd, r);
    return kNext;
}

// EXT: bytes imm4 upwards of Vm:Vn; d.f2 = datasize in bytes.
bool exec_ext(Cpu& c, const DecodedInsn& d) {
    Vec n = vreg(c, d.rn), m = vreg(c, d.rm), r{};
    unsigned bytes = d.f2, pos = static_cast<unsigned>(d.imm);
    for (unsigned i = 0; i < bytes; ++i) {
        unsigned k = i + pos;
        set_elem<uint8_t>(r, i, k < bytes ? elem<uint8_t>(n, k) : elem<uint8_t>(m, k - bytes));
    }
    set_vreg(c, d.rd, r);
    return kNext;
}

// TBL/TBX: d.f1 = table registers, d.f2 = bytes of the index vector,
// d.imm = 1 for TBX (an out-of-range index keeps Vd's byte).
bool exec_tbl(Cpu& c, const DecodedInsn& d) {
    Vec idx = vreg(c, d.rm), old = vreg(c, d.rd), r{};
    unsigned char table[64];
    for (unsigned t = 0; t < d.f1; ++t) std::memcpy(table + 16 * t, c.v[(d.rn + t) % 32].data(), 16);
    for (unsigned i = 0; i < d.f2; ++i) {
        unsigned k = elem<uint8_t>(idx, i);
        set_elem<uint8_t>(r, i, k < 16u * d.f1 ? table[k] : d.imm ? elem<uint8_t>(old, i) : uint8_t{0});
    }
    set_vreg(c, d.rd, r);
    return kNext;
}

// AdvSIMDExpandImm (shared/functions/vector).
bool expand_imm(unsigned op, unsigned cmode, unsigned imm8, uint64_t& out) {
    uint64_t i = imm8;
    switch (cmode >> 1) {
        case 0: out = replicate(i, 4); return true;
        case 1: out = replicate(i << 8, 4); return true;
        case 2: out = replicate(i << 16, 4); return true;
        case 3: out = replicate(i << 24, 4); return true;
        case 4: out = replicate(i, 2); return true;
        case 5: out = replicate(i << 8, 2); return true;
        case 6: out = replicate(cmode & 1 ? (i << 16) | 0xffff : (i << 8) | 0xff, 4); return true;
        default:
            if (!(cmode & 1) && !op) {
                out = replicate(i, 1);
            } else if (!(cmode & 1) && op) {
                out = 0;
                for (unsigned b = 0; b < 8; ++b)
                    if ((imm8 >> b) & 1) out |= uint64_t{0xff} << (8 * b);
            } else if (!op) {
                out = replicate(fp::expand_imm<uint32_t>(imm8), 4);
            } else {
                out = fp::expand_imm<uint64_t>(imm8);
            }
            return true;
    }
}

}  // namespace

bool dec_simd_copy(uint32_t w, DecodedInsn& d) {
    unsigned imm5 = bits(w, 20, 16), imm4 = bits(w, 14, 11), op = bit(w, 29);
    bool q = bit(w, 30), scalar = bit(w, 28);
    if ((imm5 & 15) == 0) return false;
    unsigned size = std::countr_zero(imm5), eb = 1u << size;
    d.f1 = static_cast<uint8_t>(eb);
    d.imm = imm5 >> (size + 1);
    if (scalar) {
        d.exec = exec_dup_scalar;
        return true;
    }
    if (op) {  // INS (element): Q = 1
        if (!q) return false;
        d.f2 = static_cast<uint8_t>(imm4 >> size);
        d.exec = exec_ins_element;
        return true;
    }
    d.f2 = q ? 16 : 8;
    switch (imm4) {
        case 0b0000:
            if (size == 3 && !q) return false;
            d.exec = exec_dup_element;
            return true;
        case 0b0001:
            if (size == 3 && !q) return false;
            d.exec = exec_dup_general;
            return true;
        case 0b0011:
            if (!q) return false;
            d.exec = exec_ins_general;
            return true;
        case 0b0101:  // SMOV: to W from B/H, to X from B/H/S
            if (size >= (q ? 3u : 2u)) return false;
            d.f2 = q ? 8 : 4;
            d.exec = MovToGeneral<1>::fn;
            return true;
        case 0b0111:  // UMOV: to W from B/H/S, to X from D
            if (q ? size != 3 : size == 3) return false;
            d.f2 = q ? 8 : 4;
            d.exec = MovToGeneral<0>::fn;
            return true;
        default: return false;
    }
}

bool dec_simd_modimm(uint32_t w, DecodedInsn& d) {
    unsigned op = bit(w, 29), cmode = bits(w, 15, 12), o2 = bit(w, 11);
    bool q = bit(w, 30);
    unsigned imm8 = bits(w, 18, 16) << 5 | bits(w, 9, 5);
    if (o2) return false;  // FMOV (vector, half) needs FEAT_FP16
    if (cmode == 15 && op && !q) return false;
    uint64_t imm;
    if (!expand_imm(op, cmode, imm8, imm)) return false;
    d.imm = static_cast<int64_t>(imm);
    bool shifted = cmode < 12;  // 0xxx (32-bit) and 10xx (16-bit): odd cmode is ORR/BIC
    if (shifted && (cmode & 1))
        d.f1 = op ? kBic : kOrr;
    else
        d.f1 = (op && cmode < 14) ? kMvni : kMovi;
    d.f2 = q;
    d.exec = exec_modimm;
    return true;
}

bool dec_simd_permute(uint32_t w, DecodedInsn& d) {
    unsigned size = bits(w, 23, 22), opcode = bits(w, 14, 12);
    bool q = bit(w, 30);
    if ((opcode & 3) == 0 || (size == 3 && !q)) return false;
    d.f1 = static_cast<uint8_t>(1u << size);
    d.f2 = static_cast<uint8_t>((q ? 16u : 8u) >> size);
    d.imm = opcode;
    d.exec = exec_permute;
    return true;
}

bool dec_simd_ext(uint32_t w, DecodedInsn& d) {
    bool q = bit(w, 30);
    unsigned imm4 = bits(w, 14, 11);
    if (!q && (imm4 & 8)) return false;
    d.f2 = q ? 16 : 8;
    d.imm = imm4;
    d.exec = exec_ext;
    return true;
}

bool dec_simd_tbl(uint32_t w, DecodedInsn& d) {
    d.f1 = static_cast<uint8_t>(bits(w, 14, 13) + 1);
    d.f2 = bit(w, 30) ? 16 : 8;
    d.imm = bit(w, 12);
    d.exec = exec_tbl;
    return true;
}

}  // namespace irqsim
