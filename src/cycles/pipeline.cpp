// The timing engine (pipeline.hpp).
#include "cycles/pipeline.hpp"

#include <algorithm>

namespace irqsim::cycles {

const char* stall_name(Stall s) {
    static constexpr const char* kNames[] = {"none",     "dependency", "resource", "cache-miss",
                                             "frontend", "mispredict", "serialize"};
    return kNames[static_cast<unsigned>(s)];
}

Pipeline::Pipeline(const CoreModel& m) : m_(m) {
    const unsigned valid = (1u << m_.unit_count) - 1;
    for (unsigned k = 0; k < kClassCount; ++k) {
        SingleCycleUses one{};
        bool all_single = true;
        for (const ResUse& r : m_.cost[k].res) {
            if (!r.units) continue;
            uses_units_[k] = true;
            // A use of no valid unit never finds one: left to book_resources.
            if (r.cycles != 1 || !(r.units & valid)) all_single = false;
            one.units[one.n++] = static_cast<uint8_t>(r.units & valid);
        }
        if (uses_units_[k] && all_single) single_[k] = one;
    }
    reset();
}

void Pipeline::reset() {
    busy_.fill(0);
    low_ = 0;
    regs_.fill({0, WriteKind::Other, false});
    disp_cycle_ = 0;
    disp_used_ = 0;
    fetch_ready_ = 0;
    fetch_why_ = Stall::None;
    rob_.fill(0);
    pushed_ = uops_ = 0;
    last_retire_ = complete_max_ = last_writeback_ = 0;
    last_load_issue_ = last_store_done_ = mem_done_max_ = barrier_done_ = 0;
}

bool Pipeline::unit_free(unsigned unit, uint64_t t, unsigned n) const {
    for (uint64_t c = t; c < t + n; ++c) {
        if (c >= low_ + kWindow) return true;  // beyond the calendar: nothing booked there
        if (busy_[c % kWindow] >> unit & 1) return false;
    }
    return true;
}

void Pipeline::book(unsigned unit, uint64_t t, unsigned n, bool set) {
    for (uint64_t c = t; c < t + n && c < low_ + kWindow; ++c) {
        uint8_t& b = busy_[c % kWindow];
        b = static_cast<uint8_t>(set ? b | 1u << unit : b & ~(1u << unit));
    }
}

uint64_t Pipeline::book_resources(const ClassCost& c, uint64_t t0) {
    const unsigned valid = (1u << m_.unit_count) - 1;
    for (uint64_t t = std::max(t0, low_);; ++t) {
        if (t >= low_ + kWindow) return t;  // give up booking: a pathological wait
        struct Chosen {
            unsigned unit, cycles;
        };
        std::array<Chosen, 3> chosen{};
        unsigned n = 0;
        bool ok = true;
        for (const ResUse& r : c.res) {
            if (!r.units) continue;
            bool found = false;
            // The lowest-numbered free unit of the group.
            for (unsigned units = r.units & valid; units; units &= units - 1) {
                unsigned u = static_cast<unsigned>(__builtin_ctz(units));
                if (!unit_free(u, t, r.cycles)) continue;
                book(u, t, r.cycles, true);
                chosen[n++] = {u, r.cycles};
                found = true;
                break;
            }
            if (!found) {
                ok = false;
                break;
            }
        }
        if (ok) return t;
        for (unsigned k = 0; k < n; ++k) book(chosen[k].unit, t, chosen[k].cycles, false);
    }
}

}  // namespace irqsim::cycles
