// CONSTRAINED UNPREDICTABLE encodings, found by the row a word decodes to
// (its decode function) and the register fields of that row.
#include "cpu/unpredictable.hpp"

#include "cpu/decoder.hpp"

namespace irqsim {

#define ROW(name, title, pattern, fn) bool fn(uint32_t, DecodedInsn&);
#include "cpu/table_loadstore.inc"
#include "cpu/table_atomic.inc"
#include "cpu/table_fp_loadstore.inc"
#undef ROW

bool constrained_unpredictable(uint32_t w) {
    DecodedInsn d;
    decode(w, d);
    if (d.row == kUnallocatedRow) return false;
    DecodeFn fn = decode_table()[d.row].decode;
    unsigned t = bits(w, 4, 0), n = bits(w, 9, 5), t2 = bits(w, 14, 10), s = bits(w, 20, 16);
    bool load = bit(w, 22);
    // Writeback with the base among the transfer registers (Arm ARM
    // Unpredictable_WBOVERLAPLD/ST); SP as the base never overlaps.
    if (fn == dec_ldst_pre || fn == dec_ldst_post) return n == t && n != 31;
    if (fn == dec_ldst_pair) {
        bool wback = bit(w, 23);  // post-index 01, pre-index 11
        return (wback && n != 31 && (n == t || n == t2)) || (load && t == t2);  // and LDPOVERLAP
    }
    // LDP/LDNP (SIMD&FP) into one register (Unpredictable_LDPOVERLAP); the
    // base is a general register, so writeback never overlaps.
    if (fn == dec_fp_ldst_pair) return load && t == t2;
    // Should-be-one fields, (1) in the encoding diagrams.
    bool rs_sbo = s != 31, rt2_sbo = t2 != 31;
    if (fn == dec_ldxr || fn == dec_ordered) return rs_sbo || rt2_sbo;
    if (fn == dec_ldxp) return rs_sbo || t == t2;  // LDPOVERLAP
    // Store-exclusive status overlapping data or base (DATAOVERLAP, BASEOVERLAP).
    if (fn == dec_stxr) return rt2_sbo || s == t || (s == n && n != 31);
    if (fn == dec_stxp) return s == t || s == t2 || (s == n && n != 31);
    return false;
}

}  // namespace irqsim
