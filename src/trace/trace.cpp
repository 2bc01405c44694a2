// Timelines as trace events (see trace.hpp). Slices follow the CPU: an
// exception opens one at entry and its ERET closes it (with whatever opened
// inside it: its phases, a softirq); IRQ phases are slices inside the IRQ's
// slice, from one irq_phase_* label to the next. A context switch
// (cpu_switch_to) closes the outgoing task's open slices and reopens the
// incoming task's, marked "resumed", so that every track nests properly
// even when a task is switched out inside an interrupt and another one
// returns from its own exception.
#include "irqsim/trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <unordered_map>

#include "irqsim/elf.hpp"
#include "irqsim/machine.hpp"
#include "irqsim_abi.h"

namespace irqsim {

namespace {

// A stack a CPU's SP is in: [lo, hi), its top being hi.
struct Region {
    uint64_t lo = 1, hi = 0;  // empty: not on a known stack
    bool irq = false;
    std::string name;
    bool contains(uint64_t sp) const { return sp >= lo && sp < hi; }
    uint32_t depth(uint64_t sp) const { return static_cast<uint32_t>(hi - sp); }
};

std::string hex(uint64_t v) { return fmt::format("\"{:#x}\"", v); }

std::string exception_name(const ExceptionEvent& ev) {
    switch (ev.kind) {
        case ExceptionKind::Irq: return "IRQ";
        case ExceptionKind::Fiq: return "FIQ";
        case ExceptionKind::SError: return "SError";
        case ExceptionKind::Sync: break;
    }
    switch (syndrome_class(ev.syndrome)) {
        case ExceptionClass::Svc64: return "SVC";
        case ExceptionClass::Brk64: return "BRK";
        case ExceptionClass::DataAbortLowerEl:
        case ExceptionClass::DataAbortSameEl: return "data abort";
        case ExceptionClass::InstrAbortLowerEl:
        case ExceptionClass::InstrAbortSameEl: return "instruction abort";
        case ExceptionClass::WfxTrap: return "WFx trap";
        case ExceptionClass::Unknown: return "undefined instruction";
        default: return fmt::format("sync EC {:#04x}", static_cast<unsigned>(syndrome_class(ev.syndrome)));
    }
}

}  // namespace

struct RunTrace::Impl {
    struct Event {
        uint64_t ts;
        char ph;  // B, E, i, C
        unsigned tid;
        std::string name;
        const char* cat;
        std::string args;  // a JSON object's members, or empty
    };
    // An open slice on a CPU's track.
    struct Open {
        enum class Kind : uint8_t { Exception, Phase, Function } kind;
        bool irq = false;  // an IRQ/FIQ exception (phases go inside it)
        std::string name;
        const char* cat;
        uint64_t return_pc = 0, sp = 0;  // Function: where and with what SP it returns
    };
    struct CpuState {
        std::vector<Open> open;
        uint64_t watch_pc = ~uint64_t{0};  // the innermost open function's return address
        Region region;
        uint64_t last_sp = 0;
        // Sampling: the interval being gathered, the current region's
        // deepest point in it, and the CPU's deepest by kind.
        uint64_t interval_start = 0;
        bool pending = false;
        uint32_t pending_depth = 0;
        uint64_t pending_ts = 0;
        DepthSample sample;
        bool sampled = false;
        std::vector<DepthSample> samples;
    };
    Impl(Machine& m, const TraceOptions& o)
        : machine(&m), opt(o), cpus(m.cpu_count()), ram_lo(virt_map::kRamBase),
          ram_hi(virt_map::kRamBase + m.config().ram_size) {}

    Machine* machine;  // null once finished
    TraceOptions opt;
    std::vector<CpuState> cpus;
    std::vector<Event> events;
    std::map<uint64_t, std::vector<Open>> suspended;  // by task (cpu_switch_to's prev)
    uint64_t report_addr = 0;                          // irqsim_report, when the image has one
    bool phases = false;                               // the image marks IRQ phases
    std::vector<std::pair<unsigned, int>> hooks;       // (cpu, id)
    uint64_t end_ns = 0;
    std::unordered_map<std::string, uint32_t> last_depth;  // by stack name
    uint64_t ram_lo = 0, ram_hi = 0;  // SP outside RAM is no stack yet (before the guest sets it)

    uint64_t now(Cpu& cpu) const { return machine->now_ns(cpu); }

