// CpuCycleModel (cpu_model.hpp).
#include "cycles/cpu_model.hpp"

#include <algorithm>

#include "cpu/counted_loop.hpp"
#include "cpu/observed_run.hpp"
#include "cycles/steady_loop.hpp"

namespace irqsim::cycles {

CpuCycleModel::CpuCycleModel(Cpu& cpu, const CoreModel& model, std::shared_ptr<Cache> l2)
    : cpu_(cpu), m_(model), pipe_(model), l1i_(model.l1i), l1d_(model.l1d),
      l2_(l2 ? std::move(l2) : std::make_shared<Cache>(model.l2)) {
    counters_.fill(1);
    set_steady_loops(true);
    cpu_.set_cycle_observer(this);
}

void CpuCycleModel::set_steady_loops(bool on) { steady_ = on ? std::make_unique<SteadyLoop>() : nullptr; }
uint64_t CpuCycleModel::steady_loop_passes() const { return steady_ ? steady_->passes() : 0; }

CpuCycleModel::~CpuCycleModel() {
    if (cpu_.cycle_observer() == this) cpu_.set_cycle_observer(nullptr);
}

void CpuCycleModel::flush_caches(bool l2) {
    l1i_.flush();
    l1d_.flush();
    fetch_line_ = ~uint64_t{0};
    if (l2) l2_->flush();
}

const CpuCycleModel::InfoSlot& CpuCycleModel::fill(const DecodedInsn& d) {
    const unsigned at = (d.word ^ (d.word >> 12) ^ (d.word >> 24)) & (infos_.size() - 1);
    // The decode cache's slots are the CPU's own, and the hint is only a hint.
    const_cast<DecodedInsn&>(d).observer_hint = static_cast<uint16_t>(at);
    InfoSlot& s = infos_[at];
    if (s.key != InfoSlot::key_of(d.word)) {
        s.key = InfoSlot::key_of(d.word);
        s.c.info = classify(d);
        s.c.cost = pipe_.prepare(s.c.info);
    }
    return s;
}

void CpuCycleModel::enter_block() {
    check_pc_ = true;
    // An ERET priced in before() that a PC hook then stopped (no after()) ended its block.
    cur_pushed_ = false;
}

// --- the hot path, inlined into execute_block's loop ---------------------------

inline const CpuCycleModel::Classified& CpuCycleModel::classified(const DecodedInsn& d) {
    const InfoSlot& s = infos_[d.observer_hint & (infos_.size() - 1)];
    if (s.key != InfoSlot::key_of(d.word)) [[unlikely]]
        return fill(d).c;
    return s.c;
}

inline void CpuCycleModel::account(uint64_t pc, unsigned insns, Stall why) {
    const uint64_t delta = pipe_.last_retire() - accounted_;
    accounted_ += delta;
    stats_.stall_cycles[static_cast<unsigned>(why)] += delta;  // a delta of 0 adds nothing, whatever the reason
    if (sink_) sink_(sink_ctx_, pc, insns, delta, delta ? why : Stall::None);
}

template <bool kInOrder>
inline void CpuCycleModel::push_as(uint64_t pc, const InsnCost& op) {
    cur_timing_ = pipe_.push_as<kInOrder>(op, cur_extra_);
    ++stats_.instructions;
    account(pc, 1, cur_timing_.stall);
}

// The address the access uses, from the registers before the instruction
// runs (Arm ARM C1.3.3 addressing modes; the decoder has already scaled
// d.imm and put the register-offset shift in d.f1).
inline uint64_t CpuCycleModel::effective_address(const Cpu& cpu, const DecodedInsn& d, const InsnInfo& i) const {
    unsigned rn = bits(d.word, 9, 5), rm = bits(d.word, 20, 16);
    uint64_t base = rn == 31 ? cpu.sp : cpu.x[rn];
    uint64_t off = static_cast<uint64_t>(d.imm);
    switch (i.amode) {
        case AddrMode::Literal: return cpu.pc + off;
        case AddrMode::Post: case AddrMode::Base: return base;
        case AddrMode::RegUxtw: return base + (uint64_t{static_cast<uint32_t>(cpu.x[rm])} << d.f1);
        case AddrMode::RegSxtw:
            return base + (static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(cpu.x[rm]))) << d.f1);
        case AddrMode::RegX: return base + (cpu.x[rm] << d.f1);
        default: return base + off;  // BaseImm, Pre (exclusives and atomics have d.imm = 0)
    }
}

