// The sequence generator. What it leaves out, and why (none of these hide an
// irqsim behaviour that Unicorn could judge):
//  - System and exception-generating instructions (InsnClass::BranchSys rows
//    other than branches, and ERET/DRPS/pointer-authenticated branches): they
//    are routed to irqsim's SystemInterface, which models EL0/EL1 differently
//    from Unicorn's bare QEMU CPU; tests/cpu and the boot differential suite
//    judge them.
//  - CONSTRAINED UNPREDICTABLE words (writeback onto a transferred register,
//    load pairs into one register, store-exclusive status overlapping its data
//    or base): the Arm ARM allows several behaviours and QEMU picks one.
//  - Misaligned acquire/release accesses (LDAR, STLR, LDLAR, STLLR, LDAPR):
//    the Arm ARM (without FEAT_LSE2) requires an alignment fault
//    (AArch64.CheckAlignment for AccType_ORDERED); QEMU 5.0, Unicorn 2.0.1's
//    core, does not check it. They are always given aligned addresses here.
//  - Misaligned store-exclusives: AArch64.ExclusiveMonitorsPass() checks
//    alignment before it looks at the monitor, so a misaligned STXR faults
//    even when it would fail; QEMU 5.0 compares the monitor first and fails
//    without the check. Store-exclusives are always aligned here.
//  - LDSMAX/LDSMIN/LDUMAX/LDUMIN on bytes, halfwords and words: the Arm ARM
//    compares X[s]<datasize-1:0> with the memory value; QEMU 5.0 compares
//    the whole X[s] with the extended memory value (seen here: ldumax w11,
//    w14 with x11 = 0x6b61146b3d124347 and memory 0xcbc9d051 stores
//    0x3d124347). The generator first sign- or zero-extends Xs from the
//    access size (SXT*/UXT* of Xs, emitted as setup), which makes the two
//    comparisons equal for the unsigned forms. For LDSMAX/LDSMIN QEMU 5.0
//    also zero-extends the memory value (ldsminlb with Xs = -58 and memory
//    0xb9 = -71 stores 0xc6), so the generator stores a non-negative value
//    there first (a setup STR of a MOVZ'd scratch register): the rows are
//    still compared, against negative and positive Xs; tests/cpu judges the
//    other cases from the pseudocode.
//  - Branches to misaligned addresses: QEMU 5.0 has no PC alignment check
//    (added in QEMU 6.2); it fetches the word at the misaligned address. BR,
//    BLR and RET targets are always aligned here; tests/cpu covers the fault.
//  - Misaligned SP as a base register: QEMU does not model the SP alignment
//    check (SCTLR_ELx.SA); SP bases are always 16-byte aligned here.
//  - Accesses that straddle the end of mapped memory: whether the first half
//    of a faulting pair store is performed is left to the implementation.
//    Bases are kept well inside the data region; 1 % of them point at
//    unmapped memory (aligned, as QEMU checks the mapping before alignment
//    where the Arm ARM checks alignment first).
//  - Store-exclusives whose local monitor marks another address or size: the
//    Arm ARM leaves success IMPLEMENTATION DEFINED there. A store-exclusive is
//    generated either with the monitor open (it must fail) or right after a
//    load-exclusive of the same address and size (it must succeed), and never
//    in a sequence with branches (which could break that pairing).
#include "diff/generator.hpp"

#include <algorithm>
#include <cstring>

#include "cpu/decoder.hpp"
#if __has_include("cpu/unpredictable.hpp")
#include "cpu/unpredictable.hpp"
#define IRQSIM_DIFF_HAVE_UNPREDICTABLE 1
#endif

namespace irqsim::diff {

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::Ran: return "ran";
        case Outcome::DataAbort: return "data-abort";
        case Outcome::AlignmentFault: return "alignment-fault";
        case Outcome::FetchAbort: return "fetch-abort";
        case Outcome::PcAlignment: return "pc-alignment";
        case Outcome::Undefined: return "undefined";
        case Outcome::Other: return "other-exception";
    }
    return "?";
}

