// Small helpers shared by the load/store and atomic tests: guest memory
// access from the host, and running a hand-modified instruction word.
#pragma once

#include <catch2/catch.hpp>

#include <string_view>

#include "support/test_machine.hpp"

namespace irqsim::test {

inline constexpr uint64_t kData = TestMachine::kDataBase;
inline constexpr uint64_t kDataEnd = TestMachine::kDataBase + TestMachine::kDataSize;

template <typename T>
void poke(TestMachine& m, uint64_t addr, T v) {
    REQUIRE(m.bus.copy_in(addr, &v, sizeof v));
}
template <typename T>
T peek(TestMachine& m, uint64_t addr) {
    T v{};
    REQUIRE(m.bus.copy_out(addr, &v, sizeof v));
    return v;
}
// The first word the assembler makes of `source`.
inline uint32_t word_of(std::string_view source) { return assemble(source).at(0); }
// Runs one instruction word (for encodings the assembler refuses), then stops.
inline void run_word(TestMachine& m, uint32_t word) {
    m.load({word, word_of("svc #0xffff")});
    m.cpu.run(10);
    if (!m.sys.events.empty() && m.sys.events.back().kind == "svc") m.sys.events.pop_back();
}
// Replaces the Rt and Rn fields ([4:0], [9:5]) ...
inline uint32_t with_regs(uint32_t w, unsigned t, unsigned n) { return (w & ~0x3ffu) | (n << 5) | t; }
// ... and Rt2 ([14:10]) of a pair.
inline uint32_t with_regs(uint32_t w, unsigned t, unsigned n, unsigned t2) {
    return (with_regs(w, t, n) & ~(0x1fu << 10)) | (t2 << 10);
}

}  // namespace irqsim::test
