// `irqsim cycles BLOCK.s`: the cost model on a straight-line block, printed
// in llvm-mca's terms and line format so the two can be held side by side
// (DESIGN.md, "The command line"; tests/cycles does exactly that).
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>

#include "commands.hpp"
#include "cycles/block.hpp"

namespace irqsim::cli {

namespace {

std::string tool(const char* env, const char* fallback) {
    const char* v = std::getenv(env);
    return v && *v ? v : fallback;
}

// Assembles `path` with the GNU cross assembler into the words of .text.
// On failure returns false with the assembler's message in `err`.
bool assemble_file(const std::string& path, std::vector<uint32_t>& words, std::string& err) {
    char dir[] = "/tmp/irqsim-cycles-XXXXXX";
    if (!mkdtemp(dir)) {
        err = "cannot create a temporary folder";
        return false;
    }
    std::string d = dir;
    std::string obj = d + "/b.o", bin = d + "/b.bin", log = d + "/log";
    // -march=armv8.1-a: LSE atomics assemble too (the cores here are v8.0;
    // the model still prices them).
    std::string cmd = fmt::format("'{}' -march=armv8.1-a -o '{}' '{}' 2> '{}' && '{}' -O binary -j .text '{}' '{}' 2>> '{}'",
                                  tool("IRQSIM_CROSS_AS", "aarch64-linux-gnu-as"), obj, path, log,
                                  tool("IRQSIM_CROSS_OBJCOPY", "aarch64-linux-gnu-objcopy"), obj, bin, log);
    int rc = std::system(cmd.c_str());
    std::ifstream lf(log);
    err.assign(std::istreambuf_iterator<char>(lf), {});
    std::ifstream bf(bin, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(bf)), {});
    std::system(fmt::format("rm -rf '{}'", d).c_str());
    if (rc != 0) return false;
    words.resize(bytes.size() / 4);
    std::memcpy(words.data(), bytes.data(), words.size() * 4);
    return true;
}

}  // namespace

int run_cycles(const CyclesArgs& a) {
    auto core = cycles::parse_core(a.core);
    if (!core) {
        std::fprintf(stderr, "irqsim cycles: unknown --core %s (a53, a57, a72)\n", a.core.c_str());
        return kExitBadInput;
    }
    if (a.iterations == 0) {
        std::fprintf(stderr, "irqsim cycles: --iterations must be at least 1\n");
        return kExitBadInput;
    }
    if (!std::ifstream(a.block)) {
        std::fprintf(stderr, "irqsim cycles: cannot read %s\n", a.block.c_str());
        return kExitBadInput;
    }
    std::vector<uint32_t> words;
    std::string err;
    if (!assemble_file(a.block, words, err)) {
        std::fprintf(stderr, "irqsim cycles: %s does not assemble:\n%s", a.block.c_str(), err.c_str());
        return kExitBadInput;
    }
    if (words.empty()) {
        std::fprintf(stderr, "irqsim cycles: %s has no instructions in .text\n", a.block.c_str());
        return kExitBadInput;
    }
    std::cout << cycles::format_block_report(cycles::run_block(words, *core, a.iterations));
    return 0;
}

}  // namespace irqsim::cli
