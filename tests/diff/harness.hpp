// Runs generated sequences in irqsim and in Unicorn (QEMU's A64 core as a
// library) from the same state and compares X0-X30, SP, NZCV, PC, the way the
// run ended and the whole data region. One engine of each kind is reused for
// every sequence: only code, data and registers are rewritten.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diff/diff_types.hpp"
#include "diff/generator.hpp"

namespace irqsim::diff {

struct EngineResult {
    ArchState state;
    Outcome outcome = Outcome::Ran;
};

class IrqsimEngine;
class UnicornEngine;

// Rows whose mismatches are expected for now, each with the reason. They are
// counted and printed by every run, never skipped silently. Empty is the goal.
struct KnownMismatch {
    const char* row;
    const char* reason;
};
const std::vector<KnownMismatch>& known_mismatches();

struct SuiteOptions {
    uint64_t seed = 1;
    uint64_t first = 0;    // index of the first sequence
    uint64_t count = 1000;
    bool verbose = false;  // print every sequence
    unsigned max_reports = 5;  // detailed reports printed for unknown mismatches
    unsigned rejected_per_row = 0;  // words per row that match it but decode() rejects (see below)
};

// Words that match a row's pattern but that its decode function rejects
// (reserved field values): irqsim takes them as UNDEFINED. Where Unicorn
// executes one, either irqsim is too strict, or the Arm ARM leaves the word
// CONSTRAINED UNPREDICTABLE (UNDEFINED is one permitted behaviour), or it is
// allocated by an architecture version after irqsim's: a person must judge,
// so these are reported, not failed.
struct RejectedWords {
    uint64_t checked = 0, unicorn_undefined = 0;
    uint32_t example = 0;  // a word Unicorn executes
    std::string unicorn_outcome;
};

struct SuiteResult {
    uint64_t sequences = 0, insns = 0;
    std::array<uint64_t, static_cast<size_t>(DiffClass::kCount)> by_class{};
    std::map<Outcome, uint64_t> outcomes;
    std::vector<uint64_t> row_hits;  // per decode_table() row, main instructions only
    uint64_t mismatches = 0;         // not in the known list
    std::map<std::string, uint64_t> known_hits;  // row -> mismatching sequences
    std::vector<std::string> reports;            // the first max_reports unknown ones
    std::vector<uint16_t> unexercised;           // eligible rows never generated
    std::map<uint16_t, RejectedWords> rejected;  // rows whose rejected words were tried
    std::string rejected_report() const;         // rows where Unicorn executes such words
    size_t eligible_rows = 0, table_rows = 0;
    std::string summary() const;  // one line
    std::string coverage() const;  // rows exercised, and the missing ones by name
};

class Differ {
public:
    explicit Differ(uint64_t seed);
    ~Differ();
    const Generator& generator() const { return gen_; }
    // Runs one sequence in both engines. Returns nothing when they agree,
    // otherwise a report that names the first diverging instruction (found by
    // stepping both) and the row it belongs to (in `culprit_row`).
    std::optional<std::string> check(const Sequence& seq, uint16_t* culprit_row = nullptr,
                                     EngineResult* irqsim_out = nullptr);
    // Runs one word alone in both engines; irqsim's outcome in `irqsim_out`.
    EngineResult run_single(uint32_t word, uint64_t seed_index, EngineResult* irqsim_out);
    // Text of one sequence: words, rows, disassembly, initial state.
    std::string describe(const Sequence& seq) const;

private:
    std::string diagnose(const Sequence& seq, const EngineResult& a, const EngineResult& b, uint16_t* culprit_row);
    Generator gen_;
    std::unique_ptr<IrqsimEngine> irqsim_;
    std::unique_ptr<UnicornEngine> unicorn_;
};

SuiteResult run_suite(const SuiteOptions& opt);

}  // namespace irqsim::diff
