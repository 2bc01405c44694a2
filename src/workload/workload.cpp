// Workload files (docs/workload.md): TOML read with toml++, every value
// checked, every message pointing at the file, line and key.
#include "irqsim/workload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "workload/parse_toml.hpp"

#ifndef IRQSIM_WORKLOAD_DIR
#define IRQSIM_WORKLOAD_DIR ""
#endif

namespace irqsim {

namespace {
std::string error_text(const std::string& file, unsigned line, unsigned column, const std::string& key,
                       const std::string& what) {
    std::string where = line ? fmt::format("{}:{}:{}", file, line, column) : file;
    return key.empty() ? fmt::format("{}: {}", where, what) : fmt::format("{}: key '{}': {}", where, key, what);
}
}  // namespace

WorkloadError::WorkloadError(std::string f, unsigned l, unsigned c, std::string k, const std::string& what)
    : std::runtime_error(error_text(f, l, c, k, what)), file(std::move(f)), key(std::move(k)), line(l), column(c) {}

WorkloadError Workload::error(const std::string& key, const std::string& what) const {
    // The key's own position, or its table's ("irq[1]" for "irq[1].name").
    for (std::string k = key;;) {
        auto it = origin.keys.find(k);
        if (it != origin.keys.end()) return WorkloadError(origin.source, it->second.line, it->second.column, key, what);
        size_t dot = k.rfind('.');
        if (dot == std::string::npos) return WorkloadError(origin.source, 0, 0, key, what);
        k.resize(dot);
    }
}

std::string_view to_string(IrqSourceKind kind) {
    switch (kind) {
        case IrqSourceKind::Timer: return "timer";
        case IrqSourceKind::Network: return "network";
        case IrqSourceKind::Usb: return "usb";
        case IrqSourceKind::Reschedule: return "reschedule";
    }
    return "?";
}

namespace {
constexpr IrqSourceKind kKinds[] = {IrqSourceKind::Timer, IrqSourceKind::Network, IrqSourceKind::Usb,
                                    IrqSourceKind::Reschedule};

IrqSource default_source(IrqSourceKind kind) {
    IrqSource s;
    s.kind = kind;
    s.name = std::string(to_string(kind));
    if (kind == IrqSourceKind::Reschedule) s.handler_depth = 1;
    if (kind == IrqSourceKind::Network) s.rate_permille = 200;
    if (kind == IrqSourceKind::Usb) s.rate_permille = 200, s.from_softirq_permille = 500;
    return s;
}
}  // namespace

Workload default_workload() {
    Workload w;
    w.origin.source = "workload 'default'";
    for (auto k : kKinds) w.irqs.push_back(default_source(k));
    return w;
}

namespace {

// Edit distance, for "did you mean" on an unknown key.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string_view type_name(toml::node_type t) {
    switch (t) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a floating-point number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date:
        case toml::node_type::time:
        case toml::node_type::date_time: return "a date or time";
        default: return "nothing";
    }
}

// The keys of one TOML table, read one by one; finish() rejects the rest.
class Section {
public:
    Section(Workload& w, const toml::table& t, std::string prefix) : w_(w), t_(t), prefix_(std::move(prefix)) {}

    std::string path(std::string_view key) const { return prefix_ + std::string(key); }

    [[noreturn]] void fail(const toml::node& at, std::string_view key, const std::string& what) const {
        throw WorkloadError(w_.origin.source, at.source().begin.line, at.source().begin.column, path(key), what);
    }
    [[noreturn]] void fail_here(const std::string& what) const {
        throw WorkloadError(w_.origin.source, t_.source().begin.line, t_.source().begin.column,
                            prefix_.empty() ? "" : prefix_.substr(0, prefix_.size() - 1), what);
    }

    // The value of `key`, or null; remembers that the key is known here.
    const toml::node* get(std::string_view key) {
        known_.insert(std::string(key));
        const toml::node* n = t_.get(key);
        if (n) {
            auto r = n->source().begin;
            w_.origin.keys[path(key)] = {r.line, r.column};
        }
        return n;
    }

