// Timelines of a run (issue 7, "Timelines"): what each CPU did, written as
// Chrome/Perfetto trace events (the JSON "traceEvents" format, "Trace Event
// Format", Google, the document Perfetto's JSON importer follows), and the
// sampled stack depth behind the compare charts.
//
// A RunTrace attaches itself to a Machine: an exception observer, PC hooks on
// the guest's labels (irq_phase_*, do_softirq, cpu_switch_to,
// irq_copy_thread_info, when the image has them) and a per-instruction
// observer that samples SP. Nothing of it exists unless a RunTrace is made:
// a run without one costs nothing more.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "irqsim/compare.hpp"
#include "irqsim/observers.hpp"

namespace irqsim {

class Machine;

struct TraceOptions {
    // Slices, instants and counters for the trace file; false: only the
    // per-CPU depth samples (charts).
    bool timeline = true;
    // SP is looked at before every instruction; each sample is the deepest
    // point of one interval of this many nanoseconds of the board's clock.
    uint64_t sample_ns = 1000;
    // Task stacks are THREAD_SIZE-aligned slots of this size (IRQ stacks
    // are found through the guest's irqsim_report, when it has one).
    uint64_t thread_size = 16384;
};

// The deepest stack use of one CPU over one sample interval, split by the
// kind of stack it was on (0: not on such a stack then). t_ns is the
// interval's start on the board's clock.
struct DepthSample {
    uint64_t t_ns = 0;
    uint32_t task_bytes = 0, irq_bytes = 0;
};

class RunTrace final : public ExceptionObserver {
public:
    // `name` names the trace's process (a design, an image).
    RunTrace(Machine& machine, std::string name, const TraceOptions& options = {});
    ~RunTrace() override;
    RunTrace(const RunTrace&) = delete;
    RunTrace& operator=(const RunTrace&) = delete;

    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override;
    void exception_returned(Cpu& cpu, ExceptionLevel from, ExceptionLevel to, uint64_t pc) override;

    // After the run: closes the slices still open and lets go of the
    // machine (its hooks and observers are removed; the trace keeps its data).
    void finish();

    const std::string& name() const { return name_; }
    const std::vector<DepthSample>& depth_samples(unsigned cpu) const;
    unsigned cpus() const;
    // This trace's events as JSON objects, one per line, under process `pid`,
    // sorted by time (stable: a slice's begin and end keep their order).
    void append_events(std::string& out, unsigned pid) const;

    struct Impl;

private:
    std::string name_;
    std::unique_ptr<Impl> impl_;
};

// One RunTrace per design run, for CompareOptions::observers.
class CompareTraces final : public RunObserver {
public:
    explicit CompareTraces(const TraceOptions& options) : options_(options) {}
    void attach(Machine& machine, const std::string& design) override;
    void finish(Machine& machine, DesignReport& report) override;
    // In the order the designs ran.
    std::vector<const RunTrace*> traces() const;

private:
    TraceOptions options_;
    std::vector<std::unique_ptr<RunTrace>> traces_;
};

// A whole trace file: {"traceEvents": [...], "displayTimeUnit": "ns"}, one
// process per RunTrace (pid 1, 2, ... in order), one thread per CPU.
std::string format_trace_json(const std::vector<const RunTrace*>& traces);

}  // namespace irqsim
