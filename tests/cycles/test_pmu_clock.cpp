// PMCCNTR_EL0 and `--clock cycles` from a bare-metal guest's side
// (guests/pmu_clock.c on `irqsim boot`). What the guest prints is held to
// the Arm ARM (the PMU's enables and resets, DDI 0487 D7.4/D13.3), to
// llvm-mca-14 run here on the same straight-line chains, and to first
// principles (the generic timer's count is cycles * CNTFRQ / the core's
// clock; the timer interrupt comes when the count reaches CVAL). Nothing
// irqsim printed is stored as an expected value.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "irqsim/cycles.hpp"

namespace {

struct Output {
    int status = 0;
    std::string out;
};
Output run(const std::string& cmd) {
    Output o;
    std::FILE* p = popen((cmd + " 2>&1").c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) o.out.append(buf, n);
    int rc = pclose(p);
    o.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return o;
}

// The numbers of the guest's line that starts with `key`.
std::vector<uint64_t> numbers(const std::string& out, const std::string& key) {
    auto at = out.find("\n" + key);
    INFO(key << " in\n" << out);
    REQUIRE(at != std::string::npos);
    std::string line = out.substr(at + 1 + key.size(), out.find('\n', at + 1) - at - 1 - key.size());
    std::vector<uint64_t> v;
    std::regex num("[0-9]+");
    for (auto it = std::sregex_iterator(line.begin(), line.end(), num); it != std::sregex_iterator(); ++it)
        v.push_back(std::stoull(it->str()));
    return v;
}

Output boot(const std::string& options) {
    Output o = run(fmt::format("'{}' boot '{}' {}", IRQSIM_BINARY, IRQSIM_PMU_CLOCK_ELF, options));
    INFO(options << "\n" << o.out);
    REQUIRE(o.status == 0);
    REQUIRE(o.out.find("done\n") != std::string::npos);
    o.out = "\n" + o.out;
    return o;
}

// Total Cycles of `n` copies of `line` as one iteration, from llvm-mca-14
// (or, with `irqsim`, from `irqsim cycles`).
uint64_t block_cycles(const std::string& tool, const std::string& core, const std::string& line, unsigned n) {
    auto path = std::filesystem::temp_directory_path() / fmt::format("pmu_clock_{}_{}.s", getpid(), n);
    {
        std::ofstream f(path);
        for (unsigned i = 0; i < n; ++i) f << line << "\n";
    }
    std::string cmd = tool == "irqsim"
                          ? fmt::format("'{}' cycles '{}' --core {} --iterations 1", IRQSIM_BINARY, path.string(), core)
                          : fmt::format("'{}' -mtriple=aarch64 -mcpu=cortex-{} -iterations=1 '{}'", IRQSIM_LLVM_MCA,
                                        core, path.string());
    Output o = run(cmd);
    std::filesystem::remove(path);
    INFO(cmd << "\n" << o.out);
    REQUIRE(o.status == 0);
    auto at = o.out.find("Total Cycles:");
    REQUIRE(at != std::string::npos);
    return std::stoull(o.out.substr(at + 13));
}

// llvm-mca-14's Latency column for `line` (Instruction Info, column [2]).
unsigned mca_latency(const std::string& core, const std::string& line) {
    auto path = std::filesystem::temp_directory_path() / fmt::format("pmu_clock_{}_lat.s", getpid());
    std::ofstream(path) << line << "\n";
    Output o = run(fmt::format("'{}' -mtriple=aarch64 -mcpu=cortex-{} -iterations=1 '{}'", IRQSIM_LLVM_MCA, core,
                               path.string()));
    std::filesystem::remove(path);
    std::smatch m;
    std::regex row("\\n +[0-9]+ +([0-9]+) +[0-9.]+ ");
    INFO(o.out);
    REQUIRE(std::regex_search(o.out, m, row));
    return static_cast<unsigned>(std::stoul(m[1]));
}

// The PMU as the Arm ARM describes it, whatever drives the count.
void check_pmu(const Output& o) {
    CHECK(o.out.find("pmcr 0x41000001 pmcntenset 0x80000000") != std::string::npos);  // E reads back, C does not
    auto reset = numbers(o.out, "reset: ");
    CHECK(reset[0] > 1000);  // burn(1000) ran since the first reset
    CHECK(reset[1] < 100);   // PMCR_EL0.C zeroed it a few instructions ago
    CHECK(numbers(o.out, "write: ")[0] < 100);  // PMCCNTR_EL0 = 2^40 sticks: a few counts past it
    auto stopped = numbers(o.out, "stopped: ");
    CHECK(stopped[0] == stopped[1]);  // PMCNTENCLR_EL0.C: no counting over burn(1000)
    CHECK(stopped[2] > stopped[1]);   // PMCNTENSET_EL0.C: counting again
    CHECK(stopped[0] >= (uint64_t{1} << 40));
    CHECK(numbers(o.out, "monotonic: ")[0] == 0);
}

// guests/pmu_clock.c's chains: the difference between 300 and 100 dependent
// instructions, so that the reads and ISBs around them drop out.
uint64_t chain_difference(const Output& o, const std::string& op) {
    return numbers(o.out, "chain " + op + " 300: ")[0] - numbers(o.out, "chain " + op + " 100: ")[0];
}

constexpr const char* kChains[][2] = {{"add", "add x0, x0, #1"}, {"mul", "mul x0, x0, x1"}};

}  // namespace