const char* class_name(DiffClass c) {
    switch (c) {
        case DiffClass::DataProcImm: return "dp_imm";
        case DiffClass::DataProcReg: return "dp_reg";
        case DiffClass::Branch: return "branch";
        case DiffClass::LoadStore: return "ldst";
        case DiffClass::Atomic: return "atomic";
        case DiffClass::FpLoadStore: return "fp_ldst";
        case DiffClass::Fp: return "fp";
        case DiffClass::Simd: return "simd";
        case DiffClass::Setup: return "setup";
        case DiffClass::kCount: break;
    }
    return "?";
}

namespace {

uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
uint64_t mix(uint64_t seed, uint64_t index) {
    uint64_t s = seed ^ (index * 0xd6e8feb86659fd93ull);
    splitmix64(s);
    return splitmix64(s);
}

// --- encodings the generator emits itself (Arm ARM C6.2) ---------------------
constexpr uint32_t movz_x(unsigned rd, uint32_t imm16, unsigned hw) { return 0xd2800000u | hw << 21 | imm16 << 5 | rd; }
constexpr uint32_t movk_x(unsigned rd, uint32_t imm16, unsigned hw) { return 0xf2800000u | hw << 21 | imm16 << 5 | rd; }
constexpr uint32_t movn_x(unsigned rd, uint32_t imm16) { return 0x92800000u | imm16 << 5 | rd; }
constexpr uint32_t mov_sp_from(unsigned rn) { return 0x91000000u | rn << 5 | 31; }  // ADD SP, Xn, #0

// --- encoding groups (Arm ARM C4.1, "Top-level encodings for A64") -----------
enum class BranchKind { None, Imm26, Imm19, Imm14, Reg };
constexpr uint32_t kBr = 0xd61f0000, kBlr = 0xd63f0000, kRet = 0xd65f0000, kBrRegMask = 0xfffffc1f;

BranchKind branch_kind(uint32_t w) {
    if ((w & 0x7c000000) == 0x14000000) return BranchKind::Imm26;  // B, BL
    if ((w & 0x7e000000) == 0x34000000) return BranchKind::Imm19;  // CBZ, CBNZ
    if ((w & 0x7e000000) == 0x36000000) return BranchKind::Imm14;  // TBZ, TBNZ
    if ((w & 0xff000010) == 0x54000000) return BranchKind::Imm19;  // B.cond
    uint32_t r = w & kBrRegMask;
    if (r == kBr || r == kBlr || r == kRet) return BranchKind::Reg;  // without pointer authentication
    return BranchKind::None;
}

// Whether some word of a BranchSys row is one of the branches above.
bool row_holds_branch(const InsnRow& row) {
    struct Group {
        uint32_t mask, value;
    };
    static constexpr Group groups[] = {{0x7c000000, 0x14000000}, {0x7e000000, 0x34000000}, {0x7e000000, 0x36000000},
                                       {0xff000010, 0x54000000}, {kBrRegMask, kBr},         {kBrRegMask, kBlr},
                                       {kBrRegMask, kRet}};
    for (const Group& g : groups)
        if (((row.value ^ g.value) & row.mask & g.mask) == 0) return true;
    return false;
}

constexpr bool in_exclusive_group(uint32_t w) { return (w & 0x3f000000) == 0x08000000; }  // size 001000 o2 L o1 ...
constexpr bool exclusive_pair(uint32_t w) { return bit(w, 21) && bit(w, 31); }  // o1 = 1 with size 1x (0x is CASP)
constexpr bool has_writeback_imm9(uint32_t w) { return (w & 0x3f200400) == 0x38000400; }  // post (01) / pre (11) index
constexpr bool is_gp_pair(uint32_t w) { return (w & 0x3e000000) == 0x28000000; }          // LDP/STP/LDNP/STNP/LDPSW
constexpr bool is_fp_pair(uint32_t w) { return (w & 0x3e000000) == 0x2c000000; }          // LDP/STP/LDNP/STNP (SIMD&FP)
constexpr bool pair_writeback(uint32_t w) { return is_gp_pair(w) && bit(w, 23); }         // post (001) / pre (011) index
// LDSMAX/LDSMIN/LDUMAX/LDUMIN (and their ST* aliases): size 111000 A R 1 Rs
// 0 1xx 00 Rn Rt; opc<1> (bit 13) is 1 for the unsigned ones.
constexpr bool is_atomic_min_max(uint32_t w) { return (w & 0x3f20cc00) == 0x38204000; }
constexpr uint32_t sxt_x(unsigned size, unsigned r) { return 0x93400000u | ((8u << size) - 1) << 10 | r << 5 | r; }  // SBFM
constexpr uint32_t uxt_x(unsigned size, unsigned r) { return 0xd3400000u | ((8u << size) - 1) << 10 | r << 5 | r; }  // UBFM
constexpr uint32_t str_uimm0(unsigned size, unsigned n, unsigned t) { return 0x39000000u | size << 30 | n << 5 | t; }
constexpr bool is_literal_load(uint32_t w) { return (w & 0x3b000000) == 0x18000000; }      // LDR/LDRSW/PRFM (literal)

// Writes `v` under `letter` of a row's pattern: the inverse of pattern_field().
unsigned field_width(const char* pattern, char letter) {
    unsigned n = 0;
    for (const char* p = pattern; *p; ++p) n += *p == letter;
    return n;
}
uint32_t set_field(const char* pattern, char letter, uint32_t word, uint64_t v) {
    unsigned k = field_width(pattern, letter);
    int bitpos = 31;
    for (const char* p = pattern; *p; ++p) {
        if (*p == ' ') continue;
        if (*p == letter) {
            --k;
            word = (word & ~(1u << bitpos)) | static_cast<uint32_t>((v >> k) & 1) << bitpos;
        }
        --bitpos;
    }
    return word;
}
uint32_t set_bits(uint32_t w, unsigned hi, unsigned lo, uint64_t v) {
    uint32_t m = ((hi - lo == 31) ? ~0u : ((1u << (hi - lo + 1)) - 1)) << lo;
    return (w & ~m) | (static_cast<uint32_t>(v << lo) & m);
}

struct Unit {
    std::vector<uint32_t> setup;  // MOVZ/MOVK/MOVN/ADD words before the instruction
    uint32_t word = 0;
    uint16_t row = 0;
    BranchKind branch = BranchKind::None;
    bool literal = false;
    uint64_t literal_target = 0;
};

}  // namespace

