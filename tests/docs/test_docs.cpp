// The reference pages in docs/ against the code they describe: an option, a
// workload key or a library name that the code has and the page lacks (or
// the other way round) fails here, naming it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "irqsim/sweep.hpp"
#include "irqsim/workload.hpp"
#include "support.hpp"

using namespace irqsim;
using irqsim::test::read_file;
using irqsim::test::run_irqsim;

namespace {
std::string doc(const std::string& name) {
    std::string text = read_file(std::string(IRQSIM_SOURCE_DIR) + "/docs/" + name);
    REQUIRE_FALSE(text.empty());
    return text;
}

// The text of a page from the heading line `heading` to the next heading of
// the same level ("## ").
std::string section(const std::string& page, const std::string& heading) {
    size_t at = page.find("\n" + heading + "\n");
    if (at == std::string::npos) return {};
    size_t end = page.find("\n## ", at + heading.size() + 1);
    return page.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// CLI11's help: the subcommands listed under "Subcommands:", and the long
// options in the first column under "Options:" (not the ones the epilogue or
// a description mentions).
std::vector<std::string> help_block(const std::string& help, const std::string& title) {
    std::vector<std::string> lines;
    std::istringstream in(help);
    bool inside = false;
    for (std::string line; std::getline(in, line);) {
        if (line == title) inside = true;
        else if (inside && line.empty()) break;
        else if (inside) lines.push_back(line);
    }
    return lines;
}
std::vector<std::string> subcommands(const std::string& help) {
    std::vector<std::string> names;
    static const std::regex row("^  ([a-z][a-z0-9-]*) .*");
    std::smatch m;
    for (const auto& line : help_block(help, "Subcommands:"))
        if (std::regex_match(line, m, row)) names.push_back(m[1]);
    return names;
}
std::vector<std::string> long_options(const std::string& help) {
    std::vector<std::string> flags;
    static const std::regex flag("--[a-z][a-z0-9-]*");
    for (const auto& line : help_block(help, "Options:")) {
        if (line.rfind("  -", 0) != 0) continue;  // a description's continuation line
        std::string column = line.substr(2, line.find(' ', 2) - 2);
        for (std::sregex_iterator i(column.begin(), column.end(), flag), e; i != e; ++i)
            if (i->str() != "--help") flags.push_back(i->str());
    }
    return flags;
}
}  // namespace

TEST_CASE("every long option each irqsim subcommand's --help prints is in that subcommand's section of docs/cli.md",
          "[docs]") {
    std::string page = doc("cli.md");
    test::Command top = run_irqsim("--help");
    REQUIRE(top.status == 0);
    std::vector<std::string> subs = subcommands(top.out);
    REQUIRE(subs.size() >= 5);  // compare, boot, cycles, sweep, user at least
    for (const auto& sub : subs) {
        INFO("irqsim " << sub);
        std::string text = section(page, "## `irqsim " + sub + "`");
        CHECK_FALSE(text.empty());
        test::Command help = run_irqsim(sub + " --help");
        REQUIRE(help.status == 0);
        std::vector<std::string> flags = long_options(help.out);
        CHECK_FALSE(flags.empty());
        for (const auto& f : flags) {
            INFO(f);
            CHECK(text.find("`" + f) != std::string::npos);
        }
    }
}

TEST_CASE("every workload key is documented in docs/workload.md, and every key documented there is a workload key",
          "[docs]") {
    // The keys: format_workload() writes every knob of a workload (a file
    // --out writes, which --workload reads back), and the default workload
    // has a source of every kind, so every per-kind key is written.
    std::set<std::string> keys;
    {
        std::istringstream in(format_workload(default_workload()));
        std::string prefix;
        static const std::regex table(R"(^\[\[?([a-z_]+)\]\]?$)"), key(R"(^([a-z_]+) = .*)");
        std::smatch m;
        for (std::string line; std::getline(in, line);) {
            if (std::regex_match(line, m, table)) prefix = m[1].str() + ".";
            else if (std::regex_match(line, m, key)) keys.insert(prefix + m[1].str());
        }
    }
    REQUIRE(keys.count("cpus"));
    REQUIRE(keys.count("irq.period"));
    // The page: the key column of each section's table; "## `[tasks]`" holds
    // tasks.*, "## `[[irq]]`: ..." irq.*, "## Top level" the rest.
    std::set<std::string> documented;
    {
        std::istringstream in(doc("workload.md"));
        std::string prefix;
        bool in_keys = false;
        static const std::regex heading(R"(^## `\[\[?([a-z_]+)\]\]?`.*)"), row(R"(^\| `([a-z_]+)` \|.*)");
        std::smatch m;
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("## ", 0) == 0) {
                in_keys = line == "## Top level" || std::regex_match(line, m, heading);
                prefix = in_keys && line != "## Top level" ? m[1].str() + "." : "";
            } else if (in_keys && std::regex_match(line, m, row)) {
                documented.insert(prefix + m[1].str());
            }
        }
    }
    for (const auto& k : keys) {
        INFO("written by format_workload: " << k);
        CHECK(documented.count(k));
    }
    for (const auto& k : documented) {
        INFO("documented: " << k);
        CHECK(keys.count(k));
    }
}