TEST_CASE("PMCCNTR_EL0 in a guest: enabled by PMCR_EL0.E and PMCNTENSET_EL0.C, zeroed by PMCR_EL0.C, a write sticks, "
          "monotonic, and a dependent chain costs what llvm-mca-14 says on each core",
          "[cycles][pmu]") {
    for (const char* core : {"a53", "a57", "a72"}) {
        INFO("--core " << core);
        Output o = boot(fmt::format("--core {}", core));
        check_pmu(o);
        for (auto [op, line] : kChains) {
            INFO(line);
            uint64_t guest = chain_difference(o, op);
            uint64_t mca = block_cycles("mca", core, line, 300) - block_cycles("mca", core, line, 100);
            uint64_t ours = block_cycles("irqsim", core, line, 300) - block_cycles("irqsim", core, line, 100);
            std::printf("cortex-%s %s chain, 300 - 100: guest PMCCNTR %llu, llvm-mca-14 %llu, irqsim cycles %llu\n",
                        core, op, static_cast<unsigned long long>(guest), static_cast<unsigned long long>(mca),
                        static_cast<unsigned long long>(ours));
            CHECK(std::fabs(static_cast<double>(guest) / static_cast<double>(mca) - 1) <= 0.03);
            CHECK(guest == ours);  // the whole board prices a warm straight line as the block model does
            // First principles on the A57/A72 (no forwarding for these, [A57td]):
            // 200 more instructions, each waiting for the last, cost 200 latencies.
            if (std::string(core) != "a53") CHECK(guest == 200 * mca_latency(core, line));
        }
    }
}

TEST_CASE("PMCCNTR_EL0 with --core flat counts instructions", "[cycles][pmu]") {
    Output o = boot("--core flat");
    check_pmu(o);
    for (auto [op, line] : kChains) CHECK(chain_difference(o, op) == 200);
    // The first read of a chain counts itself and the ISB after it: 100 + 2.
    CHECK(numbers(o.out, "chain add 100: ")[0] == 102);
}

