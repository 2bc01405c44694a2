// Parameter sweeps (see sweep.hpp). A grid value is applied to the base
// workload through its TOML form (format_workload, then the key set, then
// parse_workload), so a sweep accepts exactly the keys and values a workload
// file does, with the same checks.
#include "irqsim/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <toml++/toml.h>

#include "report/write_file.hpp"
#include "sweep/parallel.hpp"
#include "workload/parse_toml.hpp"

namespace irqsim {

namespace fs = std::filesystem;

namespace {

WorkloadError error_at(const std::string& source, const toml::node& n, const std::string& key, const std::string& what) {
    auto r = n.source().begin;
    return WorkloadError(source, r.line, r.column, key, what);
}

std::string toml_text(const toml::node& n) {
    std::ostringstream o;
    n.visit([&](auto&& v) {
        if constexpr (toml::is_string<decltype(v)>)
            o << toml::toml_formatter{v};
        else if constexpr (toml::is_number<decltype(v)> || toml::is_boolean<decltype(v)>)
            o << v;
    });
    return o.str();
}

// Sets `key` (dotted; "irq.NAME.KEY" for a source) in a workload's TOML.
void set_key(toml::table& root, const std::string& key, const toml::node& value, const std::string& source,
             const toml::node& at) {
    std::vector<std::string> parts;
    for (size_t b = 0, e; b <= key.size(); b = e + 1) {
        e = std::min(key.find('.', b), key.size());
        parts.push_back(key.substr(b, e - b));
    }
    if (parts[0] == "irq") {
        if (parts.size() != 3)
            throw error_at(source, at, "grid." + key, "an interrupt source's key is irq.NAME.KEY (irq.timer.period)");
        toml::array* irqs = root["irq"].as_array();
        for (size_t i = 0; irqs && i < irqs->size(); ++i) {
            toml::table* t = irqs->get(i)->as_table();
            if (t && t->get("name") && t->get("name")->value<std::string>() == parts[1]) {
                t->insert_or_assign(parts[2], value);
                return;
            }
        }
        std::string names;
        for (size_t i = 0; irqs && i < irqs->size(); ++i)
            if (auto* t = irqs->get(i)->as_table()) names += (names.empty() ? "" : ", ") + t->get("name")->value_or(std::string());
        throw error_at(source, at, "grid." + key, fmt::format("the base workload has no interrupt source named '{}' (it has: {})",
                                                            parts[1], names));
    }
    toml::table* t = &root;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        if (!t->get(parts[i])) t->insert(parts[i], toml::table{});
        t = t->get(parts[i])->as_table();
        if (!t) throw error_at(source, at, "grid." + key, fmt::format("'{}' is not a table in a workload", parts[i]));
    }
    t->insert_or_assign(parts.back(), value);
}

// The message of a WorkloadError without its "FILE:LINE:COL: key 'K': ".
std::string bare_message(const WorkloadError& e) {
    std::string s = e.what();
    std::string tag = fmt::format("key '{}': ", e.key);
    size_t at = s.find(tag);
    return at == std::string::npos ? s : s.substr(at + tag.size());
}

// The base workload as TOML to set grid values in. An IRQ stack follows
// THREAD_SIZE unless the base file names its size, so that a thread_size
// axis alone makes sense (workload files read it the same way).
toml::table base_toml(const Workload& base) {
    toml::table t = toml::parse(format_workload(base));
    if (!base.origin.keys.count("irq_stack_size") && base.irq_stack_size == base.thread_size) t.erase("irq_stack_size");
    return t;
}

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325;  // FNV-1a 64 (Fowler, Noll, Vo)
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3;
    return h;
}

}  // namespace

