// `irqsim compare`: one Machine per design, the same workload, the guest's
// own report (irqsim_abi.h) joined with what the host observers saw.
#include "irqsim/compare.hpp"
#include "irqsim/cycles.hpp"

#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <stdexcept>

#include "irqsim/elf.hpp"
#include "irqsim/observers.hpp"
#include "irqsim_abi.h"

#ifndef IRQSIM_KERNEL_DIR
#define IRQSIM_KERNEL_DIR ""
#endif

namespace irqsim {

std::string default_kernel_dir() { return IRQSIM_KERNEL_DIR; }

namespace {

uint64_t symbol(const ElfImage& image, const char* name) {
    const ElfSymbol* s = image.find_symbol(name);
    if (!s) throw std::runtime_error(fmt::format("{}: no symbol '{}': not an irqsim guest kernel", image.path, name));
    return s->value;
}

// CPU_ON of a CPU that was up before (a re-online): instructions from the
// PSCI call until that CPU takes its first interrupt, i.e. until it is back
// in service with its IRQ stack in place.
class HotplugObserver final : public ExceptionObserver {
public:
    explicit HotplugObserver(Machine& m) : m_(m), pending_(m.cpu_count(), ~uint64_t{0}), seen_(m.cpu_count()) {}
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override {
        if (rec.event->kind != ExceptionKind::Irq) return;
        seen_[cpu.index()] = true;
        if (pending_[cpu.index()] != ~uint64_t{0}) {
            cycles += m_.now_ns() - pending_[cpu.index()];
            pending_[cpu.index()] = ~uint64_t{0};
        }
    }
    void exception_returned(Cpu&, ExceptionLevel, ExceptionLevel, uint64_t) override {}
    void firmware_call(Cpu& cpu, const ExceptionEvent& ev, ExceptionLevel, unsigned, const std::string&) override {
        if (ev.qemu_number != 11) return;
        uint32_t fn = static_cast<uint32_t>(cpu.x[0]);
        if (fn != 0xC4000003 && fn != 0x84000003) return;
        unsigned target = static_cast<unsigned>(cpu.x[1] & 0xff);
        if (target < seen_.size() && seen_[target]) pending_[target] = m_.now_ns(cpu);
    }
    uint64_t cycles = 0;

private:
    Machine& m_;
    std::vector<uint64_t> pending_;
    std::vector<bool> seen_;
};

// The workload in the guest's terms (irqsim_abi.h), over the image's
// compiled-in one.
void apply_workload(const Workload& w, irqsim_workload& g) {
    static_assert(kMaxIrqSources == IRQSIM_MAX_IRQ_SOURCES);
    g.seed = w.seed;
    g.cpus = w.cpus;
    g.max_ticks = w.max_ticks;
    g.tasks_per_cpu = w.tasks_per_cpu;
    g.iterations = w.iterations;
    g.syscall_depth = w.syscall_depth;
    g.syscall_frame_bytes = w.syscall_frame_bytes;
    g.syscall_spin = w.syscall_spin;
    g.timeslice_ticks = w.timeslice_ticks;
    g.softirq_permille = w.softirq_permille;
    g.softirq_work = w.softirq_work;
    g.wakeup_permille = w.wakeup_permille;
    g.wake_delay = w.wake_delay;
    g.hotplug = w.hotplug_cycles;
    g.unwind_every = w.unwind_every;
    g.irq_stack_size = w.irq_stack_size;
    g.nr_irq_sources = static_cast<uint32_t>(w.irqs.size());
    for (size_t i = 0; i < w.irqs.size() && i < IRQSIM_MAX_IRQ_SOURCES; ++i) {
        const IrqSource& s = w.irqs[i];
        irqsim_irq_source& d = g.irq_sources[i];
        static constexpr uint32_t kKind[] = {IRQSIM_IRQ_TIMER, IRQSIM_IRQ_NETWORK, IRQSIM_IRQ_USB,
                                             IRQSIM_IRQ_RESCHEDULE};
        d = {};
        d.kind = kKind[static_cast<int>(s.kind)];
        d.priority = s.priority;
        d.period = s.period;
        d.jitter = s.jitter;
        d.rate_permille = s.rate_permille;
        d.from_softirq_permille = s.from_softirq_permille;
        d.handler_depth = s.handler_depth;
        d.handler_frame_bytes = s.handler_frame_bytes;
        d.flags = s.preemptible ? IRQSIM_IRQ_PREEMPTIBLE : 0;
    }
}

// The image of `design` built with the workload's THREAD_SIZE: the default
// one for 16384, kernel-<design>-ts<N>.elf for the others; a design given as
// a path to an image (your own build of it) is that image.
std::string kernel_image(const std::string& dir, const std::string& design, const Workload& w) {
    if (design.ends_with(".elf")) return design;
    if (w.thread_size == 16384) return dir + "/kernel-" + design + ".elf";
    std::string path = fmt::format("{}/kernel-{}-ts{}.elf", dir, design, w.thread_size);
    if (!std::filesystem::exists(path))
        throw w.error("thread_size",
                      fmt::format("no {} kernel image with THREAD_SIZE {} ({} does not exist); build one with "
                                  "irqsim_add_kernel_image(kernel-{}-ts{} SOURCES ${{IRQSIM_KERNEL_SOURCES}} "
                                  "DEFINES IRQ_DESIGN=IRQ_DESIGN_<DESIGN> THREAD_SIZE={}) in src/asm/CMakeLists.txt",
                                  design, w.thread_size, path, design, w.thread_size, w.thread_size));
    return path;
}

// The chain behind a stack's mark, fitted to the stack [.., top): frames
// above the top are another stack's; the bytes between the last frame and
// the top (THREAD_START_SP's or IRQ_STACK_START_SP's 16) join a top-of-stack
// frame (pt_regs, switch record), or stand as unwalked.
StackChain fit_chain(StackChain c, uint64_t top) {
    std::erase_if(c.frames, [top](const StackFrame& f) { return f.low >= top; });
    if (c.frames.empty()) return c;
    StackFrame& last = c.frames.back();
    if (last.high >= top || last.kind != StackFrame::Kind::Function) {
        last.high = top;
    } else {
        c.frames.push_back({StackFrame::Kind::Function, last.high, top, "(not walked: " + c.ends + ")"});
    }
    return c;
}

}  // namespace

namespace {
DesignReport run_design_once(const std::string& design_or_image, const CompareOptions& opt, bool cold) {
    // build/x/kernel-sp_el0-mine.elf is the design "sp_el0-mine".
    std::string design = design_or_image;
    if (design.ends_with(".elf")) {
        design = std::filesystem::path(design).stem().string();
        if (design.starts_with("kernel-")) design.erase(0, 7);
    }
    const Workload& workload = opt.workload;
    validate_workload(workload);  // made in code or changed on the command line, perhaps
    std::string dir = opt.kernel_dir.empty() ? default_kernel_dir() : opt.kernel_dir;
    std::string path = kernel_image(dir, design_or_image, workload);
    MachineConfig mc;
    mc.cpus = workload.cpus;
    mc.gic = workload.gic;
    mc.interleave_seed = opt.interleave_seed;
    std::ostringstream console;
    mc.console = &console;
    Machine m(mc);
    m.load_image(path);
    const ElfImage& image = *m.image();

    // The workload, written over the image's compiled-in one.
    uint64_t wl_addr = symbol(image, "irqsim_workload");
    irqsim_workload wl{};
    m.bus().copy_out(wl_addr, &wl, sizeof wl);
    if (wl.magic != IRQSIM_WORKLOAD_MAGIC || wl.version != IRQSIM_ABI_VERSION)
        throw std::runtime_error(fmt::format("{}: irqsim_workload has magic {:#x} version {}, expected ABI version {}",
                                             path, wl.magic, wl.version, IRQSIM_ABI_VERSION));
    apply_workload(workload, wl);
    m.bus().copy_in(wl_addr, &wl, sizeof wl);

    // thread_info sits at the base of every task stack (and of the copy
    // design's IRQ stacks) in the 2015 designs; v4.10 on, inside task_struct.
    std::string base_design = design.substr(0, design.find('-'));
    bool ti_at_base = base_design == "task" || base_design == "copy" || base_design == "sp_el0" ||
                      base_design == "mainline";
    IrqAccounting acct(workload.cpus);
    constexpr uint64_t kThreadInfoBytes = 32;  // the 2015 layout (asm/offsets.h TI_SIZE; the report says it again)
    StackTracker stacks(m, workload.thread_size, ti_at_base ? kThreadInfoBytes : 0);
    HotplugObserver hotplug(m);
    ThreadInfoChecker thread_info(m, workload.thread_size);  // hooks nothing unless the image copies thread_info
    std::unique_ptr<CycleSystem> cost;  // null: flat, one cycle per instruction
    if (opt.core != "flat") {
        cost = std::make_unique<CycleSystem>(m, opt.core, cold);
        if (opt.cycle_clock) cost->drive_clock(core_clock_hz(opt.core));
        acct.cycle_clock = [c = cost.get()](const Cpu& cpu) { return c->cycles(cpu.index()); };
        if (opt.profile && !cold) cost->enable_profile(image, [&acct](unsigned c) { return acct.profile_phase(c); });
    } else if (opt.profile) {
        throw std::invalid_argument("--profile needs a core model (--core a53, a57 or a72), not flat");
    } else if (opt.cycle_clock) {
        throw std::invalid_argument("--clock cycles needs a core model (--core a53, a57 or a72), not flat");
    }
    m.add_exception_observer(&acct);
    m.add_exception_observer(&stacks);
    m.add_exception_observer(&hotplug);

    // Phase labels and the unwinder's hook point, on every CPU.
    struct Walk {
        unsigned cpu;
        uint64_t pc;
        UnwindResult result;
    };
    std::vector<Walk> unwinds;
    const std::vector<IrqPhaseLabel> labels = irq_phase_labels(image);
    for (unsigned c = 0; c < m.cpu_count(); ++c) {
        for (const IrqPhaseLabel& l : labels)
            m.cpu(c).add_pc_hook(l.pc, [&acct, p = l.phase](Cpu& cpu) {
                acct.enter_phase(cpu, p);
                return Cpu::HookAction::Continue;
            });
        if (const ElfSymbol* s = image.find_symbol("unwind_from_here"))
            m.cpu(c).add_pc_hook(s->value, [&m, &unwinds](Cpu& cpu) {
                unwinds.push_back({cpu.index(), cpu.pc, unwind_frame_records(m.bus(), cpu.x[29])});
                return Cpu::HookAction::Continue;
            });
    }

    for (RunObserver* o : opt.observers) o->attach(m, design);
    RunResult rr = opt.run ? opt.run(m, opt.max_insns) : m.run(opt.max_insns);
    DesignReport r;
    r.design = design;
    r.core = opt.core;
    r.cpus = workload.cpus;
    r.console = console.str();
    r.instructions = m.instructions();
    switch (rr.outcome) {
        case RunOutcome::PoweredOff: r.outcome = "powered off"; break;
        case RunOutcome::Exited: r.outcome = fmt::format("exited with status {}", rr.exit_status); break;
        case RunOutcome::InsnLimit: r.outcome = fmt::format("stopped after {} instructions", opt.max_insns); break;
        case RunOutcome::GuestFault: r.outcome = "guest fault: " + m.fault_report(); break;
        case RunOutcome::Deadlock: r.outcome = "deadlock: " + m.fault_report(); break;
        case RunOutcome::Stopped: r.outcome = "stopped by the debugger"; break;
    }

    irqsim_report rep{};
    m.bus().copy_out(symbol(image, "irqsim_report"), &rep, sizeof rep);
    bool have_report = rep.magic == IRQSIM_REPORT_MAGIC && rep.done;
    if (!have_report && r.outcome == "powered off") r.outcome = "powered off without a complete irqsim_report";

    // Host-side figures.
    r.irqs = acct.irqs;
    if (acct.irqs) {
        double n = static_cast<double>(acct.irqs);
        r.insns_per_irq = acct.irq_instructions / n;
        r.cycles_per_irq = cost ? acct.irq_cycles / n : r.insns_per_irq;  // flat: one cycle per instruction
        const auto& ph = cost ? acct.phase_cycles : acct.phase_instructions;
        r.cycles_entry = ph[0] / n;
        r.cycles_switch = ph[1] / n;
        r.cycles_copy = ph[2] / n;
        r.cycles_handler = ph[3] / n;
        r.cycles_exit = ph[4] / n;
    }
    r.max_nesting = acct.max_nesting;
    r.hotplug_cycles = hotplug.cycles;
    if (cost) r.profile = cost->profile();

    // Classify stack slots. IRQ stacks are known by their bounds (from the
    // guest's report; they need not be THREAD_SIZE-aligned): usage is their
    // top minus the lowest stack store seen inside them. Any other slot where
    // exceptions were taken is a task (or idle) stack, THREAD_SIZE-aligned.
    uint64_t ts = have_report && rep.thread_size ? rep.thread_size : workload.thread_size;
    std::set<uint64_t> irq_slots, overflowed;
    struct IrqStack {
        unsigned cpu;
        uint64_t lo, hi;
    };
    std::vector<IrqStack> irq_stacks;
    for (unsigned c = 0; c < IRQSIM_MAX_CPUS && have_report; ++c) {
        uint64_t lo = rep.cpu[c].irq_stack_base, hi = rep.cpu[c].irq_stack_top;
        if (!lo) continue;
        irq_stacks.push_back({c, lo, hi});
        uint64_t lowest = hi;
        const StackChain* deepest = nullptr;
        for (uint64_t a = lo & ~(ts - 1); a < hi; a += ts) {
            irq_slots.insert(a);
            auto it = stacks.slots().find(a);
            if (it == stacks.slots().end()) continue;
            // Only this CPU runs on its IRQ stack: another CPU's stores in
            // the same slot belong to that CPU's stack.
            uint64_t l = it->second.lowest_by_cpu[c];
            if (l < hi && l + ts > lo && l < lowest) lowest = l, deepest = &it->second.deepest_by_cpu[c];  // a store near this stack
        }
        if (hi - std::max(lowest, lo) > r.max_irq_stack) {
            r.max_irq_stack = hi - std::max(lowest, lo);
            if (deepest) r.irq_stack_chain = fit_chain(*deepest, hi);
        }
        if (lowest < lo) overflowed.insert(lo);
    }
    uint64_t deepest_task = 0;
    for (const auto& [base, slot] : stacks.slots()) {
        if (irq_slots.count(base) || slot.exceptions == 0) continue;
        if (base + ts - slot.lowest() > r.max_task_stack) {
            r.max_task_stack = base + ts - slot.lowest();
            deepest_task = base;
        }
    }
    if (r.max_task_stack) r.task_stack_chain = fit_chain(stacks.slots().at(deepest_task).deepest, deepest_task + ts);

    // The guard's reports, named by stack. A static per-CPU IRQ stack need
    // not be THREAD_SIZE-aligned: SP crossing a slot boundary inside it is
    // no overflow.
    for (StackOverflow v : stacks.overflows()) {
        auto in = [&](const IrqStack& s) { return v.sp >= s.lo && v.sp < s.hi; };
        if (std::any_of(irq_stacks.begin(), irq_stacks.end(), in)) continue;
        auto of = std::find_if(irq_stacks.begin(), irq_stacks.end(),
                               [&](const IrqStack& s) { return v.stack_base >= (s.lo & ~(ts - 1)) && v.stack_base < s.hi; });
        v.stack = of != irq_stacks.end() ? fmt::format("the IRQ stack of CPU {} at {:#x}", of->cpu, of->lo)
                                         : fmt::format("the task stack at {:#x}", v.stack_base);
        // Only the copy design keeps a thread_info (its copy) at an IRQ stack's base.
        if (v.thread_info_overwritten && (of == irq_stacks.end() || base_design == "copy"))
            r.thread_info_corrupted = true;
        else
            v.thread_info_overwritten = false;
        overflowed.insert(of != irq_stacks.end() ? of->lo : v.stack_base);
        r.overflows.push_back(std::move(v));
    }
    r.stack_overflows = overflowed.size();

    // Unwinds from the deepest handler, on the host: complete when the chain
    // ends at fp == 0 (the task's first frame).
    // A walk that ends at fp == 0 on an IRQ stack stopped short of the task,
    // unless its last record is the design's record at the IRQ stack's top
    // (pushed below the initial SP, top - 16) of an interrupted EL0 context,
    // whose FP is zero: the guest's unwinder (src/asm/unwind.c) says the
    // same. The report says where, and why, for the first walk that stopped.
    r.host_unwinds = unwinds.size();
    for (const Walk& w : unwinds) {
        const UnwindResult& u = w.result;
        uint64_t last = u.frames.empty() ? 0 : u.frames.back();
        auto on = std::find_if(irq_stacks.begin(), irq_stacks.end(),
                               [&](const IrqStack& s) { return last >= s.lo && last < s.hi; });
        bool complete = u.ended_at_zero_fp && (on == irq_stacks.end() || last == on->hi - 32);
        r.host_unwinds_complete += complete;
        if (complete || !r.unwind_stopped.empty()) continue;
        std::string why = !u.ended_at_zero_fp ? u.stopped_because
                                              : fmt::format("its frame record holds fp 0 on the IRQ stack of CPU {}: no "
                                                            "frame record leads back to the interrupted stack",
                                                            on->cpu);
        r.unwind_stopped = fmt::format("the walk on CPU {} from {:#x} {} stopped after {} frame(s), the last at {:#x}: {}",
                                       w.cpu, w.pc, image.symbolize(w.pc), u.frames.size(), last, why);
    }

    // The thread_info checker's losses, with the seeds that reproduce them.
    for (ThreadInfoLoss l : thread_info.losses()) {
        l.seed = workload.seed;
        l.interleave_seed = opt.interleave_seed;
        r.lost_updates.push_back(std::move(l));
    }
    r.lost_flag_updates = r.lost_updates.size();
    for (ThreadInfoLoss l : thread_info.stale_reads()) {
        l.seed = workload.seed;
        l.interleave_seed = opt.interleave_seed;
        r.stale_reads.push_back(std::move(l));
    }
    r.thread_info_copies = thread_info.copies();
    r.remote_flag_sets = thread_info.flag_sets_seen();

    // The guest's entry check (mainline_v4_14) counts an overflow in its
    // per-CPU report (zero until then) and stops without completing it.
    for (unsigned c = 0; c < IRQSIM_MAX_CPUS; ++c) r.guest_stack_overflows += rep.cpu[c].stack_overflows;
    if (have_report) {
        uint64_t copied = 0;
        for (unsigned c = 0; c < IRQSIM_MAX_CPUS; ++c) {
            const auto& pc = rep.cpu[c];
            copied += pc.ti_bytes_copied;
            r.recursion_caught += pc.recursion;
            r.guest_lost_wakeups += pc.wakeups_lost;
            r.nested_switches += pc.nested_switches;
            r.bytes_copied_nested += pc.ti_bytes_copied_nested;
            r.outermost_on_irq_stack += pc.outermost_on_irq_stack;
            r.irq_stack_allocs += pc.irq_stack_allocs;
            r.hotplug_downs += pc.hotplug_downs;
            r.hotplug_ups += pc.hotplug_ups;
            r.outermost_irqs += pc.outermost_irqs;
            r.nested_irqs += pc.nested_irqs;
            r.unwinds += pc.unwinds;
            r.irq_stack_reused = r.irq_stack_reused || pc.irq_stack_reused;
            r.guest_max_task_stack = std::max<uint64_t>(r.guest_max_task_stack, pc.max_task_stack);
            r.guest_max_irq_stack = std::max<uint64_t>(r.guest_max_irq_stack, pc.max_irq_stack);
        }
        r.bytes_copied_per_irq = r.irqs ? static_cast<double>(copied) / r.irqs : 0;
        r.guest_checks_run = rep.checks_run;
        r.thread_size = rep.thread_size;
        r.irq_stack_size = rep.irq_stack_size;
        r.guest_checks_failed = rep.checks_failed;
        uint64_t guest_complete = 0;
        for (unsigned c = 0; c < IRQSIM_MAX_CPUS; ++c) guest_complete += rep.cpu[c].unwinds_reached_task;
        r.unwind_complete = r.unwinds > 0 && guest_complete == r.unwinds && r.host_unwinds_complete == r.host_unwinds;
    }
    for (RunObserver* o : opt.observers) o->finish(m, r);
    return r;
}

}  // namespace

DesignReport run_design(const std::string& design, const CompareOptions& opt) {
    DesignReport r = run_design_once(design, opt, false);
    if (opt.core != "flat") {
        CompareOptions plain = opt;
        plain.run = nullptr;  // a debugger (--gdb) gets the warm run only
        plain.observers.clear();  // so do a timeline and the charts
        DesignReport cold = run_design_once(design, plain, true);
        r.cycles_per_irq_cold = cold.cycles_per_irq;
        r.cycles_copy_cold = cold.cycles_copy;
    }
    return r;
}

std::vector<DesignReport> run_compare(const CompareOptions& options) {
    std::vector<DesignReport> out;
    for (const auto& d : options.designs) out.push_back(run_design(d, options));
    return out;
}

namespace {
// Every report field, in DESIGN.md's order, as text.
std::vector<std::pair<std::string, std::string>> fields(const DesignReport& r) {
    auto num = [](double v) { return fmt::format("{:.1f}", v); };
    auto yes = [](bool b) { return std::string(b ? "true" : "false"); };
    return {
        {"design", r.design},
        {"core", r.core},
        {"cpus", std::to_string(r.cpus)},
        {"irqs", std::to_string(r.irqs)},
        {"insns_per_irq", num(r.insns_per_irq)},
        {"cycles_per_irq", num(r.cycles_per_irq)},
        {"cycles_entry", num(r.cycles_entry)},
        {"cycles_switch", num(r.cycles_switch)},
        {"cycles_copy", num(r.cycles_copy)},
        {"cycles_handler", num(r.cycles_handler)},
        {"cycles_exit", num(r.cycles_exit)},
        {"copy_share", fmt::format("{:.1f}%", r.cycles_per_irq ? 100 * r.cycles_copy / r.cycles_per_irq : 0.0)},
        {"cycles_per_irq_cold", num(r.cycles_per_irq_cold)},
        {"cycles_copy_cold", num(r.cycles_copy_cold)},
        {"copy_share_cold",
         fmt::format("{:.1f}%", r.cycles_per_irq_cold ? 100 * r.cycles_copy_cold / r.cycles_per_irq_cold : 0.0)},
        {"bytes_copied_per_irq", num(r.bytes_copied_per_irq)},
        {"max_task_stack", std::to_string(r.max_task_stack)},
        {"max_irq_stack", std::to_string(r.max_irq_stack)},
        {"stack_overflows", std::to_string(r.stack_overflows)},
        {"max_nesting", std::to_string(r.max_nesting)},
        {"recursion_caught", std::to_string(r.recursion_caught)},
        {"unwind_complete", yes(r.unwind_complete)},
        {"lost_flag_updates", std::to_string(r.lost_flag_updates)},
        {"hotplug_cycles", std::to_string(r.hotplug_cycles)},
        {"irq_stack_reused", yes(r.irq_stack_reused)},
        {"thread_info_corrupted", yes(r.thread_info_corrupted)},
        {"guest_stack_overflows", std::to_string(r.guest_stack_overflows)},
        {"outermost_irqs", std::to_string(r.outermost_irqs)},
        {"nested_irqs", std::to_string(r.nested_irqs)},
        {"guest_max_task_stack", std::to_string(r.guest_max_task_stack)},
        {"guest_max_irq_stack", std::to_string(r.guest_max_irq_stack)},
        {"guest_checks_failed", std::to_string(r.guest_checks_failed)},
        {"guest_lost_wakeups", std::to_string(r.guest_lost_wakeups)},
        {"nested_switches", std::to_string(r.nested_switches)},
        {"bytes_copied_nested", std::to_string(r.bytes_copied_nested)},
        {"thread_info_copies", std::to_string(r.thread_info_copies)},
        {"remote_flag_sets", std::to_string(r.remote_flag_sets)},
        {"stale_thread_info_reads", std::to_string(r.stale_reads.size())},
        {"instructions", std::to_string(r.instructions)},
        {"thread_size", std::to_string(r.thread_size)},
        {"irq_stack_size", std::to_string(r.irq_stack_size)},
        {"outcome", r.outcome},
    };
}
bool is_text(const std::string& key) {
    return key == "design" || key == "core" || key == "outcome" || key.starts_with("copy_share");
}
std::string json_string(const std::string& s) {
    std::string o = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') o += '\\', o += c;
        else if (c == '\n') o += "\\n";
        else if (static_cast<unsigned char>(c) < 0x20) o += fmt::format("\\u{:04x}", c);
        else o += c;
    }
    return o + "\"";
}
std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += (c == '"') ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}
}  // namespace