// Extra load-to-use cycles for the line at `addr`, filling L1D and L2.
inline uint32_t CpuCycleModel::memory_latency(uint64_t addr, bool& miss) {
    return l1d_.access(addr) ? 0 : l1d_miss(addr, miss);
}

uint32_t CpuCycleModel::l1d_miss(uint64_t addr, bool& miss) {
    miss = true;
    ++stats_.l1d_misses;
    if (l2_->access(addr)) return m_.l2_hit_cycles;
    ++stats_.l2_misses;
    return m_.l2_hit_cycles + m_.dram_cycles;
}

// Bus::is_ram, remembering pages found wholly RAM: the bus's region search
// is slower than everything else the model does for an access.
inline bool CpuCycleModel::is_ram(Bus& bus, uint64_t addr, unsigned bytes) {
    // The common access, within one page: one lookup (the slow path handles
    // the rest, a page crossing or an address that wraps).
    const uint64_t first = addr >> Bus::kPageBits;
    if (bus.generation() == ram_generation_ && ((addr + bytes - 1) >> Bus::kPageBits) == first &&
        ram_pages_[first % ram_pages_.size()] == first) [[likely]]
        return true;
    return is_ram_slow(bus, addr, bytes);
}

bool CpuCycleModel::is_ram_slow(Bus& bus, uint64_t addr, unsigned bytes) {
    if (bus.generation() != ram_generation_) {
        ram_pages_.fill(~uint64_t{0});
        ram_generation_ = bus.generation();
    }
    constexpr unsigned kBits = Bus::kPageBits;
    uint64_t first = addr >> kBits, last = (addr + bytes - 1) >> kBits;
    auto known = [&](uint64_t page) { return ram_pages_[page % ram_pages_.size()] == page; };
    if (last >= first && known(first) && known(last)) return true;
    if (!bus.is_ram(addr, bytes)) return false;
    for (uint64_t page : {first, last})
        if (bus.is_ram(page << kBits, Bus::kPageSize)) ram_pages_[page % ram_pages_.size()] = page;
    return true;
}

// A load's or store's extra cost: the caches, or the interconnect.
inline void CpuCycleModel::access(Cpu& cpu, const DecodedInsn& d, const InsnInfo& i) {
    uint64_t addr = effective_address(cpu, d, i);
    if (!is_ram(cpu.bus(), addr, i.bytes ? i.bytes : 1)) [[unlikely]] {
        device_access(i);
    } else {
        bool miss = false;
        uint32_t lat = memory_latency(addr, miss);
        uint64_t last = addr + (i.bytes ? i.bytes - 1 : 0);
        if ((last >> 6) != (addr >> 6)) lat = std::max(lat, memory_latency(last, miss));
        // A store retires into the store buffer: its miss costs nothing
        // here ([ours]); the line is allocated (write-allocate) all the same.
        if (i.mem != Mem::Store) {
            cur_extra_.load_latency = lat;
            cur_extra_.cache_miss = miss;
        }
        if (i.mem == Mem::Atomic) cur_extra_.load_latency += m_.atomic_cycles;
        if (i.cls == SchedClass::StoreExcl) cur_extra_.load_latency += m_.exclusive_cycles;
    }
}

inline void CpuCycleModel::before(Cpu& cpu, const DecodedInsn& d) {
    if (check_pc_) [[unlikely]] {
        check_pc_ = false;
        if ((cpu.pc != expected_pc_) | woke_) unexpected_pc(cpu);
    }
    if ((cpu.pc >> 6) != fetch_line_) [[unlikely]]
        fetch(cpu);
    const Classified& ci = classified(d);
    cur_ = &ci;
    cur_extra_ = {};
    if (ci.info.mem != Mem::None) access(cpu, d, ci.info);
    if (ci.info.ctrl >= Ctrl::Eret) [[unlikely]]
        before_system(cpu, ci);
}

