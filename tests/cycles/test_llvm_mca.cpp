// Every block in blocks/ runs through `irqsim cycles` and through
// `llvm-mca-14 -mtriple=aarch64 -mcpu=cortex-XX -iterations=N` here, at test
// time; neither tool's output is stored anywhere. llvm-mca has no caches and
// no branches, and `irqsim cycles` makes the same assumptions (every load an
// L1 hit, straight-line code). The test prints every ratio and holds the
// model to a median |ratio - 1| of at most 10% and no block beyond 30%.
// probes/simd_fp_forms.s, one line per SIMD&FP instruction form, is held
// line by line to llvm-mca's Instruction Info view (uops, latency,
// RThroughput), so a form that lands in the wrong class shows by name.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr unsigned kIterations = 100;

std::string run(const std::string& cmd) {
    std::string out;
    std::FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int rc = pclose(p);
    INFO(cmd << "\n" << out);
    REQUIRE(rc == 0);
    return out;
}

// The number after "Total Cycles:" in llvm-mca's summary (and ours).
uint64_t total_cycles(const std::string& report, const std::string& what) {
    auto at = report.find("Total Cycles:");
    INFO(what << "\n" << report);
    REQUIRE(at != std::string::npos);
    return std::stoull(report.substr(at + 13));
}

std::vector<std::filesystem::path> blocks() {
    std::vector<std::filesystem::path> v;
    for (const auto& e : std::filesystem::directory_iterator(IRQSIM_CYCLES_BLOCKS))
        if (e.path().extension() == ".s") v.push_back(e.path());
    std::sort(v.begin(), v.end());
    return v;
}

void check_core(const std::string& core) {
    auto files = blocks();
    REQUIRE(files.size() >= 40);
    std::vector<double> dev;
    std::string table = fmt::format("{:<24} {:>8} {:>8} {:>7}\n", "block (cortex-" + core + ")", "irqsim", "llvm-mca",
                                    "ratio");
    std::string worst;
    double worst_dev = 0;
    for (const auto& f : files) {
        uint64_t ours = total_cycles(
            run(fmt::format("'{}' cycles '{}' --core {} --iterations {}", IRQSIM_BINARY, f.string(), core, kIterations)),
            f.string());
        uint64_t mca = total_cycles(run(fmt::format("'{}' -mtriple=aarch64 -mcpu=cortex-{} -iterations={} '{}' 2>/dev/null",
                                                    IRQSIM_LLVM_MCA, core, kIterations, f.string())),
                                    f.string());
        REQUIRE(mca > 0);
        double ratio = static_cast<double>(ours) / static_cast<double>(mca);
        double d = std::fabs(ratio - 1);
        dev.push_back(d);
        if (d > worst_dev) {
            worst_dev = d;
            worst = f.filename().string();
        }
        table += fmt::format("{:<24} {:>8} {:>8} {:>7.3f}\n", f.stem().string(), ours, mca, ratio);
    }
    std::vector<double> sorted = dev;
    std::sort(sorted.begin(), sorted.end());
    double median = sorted.size() % 2 ? sorted[sorted.size() / 2]
                                      : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
    table += fmt::format("median |ratio-1| = {:.4f}, worst {:.4f} ({})\n", median, worst_dev, worst);
    std::fputs(table.c_str(), stdout);
    INFO(table);
    CHECK(median <= 0.10);
    CHECK(worst_dev <= 0.30);
}

// The (uops, latency, RThroughput) columns and the instruction of each row
// of an Instruction Info view (irqsim's or llvm-mca's: both start a row with
// those three numbers, the text after the flag/class columns).
struct InfoRow {
    std::string uops, latency, rthroughput;
};
std::vector<InfoRow> instruction_info(const std::string& report) {
    std::vector<InfoRow> rows;
    auto at = report.find("Instructions:\n", report.find("Instruction Info:"));
    if (at == std::string::npos) return rows;
    std::istringstream in(report.substr(at + 14));
    std::string line;
    while (std::getline(in, line) && !line.empty()) {
        std::istringstream f(line);
        InfoRow r;
        if (f >> r.uops >> r.latency >> r.rthroughput) rows.push_back(r);
    }
    return rows;
}

void check_forms(const std::string& core) {
    const std::string probes = IRQSIM_CYCLES_PROBES "/simd_fp_forms.s";
    auto ours = instruction_info(
        run(fmt::format("'{}' cycles '{}' --core {} --iterations 1", IRQSIM_BINARY, probes, core)));
    auto mca = instruction_info(run(fmt::format("'{}' -mtriple=aarch64 -mcpu=cortex-{} -iterations=1 -instruction-info '{}' 2>/dev/null",
                                                IRQSIM_LLVM_MCA, core, probes)));
    std::vector<std::string> lines;
    {
        std::ifstream f(probes);
        for (std::string l; std::getline(f, l);)
            if (!l.empty() && !l.starts_with("//")) lines.push_back(l);
    }
    REQUIRE(ours.size() == lines.size());
    REQUIRE(mca.size() == lines.size());
    unsigned same = 0;
    for (size_t k = 0; k < lines.size(); ++k) {
        INFO("cortex-" << core << ": " << lines[k] << ": irqsim " << ours[k].uops << " uops, latency " << ours[k].latency
                       << ", RThroughput " << ours[k].rthroughput << "; llvm-mca " << mca[k].uops << ", " << mca[k].latency
                       << ", " << mca[k].rthroughput);
        CHECK(ours[k].uops == mca[k].uops);
        CHECK(ours[k].latency == mca[k].latency);
        CHECK(ours[k].rthroughput == mca[k].rthroughput);
        same += ours[k].uops == mca[k].uops && ours[k].latency == mca[k].latency && ours[k].rthroughput == mca[k].rthroughput;
    }
    std::printf("cortex-%s: %u of %zu SIMD&FP forms have llvm-mca-14's uops, latency and RThroughput\n", core.c_str(), same,
                lines.size());
}

}  // namespace

TEST_CASE("Each SIMD&FP instruction form has llvm-mca-14's uops, latency and RThroughput, per core") {
    check_forms("a53");
    check_forms("a57");
    check_forms("a72");
}

TEST_CASE("Cortex-A53 straight-line blocks cost what llvm-mca-14 says, within 10% median and 30% worst") {
    check_core("a53");
}
TEST_CASE("Cortex-A57 straight-line blocks cost what llvm-mca-14 says, within 10% median and 30% worst") {
    check_core("a57");
}
TEST_CASE("Cortex-A72 straight-line blocks cost what llvm-mca-14 says, within 10% median and 30% worst") {
    check_core("a72");
}
