// Checks of the decode table that each instruction class's tests run on its
// own rows: every row has an example the GNU assembler encodes to it, and rows
// overlap only where one strictly refines the other (decoder.hpp).
#pragma once

#include <catch2/catch.hpp>

#include <set>
#include <span>
#include <string>
#include <utility>

#include "cpu/decoder.hpp"
#include "support/test_machine.hpp"

namespace irqsim::test {

// (row name, assembly) pairs: each must decode to that row, and together
// they must cover every row of `cls`.
inline void check_row_examples(InsnClass cls, std::span<const std::pair<const char*, const char*>> examples) {
    std::string source;
    for (auto& [row, insn] : examples) source += std::string(insn) + "\n";
    auto words = assemble(source);
    REQUIRE(words.size() == examples.size());
    auto table = decode_table();
    std::set<std::string> covered;
    for (size_t i = 0; i < words.size(); ++i) {
        uint16_t row = find_row(words[i]);
        INFO(examples[i].second);
        REQUIRE(row != kUnallocatedRow);
        CHECK(std::string(table[row].name) == examples[i].first);
        covered.insert(examples[i].first);
    }
    for (const InsnRow& r : table)
        if (r.cls == cls) {
            INFO(r.name);
            CHECK(covered.count(r.name) == 1);
        }
}

inline void check_rows_refine_only(InsnClass cls) {
    auto table = decode_table();
    for (const InsnRow& a : table) {
        if (a.cls != cls) continue;
        for (const InsnRow& b : table) {
            if (&a == &b) continue;
            uint32_t common = a.mask & b.mask;
            if ((a.value ^ b.value) & common) continue;  // some fixed bit differs: disjoint
            // They overlap: allowed only when one row's fixed bits strictly
            // contain the other's (the more specific row wins).
            bool a_refines = (a.mask & b.mask) == b.mask && a.mask != b.mask;
            bool b_refines = (a.mask & b.mask) == a.mask && a.mask != b.mask;
            INFO(a.name << " overlaps " << b.name);
            CHECK((a_refines || b_refines));
        }
    }
}

}  // namespace irqsim::test
