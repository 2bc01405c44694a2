// Words whose result the Arm ARM leaves CONSTRAINED UNPREDICTABLE (K1.2):
// the simulator picks one permitted behaviour (documented where it is
// implemented), which an oracle may not share, so differential generators
// skip these words.
#pragma once

#include <cstdint>

namespace irqsim {

// True for an allocated word whose result is CONSTRAINED UNPREDICTABLE.
// Covers the load/store, exclusive and atomic rows (src/cpu/loadstore.cpp,
// src/cpu/atomic.cpp); other classes add their cases in unpredictable.cpp.
bool constrained_unpredictable(uint32_t word);

}  // namespace irqsim
