// Generates A64 test sequences from the decode table, for the differential
// test against qemu-aarch64 (README in CMakeLists.txt). For every row that
// can run at EL0 under Linux it emits many sequences, each:
//   set X0-X30, SP and NZCV to seeded random values (loaded from a table),
//   one random word of that row (.inst), then a dump of X0-X30, SP and NZCV
//   (and, after loads and stores, a hash of the data buffer) to stdout.
// Base registers of loads and stores point into a buffer, index registers
// hold small values, branch offsets land on the next few instructions, and
// PC-relative loads read a literal pool placed just after the word.
//
//   irqsim_seqgen OUT_DIR [--per-row N] [--seed S] [--strict]
// writes OUT_DIR/seq_<class>.S for each instruction class and prints the
// coverage (rows with sequences, rows skipped and why). With --strict it
// fails when a row that is not skipped got no sequence.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cpu/decoder.hpp"
#if __has_include("cpu/unpredictable.hpp")
#include "cpu/unpredictable.hpp"
#define IRQSIM_HAVE_UNPREDICTABLE 1
#endif

using namespace irqsim;

namespace {

// Rows that cannot run at EL0 under Linux, or whose effect is not a register
// or memory value both sides can print: exception generation, system
// register and PSTATE moves, cache/TLB maintenance, debug-state rows.
const std::map<std::string_view, const char*> kSkipped = {
    {"ERET", "EL1 only"},        {"DRPS", "debug state"},          {"DCPS", "debug state"},
    {"SVC", "exception"},        {"HVC", "exception"},             {"SMC", "exception"},
    {"BRK", "exception"},        {"HLT", "exception"},             {"MSR_imm", "PSTATE fields trap at EL0"},
    {"SYS", "cache/TLB maintenance"}, {"SYSL", "cache/TLB maintenance"},
    {"MSR_reg", "system registers (NZCV, TPIDR_EL0 are used by every dump)"},
    {"MRS", "system registers (NZCV, TPIDR_EL0 are used by every dump)"},
};

const char* class_name(InsnClass c) {
    switch (c) {
    case InsnClass::DataProcImm: return "dp_imm";
    case InsnClass::DataProcReg: return "dp_reg";
    case InsnClass::BranchSys: return "branch_sys";
    case InsnClass::LoadStore: return "loadstore";
    case InsnClass::Atomic: return "atomic";
    }
    return "other";
}

bool has_field(const char* pattern, char letter) { return std::strchr(pattern, letter) != nullptr; }

// Sets the bits under `letter` to `value` (its low bits, in pattern order).
uint32_t set_field(const char* pattern, char letter, uint32_t word, uint64_t value) {
    int width = 0;
    for (const char* p = pattern; *p; ++p) width += *p == letter;
    int bitpos = 31, k = width - 1;
    for (const char* p = pattern; *p; ++p) {
        if (*p == ' ') continue;
        if (*p == letter) {
            word = (word & ~(1u << bitpos)) | (static_cast<uint32_t>((value >> k) & 1) << bitpos);
            --k;
        }
        --bitpos;
    }
    return word;
}

// The buffer loads and stores work in (see dump.c): base registers point
// near its middle, so every immediate offset form stays inside it.
constexpr int64_t kBufMidOffset = 33 * 1024;

struct Sequence {
    uint32_t word;
    std::string row;
    uint64_t regs[31];
    std::string reg_sym[31];  // a symbol instead of a value (branch targets)
    int64_t base_offset[32];  // registers pointing into the buffer: offset from it, or -1
    uint64_t sp_offset;       // SP always points into the buffer
    uint32_t nzcv;
    int skip_words = 0;       // branch: markers between the word and the dump
    int literal_words = 0;    // PC-relative load: a literal pool after the word
    uint32_t before = 0;      // a word to run just before (an LDXR arming the monitor), or 0
    bool memory = false;      // dump also hashes the buffer
};

class Generator {
public:
    explicit Generator(uint64_t seed) : rng_(seed) {}

    uint64_t interesting() {
        static const uint64_t specials[] = {0, 1, 2, ~0ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
                                            0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0xff, 0xffff};
        switch (rng_() % 8) {
        case 0: return rng_() & 0xffffffff;
        case 1: return rng_() % 32;
        case 2: return -(rng_() % 32);
        case 3: return specials[rng_() % std::size(specials)];
        case 4: return rng_() & 0xffffffff00000000ull;
        default: return rng_();
        }
    }