    // An integer (its range is checked by the knob's row, below).
    std::optional<int64_t> integer(std::string_view key) {
        const toml::node* n = get(key);
        if (!n) return std::nullopt;
        if (!n->is_integer()) fail(*n, key, fmt::format("expected an integer, found {}", type_name(n->type())));
        return n->as_integer()->get();
    }
    bool boolean(std::string_view key, bool& out) {
        const toml::node* n = get(key);
        if (!n) return false;
        if (!n->is_boolean()) fail(*n, key, fmt::format("expected true or false, found {}", type_name(n->type())));
        out = n->as_boolean()->get();
        return true;
    }
    bool string(std::string_view key, std::string& out) {
        const toml::node* n = get(key);
        if (!n) return false;
        if (!n->is_string()) fail(*n, key, fmt::format("expected a string, found {}", type_name(n->type())));
        out = n->as_string()->get();
        return true;
    }
    const toml::table* table(std::string_view key) {
        const toml::node* n = get(key);
        if (!n) return nullptr;
        if (!n->is_table())
            fail(*n, key, fmt::format("expected a table ([{}]), found {}", path(key), type_name(n->type())));
        return n->as_table();
    }

    // Every key not read is unknown: name the nearest known one.
    void finish() const {
        for (auto&& [k, v] : t_) {
            if (known_.count(std::string(k.str()))) continue;
            std::string best;
            size_t best_d = SIZE_MAX;
            for (const auto& cand : known_) {
                bool prefix = cand.rfind(k.str(), 0) == 0 || std::string_view(k.str()).rfind(cand, 0) == 0;
                size_t d = prefix ? 1 : edit_distance(k.str(), cand);
                if (d < best_d) best_d = d, best = cand;
            }
            std::string hint;
            if (!best.empty() && best_d <= std::max<size_t>(2, best.size() / 3))
                hint = fmt::format("; did you mean '{}'?", path(best));
            else
                hint = fmt::format("; known keys here: {}", fmt::join(known_, ", "));
            auto r = k.source().begin;
            throw WorkloadError(w_.origin.source, r.line, r.column, path(k.str()), "unknown key" + hint);
        }
    }

    const toml::table& node() const { return t_; }

private:
    Workload& w_;
    const toml::table& t_;
    std::string prefix_;
    std::set<std::string> known_;
};

constexpr int64_t kMaxLoops = 10'000'000;
constexpr int64_t kMaxDepth = 64;
constexpr int64_t kMaxFrameBytes = 4096;
// GIC priorities the guest can use on both GIC versions: below its priority
// mask (GICC_PMR 0xf0), in steps of 8 (QEMU's GICv3 implements 5 priority
// bits, its GICv2 8; IHI 0069 4.8.6).
constexpr int64_t kMaxPriority = 0xe8;
constexpr int64_t kMaxCpus = 8;  // IRQSIM_MAX_CPUS, NR_CPUS, the board

// --- Checks, shared by reading a file and by validate_workload() ---

void check_range(const Workload& w, const std::string& key, int64_t v, int64_t lo, int64_t hi,
                 std::string_view what) {
    if (v >= lo && v <= hi) return;
    if (v <= 0 && lo > 0 && what.find("bytes") != std::string_view::npos)
        throw w.error(key, fmt::format("a size must be positive, not {}", v));
    throw w.error(key, fmt::format("{} is out of range: expected {}..{}{}", v, lo, hi,
                                   what.empty() ? "" : fmt::format(" ({})", what)));
}

using Check = void (*)(const Workload&, const std::string& key, int64_t v);

