// Builds the decode table from the per-class row files and matches words
// against it. Patterns are checked at compile time (consteval), so a row with
// a pattern of the wrong length does not build.
#include "cpu/decoder.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

#include "cpu/exec.hpp"

namespace irqsim {

// Declarations of every row's decode function.
#define ROW(name, title, pattern, fn) bool fn(uint32_t, DecodedInsn&);
#include "cpu/table_branch_sys.inc"
#include "cpu/table_dp_imm.inc"
#include "cpu/table_dp_reg.inc"
#include "cpu/table_loadstore.inc"
#include "cpu/table_atomic.inc"
#include "cpu/table_fp_loadstore.inc"
#include "cpu/table_fp.inc"
#include "cpu/table_simd.inc"
#undef ROW

namespace {

consteval uint32_t pattern_bits(const char* p, bool want_mask) {
    uint32_t mask = 0, value = 0;
    int n = 0;
    for (; *p; ++p) {
        char ch = *p;
        if (ch == ' ') continue;
        ++n;
        mask <<= 1;
        value <<= 1;
        if (ch == '0' || ch == '1') {
            mask |= 1;
            value |= static_cast<uint32_t>(ch - '0');
        } else if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) {
            throw "pattern has a character outside 0, 1, letters and space";
        }
    }
    if (n != 32) throw "pattern must have exactly 32 bits";
    return want_mask ? mask : value;
}

#define ROW(name, title, pattern, fn) \
    InsnRow{#name, title, pattern, kClass, fn, pattern_bits(pattern, true), pattern_bits(pattern, false)},

constexpr auto kTable = std::to_array<InsnRow>({
#define kClass InsnClass::BranchSys
#include "cpu/table_branch_sys.inc"
#undef kClass
#define kClass InsnClass::DataProcImm
#include "cpu/table_dp_imm.inc"
#undef kClass
#define kClass InsnClass::DataProcReg
#include "cpu/table_dp_reg.inc"
#undef kClass
#define kClass InsnClass::LoadStore
#include "cpu/table_loadstore.inc"
#undef kClass
#define kClass InsnClass::Atomic
#include "cpu/table_atomic.inc"
#undef kClass
#define kClass InsnClass::FpLoadStore
#include "cpu/table_fp_loadstore.inc"
#undef kClass
#define kClass InsnClass::FpData
#include "cpu/table_fp.inc"
#undef kClass
#define kClass InsnClass::Simd
#include "cpu/table_simd.inc"
#undef kClass
});
#undef ROW

static_assert(kTable.size() < kUnallocatedRow);

// Candidate rows by the top 11 bits of the word, most specific first, so a
// lookup tests a handful of rows instead of the whole table (this matters for
// the exhaustive 2^32 sweep; the run loop decodes each word once anyway).
constexpr unsigned kBucketShift = 21;
struct Buckets {
    std::vector<std::vector<uint16_t>> rows;
    Buckets() : rows(1u << (32 - kBucketShift)) {
        std::vector<uint16_t> order(kTable.size());
        for (uint16_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(), [](uint16_t a, uint16_t b) {
            return std::popcount(kTable[a].mask) > std::popcount(kTable[b].mask);
        });
        // Each row goes to the buckets whose top bits agree with its fixed
        // top bits: the others' free-bit combinations, enumerated as subsets.
        // (Testing every row against every bucket cost ~1.5 ms at each start,
        // a tenth of a short `irqsim compare` run.)
        const uint32_t all = (1u << (32 - kBucketShift)) - 1;
        for (uint16_t i : order) {
            uint32_t fixed = kTable[i].mask >> kBucketShift, want = kTable[i].value >> kBucketShift & fixed;
            uint32_t free = all & ~fixed;
            for (uint32_t sub = free;; sub = (sub - 1) & free) {
                rows[want | sub].push_back(i);
                if (!sub) break;
            }
        }
    }
};
const Buckets& buckets() {
    static const Buckets b;
    return b;
}

bool exec_undefined(Cpu& c, const DecodedInsn& d) { return undefined(c, d); }

}  // namespace

std::span<const InsnRow> decode_table() { return kTable; }

uint16_t find_row(uint32_t word) {
    for (uint16_t i : buckets().rows[word >> kBucketShift])
        if ((word & kTable[i].mask) == kTable[i].value) return i;
    return kUnallocatedRow;
}

void decode(uint32_t word, DecodedInsn& out) {
    out = DecodedInsn{};
    out.word = word;
    uint16_t row = find_row(word);
    if (row != kUnallocatedRow) {
        decode_regs(word, out);
        out.row = row;
        if (kTable[row].decode(word, out)) return;
        out = DecodedInsn{};
        out.word = word;
    }
    out.row = kUnallocatedRow;
    out.exec = exec_undefined;
}

uint64_t pattern_field(const char* pattern, char letter, uint32_t word) {
    uint64_t v = 0;
    int bitpos = 31;
    for (const char* p = pattern; *p; ++p) {
        if (*p == ' ') continue;
        if (*p == letter) v = (v << 1) | ((word >> bitpos) & 1);
        --bitpos;
    }
    return v;
}

}  // namespace irqsim