    void emit(uint64_t ts, char ph, unsigned tid, std::string name, const char* cat, std::string args = {}) {
        if (opt.timeline) events.push_back({ts, ph, tid, std::move(name), cat, std::move(args)});
    }
    void begin(Cpu& cpu, uint64_t ts, Open o, std::string args = {}) {
        CpuState& st = cpus[cpu.index()];
        emit(ts, 'B', cpu.index(), o.name, o.cat, std::move(args));
        st.open.push_back(std::move(o));
        update_watch(st);
    }
    void end_top(Cpu& cpu, uint64_t ts) {
        CpuState& st = cpus[cpu.index()];
        emit(ts, 'E', cpu.index(), st.open.back().name, st.open.back().cat);
        st.open.pop_back();
        update_watch(st);
    }
    static void update_watch(CpuState& st) {
        st.watch_pc = !st.open.empty() && st.open.back().kind == Open::Kind::Function ? st.open.back().return_pc
                                                                                      : ~uint64_t{0};
    }

    // --- stacks ------------------------------------------------------------
    // The stack SP is in on `cpu`: its IRQ stack as the guest reports it
    // (read live: an IRQ stack may be allocated later, at a CPU-up), else the
    // THREAD_SIZE-aligned slot, less any part of it that is the IRQ stack.
    Region resolve(unsigned cpu, uint64_t sp) const {
        uint64_t ts = opt.thread_size;
        Region r;
        r.lo = sp & ~(ts - 1);
        r.hi = r.lo + ts;
        uint64_t irq[2] = {0, 0};
        if (report_addr && cpu < IRQSIM_MAX_CPUS)
            machine->bus().copy_out(report_addr + offsetof(irqsim_report, cpu) + cpu * sizeof(irqsim_cpu_report) +
                                        offsetof(irqsim_cpu_report, irq_stack_base),
                                    irq, sizeof irq);
        if (irq[0] && irq[0] < irq[1]) {
            if (sp >= irq[0] && sp < irq[1]) return {irq[0], irq[1], true, fmt::format("IRQ stack CPU{}", cpu)};
            if (irq[1] <= sp) r.lo = std::max(r.lo, irq[1]);
            if (irq[0] > sp) r.hi = std::min(r.hi, irq[0]);
        }
        r.name = fmt::format("task stack {:#x}", sp & ~(ts - 1));
        return r;
    }
    // A stack's depth, when it changed since its last sample.
    void counter(uint64_t ts, const Region& r, uint32_t depth) {
        auto [it, fresh] = last_depth.try_emplace(r.name, depth);
        if (!fresh && it->second == depth) return;
        it->second = depth;
        emit(ts, 'C', 0, r.name + " depth", "stack", fmt::format("\"bytes\":{}", depth));
    }
    void flush_pending(CpuState& st) {
        if (st.pending) counter(st.pending_ts, st.region, st.pending_depth);
        st.pending = false;
    }
    // The CPU leaves its stack (for another, or for EL0): its depth at the
    // last instruction on it stays as that stack's depth.
    void leave_region(CpuState& st, uint64_t ts) {
        if (st.region.hi == 0) return;
        flush_pending(st);
        counter(ts, st.region, st.region.contains(st.last_sp) ? st.region.depth(st.last_sp) : 0);
        st.region = Region{};
    }
    void close_interval(CpuState& st, uint64_t ts) {
        if (ts < st.interval_start + opt.sample_ns) return;
        if (st.sampled) st.samples.push_back(st.sample);
        flush_pending(st);
        st.interval_start = ts - ts % opt.sample_ns;
        st.sample = {st.interval_start, 0, 0};
        st.sampled = false;
    }

    // Before every instruction.
    static void on_insn(void* ctx, Cpu& cpu) {
        auto* self = static_cast<Impl*>(ctx);
        CpuState& st = self->cpus[cpu.index()];
        if (cpu.pc == st.watch_pc) self->maybe_return(cpu, st);
        uint64_t ts = self->now(cpu);
        self->close_interval(st, ts);
        st.sampled = true;
        uint64_t sp = cpu.sp;
        if (cpu.el != ExceptionLevel::EL1 || sp <= self->ram_lo || sp > self->ram_hi) return;
        if (!st.region.contains(sp)) [[unlikely]] {
            Region to = self->resolve(cpu.index(), sp);
            if (st.region.hi) {
                self->emit(ts, 'i', cpu.index(), "stack switch", "stack",
                           fmt::format("\"from\":\"{}\",\"to\":\"{}\",\"sp\":{}", st.region.name, to.name, hex(sp)));
                self->leave_region(st, ts);
            }
            st.region = std::move(to);
        }
        st.last_sp = sp;
        uint32_t depth = st.region.depth(sp);
        if (!st.pending || depth > st.pending_depth) {
            st.pending = true;
            st.pending_depth = depth;
            st.pending_ts = ts;
        }
        uint32_t& peak = st.region.irq ? st.sample.irq_bytes : st.sample.task_bytes;
        peak = std::max(peak, depth);
    }
    // The innermost open function (a softirq run) returns here when SP is
    // back where it was at its entry.
    void maybe_return(Cpu& cpu, CpuState& st) {
        if (cpu.sp < st.open.back().sp) return;  // a deeper, recursive call's return
        end_top(cpu, now(cpu));
    }

