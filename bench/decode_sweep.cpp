// decode_sweep: every A64 instruction word (or a seeded random sample of
// them) through irqsim's decoder and through Capstone 4, compared.
//
//   decode_sweep                       all 2^32 words, on every host thread
//   decode_sweep --sample N --seed S   N words drawn by splitmix64 from seed S
//   decode_sweep --first F --count C   every word in [F, F+C) (a slice of all 2^32)
//   options: --threads T, --out FILE (the report, written whole or not at all),
//            --samples K (disagreement kinds listed per group, default 8)
//
// For every word where either side says "instruction" it checks that both
// agree on allocated versus unallocated and on the mnemonic. Words fall into
// the Arm ARM's top-level encoding groups (DDI 0487 C4.1, op0 = bits 28:25,
// loads and stores split by bit 26, the SIMD&FP register bit). The groups and
// the mnemonics irqsim implements come from its decode table at run time, so
// rows added later are swept without touching this file:
//   - a row's group is the group of its fixed bits;
//   - a row's mnemonics are the names in its title, the Arm ARM heading
//     ("STRB/STRH/STR (immediate)" gives STRB, STRH, STR; "CASB/CAS (A, L,
//     AL)" adds the ordering suffixes; "HINT (NOP, YIELD, ...)" the named
//     hints).
// Capstone prints the Arm ARM's preferred aliases ("mov", "cmp", "lsl",
// "cset", "tlbi" ...); kAliases maps each to the instructions it is an alias
// of (DDI 0487 C6.2/C7.2, the "alias of" notes), and the two sides agree when
// the row's mnemonics meet Capstone's mnemonic or what it is an alias of.
// A word Capstone decodes to a mnemonic irqsim has in no row of that group is
// "not implemented" (counted, not a disagreement): irqsim implements groups
// instruction by instruction, and a group counts as implemented for the
// mnemonics its rows name.
//
// Every disagreement is matched against kKnown, a list of differences we
// have explained (Capstone 4.0.2 predates an architecture feature, or accepts
// an encoding the Arm ARM leaves unallocated); any other disagreement is
// "unexplained" and makes the exit status 1. Deterministic: the sample of
// words, the counts and the listed samples do not depend on the thread count.
#include <capstone/capstone.h>
#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cpu/decoder.hpp"
#include "cpu/unpredictable.hpp"

namespace {

using irqsim::bits;
using irqsim::decode_table;
using irqsim::kUnallocatedRow;

// --- the Arm ARM's top-level groups (C4.1, Table C4-1) ----------------------
enum Group : int {
    kReserved, kUnallocOp0, kSve, kDpImm, kBranchSys, kLdStGen, kLdStFp, kDpReg, kDpFp, kNumGroups
};
constexpr std::array<const char*, kNumGroups> kGroupNames = {
    "Reserved, SME (op0 0000)", "Unallocated (op0 0001, 0011)", "SVE (op0 0010)",
    "Data Processing -- Immediate", "Branches, Exception, System", "Loads and Stores (general)",
    "Loads and Stores (SIMD&FP)", "Data Processing -- Register", "Data Processing -- SIMD&FP"};

Group classify(uint32_t w) {
    unsigned op0 = bits(w, 28, 25);
    if (op0 == 0) return kReserved;
    if (op0 == 1 || op0 == 3) return kUnallocOp0;
    if (op0 == 2) return kSve;
    if ((op0 & 0xe) == 0x8) return kDpImm;
    if ((op0 & 0xe) == 0xa) return kBranchSys;
    if ((op0 & 0x5) == 0x4) return bits(w, 26, 26) ? kLdStFp : kLdStGen;  // x1x0
    if ((op0 & 0x7) == 0x5) return kDpReg;                                // x101
    return kDpFp;                                                         // x111
}

// --- mnemonics --------------------------------------------------------------
using Names = std::set<std::string>;

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}
bool is_mnemonic(const std::string& t) {
    if (t.empty() || !std::isupper(static_cast<unsigned char>(t[0]))) return false;
    if (t.size() > 5 && t.compare(t.size() - 5, 5, ".cond") == 0) return true;  // B.cond
    return std::all_of(t.begin(), t.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)); });
}
std::vector<std::string> split(const std::string& s, const char* seps) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (std::strchr(seps, c)) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else if (c != ' ' || !cur.empty()) {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    for (auto& t : out)
        while (!t.empty() && t.back() == ' ') t.pop_back();
    return out;
}

