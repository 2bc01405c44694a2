// A set-associative cache of line addresses with LRU replacement: enough to
// tell a hit from a miss (no data, no coherence: irqsim's CPUs share RAM
// directly, and the L2 is one object shared by every CPU's model).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "cycles/core_model.hpp"

namespace irqsim::cycles {

class Cache {
public:
    explicit Cache(const CacheGeometry& g)
        : ways_(g.ways), line_shift_(__builtin_ctz(g.line_bytes)), sets_(g.size_bytes / (g.ways * g.line_bytes)),
          set_mask_((sets_ & (sets_ - 1)) == 0 ? sets_ - 1 : 0), tags_(size_t{sets_} * ways_, kEmpty),
          stamps_(size_t{sets_} * ways_, 0) {}

    // Looks `addr`'s line up; on a miss, allocates it (evicting the least
    // recently used way). Returns whether it hit.
    bool access(uint64_t addr) {
        uint64_t line = addr >> line_shift_;
        // The line touched last is present and already the most recently
        // used of its set: nothing to update (stamps only order the ways).
        if (line == last_line_) return true;
        last_line_ = line;
        size_t base = set_of(line) * ways_;
        size_t victim = base;
        ++clock_;
        for (size_t w = base; w < base + ways_; ++w) {
            if (tags_[w] == line && stamps_[w] > flushed_at_) {
                stamps_[w] = clock_;
                return true;
            }
            // An emptied way's stamp is at most flushed_at_, below every
            // line's since: it goes first, as an empty way did.
            if (stamps_[w] < stamps_[victim]) victim = w;
        }
        tags_[victim] = line;
        stamps_[victim] = clock_;
        return false;
    }
    bool contains(uint64_t addr) const {
        uint64_t line = addr >> line_shift_;
        size_t base = set_of(line) * ways_;
        for (size_t w = base; w < base + ways_; ++w)
            if (tags_[w] == line && stamps_[w] > flushed_at_) return true;
        return false;
    }
    // Empties the cache at once: every way used before now counts as empty
    // (compare's cold-cache runs flush at each interrupt, and clearing an
    // L2's 8192 tags and stamps each time was 6% of such a run). A
    // miss then takes the emptied way with the oldest stamp, not the first
    // way of a cleared set, which changes where a line sits but not what
    // hits: the lines held and their order of use are the same.
    void flush() {
        flushed_at_ = clock_;
        last_line_ = kEmpty;
    }
    unsigned line_bytes() const { return 1u << line_shift_; }

private:
    static constexpr uint64_t kEmpty = ~uint64_t{0};
    size_t set_of(uint64_t line) const {
        return static_cast<size_t>(set_mask_ ? line & set_mask_ : line % sets_);  // every core's sets are a power of two
    }
    unsigned ways_, line_shift_, sets_;
    uint64_t set_mask_;  // sets_ - 1 when a power of two (else 0: divide)
    std::vector<uint64_t> tags_;
    std::vector<uint64_t> stamps_;
    uint64_t clock_ = 0;
    uint64_t flushed_at_ = 0;  // a way whose stamp is at most this is empty (flush())
    uint64_t last_line_ = kEmpty;
};

}  // namespace irqsim::cycles