    void enter_phase(Cpu& cpu, IrqPhase phase) {
        CpuState& st = cpus[cpu.index()];
        uint64_t ts = now(cpu);
        if (!st.open.empty() && st.open.back().kind == Open::Kind::Phase) end_top(cpu, ts);
        if (st.open.empty() || st.open.back().kind != Open::Kind::Exception || !st.open.back().irq) return;
        begin(cpu, ts, {Open::Kind::Phase, false, irq_phase_name(phase), "irq_phase"});
    }
    void switch_task(Cpu& cpu) {
        CpuState& st = cpus[cpu.index()];
        uint64_t ts = now(cpu), prev = cpu.x[0], next = cpu.x[1];
        emit(ts, 'i', cpu.index(), "context switch", "sched",
             fmt::format("\"prev\":{},\"next\":{}", hex(prev), hex(next)));
        std::vector<Open> saved = st.open;
        while (!st.open.empty()) end_top(cpu, ts);
        suspended[prev] = std::move(saved);
        auto it = suspended.find(next);
        if (it == suspended.end()) return;
        std::vector<Open> resume = std::move(it->second);
        suspended.erase(it);
        for (Open& o : resume) begin(cpu, ts, std::move(o), "\"resumed\":true");
    }
};

RunTrace::RunTrace(Machine& m, std::string name, const TraceOptions& o)
    : name_(std::move(name)), impl_(std::make_unique<Impl>(m, o)) {
    Impl& t = *impl_;
    if (t.opt.sample_ns == 0) t.opt.sample_ns = 1;
    m.add_exception_observer(this);
    const ElfImage* image = m.image();
    auto hook = [&](uint64_t pc, auto fn) {
        for (unsigned c = 0; c < m.cpu_count(); ++c)
            t.hooks.emplace_back(c, m.cpu(c).add_pc_hook(pc, [fn, &t](Cpu& cpu) {
                fn(t, cpu);
                return Cpu::HookAction::Continue;
            }));
    };
    if (image && t.opt.timeline) {
        std::vector<IrqPhaseLabel> labels = irq_phase_labels(*image);
        t.phases = !labels.empty();
        for (const IrqPhaseLabel& l : labels)
            hook(l.pc, [p = l.phase](Impl& t, Cpu& cpu) { t.enter_phase(cpu, p); });
        if (const ElfSymbol* s = image->find_symbol("do_softirq"))
            hook(s->value, [](Impl& t, Cpu& cpu) {
                t.begin(cpu, t.now(cpu), {Impl::Open::Kind::Function, false, "softirq", "softirq", cpu.x[30], cpu.sp});
            });
        if (const ElfSymbol* s = image->find_symbol("cpu_switch_to"))
            hook(s->value, [](Impl& t, Cpu& cpu) { t.switch_task(cpu); });
        // The copy design's thread_info copy (src/asm/irq.c): a copy only
        // when the two stacks differ (a nested entry copies nothing).
        if (const ElfSymbol* s = image->find_symbol("irq_copy_thread_info"))
            hook(s->value, [](Impl& t, Cpu& cpu) {
                uint64_t mask = ~(t.opt.thread_size - 1), to = cpu.x[0] & mask, from = cpu.x[1] & mask;
                if (to != from)
                    t.emit(t.now(cpu), 'i', cpu.index(), "thread_info copy", "stack",
                           fmt::format("\"from\":{},\"to\":{}", hex(from), hex(to)));
            });
    }
    if (image)
        if (const ElfSymbol* s = image->find_symbol("irqsim_report")) t.report_addr = s->value;
    for (unsigned c = 0; c < m.cpu_count(); ++c) m.cpu(c).set_insn_observer(&Impl::on_insn, &t);
}

RunTrace::~RunTrace() { finish(); }

void RunTrace::exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) {
    Impl& t = *impl_;
    if (!t.machine) return;
    uint64_t ts = t.now(cpu);
    const ExceptionEvent& ev = *rec.event;
    bool irq = ev.kind == ExceptionKind::Irq || ev.kind == ExceptionKind::Fiq;
    std::string args = fmt::format("\"from\":\"EL{}\",\"elr\":{},\"vector\":{}", static_cast<int>(rec.from_el),
                                   hex(ev.preferred_return), hex(rec.vector));
    if (!irq) args += fmt::format(",\"esr\":{}", hex(ev.syndrome));
    t.begin(cpu, ts, {Impl::Open::Kind::Exception, irq, exception_name(ev), irq ? "irq" : "exception"},
            std::move(args));
    if (irq && t.phases) t.begin(cpu, ts, {Impl::Open::Kind::Phase, false, irq_phase_name(IrqPhase::Entry), "irq_phase"});
}