void check_cpus(const Workload& w, const std::string& key, int64_t v) {
    if (v < 1) throw w.error(key, fmt::format("{} CPUs: at least 1", v));
    if (v > kMaxCpus)
        throw w.error(key, w.gic == GicVersion::V2
                               ? fmt::format("{} CPUs: a GICv2 serves at most 8 CPUs (its ITARGETSR holds 8 bits)", v)
                               : fmt::format("{} CPUs: irqsim's virt board and the guest (IRQSIM_MAX_CPUS) stop at {} "
                                             "CPUs, though a GICv3 could route to more",
                                             v, kMaxCpus));
}

void check_thread_size(const Workload& w, const std::string& key, int64_t v) {
    if (v > 0 && (v & (v - 1)))
        throw w.error(key, fmt::format("THREAD_SIZE {} is not a power of two (the stack is found by masking SP "
                                       "with ~(THREAD_SIZE - 1))",
                                       v));
    check_range(w, key, v, 4096, 65536, "bytes");
}

void check_irq_stack_size(const Workload& w, const std::string& key, int64_t v) {
    check_range(w, key, v, 1024, 65536, "bytes");
    if (v % 16) throw w.error(key, fmt::format("{} is not a multiple of 16 (AArch64 SP must stay 16-byte aligned)", v));
    if (v > w.thread_size)
        throw w.error(key, fmt::format("{} exceeds thread_size {}: the copy design finds the IRQ stack's thread_info "
                                       "by masking SP, so an IRQ stack is at most THREAD_SIZE",
                                       v, w.thread_size));
}

void check_priority(const Workload& w, const std::string& key, int64_t v) {
    check_range(w, key, v, 0, kMaxPriority, "GIC priority, 0 highest, below the mask 0xf0");
    if (v % 8)
        throw w.error(key, fmt::format("{:#x} is not a multiple of 8 (a GICv3 implements only the top 5 priority bits)",
                                       v));
}

