// The timing engine (pipeline.hpp).
#include "cycles/pipeline.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace irqsim::cycles {

const char* stall_name(Stall s) {
    static constexpr const char* kNames[] = {"none",     "dependency", "resource", "cache-miss",
                                             "frontend", "mispredict", "serialize"};
    return kNames[static_cast<unsigned>(s)];
}

Pipeline::Pipeline(const CoreModel& m) : m_(m) {
    if (m.rob_entries > kRob) throw std::invalid_argument("core model: rob_entries beyond the pipeline's ring");
    for (const ClassCost& c : m.cost)
        for (const ResUse& r : c.res) max_use_cycles_ = std::max<unsigned>(max_use_cycles_, r.cycles);
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

void Pipeline::form(Form& f) const {
    const uint64_t base = disp_cycle_;
    f.base = base;
    f.pushed = pushed_;
    f.uops = uops_;
    f.n = 0;
    unsigned n = 0;
    auto later = [&](uint64_t t) { return t > base ? t - base : 0; };  // 0: no later push can tell it apart
    f.w[n++] = disp_used_;
    f.w[n++] = fetch_ready_ > base ? (fetch_ready_ - base) << 8 | static_cast<unsigned>(fetch_why_) : 0;
    for (unsigned r = 0; r < kRegCount; ++r) {
        const Reg& g = regs_[r];
        const uint64_t rel = later(g.ready);
        if (rel >> 48) return;
        f.w[n++] = rel ? rel | uint64_t{static_cast<uint8_t>(g.kind)} << 48 | uint64_t{g.miss} << 56 : 0;
    }
    if (!m_.in_order) {
        // The last rob_entries retire times, oldest first: up to two spans of the ring.
        const unsigned entries = m_.rob_entries, end = pushed_ % kRob;
        const unsigned first = (end + kRob - entries) % kRob;
        const unsigned span = std::min(entries, kRob - first);
        for (unsigned j = 0; j < span; ++j) f.w[n + j] = std::max(rob_[first + j], base) - base;
        for (unsigned j = span; j < entries; ++j) f.w[n + j] = std::max(rob_[j - span], base) - base;
        n += entries;
    }
    // Exact (as differences): the retire clock, completion, the calendar's floor.
    f.w[n++] = last_retire_ - base;
    f.w[n++] = complete_max_ - base;
    f.w[n++] = low_ - base;
    f.w[n++] = later(last_writeback_);
    f.w[n++] = later(last_load_issue_);
    f.w[n++] = later(last_store_done_);
    f.w[n++] = later(mem_done_max_);
    f.w[n++] = later(barrier_done_);
    // The calendar's live slots (live_span).
    const LiveSpan live = live_span();
    const uint64_t len = live.to - live.from;
    if (n + 1 + (len + 7) / 8 > Form::kMaxWords) return;
    f.w[n++] = len;
    const unsigned words = static_cast<unsigned>((len + 7) / 8);
    if (words) f.w[n + words - 1] = 0;  // the bytes past len
    copy_slots(reinterpret_cast<uint8_t*>(&f.w[n]), live.from, len);
    f.n = n + words;
}

Pipeline::LiveSpan Pipeline::live_span() const {
    const uint64_t from = std::max(disp_cycle_, low_);
    return {from, std::min(low_ + kWindow, std::max(from, complete_max_ + max_use_cycles_))};
}

void Pipeline::copy_slots(uint8_t* out, uint64_t t, uint64_t n) const {
    const uint64_t at = t % kRing, span = std::min<uint64_t>(n, kRing - at);
    std::memcpy(out, &busy_[at], span);
    std::memcpy(out + span, &busy_[0], n - span);
}

void Pipeline::shift(uint64_t cycles, uint64_t insns, uint64_t uops) {
    // The live calendar (live_span) moves; the slots of every cycle that may
    // hold a booking, [cleared_, to), are cleared, so every slot below
    // cleared_ is clear again.
    const auto [from, to] = live_span();
    std::array<uint8_t, kWindow> live;
    const uint64_t len = to - from;
    copy_slots(live.data(), from, len);
    if (to - cleared_ >= kRing) {
        busy_.fill(0);
    } else {
        const uint64_t a = cleared_ % kRing, b = to % kRing;
        if (a <= b) {
            std::fill(busy_.begin() + a, busy_.begin() + b, 0);
        } else {
            std::fill(busy_.begin() + a, busy_.end(), 0);
            std::fill(busy_.begin(), busy_.begin() + b, 0);
        }
    }
    {
        const uint64_t at = (from + cycles) % kRing, span = std::min<uint64_t>(len, kRing - at);
        std::memcpy(&busy_[at], live.data(), span);
        std::memcpy(&busy_[0], live.data() + span, len - span);
    }
    low_ += cycles;
    cleared_ = low_;
    // Every time moves; those no push can tell apart stay so.
    for (unsigned r = 0; r < kRegCount; ++r) regs_[r].ready += cycles;  // not kRegNever: never written
    disp_cycle_ += cycles;
    fetch_ready_ += cycles;
    // The ring turns by `insns` slots: entry i moves to i + insns.
    const std::array<uint64_t, kRob> rob = rob_;
    const unsigned turn = insns % kRob;
    for (unsigned i = 0; i < kRob - turn; ++i) rob_[i + turn] = rob[i] + cycles;
    for (unsigned i = kRob - turn; i < kRob; ++i) rob_[i + turn - kRob] = rob[i] + cycles;
    pushed_ += insns;
    uops_ += uops;
    last_retire_ += cycles;
    complete_max_ += cycles;
    last_writeback_ += cycles;
    last_load_issue_ += cycles;
    last_store_done_ += cycles;
    mem_done_max_ += cycles;
    barrier_done_ += cycles;
}

}  // namespace irqsim::cycles