bool is_branch_word(uint32_t w) { return branch_kind(w) != BranchKind::None; }
bool is_store_exclusive(uint32_t w) {
    return in_exclusive_group(w) && !bit(w, 23) && !bit(w, 22) && (!bit(w, 21) || bit(w, 31));
}
bool is_load_exclusive(uint32_t w) {
    return in_exclusive_group(w) && !bit(w, 23) && bit(w, 22) && (!bit(w, 21) || bit(w, 31));
}
bool is_ordered_non_exclusive(uint32_t w) {
    return (in_exclusive_group(w) && bit(w, 23) && !bit(w, 21)) ||
           (w & 0x3fe0fc00) == 0x38a0c000;  // LDAPR (FEAT_LRCPC): size 111000 101 Rs 1100 00 Rn Rt
}

// The CONSTRAINED UNPREDICTABLE cases of the integer loads and stores, from
// the Arm ARM's decode pseudocode (K1.2 lists them). irqsim's own
// constrained_unpredictable() is used as well where it exists; this list is
// kept so a case missing there shows up as a mismatch of this suite's
// checks (test_unicorn_diff.cpp compares the two) rather than hiding.
bool arm_arm_unpredictable(uint32_t w) {
    unsigned t = bits(w, 4, 0), n = bits(w, 9, 5), t2 = bits(w, 14, 10), s = bits(w, 20, 16);
    // LDR/STR (immediate) pre/post-index: wback && n == t && n != 31.
    if (has_writeback_imm9(w) && n == t && n != 31) return true;
    if (is_fp_pair(w) && bit(w, 22) && t == t2) return true;  // LDP (SIMD&FP) into one register
    if (is_gp_pair(w)) {
        if (pair_writeback(w) && n != 31 && (n == t || n == t2)) return true;
        if (bit(w, 22) && t == t2) return true;  // load pair into one register
    }
    if (in_exclusive_group(w) && !bit(w, 23) && (!bit(w, 21) || bit(w, 31))) {
        bool pair = exclusive_pair(w);
        if (bit(w, 22)) {
            if (pair && t == t2) return true;  // LDXP/LDAXP into one register
        } else if (s == t || (pair && s == t2) || (s == n && n != 31)) {
            return true;  // STXR status overlapping data or base
        }
    }
    return false;
}