// One row per integer knob: where it is in the file, where it goes, its range.
struct Knob {
    std::string_view section;  // "" for the top level
    std::string_view key;
    unsigned Workload::*field;
    int64_t lo, hi;
    std::string_view what;
    Check check = nullptr;  // instead of the plain range check
};
const Knob kKnobs[] = {
    {"", "cpus", &Workload::cpus, 1, kMaxCpus, "", check_cpus},
    {"", "thread_size", &Workload::thread_size, 4096, 65536, "bytes", check_thread_size},
    {"", "irq_stack_size", &Workload::irq_stack_size, 1024, 65536, "bytes", check_irq_stack_size},
    {"", "max_ticks", &Workload::max_ticks, 0, 1'000'000'000, "timer ticks on CPU 0, 0: no limit"},
    {"tasks", "per_cpu", &Workload::tasks_per_cpu, 1, 4, "EL0 tasks on each CPU"},
    {"tasks", "iterations", &Workload::iterations, 1, 1'000'000, "syscalls per task"},
    {"tasks", "syscall_depth", &Workload::syscall_depth, 1, kMaxDepth, "calls"},
    {"tasks", "syscall_frame_bytes", &Workload::syscall_frame_bytes, 1, kMaxFrameBytes, "bytes per call"},
    {"tasks", "syscall_spin", &Workload::syscall_spin, 0, kMaxLoops, "loop iterations"},
    {"tasks", "timeslice_ticks", &Workload::timeslice_ticks, 1, 1000, "timer ticks"},
    {"softirq", "share_permille", &Workload::softirq_permille, 0, 1000, "per mille"},
    {"softirq", "work", &Workload::softirq_work, 0, kMaxLoops, "loop iterations"},
    {"wakeup", "permille", &Workload::wakeup_permille, 0, 1000, "per mille"},
    {"wakeup", "delay", &Workload::wake_delay, 0, kMaxLoops, "loop iterations"},
    {"hotplug", "cycles", &Workload::hotplug_cycles, 0, 16, "down/up cycles of the last CPU"},
    {"unwind", "every", &Workload::unwind_every, 0, kMaxLoops, "deepest handler calls, 0: never"},
};

constexpr unsigned kTimerOnly = 1, kSpiOnly = 2;
struct SourceKnob {
    std::string_view key;
    unsigned IrqSource::*field;
    int64_t lo, hi;
    std::string_view what;
    unsigned only = 0;  // kTimerOnly, kSpiOnly
    Check check = nullptr;
};
const SourceKnob kSourceKnobs[] = {
    {"priority", &IrqSource::priority, 0, kMaxPriority, "", 0, check_priority},
    {"handler_depth", &IrqSource::handler_depth, 1, kMaxDepth, "calls"},
    {"handler_frame_bytes", &IrqSource::handler_frame_bytes, 1, kMaxFrameBytes, "bytes per call"},
    {"period", &IrqSource::period, 64, int64_t{1} << 30, "counter ticks at 62.5 MHz", kTimerOnly},
    {"jitter", &IrqSource::jitter, 0, int64_t{1} << 30, "counter ticks", kTimerOnly},
    {"rate_permille", &IrqSource::rate_permille, 0, 1000, "chance per timer tick, per mille", kSpiOnly},
    {"from_softirq_permille", &IrqSource::from_softirq_permille, 0, 1000, "chance per NET_RX softirq, per mille",
     kSpiOnly},
};

bool is_spi(IrqSourceKind k) { return k == IrqSourceKind::Network || k == IrqSourceKind::Usb; }
bool applies(unsigned only, IrqSourceKind k) {
    return only == 0 || (only == kTimerOnly && k == IrqSourceKind::Timer) || (only == kSpiOnly && is_spi(k));
}

template <class Row>
void check_knob(const Workload& w, const Row& row, const std::string& key, int64_t v) {
    if (row.check) row.check(w, key, v);
    else check_range(w, key, v, row.lo, row.hi, row.what);
}

std::string source_key(size_t i, std::string_view key) { return fmt::format("irq[{}].{}", i, key); }

// What holds across the whole table of sources.
void check_sources(const Workload& w) {
    if (w.irqs.size() > kMaxIrqSources)
        throw w.error("irq", fmt::format("{} interrupt sources: at most {}", w.irqs.size(), kMaxIrqSources));
    std::set<std::string> names;
    unsigned timers = 0, rescheds = 0;
    for (size_t i = 0; i < w.irqs.size(); ++i) {
        const IrqSource& src = w.irqs[i];
        timers += src.kind == IrqSourceKind::Timer;
        rescheds += src.kind == IrqSourceKind::Reschedule;
        if (timers > 1 || rescheds > 1)
            throw w.error(source_key(i, "kind"),
                          fmt::format("a second {} source: there is one per CPU", to_string(src.kind)));
        if (!names.insert(src.name).second)
            throw w.error(source_key(i, "name"), fmt::format("a second source named '{}'", src.name));
    }
    if (!timers) throw w.error("irq", "no source of kind 'timer': the scheduler tick drives the workload");
}

void read_irq_source(Workload& w, Section& s, size_t index, IrqSource& src) {
    std::string kind;
    const toml::node* kind_node = s.get("kind");
    if (!kind_node) s.fail_here("an interrupt source needs a 'kind' (timer, network, usb or reschedule)");
    s.string("kind", kind);
    auto k = std::find_if(std::begin(kKinds), std::end(kKinds), [&](auto x) { return to_string(x) == kind; });
    if (k == std::end(kKinds))
        s.fail(*kind_node, "kind", fmt::format("unknown kind '{}': expected timer, network, usb or reschedule", kind));
    src = default_source(*k);
    src.rate_permille = src.from_softirq_permille = 0;  // an SPI from a file fires only as the file says
    s.string("name", src.name);
    s.boolean("preemptible", src.preemptible);
    for (const auto& row : kSourceKnobs) {
        if (!applies(row.only, src.kind)) {
            if (s.node().contains(row.key))
                s.fail(*s.node().get(row.key), row.key,
                       fmt::format("applies to {} sources only, not to a {} source",
                                   row.only == kTimerOnly ? "timer" : "network and usb", to_string(src.kind)));
            continue;
        }
        if (auto v = s.integer(row.key)) {
            check_knob(w, row, source_key(index, row.key), *v);
            src.*row.field = static_cast<unsigned>(*v);
        }
    }
    s.finish();
}

void read_workload(Workload& w, const toml::table& root) {
    std::map<std::string_view, std::unique_ptr<Section>> sections;
    Section& top = *(sections[""] = std::make_unique<Section>(w, root, ""));
    if (auto v = top.integer("seed")) {
        if (*v < 0) top.fail(*top.get("seed"), "seed", fmt::format("{} is negative: a seed is 0..2^63-1", *v));
        w.seed = static_cast<uint64_t>(*v);
    }
    std::string gic;
    if (top.string("gic", gic)) {
        if (gic != "v2" && gic != "v3") top.fail(*top.get("gic"), "gic", fmt::format("'{}': expected v2 or v3", gic));
        w.gic = gic == "v3" ? GicVersion::V3 : GicVersion::V2;
    }
    for (const auto& row : kKnobs) {
        auto& sec = sections[row.section];
        if (!sec) {
            const toml::table* t = top.table(row.section);
            if (!t) continue;
            sec = std::make_unique<Section>(w, *t, std::string(row.section) + ".");
        }
        if (row.field == &Workload::irq_stack_size && !sec->node().contains("irq_stack_size"))
            w.irq_stack_size = w.thread_size;  // an IRQ stack follows THREAD_SIZE unless given
        if (auto v = sec->integer(row.key)) {
            check_knob(w, row, sec->path(row.key), *v);
            w.*row.field = static_cast<unsigned>(*v);
        }
    }
    if (const toml::node* n = top.get("irq")) {
        const toml::array* arr = n->as_array();
        if (!arr || !arr->is_array_of_tables())
            top.fail(*n, "irq", fmt::format("expected an array of tables ([[irq]]), found {}", type_name(n->type())));
        if (arr->size() > kMaxIrqSources)
            top.fail(*n, "irq", fmt::format("{} interrupt sources: at most {}", arr->size(), kMaxIrqSources));
        w.irqs.clear();
        for (size_t i = 0; i < arr->size(); ++i) {
            const toml::table& t = *(*arr)[i].as_table();
            w.origin.keys[fmt::format("irq[{}]", i)] = {t.source().begin.line, t.source().begin.column};
            Section s(w, t, fmt::format("irq[{}].", i));
            IrqSource src;
            read_irq_source(w, s, i, src);
            w.irqs.push_back(src);
            check_sources(w);  // a second timer is reported where it is
        }
        check_sources(w);
        // Wake-ups always send the reschedule SGI: give it the default handler.
        if (std::none_of(w.irqs.begin(), w.irqs.end(), [](auto& s) { return s.kind == IrqSourceKind::Reschedule; }))
            w.irqs.push_back(default_source(IrqSourceKind::Reschedule));
    }
    for (const auto& [name, sec] : sections)
        if (sec) sec->finish();
}

}  // namespace

