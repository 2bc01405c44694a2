// Charts (issue 7): `irqsim compare --out DIR` writes SVG files that parse
// as XML (libxml2) and carry the figures of the report.json written beside
// them: every bar's data-value is the JSON number, and the label drawn is
// the same text.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "support.hpp"

using namespace irqsim::test;

namespace {

struct Element {
    std::string name;
    std::map<std::string, std::string> attrs;
    std::string text;
};

// Every element of an SVG file, in document order; fails when it is not
// well-formed XML or not an SVG document.
std::vector<Element> parse_svg(const std::string& path) {
    std::string text = read_file(path);
    INFO(path);
    REQUIRE(!text.empty());
    xmlDocPtr doc = xmlReadMemory(text.data(), static_cast<int>(text.size()), path.c_str(), nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOWARNING);
    REQUIRE(doc != nullptr);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    REQUIRE(root != nullptr);
    CHECK(std::string(reinterpret_cast<const char*>(root->name)) == "svg");
    REQUIRE(root->ns != nullptr);
    CHECK(std::string(reinterpret_cast<const char*>(root->ns->href)) == "http://www.w3.org/2000/svg");
    std::vector<Element> out;
    auto walk = [&](auto&& self, xmlNodePtr n) -> void {
        for (; n; n = n->next) {
            if (n->type != XML_ELEMENT_NODE) continue;
            Element e;
            e.name = reinterpret_cast<const char*>(n->name);
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar* v = xmlNodeListGetString(doc, a->children, 1);
                e.attrs[reinterpret_cast<const char*>(a->name)] = v ? reinterpret_cast<const char*>(v) : "";
                xmlFree(v);
            }
            xmlChar* t = xmlNodeGetContent(n);
            e.text = t ? reinterpret_cast<const char*>(t) : "";
            xmlFree(t);
            out.push_back(std::move(e));
            self(self, n->children);
        }
    };
    walk(walk, root);
    xmlFreeDoc(doc);
    return out;
}

// (design, field) -> data-value, for every element that carries one.
std::map<std::pair<std::string, std::string>, std::string> figures(const std::vector<Element>& svg) {
    std::map<std::pair<std::string, std::string>, std::string> out;
    for (const Element& e : svg)
        if (e.attrs.count("data-design") && e.attrs.count("data-field"))
            out[{e.attrs.at("data-design"), e.attrs.at("data-field")}] = e.attrs.at("data-value");
    return out;
}

std::multiset<std::string> texts(const std::vector<Element>& svg) {
    std::multiset<std::string> out;
    for (const Element& e : svg)
        if (e.name == "text") out.insert(e.text);
    return out;
}

}  // namespace

TEST_CASE("compare --out writes SVG charts that parse and carry report.json's figures", "[charts]") {
    TempDir d;
    write_file(d / "short.toml", "[tasks]\niterations = 30\n");
    Command c = run_irqsim(fmt::format("compare --core flat --designs task,copy,mainline --workload {} --out {}", d / "short.toml", d / "out"));
    REQUIRE(c.status == 0);
    auto report = nlohmann::json::parse(read_file(d / "out/report.json"));
    REQUIRE(report.size() == 3);

    auto marks = parse_svg(d / "out/stack_marks.svg");
    auto phases = parse_svg(d / "out/irq_phases.svg");
    auto depth = parse_svg(d / "out/stack_depth.svg");
    auto mark_figures = figures(marks), phase_figures = figures(phases);
    auto mark_texts = texts(marks), phase_texts = texts(phases);
    for (const auto& r : report) {
        std::string design = r["design"];
        INFO(design);
        for (const char* f : {"max_task_stack", "max_irq_stack"}) {
            INFO(f);
            REQUIRE(mark_figures.count({design, f}));
            CHECK(std::stod(mark_figures[{design, f}]) == r[f].get<double>());
            CHECK(mark_texts.count(mark_figures[{design, f}]) > 0);  // the label drawn says the same
        }
        for (const char* f : {"cycles_entry", "cycles_switch", "cycles_copy", "cycles_handler", "cycles_exit",
                              "cycles_per_irq"}) {
            INFO(f);
            REQUIRE(phase_figures.count({design, f}));
            CHECK(std::stod(phase_figures[{design, f}]) == r[f].get<double>());
        }
        CHECK(phase_figures[{design, "core"}] == r["core"].get<std::string>());
        CHECK(phase_texts.count(phase_figures[{design, "cycles_per_irq"}]) > 0);
        // The phases drawn add up to the bar's total (within the JSON's rounding to 0.1).
        double sum = 0;
        for (const char* f : {"cycles_entry", "cycles_switch", "cycles_copy", "cycles_handler", "cycles_exit"})
            sum += r[f].get<double>();
        CHECK(sum == Approx(r["cycles_per_irq"].get<double>()).margin(0.3));

        // The depth chart: CPU 0's sampled SP, never deeper than the stores
        // behind the high-water marks; an IRQ stack only where there is one.
        std::map<std::string, double> peak;
        for (const auto& e : depth)
            if (e.name == "polyline" && e.attrs.count("data-design") && e.attrs.at("data-design") == design) {
                CHECK(e.attrs.at("data-cpu") == "0");
                CHECK(std::stoul(e.attrs.at("data-samples")) > 100);
                peak[e.attrs.at("data-stack")] = std::stod(e.attrs.at("data-max-bytes"));
            }
        REQUIRE(peak.count("task"));
        REQUIRE(peak.count("irq"));
        CHECK(peak["task"] > 0);
        CHECK(peak["task"] <= r["max_task_stack"].get<double>());
        CHECK(peak["irq"] <= r["max_irq_stack"].get<double>());
        CHECK((peak["irq"] > 0) == (design != "task"));
    }
    // THREAD_SIZE, for scale, is the run's.
    std::string ts = std::to_string(report[0]["thread_size"].get<unsigned>());
    bool found = false;
    for (const auto& e : marks) found |= e.attrs.count("data-field") && e.attrs.at("data-field") == "thread_size" && e.attrs.at("data-value") == ts;
    CHECK(found);
}

