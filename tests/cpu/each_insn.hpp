// Runs many single instructions cheaply: one assembler run for all of them,
// then each is executed on its own from a state the test sets up.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/test_machine.hpp"

namespace irqsim::test {

// For each line (one instruction, or a `.inst` word), sets up the machine with
// `setup(Cpu&, index)`, executes that one instruction and calls
// `check(TestMachine&, index)`. Events (e.g. "undef") are recorded in
// m.sys.events, cleared before each instruction.
template <typename Setup, typename Check>
void for_each_insn(const std::vector<std::string>& lines, Setup setup, Check check) {
    std::string source;
    for (const auto& l : lines) source += l + "\n";
    TestMachine m;
    auto words = assemble(source);
    REQUIRE(words.size() == lines.size());
    m.load(words);
    m.sys.stop_on_event = true;
    for (size_t i = 0; i < lines.size(); ++i) {
        m.sys.events.clear();
        setup(m.cpu, i);
        m.cpu.pc = TestMachine::kCodeBase + 4 * i;
        m.cpu.step();
        INFO(lines[i]);
        check(m, i);
    }
}

// Whether the instruction just run was UNDEFINED.
inline bool was_undefined(const TestMachine& m) { return m.sys.events.size() == 1 && m.sys.events[0].kind == "undef"; }

}  // namespace irqsim::test