SweepGrid parse_sweep(std::string_view text, const std::string& source) {
    toml::table root = parse_toml(text, source);
    SweepGrid g;
    g.source = source;
    g.base = default_workload();
    auto strings = [&](const char* key, std::vector<std::string>& out) {
        const toml::node* n = root.get(key);
        if (!n) return;
        const toml::array* a = n->as_array();
        if (!a || a->empty()) throw error_at(source, *n, key, "expected a non-empty array of strings");
        out.clear();
        for (const auto& v : *a) {
            if (!v.is_string()) throw error_at(source, v, key, "expected a string");
            out.push_back(*v.value<std::string>());
        }
    };
    for (auto&& [k, v] : root) {
        std::string key(k.str());
        if (key == "workload") {
            if (!v.is_string()) throw error_at(source, v, key, "expected a workload name or file");
            std::string w = *v.value<std::string>();
            fs::path rel = fs::path(source).parent_path() / w;
            g.base = find_workload(fs::exists(rel) && !fs::is_directory(rel) && w != "default" ? rel.string() : w);
        } else if (key == "designs") {
            strings("designs", g.designs);
        } else if (key == "interleave_seeds") {
            const toml::array* a = v.as_array();
            if (!a || a->empty()) throw error_at(source, v, key, "expected a non-empty array of integers");
            g.interleave_seeds.clear();
            for (const auto& s : *a) {
                if (!s.is_integer() || *s.value<int64_t>() < 0) throw error_at(source, s, key, "expected an integer >= 0");
                g.interleave_seeds.push_back(static_cast<uint64_t>(*s.value<int64_t>()));
            }
        } else if (key == "max_insns") {
            if (!v.is_integer() || *v.value<int64_t>() < 1) throw error_at(source, v, key, "expected an integer >= 1");
            g.max_insns = static_cast<uint64_t>(*v.value<int64_t>());
        } else if (key == "kernel_dir") {
            if (!v.is_string()) throw error_at(source, v, key, "expected a folder");
            g.kernel_dir = *v.value<std::string>();
        } else if (key == "grid") {
            const toml::table* t = v.as_table();
            if (!t) throw error_at(source, v, key, "expected a table [grid]");
        } else {
            auto r = k.source().begin;
            throw WorkloadError(source, r.line, r.column, key,
                                "unknown key; a sweep file has workload, designs, interleave_seeds, max_insns, kernel_dir "
                                "and [grid]");
        }
    }
    // The grid: check each value now, one at a time on the base workload,
    // so a bad value is named where the file has it.
    if (const toml::table* t = root["grid"].as_table()) {
        // toml++ keeps a table's keys sorted; the file's order is their
        // source order.
        std::vector<std::pair<std::string, const toml::node*>> keys;
        // Dotted keys (tasks.syscall_depth = [...], unquoted) are tables in
        // TOML: their leaves are the axes.
        auto collect = [&](auto&& self, const toml::table& table, const std::string& prefix) -> void {
            for (auto&& [k, v] : table) {
                std::string key = prefix + std::string(k.str());
                if (const toml::table* sub = v.as_table()) self(self, *sub, key + ".");
                else keys.emplace_back(key, &v);
            }
        };
        collect(collect, *t, "");
        std::sort(keys.begin(), keys.end(), [](auto& a, auto& b) {
            auto pa = a.second->source().begin, pb = b.second->source().begin;
            return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
        });
        for (auto& [key, node] : keys) {
            const toml::array* a = node->as_array();
            if (!a || a->empty()) throw error_at(source, *node, "grid." + key, "expected a non-empty array of values");
            SweepAxis axis{key, {}};
            std::set<std::string> seen;
            for (const auto& v : *a) {
                std::string text = toml_text(v);
                if (text.empty()) throw error_at(source, v, "grid." + key, "expected an integer, string or boolean");
                if (!seen.insert(text).second) throw error_at(source, v, "grid." + key, fmt::format("{} is listed twice", text));
                toml::table w = base_toml(g.base);
                set_key(w, key, v, source, v);
                std::ostringstream o;
                o << w;
                try {
                    parse_workload(o.str(), source);
                } catch (const WorkloadError& e) {
                    // A value may be fine only with another axis's value
                    // (irq_stack_size with thread_size): expand_sweep checks
                    // each combination; here only what fails on its own key.
                    if (e.key == key || e.key.ends_with("." + key.substr(key.rfind('.') + 1)))
                        throw error_at(source, v, "grid." + key, bare_message(e));
                }
                axis.values.push_back(text);
            }
            g.axes.push_back(std::move(axis));
        }
    }
    return g;
}

SweepGrid load_sweep_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw WorkloadError(path, 0, 0, "", "cannot read the sweep file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_sweep(text.str(), path);
}

std::vector<SweepRun> expand_sweep(const SweepGrid& g) {
    std::vector<SweepRun> runs;
    std::vector<size_t> at(g.axes.size(), 0);
    const toml::table base = base_toml(g.base);
    for (const std::string& design : g.designs) {
        for (bool more = true; more;) {
            // This combination's workload.
            toml::table w = base;
            std::vector<std::pair<std::string, std::string>> params;
            for (size_t i = 0; i < g.axes.size(); ++i) {
                const std::string& v = g.axes[i].values[at[i]];
                toml::table one = toml::parse("v = " + v);
                set_key(w, g.axes[i].key, *one.get("v"), g.source, *one.get("v"));
                params.emplace_back(g.axes[i].key, v);
            }
            std::ostringstream o;
            o << w;
            Workload wl;
            std::string point;
            for (auto& [k, v] : params) point += fmt::format(" {}={}", k, v);
            try {
                wl = parse_workload(o.str(), g.source);
            } catch (const WorkloadError& e) {
                throw WorkloadError(g.source, 0, 0, "grid", fmt::format("the point{}: key '{}': {}", point, e.key, bare_message(e)));
            }
            wl.origin.name = g.base.origin.name;
            for (uint64_t seed : g.interleave_seeds) {
                SweepRun r;
                r.index = runs.size();
                r.design = design;
                r.interleave_seed = seed;
                r.params = params;
                r.workload = wl;
                r.key = fmt::format("design={}{}{}", design, point,
                                    g.interleave_seeds.size() > 1 || seed ? fmt::format(" interleave_seed={}", seed) : "");
                // Everything that decides the result: the image, the whole
                // workload, the interleaving, the instruction limit.
                r.id = fmt::format("{:016x}", fnv1a(fmt::format("{}\n{}\n{}\n{}\n{}", design, seed, g.max_insns,
                                                                 g.kernel_dir, format_workload(wl))));
                runs.push_back(std::move(r));
            }
            // The next combination, the last axis fastest.
            more = false;
            for (size_t i = g.axes.size(); i-- > 0;) {
                if (++at[i] < g.axes[i].values.size()) {
                    more = true;
                    break;
                }
                at[i] = 0;
            }
        }
    }
    return runs;
}

