#include "trace_check.hpp"

#include <catch2/catch.hpp>

namespace irqsim::test {

std::map<int, ProcessCounts> check_trace(const nlohmann::json& doc) {
    REQUIRE(doc.is_object());
    REQUIRE(doc.contains("traceEvents"));
    const auto& events = doc["traceEvents"];
    REQUIRE(events.is_array());
    std::map<int, ProcessCounts> out;
    std::map<std::pair<int, int>, std::vector<const nlohmann::json*>> open;
    std::map<std::pair<int, int>, double> last_ts;
    std::map<std::pair<int, std::string>, double> last_counter_ts;
    for (const auto& e : events) {
        INFO(e.dump());
        REQUIRE(e.is_object());
        REQUIRE(e["ph"].is_string());
        REQUIRE(e["name"].is_string());
        REQUIRE(e["pid"].is_number_integer());
        std::string ph = e["ph"], name = e["name"];
        int pid = e["pid"];
        ProcessCounts& p = out[pid];
        if (ph == "M") {
            if (name == "process_name") p.name = e["args"]["name"];
            continue;
        }
        REQUIRE(e["ts"].is_number());
        double ts = e["ts"];
        if (ph == "C") {
            REQUIRE(e["args"].is_object());
            auto key = std::pair(pid, name);
            if (last_counter_ts.count(key)) CHECK(ts >= last_counter_ts[key]);
            last_counter_ts[key] = ts;
            for (auto& [k, v] : e["args"].items()) {
                REQUIRE(v.is_number());
                p.counter_max[name] = std::max(p.counter_max[name], v.get<double>());
            }
            continue;
        }
        REQUIRE(e["tid"].is_number_integer());
        int tid = e["tid"];
        auto track = std::pair(pid, tid);
        if (last_ts.count(track)) REQUIRE(ts >= last_ts[track]);
        last_ts[track] = ts;
        auto& stack = open[track];
        if (ph == "B") {
            REQUIRE(e["cat"].is_string());
            std::string cat = e["cat"];
            bool resumed = e.contains("args") && e["args"].value("resumed", false);
            if (cat == "irq_phase") {
                REQUIRE(!stack.empty());
                CHECK((*stack.back())["cat"] == "irq");  // a phase is a child of its IRQ
            }
            if (!resumed) {
                ++p.slices[name];
                if (cat == "irq" || cat == "exception") ++p.tracks[tid].exceptions[name];
                if (cat == "irq") {
                    unsigned depth = 1;
                    for (const auto* o : stack) depth += (*o)["cat"] == "irq";
                    ++p.irq_slices;
                    p.nested_irq_slices += depth > 1;
                    p.max_irq_depth = std::max(p.max_irq_depth, depth);
                }
            }
            stack.push_back(&e);
        } else if (ph == "E") {
            REQUIRE(!stack.empty());
            REQUIRE((*stack.back())["name"] == name);
            stack.pop_back();
        } else if (ph == "i") {
            REQUIRE(e.value("s", "") == "t");
            ++p.instants[name];
            if (name == "stack switch" && e["args"]["to"].get<std::string>().rfind("IRQ stack", 0) == 0)
                ++p.switches_to_irq_stack;
        } else {
            FAIL("unexpected phase " << ph);
        }
    }
    for (auto& [track, stack] : open) {
        INFO("pid " << track.first << " tid " << track.second);
        CHECK(stack.empty());
    }
    return out;
}

}  // namespace irqsim::test