std::vector<std::pair<std::string, std::string>> report_fields(const DesignReport& r) { return fields(r); }

std::string format_table(const std::vector<DesignReport>& reports, const CompareOptions& o) {
    std::string out = fmt::format(
        "irqsim compare: workload '{}', {} CPU(s), GICv{}, seed {}, interleave seed {}, THREAD_SIZE {}\n"
        "cycle model: {}{}; cycles_* are per IRQ{}\n\n",
        o.workload.origin.name, o.workload.cpus, static_cast<int>(o.workload.gic), o.workload.seed, o.interleave_seed,
        o.workload.thread_size,
        o.core == "flat" ? std::string("flat (1 cycle per instruction)")
                         : fmt::format("Cortex-{} (docs/cycles.md)", o.core == "a53" ? "A53" : o.core == "a72" ? "A72" : "A57"),
        o.cycle_clock ? fmt::format("; clock: cycles at {} MHz", core_clock_hz(o.core) / 1'000'000) : "",
        o.core == "flat" ? "" : "; *_cold: every cache emptied as each IRQ is taken");
    if (reports.empty()) return out;
    auto rows0 = fields(reports[0]);
    out += fmt::format("{:<22}", "");
    size_t width = 14;  // a column fits the longest design name ("mainline_v4_14-overflow")
    for (const auto& r : reports) width = std::max(width, r.design.size() + 2);
    for (const auto& r : reports) out += fmt::format("{:>{}}", r.design, width);
    out += "\n";
    for (size_t i = 1; i < rows0.size() - 1; ++i) {
        out += fmt::format("{:<22}", rows0[i].first);
        for (const auto& r : reports) out += fmt::format("{:>{}}", fields(r)[i].second, width);
        out += "\n";
    }
    for (const auto& r : reports)
        if (r.outcome != "powered off") out += fmt::format("\n{}: {}\n", r.design, r.outcome);
    for (const auto& r : reports)
        if (!r.unwind_stopped.empty()) out += fmt::format("\n{}: unwind incomplete: {}\n", r.design, r.unwind_stopped);
    auto list = [&out](const DesignReport& r, const std::vector<ThreadInfoLoss>& v, const char* what) {
        if (v.empty()) return;
        out += fmt::format("\n{}: {} {}:\n", r.design, v.size(), what);
        constexpr size_t kShown = 3;
        for (size_t i = 0; i < v.size() && i < kShown; ++i) out += "  " + v[i].what() + "\n";
        if (v.size() > kShown) out += fmt::format("  ... and {} more\n", v.size() - kShown);
    };
    for (const auto& r : reports) {
        list(r, r.lost_updates, "thread_info flag update(s) lost");
        list(r, r.stale_reads, "read(s) of a stale thread_info copy");
    }
    for (const auto& r : reports)
        if (!r.profile.phases.empty()) out += fmt::format("\n{}: {}", r.design, format_profile(r.profile));
    return out;
}