    // Fills a sequence for `row` (index `ri`), or returns false if no usable
    // word was found.
    bool make(uint16_t ri, Sequence& s) {
        const InsnRow& row = decode_table()[ri];
        for (int attempt = 0; attempt < 4000; ++attempt) {
            uint32_t w = (static_cast<uint32_t>(rng_()) & ~row.mask) | row.value;
            if (!fixup(row, w, s)) continue;
            if (find_row(w) != ri) continue;  // a more specific row owns it
            DecodedInsn d;
            decode(w, d);
            if (d.row != ri) continue;  // reserved field values: UNDEFINED
#ifdef IRQSIM_HAVE_UNPREDICTABLE
            if (constrained_unpredictable(w)) continue;
#else
            if (!distinct_registers(row, w)) continue;
#endif
            s.word = w;
            s.row = row.name;
            return true;
        }
        return false;
    }

private:
    // Until constrained_unpredictable() lands: loads and stores whose
    // register fields all differ are never CONSTRAINED UNPREDICTABLE.
    static bool distinct_registers(const InsnRow& row, uint32_t w) {
        if (row.cls != InsnClass::LoadStore && row.cls != InsnClass::Atomic) return true;
        unsigned seen = 0;
        for (char f : {'n', 'm', 't', 'u', 's'}) {
            if (!has_field(row.pattern, f)) continue;
            unsigned r = pattern_field(row.pattern, f, w);
            if (r != 31 && (seen & (1u << r))) return false;
            seen |= 1u << r;
        }
        return true;
    }

    // Row-class specific constraints; false to retry.
    bool fixup(const InsnRow& row, uint32_t& w, Sequence& s) {
        for (int i = 0; i < 31; ++i) {
            s.regs[i] = interesting();
            s.reg_sym[i].clear();
        }
        for (auto& b : s.base_offset) b = -1;
        s.sp_offset = kBufMidOffset + 16 * static_cast<int64_t>(rng_() % 64) - 512;
        s.nzcv = static_cast<uint32_t>(rng_() % 16) << 28;
        s.skip_words = 0;
        s.literal_words = 0;
        s.memory = false;
        s.before = 0;
        std::string_view name = row.name;
        const char* p = row.pattern;

        if (row.cls == InsnClass::BranchSys) {
            if (name == "HINT") {  // only the ARMv8.0 hints with no effect on state
                static const uint32_t ok[] = {0, 1, 4, 5};  // NOP, YIELD, SEV, SEVL
                w = set_field(p, 'M', w, 0);
                w = set_field(p, 'q', w, ok[rng_() % 4]);
                return true;
            }
            if (has_field(p, 'i')) {  // immediate branch: land 1, 2 or 3 words on
                s.skip_words = static_cast<int>(rng_() % 3);
                w = set_field(p, 'i', w, static_cast<uint64_t>(s.skip_words + 1));
                return true;
            }
            if (has_field(p, 'n')) {  // register branch to a label just after it
                unsigned n = pattern_field(p, 'n', w);
                if (n == 31) return false;
                s.skip_words = static_cast<int>(rng_() % 3);
                s.reg_sym[n] = "target";
            }
            return true;
        }
        if (row.cls == InsnClass::LoadStore || row.cls == InsnClass::Atomic) {
            s.memory = true;
            if (row.cls == InsnClass::Atomic) w = set_field(p, 'x', w, ~0ull);  // (1) "should be one" fields
            if ((name == "STXR" || name == "STLXR") && rng_() % 2) {
                // Half the store-exclusives follow an LDXR of the same size
                // and address, so they succeed (C6.2.310 STXR); loading into
                // Rs is harmless as the store overwrites it with its status.
                unsigned n = pattern_field(p, 'n', w), st = pattern_field(p, 's', w);
                if (st != 31) s.before = (w & 0xc0000000u) | 0x085f7c00u | (n << 5) | st;  // LDXR Ws/Xs, [Xn]
            }
            if (!has_field(p, 'n')) {  // PC-relative literal
                s.literal_words = 33;
                w = set_field(p, 'i', w, 1 + rng_() % 31);
                return true;
            }
            unsigned n = pattern_field(p, 'n', w);
            int64_t off = kBufMidOffset + 16 * static_cast<int64_t>(rng_() % 64) - 512;
            if (n == 31)
                s.sp_offset = static_cast<uint64_t>(off);
            else
                s.base_offset[n] = off;
            if (has_field(p, 'm')) {
                unsigned m = pattern_field(p, 'm', w);
                if (m == n && m != 31) return false;
                if (m != 31) s.regs[m] = rng_() % 2048;
            }
            return true;
        }
        return true;
    }