void RunTrace::exception_returned(Cpu& cpu, ExceptionLevel, ExceptionLevel to, uint64_t) {
    Impl& t = *impl_;
    if (!t.machine) return;
    auto& st = t.cpus[cpu.index()];
    uint64_t ts = t.now(cpu) + 1;  // after the ERET, which belongs to the exception it ends
    auto it = std::find_if(st.open.rbegin(), st.open.rend(),
                           [](const Impl::Open& o) { return o.kind == Impl::Open::Kind::Exception; });
    if (it != st.open.rend()) {
        size_t n = static_cast<size_t>(std::distance(st.open.rbegin(), it)) + 1;
        for (size_t i = 0; i < n; ++i) t.end_top(cpu, ts);
    }
    if (to == ExceptionLevel::EL0) t.leave_region(st, ts);  // the kernel stack is empty at EL0
}

void RunTrace::finish() {
    Impl& t = *impl_;
    if (!t.machine) return;
    Machine& m = *t.machine;
    t.end_ns = m.now_ns();
    for (unsigned c = 0; c < m.cpu_count(); ++c) {
        Cpu& cpu = m.cpu(c);
        auto& st = t.cpus[c];
        while (!st.open.empty()) t.end_top(cpu, t.end_ns);
        t.leave_region(st, std::max(t.end_ns, st.interval_start));
        if (st.sampled) st.samples.push_back(st.sample);
        cpu.set_insn_observer(nullptr, nullptr);
    }
    for (auto [c, id] : t.hooks) m.cpu(c).remove_pc_hook(id);
    m.remove_exception_observer(this);
    t.machine = nullptr;
}

const std::vector<DepthSample>& RunTrace::depth_samples(unsigned cpu) const { return impl_->cpus.at(cpu).samples; }
unsigned RunTrace::cpus() const { return static_cast<unsigned>(impl_->cpus.size()); }

void CompareTraces::attach(Machine& machine, const std::string& design) {
    traces_.push_back(std::make_unique<RunTrace>(machine, design, options_));
}
void CompareTraces::finish(Machine&, DesignReport&) { traces_.back()->finish(); }
std::vector<const RunTrace*> CompareTraces::traces() const {
    std::vector<const RunTrace*> out;
    for (const auto& t : traces_) out.push_back(t.get());
    return out;
}

namespace {
std::string json_text(const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\', o += c;
        else if (static_cast<unsigned char>(c) < 0x20) o += fmt::format("\\u{:04x}", c);
        else o += c;
    }
    return o + "\"";
}
// Trace-event timestamps are in microseconds; the board's clock in ns.
std::string micros(uint64_t ns) { return fmt::format("{}.{:03}", ns / 1000, ns % 1000); }
}  // namespace

void RunTrace::append_events(std::string& out, unsigned pid) const {
    const Impl& t = *impl_;
    out += fmt::format("{{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":{},\"tid\":0,\"args\":{{\"name\":{}}}}},\n",
                       pid, json_text(name_));
    out += fmt::format("{{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":{},\"tid\":0,\"args\":{{\"sort_index\":{}}}}},\n",
                       pid, pid);
    for (unsigned c = 0; c < t.cpus.size(); ++c)
        out += fmt::format("{{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":{},\"tid\":{},\"args\":{{\"name\":\"CPU {}\"}}}},\n",
                           pid, c, c);
    std::vector<const Impl::Event*> order;
    order.reserve(t.events.size());
    for (const auto& e : t.events) order.push_back(&e);
    std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->ts < b->ts; });
    for (const Impl::Event* e : order) {
        out += fmt::format("{{\"name\":{},\"cat\":\"{}\",\"ph\":\"{}\",\"ts\":{},\"pid\":{},\"tid\":{}", json_text(e->name),
                           e->cat, e->ph, micros(e->ts), pid, e->tid);
        if (e->ph == 'i') out += ",\"s\":\"t\"";
        if (!e->args.empty()) out += ",\"args\":{" + e->args + "}";
        out += "},\n";
    }
}

std::string format_trace_json(const std::vector<const RunTrace*>& traces) {
    std::string out = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock\":\"irqsim board time, 1 ns per instruction\"},\n"
                      "\"traceEvents\":[\n";
    for (size_t i = 0; i < traces.size(); ++i) traces[i]->append_events(out, static_cast<unsigned>(i + 1));
    if (out.ends_with(",\n")) out.resize(out.size() - 2), out += "\n";
    return out + "]}\n";
}

}  // namespace irqsim