bool unpredictable_word(uint32_t w) {
#ifdef IRQSIM_DIFF_HAVE_UNPREDICTABLE
    if (constrained_unpredictable(w)) return true;
#endif
    return arm_arm_unpredictable(w);
}

Generator::Generator(uint64_t seed) : seed_(seed), pristine_(kDataSize) {
    uint64_t s = seed ^ 0x5eed'da7aull;
    for (size_t i = 0; i < pristine_.size(); i += 8) {
        uint64_t v = splitmix64(s);
        std::memcpy(&pristine_[i], &v, 8);
    }
    auto table = decode_table();
    for (uint16_t i = 0; i < table.size(); ++i) {
        if (table[i].cls == InsnClass::BranchSys && !row_holds_branch(table[i]))
            excluded_.emplace_back(i, "system or exception-generating: routed to the SystemInterface");
        else
            eligible_.push_back(i);
    }
}

DiffClass Generator::class_of_row(uint16_t row) const {
    switch (decode_table()[row].cls) {
        case InsnClass::DataProcImm: return DiffClass::DataProcImm;
        case InsnClass::DataProcReg: return DiffClass::DataProcReg;
        case InsnClass::BranchSys: return DiffClass::Branch;
        case InsnClass::LoadStore: return DiffClass::LoadStore;
        case InsnClass::Atomic: return DiffClass::Atomic;
        case InsnClass::FpLoadStore: return DiffClass::FpLoadStore;
        case InsnClass::FpData: return DiffClass::Fp;
        case InsnClass::Simd: return DiffClass::Simd;
    }
    return DiffClass::Setup;
}

namespace {

// Register values that find edge cases more often than uniform ones do.
uint64_t interesting_value(std::mt19937_64& rng) {
    static constexpr uint64_t specials[] = {0,
                                            1,
                                            2,
                                            ~0ull,
                                            0x7fffffffffffffffull,
                                            0x8000000000000000ull,
                                            0xffffffffull,
                                            0x7fffffffull,
                                            0x80000000ull,
                                            0xffffffff80000000ull,
                                            0x100000000ull,
                                            63,
                                            64,
                                            32};
    switch (rng() % 8) {
        case 0: return rng() % 256;
        case 1: return specials[rng() % std::size(specials)];
        case 2: return kDataBase + rng() % kDataSize;
        case 3: return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(rng())));
        default: return rng();
    }
}

