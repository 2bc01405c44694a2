// `irqsim compare --profile`: the cycle profile of a real kernel run, held
// to what must be true of it whatever the model's figures are: symbols and
// phases each add up to the whole run (the machine's own instruction count),
// every row's stall reasons add up to its cycles, the IRQ phases agree with
// IrqAccounting's per-IRQ cycles (counted another way: clock readings at
// phase boundaries), and a function whose code holds an ISB or DSB pays
// serialising stalls.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "irqsim/compare.hpp"
#include "irqsim/elf.hpp"

using namespace irqsim;

namespace {
DesignReport run(const char* design, const char* core) {
    CompareOptions o;
    o.core = core;
    o.profile = true;
    o.workload.iterations = 20;  // a short run: the guest stops when its tasks finish
    return run_design(design, o);
}

uint64_t sum_reasons(const ProfileRow& r) { return std::accumulate(r.by_reason.begin(), r.by_reason.end(), uint64_t{0}); }

// The instruction words of a sized symbol, from the image's segments.
std::vector<uint32_t> words_of(const ElfImage& image, const ElfSymbol& s) {
    std::vector<uint32_t> w;
    for (const ElfSegment& seg : image.segments) {
        if (!seg.executable() || s.value < seg.vaddr || s.value + s.size > seg.vaddr + seg.filesz) continue;
        for (uint64_t a = s.value; a + 4 <= s.value + s.size; a += 4) {
            uint32_t word;
            std::memcpy(&word, seg.data.data() + (a - seg.vaddr), 4);
            w.push_back(word);
        }
    }
    return w;
}
// ISB (0xd5033fdf) and DSB <option> (0xd503309f | CRm << 8): Arm ARM C6.2.
bool serialising(uint32_t w) { return w == 0xd5033fdf || (w & 0xfffff0ff) == 0xd503309f; }
}  // namespace

TEST_CASE("a cycle profile's symbols and phases each add up to the whole run") {
    for (const char* core : {"a53", "a57"}) {
        INFO(core);
        DesignReport r = run("copy", core);
        REQUIRE(r.outcome == "powered off");
        const CycleProfile& p = r.profile;
        CHECK(p.core == core);
        REQUIRE(p.phases.size() == CycleProfile::kPhases);
        REQUIRE(!p.symbols.empty());
        // Every instruction the machine retired was priced once.
        CHECK(p.instructions == r.instructions);
        uint64_t sym_insns = 0, sym_cycles = 0, ph_insns = 0, ph_cycles = 0;
        for (const ProfileRow& s : p.symbols) {
            INFO(s.name);
            sym_insns += s.instructions;
            sym_cycles += s.cycles;
            CHECK(sum_reasons(s) == s.cycles);
        }
        for (const ProfileRow& s : p.phases) {
            INFO(s.name);
            ph_insns += s.instructions;
            ph_cycles += s.cycles;
            CHECK(sum_reasons(s) == s.cycles);
        }
        CHECK(sym_insns == p.instructions);
        CHECK(ph_insns == p.instructions);
        CHECK(sym_cycles == p.cycles);
        CHECK(ph_cycles == p.cycles);
        // Most cycles first.
        for (size_t i = 1; i < p.symbols.size(); ++i) CHECK(p.symbols[i - 1].cycles >= p.symbols[i].cycles);

        // The IRQ phases, per IRQ, are the report's cycles_* fields.
        REQUIRE(r.irqs > 0);
        double n = static_cast<double>(r.irqs);
        double per_phase[] = {r.cycles_entry, r.cycles_switch, r.cycles_copy, r.cycles_handler, r.cycles_exit};
        double irq_insns = 0;
        for (unsigned ph = 0; ph < 5; ++ph) {
            INFO(p.phases[2 + ph].name);
            CHECK(p.phases[2 + ph].cycles / n == Approx(per_phase[ph]));
            irq_insns += p.phases[2 + ph].instructions;
        }
        CHECK(irq_insns / n == Approx(r.insns_per_irq));
        CHECK(p.phases[4].cycles > 0);  // irq_copy: the copy design copies
    }
}

TEST_CASE("in a cycle profile, functions holding an ISB or DSB pay serialising stalls") {
    DesignReport r = run("copy", "a57");
    REQUIRE(r.outcome == "powered off");
    ElfImage image = load_elf(default_kernel_dir() + "/kernel-copy.elf");
    unsigned checked = 0;
    for (const ElfSymbol& s : image.symbols) {
        if (!s.function || !s.size) continue;
        auto w = words_of(image, s);
        if (std::none_of(w.begin(), w.end(), serialising)) continue;
        auto row = std::find_if(r.profile.symbols.begin(), r.profile.symbols.end(),
                                [&](const ProfileRow& p) { return p.name == s.name; });
        if (row == r.profile.symbols.end()) continue;  // never ran
        INFO(s.name);
        CHECK(row->by_reason[6] > 0);  // serialize
        ++checked;
    }
    CHECK(checked > 0);
    // The exception vectors pay the refill of every exception entry.
    auto vectors = std::find_if(r.profile.symbols.begin(), r.profile.symbols.end(),
                                [](const ProfileRow& p) { return p.name == "vectors"; });
    REQUIRE(vectors != r.profile.symbols.end());
    CHECK(vectors->by_reason[6] > 0);
}

TEST_CASE("a cycle profile is deterministic and goes into the JSON report") {
    DesignReport a = run("task", "a72"), b = run("task", "a72");
    CHECK(profile_json(a.profile) == profile_json(b.profile));
    auto j = nlohmann::json::parse(format_json({a}));
    REQUIRE(j.size() == 1);
    const auto& p = j[0]["profile"];
    CHECK(p["core"] == "a72");
    CHECK(p["cycles"].get<uint64_t>() == a.profile.cycles);
    REQUIRE(p["symbols"].size() == a.profile.symbols.size());
    CHECK(p["symbols"][0]["name"] == a.profile.symbols[0].name);
    for (unsigned k = 0; k < CycleProfile::kReasons; ++k)
        CHECK(p["phases"][5][CycleProfile::reason_name(k)].get<uint64_t>() == a.profile.phases[5].by_reason[k]);
    // A report without a profile has no such key.
    a.profile = {};
    CHECK(!nlohmann::json::parse(format_json({a}))[0].contains("profile"));
}

TEST_CASE("a cycle profile needs a core model (compare --profile with flat is refused)") {
    CompareOptions o;
    o.core = "flat";
    o.profile = true;
    CHECK_THROWS_WITH(run_design("task", o), Catch::Contains("--profile needs a core model"));
}