// The mnemonics a row's title names. The part before '(' lists base names
// separated by '/' or ','; inside the parentheses, one- and two-letter tokens
// are suffixes (ordering A, L, AL before the size letter B or H; sizes B, H
// after), longer upper-case tokens more mnemonics of the same row.
Names title_mnemonics(const std::string& title) {
    Names out;
    std::string head = title.substr(0, title.find('(')), paren;
    if (auto open = title.find('('); open != std::string::npos)
        paren = title.substr(open + 1, title.find(')', open) - open - 1);
    std::vector<std::string> base;
    for (auto& t : split(head, "/,"))
        if (is_mnemonic(t)) base.push_back(t);
    std::vector<std::string> order = {""}, size = {""};
    auto groups = split(paren, ";");
    for (size_t g = 0; g < groups.size(); ++g) {
        for (auto& t : split(groups[g], ",")) {
            std::string tok = t.substr(0, t.find(' '));
            if (!is_mnemonic(tok)) continue;
            if (tok.size() > 2) out.insert(tok);
            else if (tok == "B" || tok == "H") size.push_back(tok);
            else order.push_back(tok);
        }
    }
    for (const auto& b : base)
        for (const auto& o : order)
            for (const auto& s : size) {
                out.insert(b + o + s);
                // CASB with A: CASAB (the ordering goes before the size letter).
                if (!o.empty() && b.size() > 1 && (b.back() == 'B' || b.back() == 'H'))
                    out.insert(b.substr(0, b.size() - 1) + o + b.back() + s);
            }
    return out;
}

// Capstone's preferred aliases and what each is an alias of (DDI 0487 C6.2
// for the base instructions, C7.2 for SIMD&FP).
struct Alias {
    const char* alias;
    std::vector<const char*> of;
};
const std::vector<Alias> kAliases = {
    {"MOV", {"ORR", "ADD", "MOVZ", "MOVN", "UMOV", "INS", "DUP"}},  // C6.2.185-189, C7.2.199-201
    {"MVN", {"ORN", "NOT"}},
    {"CMP", {"SUBS"}}, {"CMN", {"ADDS"}}, {"TST", {"ANDS"}},
    {"NEG", {"SUB"}}, {"NEGS", {"SUBS"}}, {"NGC", {"SBC"}}, {"NGCS", {"SBCS"}},
    {"LSL", {"UBFM", "LSLV"}}, {"LSR", {"UBFM", "LSRV"}}, {"ASR", {"SBFM", "ASRV"}}, {"ROR", {"EXTR", "RORV"}},
    {"UBFX", {"UBFM"}}, {"UBFIZ", {"UBFM"}}, {"UXTB", {"UBFM"}}, {"UXTH", {"UBFM"}},
    {"SBFX", {"SBFM"}}, {"SBFIZ", {"SBFM"}}, {"SXTB", {"SBFM"}}, {"SXTH", {"SBFM"}}, {"SXTW", {"SBFM"}},
    {"BFI", {"BFM"}}, {"BFXIL", {"BFM"}}, {"BFC", {"BFM"}},
    {"MUL", {"MADD"}}, {"MNEG", {"MSUB"}}, {"SMULL", {"SMADDL"}}, {"SMNEGL", {"SMSUBL"}},
    {"UMULL", {"UMADDL"}}, {"UMNEGL", {"UMSUBL"}},
    {"CSET", {"CSINC"}}, {"CINC", {"CSINC"}}, {"CSETM", {"CSINV"}}, {"CINV", {"CSINV"}}, {"CNEG", {"CSNEG"}},
    {"NOP", {"HINT"}}, {"YIELD", {"HINT"}}, {"WFE", {"HINT"}}, {"WFI", {"HINT"}}, {"SEV", {"HINT"}},
    {"SEVL", {"HINT"}}, {"ESB", {"HINT"}}, {"PSB", {"HINT"}}, {"CSDB", {"HINT"}},
    {"AT", {"SYS"}}, {"DC", {"SYS"}}, {"IC", {"SYS"}}, {"TLBI", {"SYS"}},
    {"REV64", {"REV"}},  // the 64-bit REV; Arm ARM: REV64 is an alias of REV
    {"SXTL", {"SSHLL"}}, {"SXTL2", {"SSHLL2", "SSHLL"}}, {"UXTL", {"USHLL"}}, {"UXTL2", {"USHLL2", "USHLL"}},
};

