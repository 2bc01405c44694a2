// Independent simulations on host threads: the designs of one `irqsim
// compare`, the runs of a sweep. Each simulation is a pure function of its
// inputs, so which thread runs it changes nothing in its result; the CPUs
// inside one are interleaved by the simulator, never by host threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace irqsim {

// Runs task(0) ... task(n - 1) on `jobs` host threads (this one among them),
// each index once, taken in order. A task that returns false stops any
// index from being started after it. Returns how many were started.
template <class Task>
size_t run_on_threads(size_t n, unsigned jobs, Task&& task) {
    std::atomic<size_t> next{0};
    std::atomic<bool> stop{false};
    auto worker = [&] {
        for (size_t i; !stop && (i = next++) < n;)
            if (!task(i)) stop = true;
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    return std::min(n, next.load());
}

}  // namespace irqsim
