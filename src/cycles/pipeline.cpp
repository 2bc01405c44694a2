// The timing engine (pipeline.hpp).
#include "cycles/pipeline.hpp"

#include <algorithm>

namespace irqsim::cycles {

const char* stall_name(Stall s) {
    static constexpr const char* kNames[] = {"none",     "dependency", "resource", "cache-miss",
                                             "frontend", "mispredict", "serialize"};
    return kNames[static_cast<unsigned>(s)];
}

Pipeline::Pipeline(const CoreModel& m) : m_(m) { reset(); }

void Pipeline::reset() {
    for (auto& u : busy_) u.fill(0);
    low_ = 0;
    reg_ready_.fill(0);
    reg_kind_.fill(WriteKind::Other);
    reg_miss_.fill(false);
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
        uint64_t slot = c % kWindow;
        if (busy_[unit][slot / 64] >> (slot % 64) & 1) return false;
    }
    return true;
}

void Pipeline::book(unsigned unit, uint64_t t, unsigned n, bool set) {
    for (uint64_t c = t; c < t + n && c < low_ + kWindow; ++c) {
        uint64_t slot = c % kWindow;
        uint64_t bitm = uint64_t{1} << (slot % 64);
        if (set)
            busy_[unit][slot / 64] |= bitm;
        else
            busy_[unit][slot / 64] &= ~bitm;
    }
}

void Pipeline::advance_low(uint64_t low) {
    if (low <= low_) return;
    if (low - low_ >= kWindow) {
        for (auto& u : busy_) u.fill(0);
    } else {
        for (uint64_t c = low_; c < low; ++c) {
            uint64_t slot = c % kWindow;
            for (unsigned u = 0; u < m_.unit_count; ++u) busy_[u][slot / 64] &= ~(uint64_t{1} << (slot % 64));
        }
    }
    low_ = low;
}