Names capstone_names(const char* mnemonic) {
    std::string m = upper(mnemonic);
    if (m.size() > 2 && m[0] == 'B' && m[1] == '.') m = "B.cond";
    Names out{m};
    for (const auto& a : kAliases)
        if (m == a.alias)
            for (const char* o : a.of) out.insert(o);
    return out;
}
bool meet(const Names& a, const Names& b) {
    return std::any_of(a.begin(), a.end(), [&](const std::string& s) { return b.count(s) != 0; });
}

// --- verdicts and the known differences ------------------------------------
enum Kind : int { kOursOnly, kTheirsOnly, kMnemonic };
constexpr std::array<const char*, 3> kKindNames = {"irqsim decodes, Capstone does not",
                                                   "Capstone decodes, irqsim does not",
                                                   "both decode, mnemonics differ"};

struct Verdict {
    uint32_t word;
    uint16_t row;            // irqsim's matching row (kUnallocatedRow if none)
    bool ours;               // irqsim: allocated
    const char* theirs;      // Capstone's mnemonic, nullptr if none
};

struct Known {
    const char* id;
    Kind kind;
    bool (*match)(const Verdict&);
    const char* why;
};

bool row_is(const Verdict& v, std::initializer_list<const char*> names) {
    if (v.row == kUnallocatedRow) return false;
    const char* n = decode_table()[v.row].name;
    return std::any_of(names.begin(), names.end(), [&](const char* x) { return std::strcmp(n, x) == 0; });
}

const std::vector<Known> kKnown = {
    {"lse", kOursOnly,
     [](const Verdict& v) { return row_is(v, {"CAS", "CASP", "LDADD", "LDCLR", "LDEOR", "LDSET", "LDSMAX",
                                              "LDSMIN", "LDUMAX", "LDUMIN", "SWP"}); },
     "ARMv8.1 LSE atomics (FEAT_LSE, C6.2 CAS*/LD<op>*/SWP*): Capstone 4.0.2 predates them"},
    {"lor", kOursOnly, [](const Verdict& v) { return row_is(v, {"LDLAR", "STLLR"}); },
     "ARMv8.1 LORegions (FEAT_LOR, LDLAR/STLLR): Capstone 4.0.2 predates them"},
    {"rcpc", kOursOnly, [](const Verdict& v) { return row_is(v, {"LDAPR"}); },
     "ARMv8.3 RCpc (FEAT_LRCPC, LDAPR): Capstone 4.0.2 predates it"},
    {"ldtr-rt-rn", kOursOnly,
     [](const Verdict& v) { return row_is(v, {"LDTR", "LDTRS"}) && bits(v.word, 4, 0) == bits(v.word, 9, 5); },
     "Capstone 4 wrong: it refuses LDTR*/LDTRS* with Rt == Rn as if they wrote back (LLVM's "
     "DecodeSignedLdStInstruction); they have no writeback (C6.2 LDTRB), so the word is allocated and predictable"},
    {"unpredictable", kOursOnly, [](const Verdict& v) { return irqsim::constrained_unpredictable(v.word); },
     "CONSTRAINED UNPREDICTABLE (Arm ARM K1.2: LDP/LDXP Rt == Rt2, writeback with Rn == Rt and Rn != SP): "
     "Capstone refuses them (LLVM's decoder returns SoftFail); irqsim runs one permitted behaviour "
     "(src/cpu/unpredictable.hpp)"},
    {"msr-pstate-field", kOursOnly,
     [](const Verdict& v) { return row_is(v, {"MSR_imm"}); },
     "MSR (immediate) to a PSTATE field Capstone 4 does not know (it has SPSel, DAIFSet, DAIFClr, PAN, UAO; "
     "later versions add DIT, SSBS, TCO, ALLINT ... by op1:op2): irqsim's row takes every op1:op2 and the "
     "board refuses fields it does not model, so the word raises UNDEFINED when run, as an unallocated one does"},
    {"copy-ignored-bits", kOursOnly,
     [](const Verdict& v) {
         unsigned imm5 = bits(v.word, 20, 16), imm4 = bits(v.word, 14, 11), size = std::countr_zero(imm5 | 32u);
         bool dup_general = !bits(v.word, 29, 29) && imm4 == 1 && (imm5 & (imm5 - 1)) != 0;
         bool ins_element = bits(v.word, 29, 29) && (imm4 & ((1u << size) - 1)) != 0;
         return row_is(v, {"SIMD_copy"}) && (dup_general || ins_element);
     },
     "Capstone 4 wrong: it decodes DUP (general) only when imm5 has no bit set above the lowest, and INS "
     "(element) only when imm4's bits below the element size are zero; the Arm ARM (C7.2 DUP (general), INS "
     "(element): size = LowestSetBit(imm5), index2 = imm4<3:size>) ignores those bits, and GNU objdump "
     "decodes the words"},
    {"sys-op0-0", kTheirsOnly,
     [](const Verdict& v) {
         return bits(v.word, 31, 22) == 0x354 && bits(v.word, 20, 19) == 0 &&
                (!std::strcmp(v.theirs, "mrs") || !std::strcmp(v.theirs, "msr"));
     },
     "Capstone 4 wrong: it decodes system-space words with op0 = 0b00 (bits 20:19) as MRS/MSR of an op0 = 3 "
     "register; the Arm ARM (C4.1.87, System instruction class) has only hints, barriers and MSR (immediate) "
     "there (CRn 0010, 0011, 0100) and leaves the rest unallocated"},
};