// SIMD&FP register values: each 64-bit half is a double or two singles,
// drawn mostly from the values the Arm ARM's FP pseudocode treats
// specially (signed zeros, subnormals, the smallest normal, infinities,
// quiet and signalling NaNs with payloads, halfway cases for rounding, the
// edges of the integer ranges for conversions), otherwise random bits.
uint32_t fp32_value(std::mt19937_64& rng) {
    static constexpr uint32_t specials[] = {
        0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00400000, 0x00800000, 0x80800000, 0x7f7fffff,
        0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7f800001, 0xff900000, 0x3f800000, 0xbf800000,
        0x3f000000, 0x3fc00000, 0x40200000, 0xbfc00000, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000,
        0x5f800000, 0xdf000000, 0x4effffff, 0x00800001, 0x007fffff, 0x3effffff, 0x4b000001, 0x3f7fffff};
    uint32_t sign = static_cast<uint32_t>(rng() & 1) << 31;
    switch (rng() % 6) {
        case 0: case 1: case 2: return specials[rng() % std::size(specials)];
        case 3: return sign | static_cast<uint32_t>(rng() & 0x007fffff);  // subnormal
        case 4: return sign | (static_cast<uint32_t>(100 + rng() % 60) << 23) | static_cast<uint32_t>(rng() & 0x7fffff);  // near 1..2^32
        default: return static_cast<uint32_t>(rng());
    }
}
uint64_t fp64_value(std::mt19937_64& rng) {
    static constexpr uint64_t specials[] = {
        0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x800fffffffffffff, 0x0008000000000000,
        0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
        0x7ff8000000000000, 0xfff8000000000001, 0x7ff0000000000001, 0xfff4000000000000, 0x3ff0000000000000,
        0xbff0000000000000, 0x3fe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xc002000000000000,
        0x41e0000000000000, 0xc1e0000000000000, 0x41f0000000000000, 0x43e0000000000000, 0x43f0000000000000,
        0xc3e0000000000000, 0x41dfffffffc00000, 0x41efffffffe00000, 0x0010000000000001, 0x000fffffffffffff,
        0x3fdfffffffffffff, 0x4330000000000001, 0x36a0000000000000, 0x3810000000000000, 0x47efffffe0000000,
        0x380fffffffffffff};
    uint64_t sign = (rng() & 1) << 63;
    switch (rng() % 6) {
        case 0: case 1: case 2: return specials[rng() % std::size(specials)];
        case 3: return sign | (rng() & 0x000fffffffffffffull);  // subnormal
        case 4: return sign | ((0x3c0 + rng() % 0x80) << 52) | (rng() & 0x000fffffffffffffull);  // near 2^-63..2^64
        default: return rng();
    }
}
uint64_t fp_half_value(std::mt19937_64& rng) {
    switch (rng() % 4) {
        case 0: return fp64_value(rng);
        case 1: return fp32_value(rng) | uint64_t{fp32_value(rng)} << 32;
        case 2: return fp32_value(rng);
        default: return interesting_value(rng);
    }
}
// FPCR: every rounding mode, FZ and DN a quarter of the time each, AHP
// rarely; no trap enables (QEMU does not implement FP traps).
uint64_t fpcr_value(std::mt19937_64& rng) {
    uint64_t v = (rng() & 3) << 22;
    if (rng() % 4 == 0) v |= 1u << 24;  // FZ
    if (rng() % 4 == 0) v |= 1u << 25;  // DN
    if (rng() % 10 == 0) v |= 1u << 26;  // AHP
    return v;
}

// Sets Xr (or SP, through a scratch register) to a 32-bit address: always
// two or three words, so targets can be patched after layout.
void emit_address(std::vector<uint32_t>& out, unsigned r, uint64_t addr, std::mt19937_64& rng) {
    unsigned dst = r == 31 ? static_cast<unsigned>(rng() % 31) : r;
    out.push_back(movz_x(dst, addr & 0xffff, 0));
    out.push_back(movk_x(dst, (addr >> 16) & 0xffff, 1));
    if (r == 31) out.push_back(mov_sp_from(dst));
}

}  // namespace

