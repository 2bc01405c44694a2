// The counted register loops of src/cpu/counted_loop.cpp, for the cycle
// models' steady-loop pricing (src/cycles/steady_loop.cpp), which skips
// passes that the model's state shows would each cost the same.
#pragma once

#include <cstdint>
#include <optional>

#include "cpu/decoder.hpp"

namespace irqsim {

// Whether `w` is ADD/SUB (immediate), either S: what every counted loop
// starts with (its step), the cheap first test.
inline bool is_add_sub_immediate(uint32_t w) { return (w & 0x1f800000u) == 0x11000000u; }

struct CountedLoopPasses {
    unsigned len;     // instructions per pass
    uint64_t passes;  // passes from here that end back at the loop's start, at most
};
// The counted loop whose first instruction is `head`, the slot of c.pc and
// decoded with the loop's fast-forward (so no PC hook is near it), or nullopt.
std::optional<CountedLoopPasses> counted_loop_passes(const Cpu& c, const DecodedInsn& head);
// Runs `passes` (at most counted_loop_passes' figure) passes of that loop in
// closed form, outside any exec function: the counter, NZCV and the run's
// count as stepping them gives; the PC stays at the loop's start.
void counted_loop_skip(Cpu& c, const DecodedInsn& head, uint64_t passes);

}  // namespace irqsim