// --- the sweep --------------------------------------------------------------
struct Signature {
    uint64_t count = 0;
    uint32_t first = 0;  // the lowest word with this signature
    int known = -1;      // index into kKnown, -1 unexplained
};
struct Stats {
    // per group: either side decodes, agree, explained, unexplained, not implemented
    std::array<std::array<uint64_t, 5>, kNumGroups> n{};
    uint64_t words = 0, neither = 0;
    std::map<std::tuple<int, int, std::string, std::string, int>, Signature> sigs;  // group, kind, row, capstone, known

    void merge(const Stats& o) {
        for (int g = 0; g < kNumGroups; ++g)
            for (int c = 0; c < 5; ++c) n[g][c] += o.n[g][c];
        words += o.words;
        neither += o.neither;
        for (const auto& [k, s] : o.sigs) {
            auto& d = sigs[k];
            d.first = d.count ? std::min(d.first, s.first) : s.first;
            d.count += s.count;
            d.known = s.known;  // part of the key
        }
    }
};
enum Col { kChecked, kAgree, kExplained, kUnexplained, kNotImpl };

struct Tables {
    std::vector<Group> row_group;              // per decode-table row
    std::array<Names, kNumGroups> implemented;  // mnemonics irqsim's rows name, per group
    std::vector<Names> row_names;
};

Tables build_tables() {
    Tables t;
    for (const auto& r : decode_table()) {
        // The group must follow from the row's fixed bits alone: every
        // value of the free bits among 28:25 lands in the same group.
        Group g = classify(r.value);
        for (uint32_t op0 = 0; op0 < 16; ++op0) {
            uint32_t w = (r.value & r.mask) | ((op0 << 25) & ~r.mask);
            if (classify(w) != g) {
                fmt::print(stderr, "decode_sweep: row {} spans two encoding groups (bits 28:25)\n", r.name);
                std::exit(2);
            }
        }
        t.row_group.push_back(g);
        t.row_names.push_back(title_mnemonics(r.title));
        if (t.row_names.back().empty()) {
            fmt::print(stderr, "decode_sweep: row {}: no mnemonic in its title \"{}\"\n", r.name, r.title);
            std::exit(2);
        }
        t.implemented[g].insert(t.row_names.back().begin(), t.row_names.back().end());
    }
    return t;
}

