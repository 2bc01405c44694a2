// Runs many single instructions cheaply: one assembler run for all of them,
// then each is executed on its own from a state the test sets up.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/test_machine.hpp"

namespace irqsim::test {

// Lines of single instructions (or `.inst` words), assembled once. run()
// executes each on its own: it sets up the machine with `setup(Cpu&, index)`,
// executes that one instruction and calls `check(TestMachine&, index)`.
// Events (e.g. "undef") are recorded in m.sys.events, cleared before each.
class InsnBatch {
public:
    explicit InsnBatch(std::vector<std::string> lines) : lines_(std::move(lines)) {
        std::string source;
        for (const auto& l : lines_) source += l + "\n";
        auto words = assemble(source);
        REQUIRE(words.size() == lines_.size());
        m_.load(words);
        m_.sys.stop_on_event = true;
    }
    template <typename Setup, typename Check>
    void run(Setup setup, Check check) {
        for (size_t i = 0; i < lines_.size(); ++i) {
            m_.sys.events.clear();
            setup(m_.cpu, i);
            m_.cpu.pc = TestMachine::kCodeBase + 4 * i;
            m_.cpu.step();
            INFO(lines_[i]);
            check(m_, i);
        }
    }

private:
    std::vector<std::string> lines_;
    TestMachine m_;
};

template <typename Setup, typename Check>
void for_each_insn(std::vector<std::string> lines, Setup setup, Check check) {
    InsnBatch(std::move(lines)).run(setup, check);
}

// Whether the instruction just run was UNDEFINED.
inline bool was_undefined(const TestMachine& m) { return m.sys.events.size() == 1 && m.sys.events[0].kind == "undef"; }

}  // namespace irqsim::test