    std::mt19937_64 rng_;
};

void emit(std::ofstream& out, const std::vector<Sequence>& seqs, const char* cls) {
    out << "// Generated by irqsim_seqgen from the decode table: " << cls << " rows. Do not edit.\n"
        << "        .text\n        .global run_sequences\n        .type run_sequences, %function\nrun_sequences:\n";
    for (size_t i = 0; i < seqs.size(); ++i) {
        const Sequence& s = seqs[i];
        out << "// " << s.row << "\n"
            << "        clrex\n"
            << "        adrp x30, init_" << i << "\n        add x30, x30, :lo12:init_" << i << "\n"
            << "        ldr x0, [x30, #256]\n        msr nzcv, x0\n"
            << "        ldr x0, [x30, #248]\n        mov sp, x0\n";
        for (int r = 0; r < 30; r += 2) out << "        ldp x" << r << ", x" << r + 1 << ", [x30, #" << r * 8 << "]\n";
        out << "        ldr x30, [x30, #240]\n";
        char word[16];
        std::snprintf(word, sizeof word, "0x%08x", s.word);
        if (s.before) out << "        .inst 0x" << std::hex << s.before << std::dec << "\n";
        out << "        .inst " << word << "\n";
        // Markers a branch may skip: each bumps a register the branch does not read.
        for (int k = 0; k < s.skip_words; ++k) out << "        add x" << 9 + k << ", x" << 9 + k << ", #1\n";
        if (s.literal_words) {
            out << "        b lit_end_" << i << "\n";
            for (int k = 0; k < s.literal_words; ++k) out << "        .word 0x" << std::hex << (s.word * 2654435761u + k * 40503u) << std::dec << "\n";
            out << "lit_end_" << i << ":\n";
        }
        out << "target_" << i << ":\n"
            << "        msr tpidr_el0, x30\n"
            << "        adrp x30, seq_state\n        add x30, x30, :lo12:seq_state\n"
            << "        stp x0, x1, [x30]\n"
            << "        movz w0, #" << ((i * 2 + s.memory) & 0xffff) << "\n"
            << "        movk w0, #" << ((i * 2 + s.memory) >> 16) << ", lsl #16\n"
            << "        bl save_and_dump\n";
    }
    out << "        movz w0, #" << (seqs.size() & 0xffff) << "\n        movk w0, #" << (seqs.size() >> 16)
        << ", lsl #16\n        b sequences_done\n"
        << "        .size run_sequences, . - run_sequences\n\n        .data\n        .balign 8\n";
    for (size_t i = 0; i < seqs.size(); ++i) {
        const Sequence& s = seqs[i];
        out << "init_" << i << ":\n";
        for (int r = 0; r < 31; ++r) {
            if (!s.reg_sym[r].empty())
                out << "        .quad target_" << i << "\n";
            else if (s.base_offset[r] >= 0)
                out << "        .quad seq_buffer + " << s.base_offset[r] << "\n";
            else
                out << "        .quad 0x" << std::hex << s.regs[r] << std::dec << "\n";
        }
        out << "        .quad seq_buffer + " << s.sp_offset << "\n";  // SP
        out << "        .quad 0x" << std::hex << s.nzcv << std::dec << "\n";
    }
    out << "\n        .section .rodata\n        .balign 8\n        .global seq_desc\nseq_desc:\n";
    for (size_t i = 0; i < seqs.size(); ++i) out << "        .quad desc_" << i << "\n";
    for (size_t i = 0; i < seqs.size(); ++i) {
        char word[16];
        std::snprintf(word, sizeof word, "%08x", seqs[i].word);
        out << "desc_" << i << ": .asciz \"" << seqs[i].row << " " << word << "\"\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: irqsim_seqgen OUT_DIR [--per-row N] [--seed S]\n");
        return 2;
    }
    std::string dir = argv[1];
    int per_row = 24;
    uint64_t seed = 1;
    bool strict = false;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--strict"))
            strict = true;
        else if (!std::strcmp(argv[i], "--per-row") && i + 1 < argc)
            per_row = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = std::strtoull(argv[++i], nullptr, 0);
        else {
            std::fprintf(stderr, "irqsim_seqgen: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    Generator gen(seed);
    std::map<std::string, std::vector<Sequence>> by_class;
    for (InsnClass c : {InsnClass::DataProcImm, InsnClass::DataProcReg, InsnClass::BranchSys, InsnClass::LoadStore,
                        InsnClass::Atomic})
        by_class[class_name(c)];
    auto table = decode_table();
    int covered = 0, skipped = 0, failed = 0;
    std::string skipped_list, failed_list;
    for (uint16_t ri = 0; ri < table.size(); ++ri) {
        const InsnRow& row = table[ri];
        if (auto it = kSkipped.find(row.name); it != kSkipped.end()) {
            ++skipped;
            skipped_list += std::string(" ") + row.name + " (" + it->second + ")";
            continue;
        }
        int made = 0;
        for (int k = 0; k < per_row; ++k) {
            Sequence s;
            if (!gen.make(ri, s)) break;
            by_class[class_name(row.cls)].push_back(s);
            ++made;
        }
        if (made) ++covered;
        else {
            ++failed;
            failed_list += std::string(" ") + row.name;
        }
    }
    for (auto& [cls, seqs] : by_class) {
        std::ofstream out(dir + "/seq_" + cls + ".S");
        emit(out, seqs, cls.c_str());
        if (!out) {
            std::fprintf(stderr, "irqsim_seqgen: cannot write %s/seq_%s.S\n", dir.c_str(), cls.c_str());
            return 2;
        }
    }
    std::printf("irqsim_seqgen: %zu rows: %d with %d sequences each, %d skipped:%s\n", table.size(), covered, per_row,
                skipped, skipped_list.c_str());
    if (failed) {
        std::printf("irqsim_seqgen: no usable word found for %d rows:%s\n", failed, failed_list.c_str());
        return strict ? 1 : 0;
    }
    return 0;
}
