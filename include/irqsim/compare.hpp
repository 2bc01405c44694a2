// `irqsim compare`: run each IRQ-stack design's kernel image on the same
// workload and report them side by side (../shared/DESIGN.md, "The report's
// fields": those names are fixed; more may be added, none renamed).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "irqsim/cycles.hpp"
#include "irqsim/machine.hpp"
#include "irqsim/workload.hpp"
#include "irqsim/observers.hpp"

namespace irqsim {

struct DesignReport;

// More to watch a design's run with (a timeline, SP samples for charts):
// attach() once the machine is loaded and the report's own observers are in
// place; finish() after the run, before the machine goes away.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void attach(Machine& machine, const std::string& design) = 0;
    virtual void finish(Machine& machine, DesignReport& report) = 0;
};

struct CompareOptions {
    std::vector<std::string> designs = {"task", "copy", "sp_el0", "mainline"};
    std::string kernel_dir;  // holds kernel-<design>.elf; empty: the build tree's
    // Every knob of the run: CPUs, GIC, seed, length (max_ticks), tasks,
    // interrupt sources, THREAD_SIZE ... (docs/workload.md).
    Workload workload = default_workload();
    // The board's CPU interleaving (MachineConfig::interleave_seed), apart
    // from the workload's own seed.
    uint64_t interleave_seed = 0;
    uint64_t max_insns = 4'000'000'000;
    // Runs the prepared machine (observers and hooks in place) instead of
    // Machine::run: `irqsim compare --gdb` serves a debugger from here.
    std::function<RunResult(Machine&, uint64_t max_insns)> run;
    // "flat": one cycle per instruction. a53, a57, a72: the cost model
    // (docs/cycles.md); each design then also runs a second time with every
    // cache emptied as each IRQ is taken (the *_cold fields).
    std::string core = "flat";
    // The board's time from the core model's cycles at its clock
    // (core_clock_hz) instead of instructions (`--clock cycles`); needs a
    // core model.
    bool cycle_clock = false;
    // A cycle profile of each design's warm run (DesignReport::profile);
    // needs a core model.
    bool profile = false;
    std::vector<RunObserver*> observers;  // none: the run costs nothing more
};

struct DesignReport {
    std::string design, core = "flat";
    unsigned cpus = 0;
    uint64_t irqs = 0;
    double insns_per_irq = 0, cycles_per_irq = 0;
    double cycles_entry = 0, cycles_switch = 0, cycles_copy = 0, cycles_handler = 0, cycles_exit = 0;
    // The cold-cache run (CompareOptions::core not flat): every cache level
    // emptied as each IRQ is taken.
    double cycles_per_irq_cold = 0, cycles_copy_cold = 0;
    double bytes_copied_per_irq = 0;
    uint64_t max_task_stack = 0, max_irq_stack = 0, stack_overflows = 0;
    unsigned max_nesting = 0;
    uint64_t recursion_caught = 0;
    bool unwind_complete = false;
    uint64_t lost_flag_updates = 0;
    uint64_t hotplug_cycles = 0;
    bool irq_stack_reused = false;
    // Beyond the fixed fields.
    uint64_t outermost_irqs = 0, nested_irqs = 0, unwinds = 0, host_unwinds = 0, host_unwinds_complete = 0;
    // When a host walk from the deepest handler does not reach the task's
    // first frame: where the first such walk stopped and why (else empty).
    std::string unwind_stopped;
    uint64_t guest_max_task_stack = 0, guest_max_irq_stack = 0;
    uint32_t guest_checks_run = 0, guest_checks_failed = 0;
    uint64_t instructions = 0;
    uint32_t thread_size = 0, irq_stack_size = 0;  // as the guest reports them
    // Where the stack went: the call chain that set the deepest task stack's
    // and the deepest IRQ stack's high-water mark, frames summing to it.
    StackChain task_stack_chain, irq_stack_chain;
    // The stack guard: the first store below each overflowed stack's usable
    // bottom, with the faulting frame; thread_info at a stack's base was
    // overwritten by one (2015 layout); overflows the guest's own entry check
    // caught (mainline_v4_14).
    std::vector<StackOverflow> overflows;
    bool thread_info_corrupted = false;
    uint64_t guest_stack_overflows = 0;
    // The thread_info checker (ThreadInfoChecker): every flag update lost,
    // with CPU, PC, symbol, flag and seeds (lost_flag_updates counts them);
    // the guest's own count of lost wake-ups beside it; the thread_info
    // copies it followed and the other CPUs' flag sets it saw on them.
    std::vector<ThreadInfoLoss> lost_updates;
    // Reads of a thread_info field on a stale copy that differ from the live
    // one (ThreadInfoChecker::stale_reads), with the same details.
    std::vector<ThreadInfoLoss> stale_reads;
    uint64_t guest_lost_wakeups = 0, thread_info_copies = 0, remote_flag_sets = 0;
    // The guest's own counts behind the nesting and hotplug figures: nested
    // entries that reset SP to the IRQ stack's top (a second switch: a bug),
    // thread_info bytes copied by nested entries, outermost IRQs whose handler
    // ran on the IRQ stack, IRQ stacks allocated, CPU_OFF and CPU_ON completions.
    uint64_t nested_switches = 0, bytes_copied_nested = 0, outermost_on_irq_stack = 0;
    uint64_t irq_stack_allocs = 0, hotplug_downs = 0, hotplug_ups = 0;
    CycleProfile profile;  // CompareOptions::profile: per symbol and phase (else empty)
    std::string outcome;  // "powered off", or what went wrong
    std::string console;  // what the guest printed
};