Workload parse_workload(std::string_view text, const std::string& source_name) {
    Workload w = default_workload();
    w.origin = {};
    w.origin.source = source_name;
    w.origin.name = std::filesystem::path(source_name).stem().string();
    toml::table root = parse_toml(text, source_name);
    read_workload(w, root);
    validate_workload(w);  // what only the whole workload shows
    return w;
}

void validate_workload(const Workload& w) {
    for (const auto& row : kKnobs)
        check_knob(w, row, row.section.empty() ? std::string(row.key) : fmt::format("{}.{}", row.section, row.key),
                   w.*row.field);
    check_sources(w);
    for (size_t i = 0; i < w.irqs.size(); ++i)
        for (const auto& row : kSourceKnobs)
            if (applies(row.only, w.irqs[i].kind)) check_knob(w, row, source_key(i, row.key), w.irqs[i].*row.field);
}

Workload load_workload_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw WorkloadError(path, 0, 0, "", "cannot read the workload file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_workload(text.str(), path);
}

std::string default_workload_dir() { return IRQSIM_WORKLOAD_DIR; }

Workload find_workload(const std::string& name) {
    if (name == "default") return default_workload();
    if (std::filesystem::exists(name) && !std::filesystem::is_directory(name)) return load_workload_file(name);
    bool plain_name = name.find('/') == std::string::npos && name.find('.') == std::string::npos;
    if (plain_name && !default_workload_dir().empty()) {
        auto p = std::filesystem::path(default_workload_dir()) / (name + ".toml");
        if (std::filesystem::is_regular_file(p)) return load_workload_file(p.string());
    }
    std::string known = "default";
    if (!default_workload_dir().empty() && std::filesystem::is_directory(default_workload_dir())) {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(default_workload_dir()))
            if (e.path().extension() == ".toml" && e.path().stem() != "default") names.push_back(e.path().stem());
        std::sort(names.begin(), names.end());
        for (const auto& n : names) known += ", " + n;
    }
    throw WorkloadError(name, 0, 0, "",
                        fmt::format("no such workload file, and not a known workload name ({})", known));
}