uint64_t Pipeline::book_resources(const ClassCost& c, uint64_t t0) {
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
            for (unsigned u = 0; u < m_.unit_count; ++u) {
                if (!(r.units >> u & 1) || !unit_free(u, t, r.cycles)) continue;
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

void Pipeline::frontend_at(uint64_t cycle, Stall why) {
    if (cycle > fetch_ready_) {
        fetch_ready_ = cycle;
        fetch_why_ = why;
    }
}

Timing Pipeline::push(const InsnInfo& insn, const Extra& extra) {
    const ClassCost& c = m_.cost[static_cast<unsigned>(insn.cls)];
    const unsigned width = m_.dispatch_width;
    Stall why = Stall::None;

    // --- dispatch (in order) ----------------------------------------------
    uint64_t d = disp_cycle_;
    if (fetch_ready_ > d) {
        d = fetch_ready_;
        why = fetch_why_;
    }
    if (d > disp_cycle_) {
        disp_cycle_ = d;
        disp_used_ = 0;
    }
    if (disp_used_ && disp_used_ + c.uops > width) {
        ++disp_cycle_;
        disp_used_ = 0;
    }
    if (!m_.in_order && pushed_ >= m_.rob_entries) {
        // The reorder window is full until the instruction rob_entries back retires.
        uint64_t free_at = rob_[(pushed_ - m_.rob_entries) % kRob];
        if (free_at > disp_cycle_) {
            disp_cycle_ = free_at;
            disp_used_ = 0;
            why = Stall::Resource;
        }
    }
    uint64_t dispatch = disp_cycle_;

    // --- operands -----------------------------------------------------------
    // Out of order, an instruction issues at the earliest the cycle after it
    // dispatched (llvm-mca's timeline: D then e); in order, dispatch is issue.
    uint64_t t0 = m_.in_order ? dispatch : dispatch + 1;
    uint64_t base = t0;
    for (unsigned k = 0; k < insn.nsrc; ++k) {
        uint8_t r = insn.src[k];
        uint64_t adv = m_.advance[static_cast<unsigned>(insn.src_kind[k])][static_cast<unsigned>(reg_kind_[r])];
        uint64_t ready = reg_ready_[r] > adv ? reg_ready_[r] - adv : 0;
        if (ready > t0) {
            t0 = ready;
            why = reg_miss_[r] ? Stall::CacheMiss : Stall::Dependency;
        }
    }
    if (extra.serialize && complete_max_ > t0) {
        t0 = complete_max_;
        why = Stall::Serialize;
    }
    // Memory ordering as llvm-mca's LSUnit (out of order only; its in-order
    // stage keeps program order anyway): a store waits for older loads to
    // issue and older stores to complete; barriers order everything.
    if (!m_.in_order && (insn.mem != Mem::None || insn.mem_barrier)) {
        uint64_t want = barrier_done_;
        if (insn.mem == Mem::Store || insn.mem == Mem::Atomic) want = std::max({want, last_load_issue_, last_store_done_});
        if (insn.mem_barrier) want = std::max(want, mem_done_max_);
        if (want > t0) {
            t0 = want;
            why = Stall::Dependency;
        }
    }

    // In order, results are written back in program order (llvm-mca's
    // InOrderIssueStage): an instruction whose first write would land before
    // the previous instruction's last one waits.
    uint64_t first_wb = c.latency;
    if (m_.in_order) {
        for (unsigned k = 0; k < insn.ndst; ++k)
            first_wb = std::min<uint64_t>(first_wb, insn.dst_lat[k] == DstLat::Writeback ? c.wb_latency
                                                    : insn.dst_lat[k] == DstLat::Second && c.latency2 ? c.latency2
                                                                                                      : c.latency);
        if (t0 + first_wb < last_writeback_) {
            t0 = last_writeback_ - first_wb;
            why = Stall::Dependency;
        }
    }

    // --- issue --------------------------------------------------------------
    uint64_t t = book_resources(c, t0);
    if (t > t0) why = Stall::Resource;
    (void)base;

    // --- results --------------------------------------------------------------
    bool is_load = insn.mem == Mem::Load || insn.mem == Mem::Atomic;
    uint64_t load_extra = is_load ? extra.load_latency : 0;
    uint64_t done = t + c.latency + load_extra;
    for (unsigned k = 0; k < insn.ndst; ++k) {
        uint8_t r = insn.dst[k];
        uint64_t lat;
        switch (insn.dst_lat[k]) {
            case DstLat::Second: lat = (c.latency2 ? c.latency2 : c.latency) + load_extra; break;
            case DstLat::Writeback: lat = c.wb_latency; break;
            default: lat = c.latency + load_extra; break;
        }
        reg_ready_[r] = t + lat;
        reg_kind_[r] = insn.dst_lat[k] == DstLat::Writeback ? WriteKind::Other : c.writes;
        reg_miss_[r] = extra.cache_miss && insn.dst_lat[k] != DstLat::Writeback;
        done = std::max(done, t + lat);
    }
    if (insn.mem == Mem::Load || insn.mem == Mem::Atomic) last_load_issue_ = std::max(last_load_issue_, t);
    if (insn.mem == Mem::Store || insn.mem == Mem::Atomic) last_store_done_ = std::max(last_store_done_, done);
    if (insn.mem != Mem::None) mem_done_max_ = std::max(mem_done_max_, done);
    if (insn.mem_barrier) barrier_done_ = std::max(barrier_done_, done);

    last_writeback_ = t + c.latency;
    uint64_t retire = std::max(done, last_retire_);
    last_retire_ = retire;
    complete_max_ = std::max(complete_max_, done);
    rob_[pushed_ % kRob] = retire;
    ++pushed_;
    uops_ += c.uops;

    // --- consume dispatch bandwidth -------------------------------------------
    if (m_.in_order) {
        // Issue is dispatch: the next instruction issues no earlier than this one.
        if (t > disp_cycle_) {
            disp_cycle_ = t;
            disp_used_ = 0;
        }
    }
    disp_used_ += c.uops;
    if (disp_used_ >= width) {
        // An instruction wider than the dispatch width carries over (llvm-mca).
        disp_cycle_ += disp_used_ / width;
        disp_used_ %= width;
    }
    advance_low(m_.in_order ? disp_cycle_ : dispatch);
    return {dispatch, t, done, retire, why};
}

}  // namespace irqsim::cycles
