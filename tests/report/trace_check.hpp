// A structural check of a trace-event file (the "traceEvents" JSON format
// Perfetto and chrome://tracing load) and what its slices add up to.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace irqsim::test {

struct TrackCounts {
    std::map<std::string, unsigned> exceptions;  // exception slices begun (not resumed) by name
};
struct ProcessCounts {
    std::string name;
    unsigned irq_slices = 0, nested_irq_slices = 0, max_irq_depth = 0;
    std::map<unsigned, TrackCounts> tracks;         // by tid (CPU)
    std::map<std::string, unsigned> slices;         // every slice begun, by name
    std::map<std::string, unsigned> instants;       // by name
    unsigned switches_to_irq_stack = 0;
    std::map<std::string, double> counter_max;      // by counter name
};

// Throws (a Catch2 failure) on the first violation: an event without its
// fields, a time going back on a track, an E that is not the innermost
// open B of its track, a slice left open, a phase outside an IRQ.
std::map<int, ProcessCounts> check_trace(const nlohmann::json& doc);

}  // namespace irqsim::test
