// C4.1.86 Data Processing -- Immediate: semantics and decode functions.
#include "cpu/exec.hpp"

namespace irqsim {
namespace {

// ADD/ADDS/SUB/SUBS (immediate): Rn and (for the non-flag forms) Rd may be SP.
template <unsigned sf, unsigned sub, unsigned set_flags>
struct AddSubImm {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        add_sub_sp_forms<sf, sub, set_flags>(c, d, static_cast<uint64_t>(d.imm));
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

template <bool sf>
bool exec_movz(Cpu& c, const DecodedInsn& d) {
    set_R<sf>(c, d.rd, static_cast<uint64_t>(d.imm));
    return kNext;
}
template <bool sf>
bool exec_movn(Cpu& c, const DecodedInsn& d) {
    set_R<sf>(c, d.rd, ~static_cast<uint64_t>(d.imm));
    return kNext;
}
template <bool sf>
bool exec_movk(Cpu& c, const DecodedInsn& d) {
    // d.imm holds imm16 at its position; f1 the shift.
    uint64_t keep = ~(uint64_t{0xffff} << d.f1);
    set_R<sf>(c, d.rd, (X(c, d.rd) & keep) | static_cast<uint64_t>(d.imm));
    return kNext;
}

// The two that read the PC: synced first (Cpu::sync).
bool exec_adr(Cpu& c, const DecodedInsn& d) {
    c.sync();
    set_X(c, d.rd, c.pc + static_cast<uint64_t>(d.imm));
    return kNext;
}
bool exec_adrp(Cpu& c, const DecodedInsn& d) {
    c.sync();
    set_X(c, d.rd, (c.pc & ~uint64_t{0xfff}) + static_cast<uint64_t>(d.imm));
    return kNext;
}

// AND/ORR/EOR/ANDS (immediate), `opc` as encoded; d.imm holds the bitmask.
// Rd may be SP except for ANDS (Arm ARM: "AND (immediate)").
template <unsigned sf, unsigned opc>
struct LogicalImm {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t r = logical_op<opc>(R<sf>(c, d.rn), static_cast<uint64_t>(d.imm));
        if constexpr (opc == 3) {
            c.nzcv = logic_flags<sf>(r);
            set_R<sf>(c, d.rd, r);
        } else {
            set_RSP<sf>(c, d.rd, r);
        }
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// SBFM/BFM/UBFM. The Arm ARM computes wmask/tmask with DecodeBitMasks; with
// the sf/N checks done, that is equivalent to moving a field: Rn<imms:immr>
// to bit 0 when imms >= immr (SBFX, UBFX, BFXIL, ASR, LSR), or
// Rn<imms:0> to bit datasize-immr otherwise (SBFIZ, UBFIZ, BFI, LSL). Decode
// stores f1 = 63 - imms (shifting the field's top bit to bit 63) and
// f2 = 63 - (result bit of the field's top); shifting back by f2 places the
// field, filling with copies of its top bit (SBFM) or zeros (UBFM).
template <unsigned sf, unsigned opc>
struct Bitfield {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t up = X(c, d.rn) << d.f1;
        if constexpr (opc == 0) {  // SBFM
            set_R<sf>(c, d.rd, static_cast<uint64_t>(static_cast<int64_t>(up) >> d.f2));
        } else if constexpr (opc == 2) {  // UBFM
            set_R<sf>(c, d.rd, up >> d.f2);
        } else {  // BFM: the field replaces its place in Rd; other bits stay
            uint64_t mask = (~uint64_t{0} << d.f1) >> d.f2;
            set_R<sf>(c, d.rd, (X(c, d.rd) & ~mask) | ((up >> d.f2) & mask));
        }
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// EXTR: bits [lsb + datasize - 1 : lsb] of Rn:Rm (ROR (immediate) when Rn = Rm).
template <bool sf>
bool exec_extr(Cpu& c, const DecodedInsn& d) {
    if constexpr (sf) {
        unsigned __int128 concat = (static_cast<unsigned __int128>(X(c, d.rn)) << 64) | X(c, d.rm);
        set_X(c, d.rd, static_cast<uint64_t>(concat >> d.f1));
    } else {
        uint64_t concat = (uint64_t{W(c, d.rn)} << 32) | W(c, d.rm);
        set_W(c, d.rd, static_cast<uint32_t>(concat >> d.f1));
    }
    return kNext;
}

// DecodeBitMasks() (shared/functions/bitmasks) for the logical immediates,
// returning wmask: a run of imms+1 ones rotated right by immr within an
// element of 2..64 bits, replicated. False for the reserved encodings.
bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, uint64_t& wmask) {
    unsigned combined = (n << 6) | (~imms & 0x3f);  // N:NOT(imms)
    if (combined < 2) return false;                  // len < 1
    unsigned len = static_cast<unsigned>(std::bit_width(combined)) - 1;
    unsigned levels = (1u << len) - 1;
    if ((imms & levels) == levels) return false;  // an element of all ones
    unsigned s = imms & levels, r = immr & levels, esize = 1u << len;
    uint64_t element_mask = esize == 64 ? ~uint64_t{0} : (uint64_t{1} << esize) - 1;
    uint64_t welem = (uint64_t{1} << (s + 1)) - 1;  // s + 1 < esize <= 64
    if (r != 0) welem = ((welem >> r) | (welem << (esize - r))) & element_mask;
    for (unsigned e = esize; e < 64; e *= 2) welem |= welem << e;
    wmask = welem;
    return true;
}

}  // namespace

bool dec_adr(uint32_t w, DecodedInsn& d) {
    int64_t imm = sext((bits(w, 23, 5) << 2) | bits(w, 30, 29), 21);
    bool page = bit(w, 31);
    d.imm = page ? imm * 4096 : imm;
    d.exec = page ? threaded<exec_adrp> : threaded<exec_adr>;
    return true;
}

bool dec_addsub_imm(uint32_t w, DecodedInsn& d) {
    // sh=1 shifts imm12 left by 12 (Arm ARM: ADD (immediate)).
    d.imm = int64_t{bits(w, 21, 10)} << (bit(w, 22) ? 12 : 0);
    d.exec = pick_exec<AddSubImm, 2, 2, 2>(bit(w, 31), bit(w, 30), bit(w, 29));
    return true;
}

bool dec_move_wide(uint32_t w, DecodedInsn& d) {
    bool sf = bit(w, 31);
    unsigned hw = bits(w, 22, 21);
    if (!sf && hw >= 2) return false;  // UNDEFINED: 32-bit with hw<1> set
    d.f1 = static_cast<uint8_t>(hw * 16);
    d.imm = static_cast<int64_t>(uint64_t{bits(w, 20, 5)} << d.f1);
    switch (bits(w, 30, 29)) {
        case 0: d.exec = sf ? threaded<exec_movn<true>> : threaded<exec_movn<false>>; break;
        case 2: d.exec = sf ? threaded<exec_movz<true>> : threaded<exec_movz<false>>; break;
        case 3: d.exec = sf ? threaded<exec_movk<true>> : threaded<exec_movk<false>>; break;
        default: return false;
    }
    return true;
}

bool dec_logical_imm(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), n = bit(w, 22);
    if (!sf && n) return false;  // UNDEFINED: 32-bit with N set
    uint64_t wmask;
    if (!decode_bit_masks(n, bits(w, 15, 10), bits(w, 21, 16), wmask)) return false;
    d.imm = static_cast<int64_t>(sf ? wmask : static_cast<uint32_t>(wmask));
    d.exec = pick_exec<LogicalImm, 2, 4>(sf, bits(w, 30, 29));
    return true;
}

bool dec_bitfield(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), n = bit(w, 22), immr = bits(w, 21, 16), imms = bits(w, 15, 10);
    // Arm ARM SBFM: UNDEFINED if N != sf, or in 32-bit if immr<5> or imms<5>.
    if (n != sf || (!sf && (immr >= 32 || imms >= 32))) return false;
    unsigned datasize = sf ? 64 : 32;
    unsigned top = imms >= immr ? imms - immr : imms + datasize - immr;
    d.f1 = static_cast<uint8_t>(63 - imms);
    d.f2 = static_cast<uint8_t>(63 - top);
    d.exec = pick_exec<Bitfield, 2, 4>(sf, bits(w, 30, 29));
    return true;
}

bool dec_extr(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), n = bit(w, 22), imms = bits(w, 15, 10);
    // Arm ARM EXTR: UNDEFINED if N != sf, or in 32-bit if imms<5> is set.
    if (n != sf || (!sf && imms >= 32)) return false;
    d.f1 = static_cast<uint8_t>(imms);
    d.exec = sf ? threaded<exec_extr<true>> : threaded<exec_extr<false>>;
    return true;
}

}  // namespace irqsim
