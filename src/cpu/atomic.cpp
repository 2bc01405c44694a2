// Exclusives, load-acquire/store-release and LSE atomics: semantics and decode.
#include "cpu/exec.hpp"

namespace irqsim {}  // namespace irqsim