class Sweeper {
public:
    explicit Sweeper(const Tables& t) : t_(t) {
        if (cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &cs_) != CS_ERR_OK) {
            fmt::print(stderr, "decode_sweep: cs_open failed\n");
            std::exit(2);
        }
        insn_ = cs_malloc(cs_);
    }
    ~Sweeper() {
        cs_free(insn_, 1);
        cs_close(&cs_);
    }
    Sweeper(const Sweeper&) = delete;
    Sweeper& operator=(const Sweeper&) = delete;

    void word(uint32_t w, Stats& s) {
        ++s.words;
        irqsim::DecodedInsn d;
        irqsim::decode(w, d);
        uint16_t row = irqsim::find_row(w);
        bool ours = d.row != kUnallocatedRow;
        if (ours && d.row != row) {
            fmt::print(stderr, "decode_sweep: {:#010x}: decode() picked row {} but find_row() {}\n", w, d.row, row);
            std::exit(2);
        }
        uint8_t bytes[4] = {static_cast<uint8_t>(w), static_cast<uint8_t>(w >> 8), static_cast<uint8_t>(w >> 16),
                            static_cast<uint8_t>(w >> 24)};
        const uint8_t* code = bytes;
        size_t size = 4;
        uint64_t pc = 0;
        bool theirs = cs_disasm_iter(cs_, &code, &size, &pc, insn_);
        if (!ours && !theirs) {
            ++s.neither;
            return;
        }
        Group g = classify(w);
        auto& n = s.n[g];
        ++n[kChecked];
        Names cn;
        if (theirs) cn = capstone_names(insn_->mnemonic);
        if (ours && theirs && meet(t_.row_names[row], cn)) {
            ++n[kAgree];
            return;
        }
        if (!ours && !meet(cn, t_.implemented[g])) {
            ++n[kNotImpl];
            return;
        }
        Kind kind = !theirs ? kOursOnly : !ours ? kTheirsOnly : kMnemonic;
        Verdict v{w, ours ? row : kUnallocatedRow, ours, theirs ? insn_->mnemonic : nullptr};
        int known = -1;
        for (size_t i = 0; i < kKnown.size() && known < 0; ++i)
            if (kKnown[i].kind == kind && kKnown[i].match(v)) known = static_cast<int>(i);
        ++n[known >= 0 ? kExplained : kUnexplained];
        auto& sig = s.sigs[{g, kind, ours ? decode_table()[row].name : "-", theirs ? upper(insn_->mnemonic) : "-", known}];
        sig.first = sig.count ? std::min(sig.first, w) : w;
        ++sig.count;
        sig.known = known;
    }

private:
    const Tables& t_;
    csh cs_ = 0;
    cs_insn* insn_ = nullptr;
};

uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

std::string disasm(uint32_t w) {
    csh h;
    cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h);
    cs_insn* in = nullptr;
    std::string s = "(none)";
    if (cs_disasm(h, reinterpret_cast<const uint8_t*>(&w), 4, 0, 1, &in) == 1) {
        s = fmt::format("{} {}", in->mnemonic, in->op_str);
        cs_free(in, 1);
    }
    cs_close(&h);
    return s;
}

std::string report(const Stats& s, const std::string& what, unsigned listed) {
    std::string o = fmt::format("decode_sweep: {} ({} words; {} where neither side decodes)\n"
                                "irqsim decode table: {} rows; Capstone {}.{}\n\n",
                                what, s.words, s.neither, decode_table().size(), CS_API_MAJOR, CS_API_MINOR);
    o += fmt::format("{:<32} {:>12} {:>12} {:>11} {:>11} {:>12}\n", "group", "checked", "agree", "explained",
                     "UNEXPLAINED", "not in irqsim");
    std::array<uint64_t, 5> tot{};
    for (int g = 0; g < kNumGroups; ++g) {
        const auto& n = s.n[g];
        o += fmt::format("{:<32} {:>12} {:>12} {:>11} {:>11} {:>12}\n", kGroupNames[g], n[0], n[1], n[2], n[3], n[4]);
        for (int c = 0; c < 5; ++c) tot[c] += n[c];
    }
    o += fmt::format("{:<32} {:>12} {:>12} {:>11} {:>11} {:>12}\n", "total", tot[0], tot[1], tot[2], tot[3], tot[4]);
    o += "\n(checked: words where either side decodes; agree: both decode, same mnemonic up to aliases;\n"
         " explained/UNEXPLAINED: disagreements matched or not by a known difference; not in irqsim:\n"
         " Capstone decodes a mnemonic no irqsim row of that group names)\n";
    for (int g = 0; g < kNumGroups; ++g) {
        std::vector<std::pair<const std::tuple<int, int, std::string, std::string, int>*, const Signature*>> list;
        for (const auto& [k, sig] : s.sigs)
            if (std::get<0>(k) == g) list.push_back({&k, &sig});
        if (list.empty()) continue;
        // Unexplained first, then by count.
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
            if ((a.second->known < 0) != (b.second->known < 0)) return a.second->known < 0;
            if (a.second->count != b.second->count) return a.second->count > b.second->count;
            return *a.first < *b.first;
        });
        o += fmt::format("\n{}: {} kinds of disagreement\n", kGroupNames[g], list.size());
        for (size_t i = 0; i < list.size() && i < listed; ++i) {
            const auto& [k, sig] = list[i];
            o += fmt::format("  {:>10} x {} [row {}, Capstone {}], e.g. {:#010x} = \"{}\"\n    {}\n", sig->count,
                             kKindNames[std::get<1>(*k)], std::get<2>(*k), std::get<3>(*k), sig->first,
                             disasm(sig->first),
                             sig->known >= 0 ? fmt::format("explained ({}): {}", kKnown[sig->known].id, kKnown[sig->known].why)
                                             : std::string("UNEXPLAINED"));
        }
        if (list.size() > listed) o += fmt::format("  ... and {} more kinds\n", list.size() - listed);
    }
    return o;
}