TEST_CASE("every irqsim:: name and every library name in docs/api.md's text is declared in include/irqsim", "[docs]") {
    std::string headers;
    for (const char* h : {"charts", "compare", "cpu", "cycles", "elf", "exception", "gdb", "gic", "linux_user",
                          "machine", "memory", "observers", "sweep", "timer", "trace", "uart", "virt_devices",
                          "workload"})
        headers += read_file(std::string(IRQSIM_SOURCE_DIR) + "/include/irqsim/" + h + ".hpp");
    auto declared = [&](const std::string& name) {
        return std::regex_search(headers, std::regex("\\b" + name + "\\b"));
    };
    std::set<std::string> names;
    for (const char* page : {"api.md", "tutorial.md"}) {
        std::string text = doc(page);
        // irqsim::Name::member in code and prose.
        static const std::regex qualified(R"(irqsim::([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?)");
        for (std::sregex_iterator i(text.begin(), text.end(), qualified), e; i != e; ++i) {
            names.insert((*i)[1]);
            if ((*i)[2].matched) names.insert((*i)[2]);
        }
    }
    // api.md's `code` spans that name C++: CamelCase types, snake_case
    // functions (`run_design`, `attach(machine, design)`), Type::member.
    std::string api = doc("api.md");
    static const std::regex span("`([^`\n]+)`");
    static const std::regex name(R"(^([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*|[a-z]+_[a-z0-9_]+)(?:::([A-Za-z_][A-Za-z0-9_]*))?(?:\(.*\))?$)");
    // Names in api.md's spans that are not C++ declarations of ours.
    const std::set<std::string> not_cpp = {"irqsim_core", "irqsim_add_kernel_image", "target_link_libraries"};
    for (std::sregex_iterator i(api.begin(), api.end(), span), e; i != e; ++i) {
        std::string s = (*i)[1];
        std::smatch m;
        if (!std::regex_match(s, m, name)) continue;
        if (!not_cpp.count(m[1])) names.insert(m[1]);
        if (m[2].matched) names.insert(m[2]);
    }
    // Members called in api.md's C++ blocks: m.bus().copy_out(...), cpu(0).add_pc_hook(...).
    static const std::regex block("```cpp\n([^`]*)```"), call(R"(\.([a-z_][a-z0-9_]*)\()");
    for (std::sregex_iterator b(api.begin(), api.end(), block), e; b != e; ++b) {
        std::string code = (*b)[1];
        for (std::sregex_iterator i(code.begin(), code.end(), call), f; i != f; ++i) names.insert((*i)[1]);
    }
    REQUIRE(names.count("run_design"));
    REQUIRE(names.count("add_pc_hook"));
    for (const auto& n : names) {
        INFO(n);
        CHECK(declared(n));
    }
}

TEST_CASE("the README has two set-up commands: one ends in irqsim compare, the other is the one CI runs", "[docs]") {
    std::string readme = read_file(std::string(IRQSIM_SOURCE_DIR) + "/README.md");
    std::string ci = read_file(std::string(IRQSIM_SOURCE_DIR) + "/.ci/run");
    std::vector<std::string> setup;
    std::istringstream in(readme);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("    bash tools/deps.sh", 0) == 0) setup.push_back(line.substr(4));
    REQUIRE(setup.size() == 2);
    CHECK(setup[0].ends_with("&& ./build/irqsim compare"));
    CHECK(setup[1].find("ctest --test-dir build") != std::string::npos);
    CHECK(ci.find("\n" + setup[1] + "\n") != std::string::npos);
}

TEST_CASE("every sweep file in sweeps/ parses and expands to the product of its axes", "[docs]") {
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(std::string(IRQSIM_SOURCE_DIR) + "/sweeps")) {
        if (e.path().extension() != ".toml") continue;
        ++files;
        INFO(e.path());
        SweepGrid g = load_sweep_file(e.path().string());
        std::vector<SweepRun> runs = expand_sweep(g);
        size_t points = g.designs.size() * g.interleave_seeds.size();
        for (const auto& axis : g.axes) points *= axis.values.size();
        CHECK(runs.size() == points);
    }
    CHECK(files > 0);
}