namespace {
std::string json_value(const std::string& toml_value) {
    // TOML integers, booleans and basic strings are JSON as they stand.
    return toml_value;
}
std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}
bool is_text_field(const std::string& k) { return k == "design" || k == "core" || k == "outcome"; }
}  // namespace

std::string sweep_result_json(const SweepRun& run, const DesignReport& report) {
    nlohmann::ordered_json j;
    j["run_id"] = run.id;
    j["run_key"] = run.key;
    j["grid.interleave_seed"] = run.interleave_seed;
    for (auto& [k, v] : run.params) j["grid." + k] = nlohmann::ordered_json::parse(json_value(v));
    for (auto& [k, v] : report_fields(report)) {
        // Numbers and booleans as JSON; anything else ("12.5%") as text.
        auto parsed = nlohmann::ordered_json::parse(v, nullptr, false);
        j[k] = is_text_field(k) || parsed.is_discarded() ? nlohmann::ordered_json(v) : parsed;
    }
    return j.dump() + "\n";
}

SweepSummary run_sweep(const SweepGrid& grid, const SweepOptions& opt) {
    if (opt.shards == 0 || opt.shard >= opt.shards)
        throw std::runtime_error(fmt::format("--shard {}/{}: expected I/N with 0 <= I < N", opt.shard, opt.shards));
    std::vector<SweepRun> all = expand_sweep(grid);
    fs::path out(opt.out_dir), runs_dir = out / "runs";
    fs::create_directories(runs_dir);
    auto result_path = [&](const SweepRun& r) { return runs_dir / (r.id + ".json"); };
    // A result counts when its file parses and names its run (a file is
    // written whole or not at all; anything else is redone).
    auto finished = [&](const SweepRun& r) {
        std::ifstream in(result_path(r));
        if (!in) return false;
        std::string line;
        std::getline(in, line);
        auto j = nlohmann::json::parse(line, nullptr, false);
        return !j.is_discarded() && j.is_object() && j.value("run_id", "") == r.id;
    };

    SweepSummary sum;
    sum.grid = all.size();
    std::vector<const SweepRun*> todo;
    for (const SweepRun& r : all) {
        if (r.index % opt.shards != opt.shard) continue;
        ++sum.in_shard;
        if (finished(r)) ++sum.finished_before;
        else todo.push_back(&r);
    }
    size_t limit = opt.max_runs ? std::min<size_t>(opt.max_runs, todo.size()) : todo.size();
    unsigned jobs = opt.jobs ? opt.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(limit, 1)));

    if (opt.on_start) opt.on_start(limit);
    std::mutex error_mutex;
    std::string error;
    size_t started = run_on_threads(limit, jobs, [&](size_t i) {
        const SweepRun& r = *todo[i];
        try {
            if (opt.on_run) opt.on_run(r, false);
            CompareOptions o;
            o.workload = r.workload;
            o.interleave_seed = r.interleave_seed;
            o.max_insns = grid.max_insns;
            o.kernel_dir = grid.kernel_dir;
            DesignReport rep = run_design(r.design, o);
            write_file_atomically(result_path(r), sweep_result_json(r, rep));
            if (opt.on_run) opt.on_run(r, true);
            return true;
        } catch (const std::exception& e) {
            std::lock_guard lock(error_mutex);
            if (error.empty()) error = fmt::format("{}: {}", r.key, e.what());
            return false;
        }
    });
    if (!error.empty()) throw std::runtime_error(error);
    sum.ran = started;
    sum.left = todo.size() - sum.ran;

    // Every finished run of the grid (all shards' that share this folder), in
    // grid order: one JSON line and one CSV row each.
    std::string jsonl, csv;
    for (const SweepRun& r : all) {
        std::ifstream in(result_path(r));
        std::string line;
        if (!in || !std::getline(in, line)) continue;
        auto j = nlohmann::ordered_json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.value("run_id", "") != r.id) continue;
        if (csv.empty()) {
            bool first = true;
            for (auto& [k, v] : j.items()) csv += (first ? "" : ",") + csv_cell(k), first = false;
            csv += "\n";
        }
        bool first = true;
        for (auto& [k, v] : j.items()) csv += (first ? "" : ",") + csv_cell(v.is_string() ? v.get<std::string>() : v.dump()), first = false;
        csv += "\n";
        jsonl += line + "\n";
        ++sum.results;
        if (j.value("outcome", "") != "powered off") ++sum.failed;
    }
    write_file_atomically(out / "results.jsonl", jsonl);
    write_file_atomically(out / "results.csv", csv);
    return sum;
}

}  // namespace irqsim
