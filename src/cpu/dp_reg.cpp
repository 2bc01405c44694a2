// C4.1.89 Data Processing -- Register: semantics and decode.
#include "cpu/exec.hpp"

namespace irqsim {}  // namespace irqsim
