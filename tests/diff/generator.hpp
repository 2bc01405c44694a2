// A seeded generator of A64 instruction sequences drawn from irqsim's own
// decode table: each row's non-fixed bits are filled at random, words the
// oracle cannot run the same way are dropped (generator.cpp says why for
// each), and load/store base registers are pointed into the data region.
// Sequence `index` of seed `seed` depends on nothing else, so a failure
// reproduces with `unicorn_diff --seed S --index I`.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "diff/diff_types.hpp"

namespace irqsim::diff {

// Word-level classification by the Arm ARM's encoding groups (C4.1).
bool is_branch_word(uint32_t w);          // B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET
bool is_store_exclusive(uint32_t w);      // STXR, STLXR, STXP, STLXP (and B/H forms)
bool is_load_exclusive(uint32_t w);       // LDXR, LDAXR, LDXP, LDAXP (and B/H forms)
bool is_ordered_non_exclusive(uint32_t w);  // LDAR, STLR, LDLAR, STLLR
// The words whose behaviour the Arm ARM leaves CONSTRAINED UNPREDICTABLE:
// irqsim's constrained_unpredictable() (src/cpu/unpredictable.hpp) or this
// suite's own list of the load/store cases (arm_arm_unpredictable).
bool unpredictable_word(uint32_t w);
bool arm_arm_unpredictable(uint32_t w);

class Generator {
public:
    explicit Generator(uint64_t seed);
    Sequence make(uint64_t index) const;
    // The data region's contents at the start of every sequence (from the seed).
    const std::vector<uint8_t>& pristine_data() const { return pristine_; }
    // Table rows the generator draws from (allocated, not system), and the
    // other rows with the reason they are left out.
    const std::vector<uint16_t>& eligible_rows() const { return eligible_; }
    const std::vector<std::pair<uint16_t, std::string>>& excluded_rows() const { return excluded_; }
    DiffClass class_of_row(uint16_t row) const;

private:
    uint64_t seed_;
    std::vector<uint8_t> pristine_;
    std::vector<uint16_t> eligible_;
    std::vector<std::pair<uint16_t, std::string>> excluded_;
};

}  // namespace irqsim::diff
