#include "support/test_machine.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace irqsim::test {

std::vector<uint32_t> assemble(std::string_view source) {
    char dir[] = "/tmp/irqsim-asm-XXXXXX";
    if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    std::string d = dir;
    {
        std::ofstream f(d + "/t.s");
        f << ".arch armv8.1-a\n.text\n" << source << "\n";
    }
    std::string cmd = fmt::format("{} -o {}/t.o {}/t.s 2> {}/err && {} -O binary -j .text {}/t.o {}/t.bin", IRQSIM_CROSS_AS,
                                  d, d, d, IRQSIM_CROSS_OBJCOPY, d, d);
    int rc = std::system(cmd.c_str());
    std::ifstream bin(d + "/t.bin", std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(bin)), {});
    std::ifstream errf(d + "/err");
    std::string err((std::istreambuf_iterator<char>(errf)), {});
    std::system(fmt::format("rm -rf {}", d).c_str());
    if (rc != 0) throw std::runtime_error("assembler failed:\n" + err + "\nsource:\n" + std::string(source));
    std::vector<uint32_t> words(bytes.size() / 4);
    std::memcpy(words.data(), bytes.data(), words.size() * 4);
    return words;
}

void RecordingSystem::record(Cpu& c, const char* kind, uint64_t v) {
    events.push_back({kind, c.pc, v});
    if (stop_on_event)
        c.stop(StopReason::Halted);
    else
        c.pc += 4;
}

bool RecordingSystem::read_sysreg(Cpu& c, uint32_t enc, uint64_t& v) {
    if (enc == 0x5a10) {  // NZCV: op0=3 op1=3 CRn=4 CRm=2 op2=0
        v = c.nzcv;
        return true;
    }
    return false;
}
bool RecordingSystem::write_sysreg(Cpu& c, uint32_t enc, uint64_t v) {
    if (enc == 0x5a10) {
        c.nzcv = static_cast<uint32_t>(v) & 0xf0000000u;
        return true;
    }
    return false;
}

TestMachine::TestMachine() {
    bus.map_ram(kCodeBase, 0x100000, "code");
    bus.map_ram(kDataBase, kDataSize, "data");
    cpu.select_stack(ExceptionLevel::EL1, true);
    cpu.sp = kDataBase + kDataSize;
}

void TestMachine::load(const std::vector<uint32_t>& words) {
    bus.copy_in(kCodeBase, words.data(), words.size() * 4);
    cpu.pc = kCodeBase;
    code_end = kCodeBase + words.size() * 4;
}

StopReason TestMachine::run_asm(std::string_view source, uint64_t max_insns) {
    // End with an SVC #0xffff so the run stops at the code's end.
    load(assemble(std::string(source) + "\nsvc #0xffff\n"));
    code_end -= 4;
    sys.stop_on_event = true;
    StopReason r = cpu.run(max_insns);
    if (!sys.events.empty() && sys.events.back().kind == "svc" && sys.events.back().value == 0xffff) sys.events.pop_back();
    return r;
}

}  // namespace irqsim::test
