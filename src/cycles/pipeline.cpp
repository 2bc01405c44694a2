// The timing engine (pipeline.hpp).
#include "cycles/pipeline.hpp"

#include <algorithm>
#include <stdexcept>

namespace irqsim::cycles {

const char* stall_name(Stall s) {
    static constexpr const char* kNames[] = {"none",     "dependency", "resource", "cache-miss",
                                             "frontend", "mispredict", "serialize"};
    return kNames[static_cast<unsigned>(s)];
}

Pipeline::Pipeline(const CoreModel& m) : m_(m) {
    if (m.rob_entries > kRob) throw std::invalid_argument("core model: rob_entries beyond the pipeline's ring");
    reset();
}

InsnCost Pipeline::prepare(const InsnInfo& insn) const {
    const unsigned cls = static_cast<unsigned>(insn.cls);
    const ClassCost& c = m_.cost[cls];
    InsnCost op;
    op.cls = static_cast<uint8_t>(cls);
    op.uops = c.uops;
    op.latency = c.latency;
    op.writes = c.writes;

    // Units: all of one cycle (and each of some unit this core has) is the
    // common case, booked without the general search.
    const unsigned valid = (1u << m_.unit_count) - 1;
    bool uses_units = false, all_single = true;
    for (const ResUse& r : c.res) {
        if (!r.units) continue;
        uses_units = true;
        // A use of no valid unit never finds one: left to book_resources.
        if (r.cycles != 1 || !(r.units & valid)) all_single = false;
        op.units[op.nunits++] = static_cast<uint8_t>(r.units & valid);
    }
    op.booking = !uses_units   ? InsnCost::Booking::None
                 : !all_single ? InsnCost::Booking::General
                 : op.nunits == 1 ? InsnCost::Booking::OneUnit
                 : op.nunits == 2 ? InsnCost::Booking::TwoUnits
                                  : InsnCost::Booking::SingleCycle;

    op.is_load = insn.mem == Mem::Load || insn.mem == Mem::Atomic;
    op.is_store = insn.mem == Mem::Store || insn.mem == Mem::Atomic;
    op.is_mem = insn.mem != Mem::None;
    op.mem_barrier = insn.mem_barrier;

    op.nsrc = insn.nsrc;
    for (unsigned k = 0; k < insn.nsrc; ++k) {
        op.src[k] = insn.src[k];
        const auto& row = m_.advance[static_cast<unsigned>(insn.src_kind[k])];
        bool forwards = std::any_of(row.begin(), row.end(), [](uint8_t a) { return a != 0; });
        op.src_read[k] = forwards ? static_cast<uint8_t>(insn.src_kind[k]) : InsnCost::kNoAdvance;
        op.forwarded |= forwards;
    }
    op.ndst = insn.ndst;
    unsigned first_wb = c.latency, done_lat = c.latency, done_wb = 0;
    for (unsigned k = 0; k < insn.ndst; ++k) {
        unsigned lat;
        switch (insn.dst_lat[k]) {
            case DstLat::Second: lat = c.latency2 ? c.latency2 : c.latency; break;
            case DstLat::Writeback: lat = c.wb_latency; break;
            default: lat = c.latency; break;
        }
        const bool result = insn.dst_lat[k] != DstLat::Writeback;
        op.dst[k] = insn.dst[k];
        op.dst_lat[k] = static_cast<uint8_t>(lat);
        op.dst_result[k] = result;
        op.dst_kind[k] = result ? c.writes : WriteKind::Other;
        first_wb = std::min(first_wb, lat);
        if (result)
            done_lat = std::max(done_lat, lat);
        else
            done_wb = std::max(done_wb, lat);
    }
    op.simple = !op.is_mem && !op.mem_barrier && !op.forwarded && op.nsrc <= 2 && op.ndst == 1 && op.dst_result[0];
    if (op.simple)
        for (unsigned k = op.nsrc; k < 2; ++k) op.src[k] = kRegNever;
    op.first_wb = static_cast<uint8_t>(first_wb);
    op.done_lat = static_cast<uint8_t>(done_lat);
    op.done_wb = static_cast<uint8_t>(done_wb);
    return op;
}

void Pipeline::reset() {
    busy_.fill(0);
    low_ = cleared_ = 0;
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

void Pipeline::clear_below_low() {
    if (low_ - cleared_ >= kRing) {
        busy_.fill(0);  // nothing is booked at or above low_: the top was below it
    } else {
        // [cleared_, low_) on the ring: one or two spans.
        const uint64_t from = cleared_ % kRing, to = low_ % kRing;
        if (from < to) {
            std::fill(busy_.begin() + from, busy_.begin() + to, 0);
        } else {
            std::fill(busy_.begin() + from, busy_.end(), 0);
            std::fill(busy_.begin(), busy_.begin() + to, 0);
        }
    }
    cleared_ = low_;
}

bool Pipeline::unit_free(unsigned unit, uint64_t t, unsigned n) const {
    for (uint64_t c = t; c < t + n; ++c) {
        if (c >= low_ + kWindow) return true;  // beyond the calendar: nothing booked there
        if (busy_[c % kRing] >> unit & 1) return false;
    }
    return true;
}

void Pipeline::book(unsigned unit, uint64_t t, unsigned n, bool set) {
    for (uint64_t c = t; c < t + n && c < low_ + kWindow; ++c) {
        uint8_t& b = busy_[c % kRing];
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