namespace {

// A TOML basic string that reads back as `s`: names come from workload files
// and may hold any escape TOML allows (a backslash, a quote, a newline).
std::string toml_quoted(std::string_view s) {
    std::string o = "\"";
    for (unsigned char c : s) {
        if (c == '\\' || c == '"') {
            o += '\\';
            o += char(c);
        } else if (c < 0x20 || c == 0x7f) {
            o += fmt::format("\\u{:04X}", c);
        } else {
            o += char(c);
        }
    }
    return o + '"';
}

}  // namespace

std::string format_workload(const Workload& w) {
    std::string o;
    o += fmt::format("seed = {}\ncpus = {}\ngic = \"{}\"\nthread_size = {}\nirq_stack_size = {}\nmax_ticks = {}\n",
                     w.seed, w.cpus, w.gic == GicVersion::V3 ? "v3" : "v2", w.thread_size, w.irq_stack_size,
                     w.max_ticks);
    o += fmt::format(
        "\n[tasks]\nper_cpu = {}\niterations = {}\nsyscall_depth = {}\nsyscall_frame_bytes = {}\nsyscall_spin = {}\n"
        "timeslice_ticks = {}\n",
        w.tasks_per_cpu, w.iterations, w.syscall_depth, w.syscall_frame_bytes, w.syscall_spin, w.timeslice_ticks);
    o += fmt::format("\n[softirq]\nshare_permille = {}\nwork = {}\n", w.softirq_permille, w.softirq_work);
    o += fmt::format("\n[wakeup]\npermille = {}\ndelay = {}\n", w.wakeup_permille, w.wake_delay);
    o += fmt::format("\n[hotplug]\ncycles = {}\n", w.hotplug_cycles);
    o += fmt::format("\n[unwind]\nevery = {}\n", w.unwind_every);
    for (const auto& s : w.irqs) {
        o += fmt::format("\n[[irq]]\nname = {}\nkind = \"{}\"\npriority = {:#x}\nhandler_depth = {}\n"
                         "handler_frame_bytes = {}\npreemptible = {}\n",
                         toml_quoted(s.name), to_string(s.kind), s.priority, s.handler_depth, s.handler_frame_bytes,
                         s.preemptible ? "true" : "false");
        if (s.kind == IrqSourceKind::Timer) o += fmt::format("period = {}\njitter = {}\n", s.period, s.jitter);
        if (s.kind == IrqSourceKind::Network || s.kind == IrqSourceKind::Usb)
            o += fmt::format("rate_permille = {}\nfrom_softirq_permille = {}\n", s.rate_permille,
                             s.from_softirq_permille);
    }
    return o;
}

}  // namespace irqsim
