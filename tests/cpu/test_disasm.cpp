// The disassembler against the GNU toolchain's: objdump, run on an object
// the GNU assembler built, is the oracle for each word's mnemonic and operands.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cpu/disasm.hpp"

using namespace irqsim;

namespace {

struct ObjdumpLine {
    uint64_t offset;
    uint32_t word;
    std::string mnemonic, operands;
};

// objdump sits beside the cross assembler the build found.
std::string cross_objdump() {
    std::string as = IRQSIM_CROSS_AS;
    return as.substr(0, as.size() - 2) + "objdump";
}

std::string run(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

// Assembles `source` and returns objdump -d's lines "  off:\tword \tmnemonic\toperands".
std::vector<ObjdumpLine> objdump(const std::string& source) {
    char dir[] = "/tmp/irqsim-disasm-XXXXXX";
    REQUIRE(mkdtemp(dir));
    std::string d = dir;
    std::ofstream(d + "/t.s") << ".arch armv8.1-a+crc\n.text\n" << source << "\n";
    REQUIRE(std::system(fmt::format("{} -o {}/t.o {}/t.s", IRQSIM_CROSS_AS, d, d).c_str()) == 0);
    std::istringstream text(run(fmt::format("{} -d {}/t.o", cross_objdump(), d)));
    std::system(fmt::format("rm -rf {}", d).c_str());
    std::vector<ObjdumpLine> lines;
    for (std::string line; std::getline(text, line);) {
        ObjdumpLine l;
        char mnemonic[32] = {}, operands[128] = {};
        unsigned long long off;
        unsigned word;
        if (std::sscanf(line.c_str(), " %llx: %x %31s %127[^\n]", &off, &word, mnemonic, operands) < 3) continue;
        l.offset = off;
        l.word = word;
        l.mnemonic = mnemonic;
        l.operands = operands;
        lines.push_back(l);
    }
    return lines;
}

std::string mnemonic_of(const std::string& text) { return text.substr(0, text.find(' ')); }

// Every line of `source` disassembles to exactly objdump's text.
void check_same_text_as_objdump(const std::string& source, size_t count) {
    auto lines = objdump(source);
    REQUIRE(lines.size() == count);
    for (const auto& l : lines) {
        INFO(fmt::format("{:08x}", l.word));
        CHECK(disassemble(l.word, l.offset) == l.mnemonic + " " + l.operands);
    }
}

}  // namespace

TEST_CASE("disassembly names the same instruction objdump names", "[disasm]") {
    const char* source =
        "add x0, x1, #3\n"
        "subs w2, w3, w4, lsl #2\n"
        "ldr x5, [x6, #16]\n"
        "stp x29, x30, [sp, #-16]!\n"
        "ldxr w7, [x8]\n"
        "casal x1, x2, [x3]\n"
        "ldadd w4, w5, [x6]\n"
        "crc32cx w0, w1, x2\n"
        "movk x3, #0xbeef, lsl #16\n"
        "madd x0, x1, x2, x3\n"
        "b.ne .\n"
        "cbz x1, .\n"
        "tbnz w2, #5, .\n"
        "bl .\n"
        "blr x3\n"
        "ret\n"
        "eret\n"
        "svc #0x0\n"
        "hvc #0x1\n"
        "brk #0x3e8\n"
        "wfi\n"
        "dmb ish\n"
        "isb\n"
        "clrex\n"
        "mrs x0, tpidr_el1\n"
        "msr daifset, #0x2\n"
        "drps\n"
        "dcps2\n"
        "smc #0x3\n"
        "hlt #0xf000\n"
        "yield\n"
        "sevl\n"
        "dc civac, x6\n"
        "tlbi vmalle1is\n"
        "sysl x7, #1, c2, c3, #4\n"
        "msr spsel, #1\n"
        "mrs x9, cntvct_el0\n";
    auto lines = objdump(source);
    REQUIRE(lines.size() == 37);
    for (const auto& l : lines) {
        std::string ours = disassemble(l.word, 0x40000000 + l.offset);
        INFO(fmt::format("{:08x}: objdump \"{} {}\", ours \"{}\"", l.word, l.mnemonic, l.operands, ours));
        CHECK(mnemonic_of(ours) == l.mnemonic);
    }
}

TEST_CASE("register operands print as objdump prints them", "[disasm]") {
    // (Immediates differ in radix: Capstone prints #-0x10 where objdump prints #-16.)
    check_same_text_as_objdump("add x0, x1, x2\nldr w3, [x4, #8]\nmrs x0, tpidr_el1\nstp x29, x30, [sp]\nret x7", 5);
}

TEST_CASE("LSE atomics, which Capstone 4 does not know, print as objdump prints them", "[disasm]") {
    check_same_text_as_objdump(
        "casal x1, x2, [x3]\ncasb w4, w5, [sp]\ncaspal x0, x1, x2, x3, [x4]\ncasp w6, w7, w8, w9, [x10]\n"
        "ldadd w4, w5, [x6]\nldaddalb w1, w2, [x3]\nstadd w4, [x6]\nstsetlh w1, [x2]\nldsmaxa x1, x2, [x3]\n"
        "ldumin x1, xzr, [x3]\nswpal x1, x2, [sp]\nswpb w0, w1, [x2]\nldeorl w1, w2, [x3]\nldclrah w1, w2, [x3]\n",
        14);
}

TEST_CASE("an unallocated word disassembles as .inst with its value", "[disasm]") {
    // 0x04000000 is in the SVE encoding space, unallocated in ARMv8.0.
    CHECK(disassemble(0x04000000, 0) == ".inst 0x04000000 (unallocated)");
    // 0x00000000 is UDF #0 (permanently undefined), as objdump names it.
    CHECK(disassemble(0x00000000, 0) == "udf #0");
    CHECK(disassemble(0xffffffff, 0) == ".inst 0xffffffff (unallocated)");
}
