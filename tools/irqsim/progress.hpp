// Progress of a batch of runs (compare's designs, a sweep's grid) on stderr.
// On a terminal: one line redrawn in place, a bar with the count, the rate and
// the time left. Otherwise (a log file, a pipe, a batch job): plain lines at
// every tenth of the way, or nothing at all when `plain_lines` is off.
// Only stderr is touched, so what a run writes elsewhere does not change.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace irqsim::cli {

class Progress {
public:
    // `what` prefixes every line ("irqsim sweep"); `unit` names one item ("run").
    Progress(std::string what, std::string unit, uint64_t total, bool plain_lines);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    // An item is under way (shown on a terminal only).
    void started(const std::string& label);
    // An item is done. Both may be called from any thread.
    void finished(const std::string& label);
    // Ends the bar's line on a terminal.
    void close();

    // The bar's text for a state, without terminal codes (tests use it).
    static std::string line(uint64_t done, uint64_t total, double seconds, const std::string& label, unsigned width);

private:
    void draw(const std::string& label);
    std::string what_, unit_;
    uint64_t total_, done_ = 0;
    unsigned next_tenth_ = 1;
    bool tty_, plain_, open_ = false;
    std::chrono::steady_clock::time_point start_;
    std::mutex mutex_;
};

}  // namespace irqsim::cli
