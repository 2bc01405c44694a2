// The board's scheduler: deterministic round-robin of CPUs in quanta (or, with
// an interleave seed, seeded turn lengths and orders), time in instructions
// (or a cost model's cycles), interrupts delivered between blocks, WFI
// fast-forwarded to the next device event.
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "board/machine_impl.hpp"

namespace irqsim {

Machine::Impl::Impl(const MachineConfig& c) : config(c), console(c.console ? *c.console : std::cout),
      semihosting_console(c.semihosting_console ? *c.semihosting_console : std::cerr) {
    if (config.cpus == 0 || config.cpus > 8)
        throw std::invalid_argument(fmt::format("--smp {}: the board supports 1 to 8 CPUs", config.cpus));
    // Flash at 0 (two 64 MiB banks in QEMU virt) reads as zeros here; it is
    // mapped so that stray accesses behave as on QEMU rather than abort.
    bus.map_ram(0, 0x08000000, "flash");
    bus.map_ram(virt_map::kRamBase, config.ram_size, "ram");

    devices = std::make_unique<VirtDevices>(config.gic, config.cpus, [this](char ch) {
        console.put(ch);
        if (ch == '\n') console.flush();
    });
    devices->map(bus);
    // What QEMU's trace prints on the next interrupt after an MMIO access.
    bus.set_mmio_observer(
        [](void* ctx, uint64_t, unsigned, bool, unsigned accessor) {
            auto* m = static_cast<Impl*>(ctx);
            Cpu& c = *m->slots[accessor].cpu;
            uint32_t word = 0;
            if (m->bus.copy_out(c.pc, &word, 4)) m->slots[accessor].sys->logged_syndrome = qemu_recorded_syndrome(word);
        },
        this);
    // A CPU whose interrupt line changes must notice at once: end its block.
    devices->set_line_callback([this](unsigned cpu) { slots[cpu].cpu->request_exit(); });
    if (config.gic == GicVersion::V3) icc_rows = make_icc_rows();

    for (unsigned i = 0; i < config.cpus; ++i) {
        Slot s;
        s.sys = std::make_unique<BoardCpu>(*this, i);
        s.cpu = std::make_unique<Cpu>(bus, *s.sys, i);
        SysRegState& regs = s.sys->sysregs;
        reset_sysregs(*s.cpu, regs);
        // The timer's CTL/CVAL live in the CPU's system-register state; the
        // timer drives the PPIs and deadlines from there.
        devices->timer().bind(i, {&regs.cntp_ctl_el0, &regs.cntp_cval_el0, &regs.cntv_ctl_el0, &regs.cntv_cval_el0});
        regs.timer.timer_changed = [](void* ctx, Cpu& c) {
            auto* m = static_cast<Impl*>(ctx);
            m->devices->timer_registers_changed(c.index(), m->time_seen_by_current_insn(c));
            c.request_exit();  // a new deadline changes how far this CPU may run
        };
        if (!icc_rows.empty()) regs.banks.push_back({icc_rows, this});
        regs.timer.ctx = this;
        s.sys->sysregs.timer.cycles = [](void* ctx, const Cpu& c) {
            auto* m = static_cast<Impl*>(ctx);
            return m->cycles_of(c);
        };
        s.sys->sysregs.timer.counter = [](void* ctx, const Cpu& c) {
            return ticks_from_ns(static_cast<Impl*>(ctx)->time_seen_by_current_insn(c));
        };
        slots.push_back(std::move(s));
    }
    interleave_state = config.interleave_seed;
    turn_order.resize(config.cpus);
    for (unsigned i = 0; i < config.cpus; ++i) turn_order[i] = i;
}

// splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): every seed, 0 included, gives a full-period
// sequence of well-mixed outputs.
uint64_t Machine::Impl::next_interleave_draw() {
    uint64_t z = (interleave_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void Machine::Impl::plan_round() {
    if (config.interleave_seed == 0) return;  // index order, as always
    // Fisher-Yates shuffle of the CPUs' turns in this round.
    for (size_t i = turn_order.size(); i > 1; --i)
        std::swap(turn_order[i - 1], turn_order[next_interleave_draw() % i]);
}

uint64_t Machine::Impl::turn_quantum() {
    if (config.interleave_seed == 0) return config.quantum;
    return 1 + next_interleave_draw() % (2 * std::max<uint64_t>(config.quantum, 1));
}

uint64_t Machine::Impl::time_seen_by_current_insn(const Cpu& c) const {
    // The instructions this CPU retired in its current block have not reached
    // `now` yet: count them. And count the executing instruction itself, as
    // QEMU's -icount does: a counter read or timer write (an I/O instruction,
    // the last of its translation block) sees icount after the whole block,
    // itself included. Without the +1 a TVAL written at the last nanosecond
    // of a tick lands one tick early (timer_busy, seen under GICv2).
    // With cycle time there is no QEMU to agree with: the instruction sees
    // the cycles of the older ones, as its PMCCNTR_EL0 read does.
    if (cycle_timed()) return run_elapsed_ns(c);
    return now + c.instructions_retired_in_run() + 1;
}

// ns = cycles * 1e9 / hz. Keeping the time in cycles and converting each
// read (rather than adding rounded ns per turn) keeps CNTPCT exactly
// floor(cycles * CNTFRQ / hz): 1e9 / CNTFRQ is the integer 16.
uint64_t Machine::Impl::ns_at_cycles(uint64_t cycles) const { return ns_from_cycles(cycles, cycle_clock.hz); }
uint64_t Machine::Impl::cycles_at_ns(uint64_t ns) const {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(ns) * cycle_clock.hz + 999'999'999u) / 1'000'000'000u);
}

uint64_t Machine::Impl::run_elapsed_ns(const Cpu& c) const {
    if (!cycle_timed()) return now + c.instructions_retired_in_run();
    return ns_at_cycles(cycle_time + (cycles_of(c) - slots[c.index()].run_start_cycles));
}

uint64_t Machine::Impl::begin_run(Slot& slot, uint64_t max_insns) {
    // Stop exactly when a device is due, so a timer interrupt is taken at the
    // same instruction on every run: after as many instructions as there
    // are ns to go, or (cycle time) at the first instruction boundary past
    // the cycle the event falls on.
    uint64_t next = devices->next_event_ns();
    slot.run_start_cycles = cycles_of(*slot.cpu);
    if (!cycle_timed()) return std::min(max_insns, std::max<uint64_t>(next - now, 1));
    uint64_t at = ~uint64_t{0};
    if (next != ~uint64_t{0}) {
        uint64_t due = cycles_at_ns(next);
        at = slot.run_start_cycles + (due > cycle_time ? due - cycle_time : 0);
    }
    cycle_clock.stop_at(*slot.cpu, at);
    return max_insns;
}

void Machine::Impl::end_run(Slot& slot, uint64_t ran) {
    retired += ran;
    if (!cycle_timed()) {
        now += ran;
        return;
    }
    uint64_t end = cycles_of(*slot.cpu);
    cycle_time += end - slot.run_start_cycles;
    slot.run_start_cycles = end;
    now = ns_at_cycles(cycle_time);
}

void Machine::Impl::advance_to_ns(uint64_t ns) {
    if (!cycle_timed()) {
        now = std::max(now, ns);
        return;
    }
    cycle_time = std::max(cycle_time, cycles_at_ns(ns));
    now = ns_at_cycles(cycle_time);
}

uint64_t Machine::Impl::mpidr(unsigned index) const {
    // QEMU virt: Aff0 = index within a cluster of 8, Aff1 = cluster; bit 31
    // is RES1 in MPIDR_EL1.
    return (uint64_t{1} << 31) | ((index / 8) << 8) | (index % 8);
}

int Machine::Impl::cpu_by_mpidr(uint64_t m) const {
    for (unsigned i = 0; i < slots.size(); ++i)
        if ((mpidr(i) & 0xff00ffffffull) == (m & 0xff00ffffffull)) return static_cast<int>(i);
    return -1;
}

void Machine::Impl::power_on(unsigned index, uint64_t entry, uint64_t context) {
    Cpu& c = *slots[index].cpu;
    BoardCpu& s = *slots[index].sys;
    c.x.fill(0);
    c.x[0] = context;
    c.nzcv = 0;
    c.daif = 0x3c0;
    c.select_stack(ExceptionLevel::EL1, true);
    c.pc = entry;
    s.power = PowerState::On;
    s.waiting = s.waiting_for_event = s.event_register = false;
    s.nested_faults = 0;
    s.chain_start.valid = false;
}

void Machine::Impl::finish(RunOutcome outcome, int status) {
    finished = true;
    result = {outcome, status};
    for (auto& s : slots) s.cpu->stop(StopReason::Halted);
}


Machine::Machine(const MachineConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Machine::~Machine() = default;

void Machine::set_entry(uint64_t pc) { impl_->power_on(0, pc, 0); }

const ElfImage* Machine::image() const { return impl_->image.get(); }

unsigned Machine::cpu_count() const { return static_cast<unsigned>(impl_->slots.size()); }
Cpu& Machine::cpu(unsigned index) { return *impl_->slots.at(index).cpu; }
Bus& Machine::bus() { return impl_->bus; }
uint64_t Machine::now_ns() const { return impl_->now; }
uint64_t Machine::now_ns(const Cpu& cpu) const { return impl_->run_elapsed_ns(cpu); }
uint64_t Machine::instructions() const { return impl_->retired; }
const MachineConfig& Machine::config() const { return impl_->config; }
void Machine::add_exception_observer(ExceptionObserver* o) { impl_->observers.push_back(o); }
void Machine::remove_exception_observer(ExceptionObserver* o) { std::erase(impl_->observers, o); }
void Machine::set_cycle_clock(CycleClock clock) {
    if (clock.hz && (!clock.cycles || !clock.stop_at))
        throw std::invalid_argument("a cycle-driven clock needs the cycles and a way to stop a CPU at one");
    impl_->cycle_clock = std::move(clock);
    // Time goes on from where it is, in the new unit.
    if (impl_->cycle_timed()) impl_->cycle_time = impl_->cycles_at_ns(impl_->now);
    for (auto& s : impl_->slots) s.run_start_cycles = impl_->cycles_of(*s.cpu);
}
const std::string& Machine::fault_report() const { return impl_->fault_report; }

bool Machine::Impl::deliver_interrupts(Slot& slot, bool* taken) {
    BoardCpu& sys = *slot.sys;
    Cpu& cpu = *slot.cpu;
    if (finished || sys.power != PowerState::On) return false;
    devices->advance_to_ns(now);
    bool irq = devices->irq_line(cpu.index()), fiq = devices->fiq_line(cpu.index());
    // Any pending interrupt wakes WFI, masked or not (Arm ARM D1.16.2).
    if ((irq || fiq) && sys.waiting) sys.waiting = sys.waiting_for_event = false;
    bool take_fiq = fiq && !(cpu.daif & 0x40), take_irq = !take_fiq && irq && !(cpu.daif & 0x80);
    if (take_fiq || take_irq) sys.take_irq(cpu, take_fiq);
    if (taken) *taken = take_fiq || take_irq;
    return !sys.waiting && !finished;
}

void Machine::set_stop_poll(StopPoll poll, void* ctx) {
    impl_->stop_poll = poll;
    impl_->stop_poll_ctx = ctx;
}

int Machine::stopped_cpu() const { return impl_->stopped_cpu; }

RunResult Machine::run(uint64_t max_insns) {
    Impl& m = *impl_;
    Impl::Resume& r = m.resume;  // where a debugger stopped the last run, if it did
    uint64_t left = max_insns;
    m.stopped_cpu = -1;
    auto stopped = [&m](int cpu) {
        m.stopped_cpu = cpu;
        return RunResult{RunOutcome::Stopped, 0};
    };
    auto poll = [&m] { return m.stop_poll && m.stop_poll(m.stop_poll_ctx); };
    while (!m.finished) {
        if (!r.mid_round) {
            if (poll()) return stopped(-1);
            m.plan_round();
            r = Impl::Resume{.mid_round = true};
        }
        for (; r.turn < m.turn_order.size(); ++r.turn, r.mid_turn = false) {
            auto& slot = m.slots[m.turn_order[r.turn]];
            Cpu& cpu = *slot.cpu;
            if (!r.mid_turn) {
                r.quantum = m.turn_quantum();
                r.mid_turn = true;
            }
            if (slot.sys->power == PowerState::On) m.bus.set_accessor(cpu.index());
            while (r.quantum > 0 && m.deliver_interrupts(slot)) {
                uint64_t chunk = m.begin_run(slot, std::min(r.quantum, left));
                uint64_t before = cpu.instructions_retired();
                StopReason why = cpu.run(chunk);
                uint64_t ran = cpu.instructions_retired() - before;
                m.end_run(slot, ran);
                left -= ran;
                r.quantum -= std::min(r.quantum, ran);
                if (ran) r.progressed = true;
                if (left == 0 && !m.finished) m.finish(RunOutcome::InsnLimit, 3);
                if (m.finished) break;
                if (why == StopReason::Breakpoint) return stopped(static_cast<int>(cpu.index()));
                if (poll()) return stopped(-1);
            }
            if (m.finished) break;
        }
        if (m.finished) break;
        r.mid_round = false;
        if (r.progressed) continue;
        // Nobody could run: every CPU is off or waiting. Jump to the next
        // device event (QEMU's -icount sleep=off does the same), or stop.
        uint64_t next = m.devices->next_event_ns();
        bool any_on = std::any_of(m.slots.begin(), m.slots.end(), [](auto& s) { return s.sys->power == PowerState::On; });
        if (!any_on || next == ~uint64_t{0}) {
            m.fault_report = any_on ? "every CPU is waiting (WFI/WFE) and no timer or interrupt can wake them"
                                    : "every CPU is off";
            m.finish(RunOutcome::Deadlock, 3);
            break;
        }
        m.advance_to_ns(next);
    }
    return m.result;
}

RunResult Machine::step_cpu(unsigned index) {
    Impl& m = *impl_;
    auto& slot = m.slots.at(index);
    Cpu& cpu = *slot.cpu;
    m.stopped_cpu = static_cast<int>(index);
    bool taken = false;
    m.bus.set_accessor(index);
    if (m.deliver_interrupts(slot, &taken) && !taken) {
        // A PC hook that stops the instruction has run; run it then.
        for (int attempt = 0; attempt < 2; ++attempt) {
            uint64_t before = cpu.instructions_retired();
            StopReason why = cpu.run(m.begin_run(slot, 1));
            uint64_t ran = cpu.instructions_retired() - before;
            m.end_run(slot, ran);
            // The turn this CPU is in the middle of is that much shorter.
            Impl::Resume& r = m.resume;
            if (r.mid_turn && r.turn < m.turn_order.size() && m.turn_order[r.turn] == index)
                r.quantum -= std::min(r.quantum, ran);
            if (ran || m.finished || why != StopReason::Breakpoint) break;
        }
    }
    if (m.finished) return m.result;
    return {RunOutcome::Stopped, 0};
}

}  // namespace irqsim
