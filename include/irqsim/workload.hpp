// A workload: every knob of the guest kernel's run (docs/workload.md), the
// built-in default, and TOML workload files (workloads/*.toml).
//
// parse_workload() does no I/O: it reads only the text it is given, so it can
// be fuzzed; load_workload_file() reads a file and calls it.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "irqsim/machine.hpp"

namespace irqsim {

// A bad workload: what() is "FILE:LINE:COL: key 'a.b': what is wrong".
class WorkloadError : public std::runtime_error {
public:
    WorkloadError(std::string file, unsigned line, unsigned column, std::string key, const std::string& what);
    std::string file, key;
    unsigned line = 0, column = 0;
};

// What raises an interrupt source and what its handler does in the guest
// (src/asm/gic.c).
enum class IrqSourceKind : uint8_t {
    Timer,       // the per-CPU EL1 virtual timer (PPI 27): the scheduler tick
    Network,     // an SPI per CPU, "network-like": its handler raises NET_RX
    Usb,         // an SPI per CPU, "USB-like": its handler may raise a softirq
    Reschedule,  // SGI 1, sent by a cross-CPU wake-up
};
std::string_view to_string(IrqSourceKind kind);

struct IrqSource {
    std::string name;
    IrqSourceKind kind = IrqSourceKind::Timer;
    unsigned priority = 0xa0;  // GIC priority, 0 highest
    unsigned handler_depth = 6;
    unsigned handler_frame_bytes = 160;
    bool preemptible = false;  // the handler runs with IRQs unmasked
    // Timer: period and random extra, in counter ticks (CNTFRQ 62.5 MHz).
    unsigned period = 3000, jitter = 1000;
    // SPIs: chance per timer tick on a CPU that the source fires there, and
    // chance per NET_RX softirq run that it fires at once (a nested IRQ).
    unsigned rate_permille = 0, from_softirq_permille = 0;
    bool operator==(const IrqSource&) const = default;
};

// Where each key of a workload came from, for messages about it. It does not
// take part in comparing workloads.
struct WorkloadOrigin {
    struct Position {
        unsigned line = 0, column = 0;
    };
    std::string name = "default";  // the built-in's name or the file's stem
    std::string source;            // the file, or "workload 'default'" for a built-in
    std::map<std::string, Position> keys;
    friend bool operator==(const WorkloadOrigin&, const WorkloadOrigin&) { return true; }
};

struct Workload {
    uint64_t seed = 1;
    unsigned cpus = 2;
    GicVersion gic = GicVersion::V2;
    unsigned thread_size = 16384;
    unsigned irq_stack_size = 16384;
    unsigned max_ticks = 0;  // 0: until every task has finished
    // Tasks: EL0 tasks per CPU looping over a deep syscall.
    unsigned tasks_per_cpu = 2, iterations = 120;
    unsigned syscall_depth = 12, syscall_frame_bytes = 320, syscall_spin = 3000;
    unsigned timeslice_ticks = 3;
    unsigned softirq_permille = 500, softirq_work = 1500;
    unsigned wakeup_permille = 150, wake_delay = 0;
    unsigned hotplug_cycles = 1;
    unsigned unwind_every = 1;
    std::vector<IrqSource> irqs;
    WorkloadOrigin origin;

    bool operator==(const Workload&) const = default;

    // "FILE:LINE:COL: key 'KEY'" (or the built-in's name) for a message
    // about KEY; the key's own position when the file set it.
    WorkloadError error(const std::string& key, const std::string& what) const;
};

inline constexpr unsigned kMaxIrqSources = 8;  // IRQSIM_MAX_IRQ_SOURCES in the guest ABI

Workload default_workload();
// Throws WorkloadError for TOML syntax errors and bad values.
Workload parse_workload(std::string_view text, const std::string& source_name);
// Checks every knob of a workload however it was made (a file, code, the
// command line): throws WorkloadError naming the key (and where the file set it).
void validate_workload(const Workload& w);
// Throws WorkloadError (line 0) when the file cannot be read.
Workload load_workload_file(const std::string& path);
// A built-in name ("default"), a workloads/ file by name (nested-heavy), or a path.
Workload find_workload(const std::string& name_or_path);
// The workload as TOML that parse_workload() reads back equal.
std::string format_workload(const Workload& w);

// Where the build found workloads/ (compiled in).
std::string default_workload_dir();

}  // namespace irqsim
