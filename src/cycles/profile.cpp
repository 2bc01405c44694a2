// Profiler (profile.hpp) and the profile's table and JSON forms.
#include "cycles/profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace irqsim {

namespace {
static_assert(CycleProfile::kReasons == static_cast<unsigned>(cycles::Stall::kCount));
// The stall kinds (pipeline.hpp) under the profile's column names.
constexpr const char* kReasonNames[] = {"execute",  "dependency", "resource", "cache_miss",
                                        "frontend", "mispredict", "serialize"};
constexpr const char* kPhaseNames[] = {"task",        "exception", "irq_entry", "irq_switch",
                                       "irq_copy",    "irq_handler", "irq_exit",  "irq_witness"};
static_assert(std::size(kPhaseNames) == CycleProfile::kPhases);
constexpr uint64_t kMaxDenseText = uint64_t{16} << 20;  // bytes of code counted per PC in an array
}  // namespace

const char* CycleProfile::reason_name(unsigned k) { return kReasonNames[k]; }
const char* CycleProfile::phase_name(unsigned k) { return kPhaseNames[k]; }

namespace cycles {

Profiler::Profiler(const ElfImage& image, std::function<unsigned(unsigned)> phase)
    : image_(image), phase_(std::move(phase)) {
    uint64_t lo = ~uint64_t{0}, hi = 0;
    for (const ElfSegment& s : image.segments)
        if (s.executable()) lo = std::min(lo, s.vaddr), hi = std::max(hi, s.end());
    if (lo < hi && hi - lo <= kMaxDenseText) {
        text_lo_ = lo;
        text_.resize((hi - lo + 3) / 4);
    }
}

void Profiler::attach(CpuCycleModel& model, unsigned cpu) {
    cpus_.push_back(std::make_unique<CpuCtx>(CpuCtx{this, cpu}));
    model.set_sink(&Profiler::sink, cpus_.back().get());
}

Profiler::Counts& Profiler::at(uint64_t pc) {
    uint64_t slot = (pc - text_lo_) / 4;
    return slot < text_.size() ? text_[slot] : other_[pc];
}

void Profiler::sink(void* ctx, uint64_t pc, unsigned insns, uint64_t cycles, Stall why) {
    auto& c = *static_cast<CpuCtx*>(ctx);
    Profiler& p = *c.self;
    unsigned phase = p.phase_ ? p.phase_(c.cpu) : 0;
    for (Counts* k : {&p.at(pc), &p.phases_[std::min(phase, CycleProfile::kPhases - 1)]}) {
        k->instructions += insns;
        k->cycles[static_cast<unsigned>(why)] += cycles;
    }
}

CycleProfile Profiler::result(const std::string& core) const {
    CycleProfile out;
    out.core = core;
    auto add = [](ProfileRow& row, const Counts& k) {
        row.instructions += k.instructions;
        for (unsigned r = 0; r < CycleProfile::kReasons; ++r) row.by_reason[r] += k.cycles[r];
        row.cycles += std::accumulate(k.cycles.begin(), k.cycles.end(), uint64_t{0});
    };
    std::map<const ElfSymbol*, ProfileRow> by_symbol;  // null: no symbol
    auto count = [&](uint64_t pc, const Counts& k) {
        if (!k.instructions && !std::accumulate(k.cycles.begin(), k.cycles.end(), uint64_t{0})) return;
        const ElfSymbol* s = image_.symbol_covering(pc);
        ProfileRow& row = by_symbol[s];
        if (row.name.empty()) row.name = s ? s->name : "(no symbol)";
        add(row, k);
    };
    for (size_t i = 0; i < text_.size(); ++i) count(text_lo_ + 4 * i, text_[i]);
    for (const auto& [pc, k] : other_) count(pc, k);
    for (auto& [s, row] : by_symbol) out.symbols.push_back(std::move(row));
    // Most cycles first; ties by name, so the order is the same every run.
    std::sort(out.symbols.begin(), out.symbols.end(), [](const ProfileRow& a, const ProfileRow& b) {
        return a.cycles != b.cycles ? a.cycles > b.cycles : a.name < b.name;
    });
    for (unsigned ph = 0; ph < CycleProfile::kPhases; ++ph) {
        ProfileRow row;
        row.name = kPhaseNames[ph];
        add(row, phases_[ph]);
        out.instructions += row.instructions;
        out.cycles += row.cycles;
        out.phases.push_back(std::move(row));
    }
    return out;
}

}  // namespace cycles

namespace {
std::string table_row(const ProfileRow& r, uint64_t total) {
    std::string o = fmt::format("{:<32} {:>12} {:>6.1f}% {:>11} {:>5.2f}", r.name.size() > 32 ? r.name.substr(0, 31) + "~" : r.name,
                                r.cycles, total ? 100.0 * r.cycles / total : 0.0, r.instructions,
                                r.cycles ? static_cast<double>(r.instructions) / r.cycles : 0.0);
    for (uint64_t c : r.by_reason) o += fmt::format(" {:>11}", c);
    return o + "\n";
}
std::string table_header(const char* what) {
    std::string o = fmt::format("{:<32} {:>12} {:>7} {:>11} {:>5}", what, "cycles", "share", "insns", "IPC");
    for (const char* n : kReasonNames) o += fmt::format(" {:>11}", n);
    return o + "\n";
}
std::string json_row(const ProfileRow& r) {
    std::string name;
    for (char c : r.name) name += (c == '"' || c == '\\') ? std::string{'\\', c} : std::string{c};
    std::string o = fmt::format("{{\"name\": \"{}\", \"cycles\": {}, \"instructions\": {}", name, r.cycles, r.instructions);
    for (unsigned k = 0; k < CycleProfile::kReasons; ++k) o += fmt::format(", \"{}\": {}", kReasonNames[k], r.by_reason[k]);
    return o + "}";
}
}  // namespace

std::string format_profile(const CycleProfile& p, size_t max_rows) {
    std::string o = fmt::format(
        "cycle profile ({}): {} cycles, {} instructions on every CPU; cycles by what each instruction waited for\n",
        p.core, p.cycles, p.instructions);
    o += table_header("symbol");
    ProfileRow rest;
    for (size_t i = 0; i < p.symbols.size(); ++i) {
        if (i < max_rows) {
            o += table_row(p.symbols[i], p.cycles);
            continue;
        }
        rest.instructions += p.symbols[i].instructions;
        rest.cycles += p.symbols[i].cycles;
        for (unsigned k = 0; k < CycleProfile::kReasons; ++k) rest.by_reason[k] += p.symbols[i].by_reason[k];
    }
    if (p.symbols.size() > max_rows) {
        rest.name = fmt::format("({} more symbols)", p.symbols.size() - max_rows);
        o += table_row(rest, p.cycles);
    }
    o += "\n" + table_header("phase");
    for (const ProfileRow& r : p.phases) o += table_row(r, p.cycles);
    return o;
}

std::string profile_json(const CycleProfile& p) {
    std::string o = fmt::format("{{\"core\": \"{}\", \"cycles\": {}, \"instructions\": {}, \"symbols\": [", p.core,
                                p.cycles, p.instructions);
    for (size_t i = 0; i < p.symbols.size(); ++i) o += (i ? ", " : "") + json_row(p.symbols[i]);
    o += "], \"phases\": [";
    for (size_t i = 0; i < p.phases.size(); ++i) o += (i ? ", " : "") + json_row(p.phases[i]);
    return o + "]}";
}

}  // namespace irqsim
