// libFuzzer target: workload files (src/workload). Any text must either
// parse to a workload that passes validate_workload() and reads back equal
// from format_workload(), or be refused with a WorkloadError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "irqsim/workload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace irqsim;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    Workload w;
    try {
        w = parse_workload(text, "fuzz.toml");
    } catch (const WorkloadError&) {
        return 0;
    }
    validate_workload(w);  // what parse_workload accepted must be valid
    Workload again = parse_workload(format_workload(w), "again.toml");
    again.origin = w.origin;
    if (!(again == w)) std::abort();  // format_workload must round-trip
    return 0;
}
