// A set-associative cache of line addresses with LRU replacement: enough to
// tell a hit from a miss (no data, no coherence: irqsim's CPUs share RAM
// directly, and the L2 is one object shared by every CPU's model).
#pragma once

#include <cstdint>
#include <vector>

#include "cycles/core_model.hpp"

namespace irqsim::cycles {

class Cache {
public:
    explicit Cache(const CacheGeometry& g)
        : ways_(g.ways), line_shift_(__builtin_ctz(g.line_bytes)), sets_(g.size_bytes / (g.ways * g.line_bytes)),
          tags_(size_t{sets_} * ways_, kEmpty), stamps_(size_t{sets_} * ways_, 0) {}

    // Looks `addr`'s line up; on a miss, allocates it (evicting the least
    // recently used way). Returns whether it hit.
    bool access(uint64_t addr) {
        uint64_t line = addr >> line_shift_;
        size_t base = static_cast<size_t>(line % sets_) * ways_;
        size_t victim = base;
        ++clock_;
        for (size_t w = base; w < base + ways_; ++w) {
            if (tags_[w] == line) {
                stamps_[w] = clock_;
                return true;
            }
            if (stamps_[w] < stamps_[victim]) victim = w;
        }
        tags_[victim] = line;
        stamps_[victim] = clock_;
        return false;
    }
    bool contains(uint64_t addr) const {
        uint64_t line = addr >> line_shift_;
        size_t base = static_cast<size_t>(line % sets_) * ways_;
        for (size_t w = base; w < base + ways_; ++w)
            if (tags_[w] == line) return true;
        return false;
    }
    void flush() {
        std::fill(tags_.begin(), tags_.end(), kEmpty);
        std::fill(stamps_.begin(), stamps_.end(), 0);
    }
    unsigned line_bytes() const { return 1u << line_shift_; }

private:
    static constexpr uint64_t kEmpty = ~uint64_t{0};
    unsigned ways_, line_shift_, sets_;
    std::vector<uint64_t> tags_;
    std::vector<uint64_t> stamps_;
    uint64_t clock_ = 0;
};

}  // namespace irqsim::cycles
