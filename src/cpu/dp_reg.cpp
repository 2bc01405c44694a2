// C4.1.89 Data Processing -- Register: semantics and decode.
#include "cpu/exec.hpp"

namespace irqsim {
namespace {

// --- logical and add/subtract with a shifted or extended register -----------

// AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS (shifted register): `opc` as encoded,
// `invert` is the N bit (the B/ORN/EON/BICS forms use NOT(operand2)); f1 is
// imm6. Rd is ZR, never SP.
template <unsigned sf, unsigned opc, unsigned invert, unsigned shift>
struct LogicalShifted {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t a = R<sf>(c, d.rn);
        uint64_t b = shift_reg<sf, ShiftType(shift)>(R<sf>(c, d.rm), d.f1);
        if constexpr (invert) b = ~b;
        uint64_t r = logical_op<opc>(a, b);
        if constexpr (opc == 3) c.nzcv = logic_flags<sf>(r);
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// ADD/ADDS/SUB/SUBS (shifted register): Rn and Rd are ZR, never SP.
template <unsigned sf, unsigned sub, unsigned set_flags, unsigned shift>
struct AddSubShifted {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t b = shift_reg<sf, ShiftType(shift)>(R<sf>(c, d.rm), d.f1);
        uint32_t flags;
        uint64_t r = add_sub<sf, sub>(R<sf>(c, d.rn), b, flags);
        if constexpr (set_flags) c.nzcv = flags;
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// ADD/ADDS/SUB/SUBS (extended register): Rm extended by `option` and shifted
// left by imm3 (f1); Rn may be SP, and Rd too unless flags are set.
template <unsigned sf, unsigned sub, unsigned set_flags, unsigned option>
struct AddSubExtended {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        add_sub_sp_forms<sf, sub, set_flags>(c, d, extend_reg<ExtendType(option)>(X(c, d.rm), d.f1));
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// ADC/ADCS/SBC/SBCS: AddWithCarry with PSTATE.C as the carry in.
template <unsigned sf, unsigned sub, unsigned set_flags>
struct AddSubCarry {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t b = R<sf>(c, d.rm);
        uint32_t flags;
        uint64_t r = add_with_carry<sf>(R<sf>(c, d.rn), sub ? ~b : b, carry_flag(c), flags);
        if constexpr (set_flags) c.nzcv = flags;
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// --- conditional -------------------------------------------------------------

// CCMN/CCMP: if cond (f1) holds, the flags of Rn + / - operand2 (Rm, or imm5
// in d.imm); otherwise the nzcv immediate (f2).
template <unsigned sf, unsigned sub, unsigned immediate>
struct CondCompare {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        if (condition_holds(c.nzcv, d.f1)) {
            uint64_t b = immediate ? static_cast<uint64_t>(d.imm) : R<sf>(c, d.rm);
            add_sub<sf, sub>(R<sf>(c, d.rn), b, c.nzcv);
        } else {
            c.nzcv = uint32_t{d.f2} << 28;
        }
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// CSEL/CSINC/CSINV/CSNEG: Rn if cond (f1) holds, else Rm, inverted for
// CSINV/CSNEG (op), plus one for CSINC/CSNEG (o2): CSNEG's NOT(x) + 1 = -x.
template <unsigned sf, unsigned invert, unsigned increment>
struct CondSelect {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t r;
        if (condition_holds(c.nzcv, d.f1)) {
            r = X(c, d.rn);
        } else {
            r = X(c, d.rm);
            if constexpr (invert) r = ~r;
            if constexpr (increment) r += 1;
        }
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// --- data-processing (1 source) ----------------------------------------------

uint64_t reverse_bits(uint64_t x) {
    x = ((x >> 1) & 0x5555555555555555ull) | ((x & 0x5555555555555555ull) << 1);
    x = ((x >> 2) & 0x3333333333333333ull) | ((x & 0x3333333333333333ull) << 2);
    x = ((x >> 4) & 0x0f0f0f0f0f0f0f0full) | ((x & 0x0f0f0f0f0f0f0f0full) << 4);
    return __builtin_bswap64(x);
}
// Reverses the bytes within each 16-, 32- or 64-bit container of x.
template <unsigned container_bits>
uint64_t reverse_bytes(uint64_t x) {
    if constexpr (container_bits == 16)
        return ((x >> 8) & 0x00ff00ff00ff00ffull) | ((x & 0x00ff00ff00ff00ffull) << 8);
    if constexpr (container_bits == 32) return std::rotl(__builtin_bswap64(x), 32);  // undo the word swap
    return __builtin_bswap64(x);
}

// RBIT, REV16, REV32/REV, CLZ, CLS by `opcode`. The REV family reverses the
// bytes of each container (16 bits for REV16, 32 for REV32 and the 32-bit
// REV, 64 for the 64-bit REV); a 32-bit form is the low word of the same.
template <unsigned sf, unsigned opcode>
struct DataProc1Source {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        using U = std::conditional_t<sf, uint64_t, uint32_t>;
        using S = std::make_signed_t<U>;
        U x = static_cast<U>(X(c, d.rn));
        uint64_t r;
        if constexpr (opcode == 0) r = reverse_bits(x) >> (64 - kDataBits<sf>);  // RBIT
        if constexpr (opcode == 1) r = reverse_bytes<16>(x);
        if constexpr (opcode == 2) r = reverse_bytes<32>(x);
        if constexpr (opcode == 3) r = reverse_bytes<64>(x);
        if constexpr (opcode == 4) r = static_cast<unsigned>(std::countl_zero(x));  // CLZ
        // CLS: CountLeadingSignBits is CLZ of x<N-1:1> EOR x<N-2:0>, i.e. of
        // x EOR (x ASR 1) with its top bit (always 0) not counted.
        if constexpr (opcode == 5) r = static_cast<unsigned>(std::countl_zero(static_cast<U>(x ^ (static_cast<S>(x) >> 1)))) - 1;
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// --- data-processing (2 source) ----------------------------------------------

// UDIV/SDIV: rounding towards zero; x / 0 = 0, and INT_MIN / -1 = INT_MIN
// (the true quotient 2^(N-1) truncated to N bits), Arm ARM "SDIV".
template <unsigned sf, unsigned is_signed>
struct Divide {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        using U = std::conditional_t<sf, uint64_t, uint32_t>;
        using S = std::make_signed_t<U>;
        U a = static_cast<U>(X(c, d.rn)), b = static_cast<U>(X(c, d.rm));
        U r;
        if (b == 0)
            r = 0;
        else if (!is_signed)
            r = a / b;
        else if (static_cast<S>(b) == -1)
            r = static_cast<U>(U{0} - a);  // -a, wrapping INT_MIN to itself
        else
            r = static_cast<U>(static_cast<S>(a) / static_cast<S>(b));
        set_R<sf>(c, d.rd, r);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// LSLV/LSRV/ASRV/RORV: ShiftReg by Rm MOD datasize.
template <unsigned sf, unsigned shift>
struct ShiftVariable {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        unsigned amount = static_cast<unsigned>(X(c, d.rm) % kDataBits<sf>);
        set_R<sf>(c, d.rd, shift_reg<sf, ShiftType(shift)>(X(c, d.rn), amount));
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// CRC32*/CRC32C*: the Arm ARM computes BitReverse(Poly32Mod2(BitReverse(acc)
// :Zeros(size) EOR BitReverse(val):Zeros(32), poly)); with bits taken least
// significant first that is the usual reflected CRC, one bit at a time, with
// the reflected polynomials (0x04C11DB7 -> 0xEDB88320, 0x1EDC6F41 ->
// 0x82F63B78).
template <unsigned size_log2, unsigned castagnoli>
struct Crc32 {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        constexpr uint32_t poly = castagnoli ? 0x82F63B78u : 0xEDB88320u;
        constexpr unsigned size_bits = 8u << size_log2;
        uint32_t crc = W(c, d.rn);
        uint64_t val = X(c, d.rm);
        for (unsigned i = 0; i < size_bits; ++i) {
            bool low = (crc ^ (val >> i)) & 1;
            crc = (crc >> 1) ^ (low ? poly : 0);
        }
        set_W(c, d.rd, crc);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

// --- data-processing (3 source) ----------------------------------------------

// MADD/MSUB: Ra +/- Rn * Rm, in datasize bits.
template <unsigned sf, unsigned sub>
struct MultiplyAdd {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t product = X(c, d.rn) * X(c, d.rm);
        set_R<sf>(c, d.rd, sub ? X(c, d.ra) - product : X(c, d.ra) + product);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};
// SMADDL/SMSUBL/UMADDL/UMSUBL: Xa +/- Wn * Wm, the words sign- or
// zero-extended to 64 bits.
template <unsigned is_signed, unsigned sub>
struct MultiplyAddLong {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t n = is_signed ? static_cast<uint64_t>(int64_t{static_cast<int32_t>(W(c, d.rn))}) : W(c, d.rn);
        uint64_t m = is_signed ? static_cast<uint64_t>(int64_t{static_cast<int32_t>(W(c, d.rm))}) : W(c, d.rm);
        set_X(c, d.rd, sub ? X(c, d.ra) - n * m : X(c, d.ra) + n * m);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};
// SMULH/UMULH: bits [127:64] of the 128-bit product.
template <unsigned is_signed>
struct MultiplyHigh {
    static bool exec(Cpu& c, const DecodedInsn& d) {
        uint64_t hi;
        if constexpr (is_signed)
            hi = static_cast<uint64_t>((__int128{static_cast<int64_t>(X(c, d.rn))} * static_cast<int64_t>(X(c, d.rm))) >> 64);
        else
            hi = static_cast<uint64_t>((static_cast<unsigned __int128>(X(c, d.rn)) * X(c, d.rm)) >> 64);
        set_X(c, d.rd, hi);
        return kNext;
    }
    static constexpr ExecFn fn = exec;
};

}  // namespace

bool dec_logical_shifted(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), imm6 = bits(w, 15, 10);
    if (!sf && imm6 >= 32) return false;  // UNDEFINED: 32-bit shift of 32 or more
    d.f1 = static_cast<uint8_t>(imm6);
    d.exec = pick_exec<LogicalShifted, 2, 4, 2, 4>(sf, bits(w, 30, 29), bit(w, 21), bits(w, 23, 22));
    return true;
}

bool dec_addsub_shifted(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), shift = bits(w, 23, 22), imm6 = bits(w, 15, 10);
    if (shift == 3) return false;         // UNDEFINED: no ROR for ADD/SUB
    if (!sf && imm6 >= 32) return false;  // UNDEFINED: 32-bit shift of 32 or more
    d.f1 = static_cast<uint8_t>(imm6);
    d.exec = pick_exec<AddSubShifted, 2, 2, 2, 3>(sf, bit(w, 30), bit(w, 29), shift);
    return true;
}

bool dec_addsub_extended(uint32_t w, DecodedInsn& d) {
    unsigned imm3 = bits(w, 12, 10);
    if (imm3 > 4) return false;  // UNDEFINED: shifts 5-7 are reserved
    d.f1 = static_cast<uint8_t>(imm3);
    d.exec = pick_exec<AddSubExtended, 2, 2, 2, 8>(bit(w, 31), bit(w, 30), bit(w, 29), bits(w, 15, 13));
    return true;
}

bool dec_add_sub_carry(uint32_t w, DecodedInsn& d) {
    d.exec = pick_exec<AddSubCarry, 2, 2, 2>(bit(w, 31), bit(w, 30), bit(w, 29));
    return true;
}

bool dec_cond_compare(uint32_t w, DecodedInsn& d) {
    d.f1 = static_cast<uint8_t>(bits(w, 15, 12));  // cond
    d.f2 = static_cast<uint8_t>(bits(w, 3, 0));    // nzcv
    d.imm = bits(w, 20, 16);                       // imm5 (immediate form)
    d.exec = pick_exec<CondCompare, 2, 2, 2>(bit(w, 31), bit(w, 30), bit(w, 11));
    return true;
}

bool dec_cond_select(uint32_t w, DecodedInsn& d) {
    d.f1 = static_cast<uint8_t>(bits(w, 15, 12));  // cond
    d.exec = pick_exec<CondSelect, 2, 2, 2>(bit(w, 31), bit(w, 30), bit(w, 10));
    return true;
}

bool dec_dp_1src(uint32_t w, DecodedInsn& d) {
    // The rows admit only opcodes 0-5 and their valid sf combinations.
    d.exec = pick_exec<DataProc1Source, 2, 6>(bit(w, 31), bits(w, 15, 10));
    return true;
}

bool dec_dp_2src(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), opcode = bits(w, 15, 10);
    if (opcode < 4)  // 000010 UDIV, 000011 SDIV
        d.exec = pick_exec<Divide, 2, 2>(sf, opcode & 1);
    else  // 0010xx LSLV, LSRV, ASRV, RORV
        d.exec = pick_exec<ShiftVariable, 2, 4>(sf, opcode & 3);
    return true;
}

bool dec_crc32(uint32_t w, DecodedInsn& d) {
    d.exec = pick_exec<Crc32, 4, 2>(bits(w, 11, 10), bit(w, 12));
    return true;
}

bool dec_dp_3src(uint32_t w, DecodedInsn& d) {
    unsigned sf = bit(w, 31), op31 = bits(w, 23, 21), o0 = bit(w, 15);
    switch (op31) {
        case 0: d.exec = pick_exec<MultiplyAdd, 2, 2>(sf, o0); break;
        case 1: d.exec = pick_exec<MultiplyAddLong, 2, 2>(1, o0); break;
        case 5: d.exec = pick_exec<MultiplyAddLong, 2, 2>(0, o0); break;
        case 2: d.exec = pick_exec<MultiplyHigh, 2>(1); break;
        case 6: d.exec = pick_exec<MultiplyHigh, 2>(0); break;
        default: return false;
    }
    return true;
}

}  // namespace irqsim