template <bool kInOrder>
inline bool CpuCycleModel::after(Cpu& cpu, const DecodedInsn&, uint64_t pc_before) {
    const Ctrl ctrl = cur_->info.ctrl;
    if (ctrl == Ctrl::None) [[likely]] {
        // Not priced yet (only an ERET is, before it runs), and nothing
        // below needs its timing: only its stall is kept.
        const Stall why = pipe_.push_as<kInOrder>(cur_->cost, cur_extra_).stall;
        ++stats_.instructions;
        account(pc_before, 1, why);
    } else {
        if (!cur_pushed_) push_as<kInOrder>(pc_before, cur_->cost);
        cur_pushed_ = false;
        if (ctrl <= Ctrl::Return) {
            predict(cpu, ctrl, pc_before, cur_timing_);
        } else {
            after_system(ctrl);
            if (pipe_.last_retire() != accounted_) account(pc_before, 0, Stall::Serialize);  // the drain charged above
        }
    }
    expected_pc_ = cpu.pc;
    if (cpu.pc != pc_before + 4) [[unlikely]]
        left_sequence(cpu, ctrl);
    if (pipe_.last_retire() >= stop_at_) [[unlikely]] {
        cpu.request_exit();
        return false;
    }
    return true;
}

// --- the rest -----------------------------------------------------------------

// The PC moved between instructions without a branch (the board took an
// interrupt or powered the CPU on), or the CPU woke from WFI.
void CpuCycleModel::unexpected_pc(const Cpu& cpu) {
    // Entering the vectors refills the pipeline once everything older has
    // completed.
    if (cpu.pc != expected_pc_ && expected_pc_ != ~uint64_t{0} && in_vectors(cpu)) {
        ++stats_.exceptions;
        redirect(pipe_.all_complete() + m_.exception_entry_cycles, Stall::Serialize);
    }
    if (woke_) {
        woke_ = false;
        redirect(pipe_.all_complete() + m_.wfi_wake_cycles, Stall::Serialize);
    }
}

// Instruction fetch: one L1I lookup per new line.
void CpuCycleModel::fetch(const Cpu& cpu) {
    fetch_line_ = cpu.pc >> 6;
    if (!l1i_.access(cpu.pc)) {
        ++stats_.l1i_misses;
        uint32_t lat = l2_->access(cpu.pc) ? m_.l2_hit_cycles : m_.l2_hit_cycles + m_.dram_cycles;
        redirect(pipe_.dispatch_cycle() + lat, Stall::CacheMiss);
    }
}

// Device memory: not speculated, so it waits for older work, then crosses
// the interconnect ([ours], docs/cycles.md).
void CpuCycleModel::device_access(const InsnInfo& i) {
    ++stats_.mmio_accesses;
    cur_extra_.serialize = true;
    cur_extra_.load_latency = i.mem == Mem::Store ? m_.mmio_write_cycles : m_.mmio_read_cycles;
}

// ERET, ISB, DSB, MSR and the rest of Ctrl from Eret on, before they run.
void CpuCycleModel::before_system(const Cpu& cpu, const Classified& ci) {
    switch (ci.info.ctrl) {
        case Ctrl::Isb: case Ctrl::Dsb: case Ctrl::Msr: case Ctrl::MsrPstate: case Ctrl::Sys: case Ctrl::Eret:
            cur_extra_.serialize = true;
            break;
        default: break;
    }
    if (ci.info.ctrl == Ctrl::Eret) {
        // Priced now, so exception observers (told during its execution)
        // see the ERET and its refill: exception returns are not predicted.
        push(cpu.pc, ci.cost);
        cur_pushed_ = true;
        ++stats_.erets;
        uint64_t at = cur_timing_.complete + m_.eret_cycles;
        redirect(at, Stall::Serialize);
        pipe_.charge_until(at);
        account(cpu.pc, 0, Stall::Serialize);
    }
}

void CpuCycleModel::push(uint64_t pc, const InsnCost& op) {
    cur_timing_ = pipe_.push(op, cur_extra_);
    ++stats_.instructions;
    account(pc, 1, cur_timing_.stall);
}