TEST_CASE("with --clock cycles, CNTVCT advances cycles * 62.5 MHz / the core's clock and the timer fires at that count",
          "[cycles][clock]") {
    constexpr double kCntFrq = 62.5e6;
    for (const char* core : {"a53", "a57", "a72"}) {
        INFO("--core " << core);
        double hz = static_cast<double>(irqsim::core_clock_hz(core));
        Output o = boot(fmt::format("--core {} --clock cycles", core));
        check_pmu(o);
        auto clock = numbers(o.out, "clock: ");  // cycles, ticks, instructions of the loop
        double expected = static_cast<double>(clock[0]) * kCntFrq / hz;
        std::printf("cortex-%s at %.0f MHz: %llu cycles, CNTVCT %llu ticks (cycles x 62.5 MHz / clock = %.1f)\n", core,
                    hz / 1e6, static_cast<unsigned long long>(clock[0]), static_cast<unsigned long long>(clock[1]),
                    expected);
        // Two counts of one clock, read a few cycles apart: within a tick and
        // a half (a tick's rounding, the reads' skew).
        CHECK(std::fabs(static_cast<double>(clock[1]) - expected) < 1.5);
        // CVAL = count + 500: taken once the count reaches it; by the
        // handler's first read the entry and the frame save (a few dozen
        // warm instructions) have taken under 5 ticks.
        auto timer = numbers(o.out, "timer: ");  // ticks, intid, cycles, ticks at the IRQ, spins
        CHECK(timer[1] == 27);
        CHECK(timer[3] >= timer[0]);
        CHECK(timer[3] < timer[0] + 5);
        double irq_at = static_cast<double>(timer[2]) * kCntFrq / hz;
        CHECK(irq_at >= static_cast<double>(timer[0]) - 1);
        CHECK(irq_at < static_cast<double>(timer[0]) + 5);
    }
    // Deterministic: the same run prints the same.
    CHECK(boot("--core a57 --clock cycles").out == boot("--core a57 --clock cycles").out);
}

TEST_CASE("with --clock insns (the default) a core model keeps 1 ns per instruction: CNTVCT counts 16 instructions a tick",
          "[cycles][clock]") {
    for (const char* options : {"--core a53", "--core a57 --clock insns", "--core flat"}) {
        INFO(options);
        Output o = boot(options);
        auto clock = numbers(o.out, "clock: ");
        CHECK(std::fabs(static_cast<double>(clock[1]) - static_cast<double>(clock[2]) / 16) < 1);
        auto timer = numbers(o.out, "timer: ");
        CHECK(timer[3] >= timer[0]);
        CHECK(timer[3] < timer[0] + 5);
    }
}

TEST_CASE("a --clock cycles run without a cost model is refused with status 2 by boot, compare and user", "[cycles][clock]") {
    for (const std::string& cmd : {fmt::format("boot '{}' --core flat --clock cycles", IRQSIM_PMU_CLOCK_ELF),
                                   std::string("compare --designs task --core flat --clock cycles"),
                                   fmt::format("user --clock cycles '{}'", IRQSIM_HELLO_ELF),
                                   fmt::format("boot '{}' --icount --clock cycles", IRQSIM_PMU_CLOCK_ELF)}) {
        Output o = run(fmt::format("'{}' {}", IRQSIM_BINARY, cmd));
        INFO(cmd << "\n" << o.out);
        CHECK(o.status == 2);
        CHECK_THAT(o.out, Catch::Contains("--clock cycles"));
    }
}

TEST_CASE("boot --stats prints cycles= and insns= as user --stats does (user with --clock cycles too)", "[cycles][clock]") {
    Output with = run(fmt::format("'{}' boot '{}' --core a57 --stats", IRQSIM_BINARY, IRQSIM_PMU_CLOCK_ELF));
    REQUIRE(with.status == 0);
    CHECK(std::regex_search(with.out, std::regex("\ncycles=[1-9][0-9]*\ninsns=[1-9][0-9]*\n$")));
    Output flat = run(fmt::format("'{}' boot '{}' --core flat --stats", IRQSIM_BINARY, IRQSIM_PMU_CLOCK_ELF));
    REQUIRE(flat.status == 0);
    CHECK(std::regex_search(flat.out, std::regex("done\ninsns=[1-9][0-9]*\n$")));
    // user: the same lines, with the model as the guest's clock too.
    Output user = run(fmt::format("'{}' user --core a57 --clock cycles --stats '{}'", IRQSIM_BINARY, IRQSIM_HELLO_ELF));
    INFO(user.out);
    CHECK(user.status == 0);
    CHECK(std::regex_search(user.out, std::regex("\ncycles=[1-9][0-9]*\ninsns=[1-9][0-9]*\n$")));
}