int usage() {
    fmt::print(stderr, "usage: decode_sweep [--sample N --seed S | --first F --count C] [--threads T] [--samples K] "
                       "[--out FILE]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t sample = 0, seed = 1, first = 0, count = 0;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency()), listed = 8;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (i + 1 >= argc) return usage();
        char* end = nullptr;
        const char* v = argv[++i];
        if (a == "--out") {
            out = v;
            continue;
        }
        uint64_t n = std::strtoull(v, &end, 0);
        if (!*v || *end) return usage();
        if (a == "--sample") sample = n;
        else if (a == "--seed") seed = n;
        else if (a == "--first") first = n;
        else if (a == "--count") count = n;
        else if (a == "--threads") threads = static_cast<unsigned>(std::max<uint64_t>(1, n));
        else if (a == "--samples") listed = static_cast<unsigned>(n);
        else return usage();
    }
    // A slice of the word space: exhaustive over [first, first + count).
    if ((sample && (first || count)) || first >= (1ull << 32) || count > (1ull << 32) - first) return usage();
    const bool slice = first || count;
    Tables t = build_tables();

    // Work in blocks of 2^20 words, handed out in order; each block's
    // result is merged in, so the totals are the same for any thread count.
    constexpr uint64_t kBlock = 1u << 20;
    uint64_t total = sample ? sample : slice ? count : (1ull << 32);
    uint64_t blocks = (total + kBlock - 1) / kBlock;
    std::atomic<uint64_t> next{0};
    std::mutex mu;
    Stats all;
    std::vector<std::thread> pool;
    for (unsigned k = 0; k < threads; ++k)
        pool.emplace_back([&] {
            Sweeper sw(t);
            Stats mine;
            for (uint64_t b; (b = next.fetch_add(1)) < blocks;) {
                uint64_t lo = b * kBlock, hi = std::min(total, lo + kBlock);
                for (uint64_t i = lo; i < hi; ++i)
                    sw.word(sample ? static_cast<uint32_t>(splitmix64(seed * 0x100000000ull + i))
                                   : static_cast<uint32_t>(first + i),
                            mine);
                if (!sample && (b + 1) % 256 == 0) fmt::print(stderr, "decode_sweep: block {} of {}\n", b + 1, blocks);
            }
            std::lock_guard lock(mu);
            all.merge(mine);
        });
    for (auto& th : pool) th.join();

    std::string what = sample  ? fmt::format("seeded sample, --sample {} --seed {}", sample, seed)
                       : slice ? fmt::format("every word in [{:#010x}, {:#x}), --first {:#x} --count {:#x}", first,
                                             first + count, first, count)
                               : std::string("all 2^32 words");
    std::string text = report(all, what, listed);
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (!out.empty()) {
        // Write beside it and rename: an earlier report is replaced whole or
        // left as it was.
        std::string tmp = out + ".tmp";
        std::ofstream f(tmp, std::ios::binary);
        f << text;
        f.close();
        std::error_code ec;
        if (!f || (std::filesystem::rename(tmp, out, ec), ec)) {
            fmt::print(stderr, "decode_sweep: cannot write {}\n", out);
            std::filesystem::remove(tmp, ec);
            return 2;
        }
    }
    uint64_t unexplained = 0;
    for (const auto& n : all.n) unexplained += n[kUnexplained];
    return unexplained ? 1 : 0;
}
