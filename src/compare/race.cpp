// The lost-update race search (compare.hpp, search_race).
#include "irqsim/compare.hpp"

namespace irqsim {

std::vector<RaceTrial> search_race(const std::string& design, const CompareOptions& base,
                                   const std::vector<uint64_t>& workload_seeds, uint64_t first_interleave_seed,
                                   unsigned count, bool stop_at_loss) {
    std::vector<RaceTrial> trials;
    for (uint64_t seed : workload_seeds) {
        for (uint64_t i = first_interleave_seed; i < first_interleave_seed + count; ++i) {
            CompareOptions o = base;
            o.workload.seed = seed;
            o.interleave_seed = i;
            trials.push_back({seed, i, run_design(design, o)});
            if (stop_at_loss && trials.back().report.lost_flag_updates) return trials;
        }
    }
    return trials;
}

}  // namespace irqsim