Sequence Generator::make(uint64_t index) const {
    std::mt19937_64 rng(mix(seed_, index));
    auto table = decode_table();
    Sequence seq;
    seq.seed = seed_;
    seq.index = index;
    for (auto& x : seq.init.x) x = interesting_value(rng);
    seq.init.sp = (rng() % 2 ? kDataBase + rng() % kDataSize : rng()) & ~uint64_t{15};
    seq.init.nzcv = static_cast<uint32_t>(rng() & 0xf) << 28;
    for (auto& v : seq.init.v) v = {fp_half_value(rng), fp_half_value(rng)};
    seq.init.fpcr = fpcr_value(rng);
    seq.init.fpsr = rng() % 2 ? 0 : rng() & 0x0800009f;  // QC and the cumulative flags
    seq.init.pc = kSeqBase;

    std::vector<Unit> units;
    bool has_branch = false, has_store_exclusive = false, monitor_armed = false;
    unsigned n_main = 1 + rng() % 8;
    auto random_reg = [&] { return static_cast<unsigned>(rng() % 32); };

    while (units.size() < n_main) {
        uint16_t row = eligible_[rng() % eligible_.size()];
        const InsnRow& r = table[row];
        uint32_t w = 0;
        bool ok = false;
        for (int attempt = 0; attempt < 64 && !ok; ++attempt) {
            w = (static_cast<uint32_t>(rng()) & ~r.mask) | r.value;
            // Register fields: often a few shared registers (dependencies,
            // register 31 as SP/ZR), otherwise uniform.
            for (char f : {'d', 'n', 'm', 'a', 't', 'u', 's'}) {
                if (field_width(r.pattern, f) != 5 || rng() % 4) continue;
                static constexpr unsigned favourites[] = {0, 1, 2, 30, 31};
                w = set_field(r.pattern, f, w, favourites[rng() % 5]);
            }
            if (find_row(w) != row) continue;
            DecodedInsn d;
            decode(w, d);
            if (d.row == kUnallocatedRow || unpredictable_word(w)) continue;
            if (r.cls == InsnClass::BranchSys && !is_branch_word(w)) continue;
            bool stx = is_store_exclusive(w);
            if ((stx && has_branch) || (is_branch_word(w) && has_store_exclusive)) continue;
            bool mem = r.cls == InsnClass::LoadStore || r.cls == InsnClass::Atomic || r.cls == InsnClass::FpLoadStore;
            if (mem && field_width(r.pattern, 'm') == 5 && field_width(r.pattern, 'n') == 5 &&
                pattern_field(r.pattern, 'm', w) == pattern_field(r.pattern, 'n', w) && rng() % 10)
                continue;  // index == base: the address leaves the region (kept 10 %)
            if (is_atomic_min_max(w) && bits(w, 31, 30) < 3 && bits(w, 20, 16) == bits(w, 9, 5) && bits(w, 9, 5) != 31)
                continue;  // Xs is the base: it cannot be extended first (see above)
            ok = true;
        }
        if (!ok) continue;

        Unit u;
        u.word = w;
        u.row = row;
        u.branch = branch_kind(w);
        bool mem = r.cls == InsnClass::LoadStore || r.cls == InsnClass::Atomic || r.cls == InsnClass::FpLoadStore;
        bool stx = is_store_exclusive(w);
        if (u.branch != BranchKind::None) {
            has_branch = true;
            if (u.branch == BranchKind::Reg) {
                unsigned n = bits(w, 9, 5);
                if (n != 31) emit_address(u.setup, n, kSeqBase, rng);  // patched after layout
            }
        } else if (is_literal_load(w)) {
            u.literal = true;
            u.literal_target = kDataBase + 4 * (rng() % ((kDataSize - 16) / 4));
        } else if (mem && field_width(r.pattern, 'n') == 5) {
            unsigned n = static_cast<unsigned>(pattern_field(r.pattern, 'n', w));
            bool atomic = r.cls == InsnClass::Atomic;
            // Bases leave room for every offset form: imm12 scaled by 8 reaches
            // +0x7ff8, imm9/imm7/register indexes a few KiB either way.
            uint64_t addr = kDataBase + 0x1000 + rng() % 0x6000;
            if (atomic || n == 31 || rng() % 2) addr &= ~uint64_t{15};
            bool paired = stx && (monitor_armed || rng() % 2);
            if (atomic && n != 31 && !stx && !is_ordered_non_exclusive(w) && rng() % 10 == 0)
                addr += 1 + rng() % 15;  // alignment faults
            if (paired) {
                // A load-exclusive of the same size and address right before.
                uint32_t l = set_bits(w | 1u << 22, 20, 16, 31);
                unsigned lt = random_reg(), lt2 = exclusive_pair(w) ? random_reg() : 31;
                l = set_bits(set_bits(set_bits(l, 4, 0, lt), 14, 10, lt2), 15, 15, rng() & 1);
                uint16_t lrow = find_row(l);
                DecodedInsn d;
                decode(l, d);
                if (lrow == kUnallocatedRow || d.row == kUnallocatedRow || unpredictable_word(l)) {
                    if (monitor_armed) continue;  // cannot pair: pick another instruction
                } else {
                    Unit lu;
                    lu.word = l;
                    lu.row = lrow;
                    emit_address(lu.setup, n, addr, rng);
                    units.push_back(std::move(lu));
                }
            }
            if (rng() % 100 == 0) addr = 0x100000 + (rng() & 0xffff0);  // unmapped
            emit_address(u.setup, n, addr, rng);
            if (field_width(r.pattern, 'm') == 5) {
                unsigned m = static_cast<unsigned>(pattern_field(r.pattern, 'm', w));
                if (m != 31) u.setup.push_back(rng() % 4 ? movz_x(m, rng() % 256, 0) : movn_x(m, rng() % 256));
            }
            unsigned size = bits(w, 31, 30), s = bits(w, 20, 16);
            if (is_atomic_min_max(w) && size < 3) {
                if (s != 31) u.setup.push_back(bit(w, 13) ? uxt_x(size, s) : sxt_x(size, s));
                if (!bit(w, 13)) {
                    unsigned k;
                    do k = static_cast<unsigned>(rng() % 31);
                    while (k == n || k == s);
                    u.setup.push_back(movz_x(k, rng() & (size == 0 ? 0x7f : 0x7fff), 0));
                    if (size == 2) u.setup.push_back(movk_x(k, rng() & 0x7fff, 1));
                    u.setup.push_back(str_uimm0(size, n, k));
                }
            }
            if (stx) {
                has_store_exclusive = true;
                monitor_armed = false;
            } else if (is_load_exclusive(w)) {
                monitor_armed = true;
            }
        }
        units.push_back(std::move(u));
    }

    // Layout, then patch branch targets and literal offsets.
    std::vector<uint64_t> start(units.size() + 1);
    uint64_t a = kSeqBase;
    for (size_t i = 0; i < units.size(); ++i) {
        start[i] = a;
        a += 4 * (units[i].setup.size() + 1);
    }
    start[units.size()] = a;
    for (size_t i = 0; i < units.size(); ++i) {
        Unit& u = units[i];
        uint64_t pc = start[i] + 4 * u.setup.size();
        if (u.branch != BranchKind::None) {
            // Mostly forward (so later units run), sometimes anywhere (loops:
            // both engines stop after max_insns).
            size_t j = rng() % 10 < 7 ? i + 1 + rng() % (units.size() - i) : rng() % (units.size() + 1);
            uint64_t target = start[j];
            int64_t off = static_cast<int64_t>(target - pc) / 4;
            switch (u.branch) {
                case BranchKind::Imm26: u.word = set_bits(u.word, 25, 0, static_cast<uint64_t>(off)); break;
                case BranchKind::Imm19: u.word = set_bits(u.word, 23, 5, static_cast<uint64_t>(off)); break;
                case BranchKind::Imm14: u.word = set_bits(u.word, 18, 5, static_cast<uint64_t>(off)); break;
                case BranchKind::Reg:
                    if (!u.setup.empty()) {
                        unsigned n = bits(u.word, 9, 5);
                        u.setup[0] = movz_x(n, target & 0xffff, 0);
                        u.setup[1] = movk_x(n, (target >> 16) & 0xffff, 1);
                    }
                    break;
                case BranchKind::None: break;
            }
        } else if (u.literal) {
            u.word = set_bits(u.word, 23, 5, static_cast<uint64_t>(static_cast<int64_t>(u.literal_target - pc) / 4));
        }
        for (uint32_t s : u.setup) seq.code.push_back({s, find_row(s), true});
        seq.code.push_back({u.word, u.row, false});
    }
    seq.max_insns = 3 * (seq.code.size() + 1);
    return seq;
}

}  // namespace irqsim::diff