// `design` names the image: kernel-<design>.elf, e.g. "copy" or
// "task-overflow" (the part before '-' is the IRQ-stack design), or is a
// path to an image ending in .elf: build/x/kernel-sp_el0-mine.elf runs that
// file as the design "sp_el0-mine" (docs/tutorial.md).
// Runs one design; throws std::runtime_error (naming the file) when the
// image is missing or malformed.
DesignReport run_design(const std::string& design, const CompareOptions& options);
std::vector<DesignReport> run_compare(const CompareOptions& options);

// Every field of a report as (name, text), in the JSON's order: the text
// format_json and format_csv write (numbers as JSON numbers).
std::vector<std::pair<std::string, std::string>> report_fields(const DesignReport& report);

std::string format_table(const std::vector<DesignReport>& reports, const CompareOptions& options);
std::string format_json(const std::vector<DesignReport>& reports);
std::string format_csv(const std::vector<DesignReport>& reports);
// A chain as lines of "bytes  function" (repeats of one function folded),
// deepest first, with its total.
std::string format_stack_chain(const StackChain& chain);
// A guard report: which stack, CPU, PC with symbol and disassembly, SP, the
// address, thread_info, the backtrace.
std::string format_stack_overflow(const StackOverflow& overflow);

// Where the build put the kernel images (compiled in), for defaults.
std::string default_kernel_dir();

}  // namespace irqsim

namespace irqsim {

// A search over interleavings for the copy design's lost-update race: one
// trial per pair of seeds, the workload's seed and the board's interleave
// seed (MachineConfig::interleave_seed). Every trial is deterministic: the
// same pair gives the same run.
struct RaceTrial {
    uint64_t seed = 0, interleave_seed = 0;
    DesignReport report;
};
// `design` under each of `workload_seeds` x interleave seeds
// first_interleave_seed .. first_interleave_seed + count - 1, in that order;
// with stop_at_loss, up to and including the first trial that lost a flag
// update (lost_flag_updates > 0).
std::vector<RaceTrial> search_race(const std::string& design, const CompareOptions& base,
                                   const std::vector<uint64_t>& workload_seeds, uint64_t first_interleave_seed,
                                   unsigned count, bool stop_at_loss);

}  // namespace irqsim