std::string format_stack_chain(const StackChain& c) {
    std::string out;
    for (size_t i = 0; i < c.frames.size();) {
        const StackFrame& f = c.frames[i];
        size_t j = i;
        uint64_t bytes = 0;
        for (; j < c.frames.size() && c.frames[j].function == f.function && c.frames[j].kind == f.kind; ++j)
            bytes += c.frames[j].bytes();
        std::string what = f.function;
        if (f.kind == StackFrame::Kind::ExceptionRegs) what = "pt_regs saved by " + what;
        if (f.kind == StackFrame::Kind::SwitchRecord) what = "frame record back to the interrupted stack (" + what + ")";
        if (j - i > 1) what += fmt::format(" x{}", j - i);
        out += fmt::format("    {:>6}  {}\n", bytes, what);
        i = j;
    }
    out += fmt::format("    {:>6}  total, from {:#x} (CPU {} at {:#x}); the walk ended at {}\n", c.bytes(), c.low,
                       c.cpu, c.pc, c.ends);
    return out;
}

std::string format_stack_overflow(const StackOverflow& v) {
    std::string out = fmt::format(
        "  stack overflow on {}: CPU {} stored to {:#x} with SP {:#x}, {} bytes below its usable bottom {:#x}\n"
        "    at {}\n",
        v.stack, v.cpu, v.address, v.sp, v.usable_bottom - v.sp, v.usable_bottom, v.where);
    if (v.thread_info_overwritten)
        out += fmt::format("    thread_info at the stack's base ({:#x}) was overwritten (first by the store at {:#x})\n",
                           v.stack_base, v.thread_info_overwritten_at);
    out += "    backtrace:\n";
    for (size_t i = 0, j; i < v.backtrace.size(); i = j) {
        for (j = i + 1; j < v.backtrace.size() && v.backtrace[j] == v.backtrace[i];) ++j;
        std::string frames = j - i > 1 ? fmt::format("#{}-#{}", i, j - 1) : fmt::format("#{}", i);
        out += fmt::format("      {:<8} {:#x} {}{}\n", frames, v.backtrace[i], v.backtrace_symbols[i],
                           j - i > 1 ? fmt::format(" (x{})", j - i) : "");
    }
    return out;
}

std::string format_json(const std::vector<DesignReport>& reports) {
    std::string out = "[\n";
    for (size_t i = 0; i < reports.size(); ++i) {
        out += "  {";
        bool first = true;
        for (const auto& [k, v] : fields(reports[i])) {
            out += fmt::format("{}\"{}\": {}", first ? "" : ", ", k, is_text(k) ? json_string(v) : v);
            first = false;
        }
        if (!reports[i].profile.phases.empty()) out += ", \"profile\": " + profile_json(reports[i].profile);
        out += i + 1 < reports.size() ? "},\n" : "}\n";
    }
    return out + "]\n";
}

std::string format_csv(const std::vector<DesignReport>& reports) {
    std::string out;
    if (reports.empty()) return out;
    bool first = true;
    for (const auto& [k, v] : fields(reports[0])) out += (first ? "" : ",") + k, first = false;
    out += "\n";
    for (const auto& r : reports) {
        first = true;
        for (const auto& [k, v] : fields(r)) out += (first ? "" : ",") + csv_field(v), first = false;
        out += "\n";
    }
    return out;
}

}  // namespace irqsim