// The same kinds after they ran: the drain or refill that follows them.
void CpuCycleModel::after_system(Ctrl ctrl) {
    switch (ctrl) {
        case Ctrl::Isb: redirect(cur_timing_.complete + m_.isb_cycles, Stall::Serialize); pipe_.charge_until(cur_timing_.complete + m_.isb_cycles); break;
        case Ctrl::Dsb: pipe_.charge_until(cur_timing_.complete + m_.dsb_cycles); break;
        case Ctrl::Dmb: pipe_.charge_until(std::max(pipe_.all_complete(), cur_timing_.complete) + m_.dmb_cycles); break;
        case Ctrl::Msr: case Ctrl::MsrPstate: case Ctrl::Sys: pipe_.charge_until(cur_timing_.complete + m_.msr_cycles); break;
        case Ctrl::Wfi: case Ctrl::Wfe: woke_ = check_pc_ = true; break;
        default: break;  // Eret (priced in before_system), ExceptionGen, Mrs, Hint
    }
}

// A synchronous exception (SVC, an abort, an undefined instruction) left
// for the vectors: a refill after everything older completes.
void CpuCycleModel::left_sequence(const Cpu& cpu, Ctrl ctrl) {
    bool is_branch = ctrl >= Ctrl::Branch && ctrl <= Ctrl::Return;
    if (!is_branch && ctrl != Ctrl::Eret && in_vectors(cpu)) {
        ++stats_.exceptions;
        redirect(pipe_.all_complete() + m_.exception_entry_cycles, Stall::Serialize);
    }
}

// Branch prediction: 2-bit counters for conditional branches, a target
// buffer for indirect ones, a return stack for calls and returns. A wrong
// guess restarts the front end when the branch resolves, plus the
// mispredict penalty; a right taken guess costs the taken-branch bubble.
void CpuCycleModel::predict(const Cpu& cpu, Ctrl ctrl, uint64_t pc_before, const Timing& t) {
    ++stats_.branches;
    bool taken = cpu.pc != pc_before + 4;
    bool right = true;
    switch (ctrl) {
        case Ctrl::CondBranch: {
            uint8_t& c = counters_[(pc_before >> 2) & (counters_.size() - 1)];
            right = (c >= 2) == taken;
            if (taken && c < 3) ++c;
            if (!taken && c > 0) --c;
            break;
        }
        case Ctrl::Call: case Ctrl::IndirectCall: case Ctrl::IndirectBranch: {
            if (ctrl != Ctrl::Call) {
                uint64_t& target = btb_[(pc_before >> 2) & (btb_.size() - 1)];
                right = target == cpu.pc;
                target = cpu.pc;
            }
            if (ctrl != Ctrl::IndirectBranch) {
                ras_top_ = (ras_top_ + 1) % m_.return_stack;
                ras_[ras_top_] = pc_before + 4;
                ras_depth_ = std::min<unsigned>(ras_depth_ + 1, m_.return_stack);
            }
            break;
        }
        case Ctrl::Return:
            right = ras_depth_ > 0 && ras_[ras_top_] == cpu.pc;
            if (ras_depth_) {
                --ras_depth_;
                ras_top_ = (ras_top_ + m_.return_stack - 1) % m_.return_stack;
            }
            break;
        default: break;
    }
    if (!right) {
        ++stats_.mispredicts;
        redirect(t.complete + m_.mispredict_penalty, Stall::Mispredict);
    } else if (taken) {
        redirect(t.dispatch + m_.taken_bubble, Stall::Frontend);
    }
}

// The run loop over one block, with before() and after() inlined into it.
template <bool kInOrder>
struct CpuCycleModel::Steps {
    CpuCycleModel& m;
    [[gnu::always_inline]] void before(Cpu& cpu, const DecodedInsn& d) { m.before(cpu, d); }
    [[gnu::always_inline]] bool after(Cpu& cpu, const DecodedInsn& d, uint64_t pc_before) {
        return m.after<kInOrder>(cpu, d, pc_before);
    }
};

void CpuCycleModel::execute_block(Cpu& cpu, const DecodedInsn* d, uint64_t max_insns) {
    enter_block();
    if (steady_ && is_add_sub_immediate(d->word) && steady_->run(*this, cpu, d, max_insns)) [[unlikely]]
        return;
    if (m_.in_order) {
        Steps<true> steps{*this};
        cpu.run_observed_block(&steps, d, max_insns);
    } else {
        Steps<false> steps{*this};
        cpu.run_observed_block(&steps, d, max_insns);
    }
}

}  // namespace irqsim::cycles
