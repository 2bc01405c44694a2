// A minimal machine for unit tests: one CPU, RAM, and a system interface that
// records what the core asked of it instead of modelling exceptions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "irqsim/cpu.hpp"
#include "irqsim/memory.hpp"

namespace irqsim::test {

// Assembles A64 source with the GNU cross assembler and returns the words
// (the assembler, not this project, is the judge of encodings).
std::vector<uint32_t> assemble(std::string_view source);

struct RecordedEvent {
    std::string kind;  // "svc", "brk", "undef", "abort", "hvc", "hlt", "sysreg", ...
    uint64_t pc = 0;
    uint64_t value = 0;  // immediate, word, or address
};

class RecordingSystem : public SystemInterface {
public:
    std::vector<RecordedEvent> events;
    // Stop the CPU on the first event unless told otherwise.
    bool stop_on_event = true;

    void supervisor_call(Cpu& c, uint16_t imm) override { record(c, "svc", imm); }
    void hypervisor_call(Cpu& c, uint16_t imm) override { record(c, "hvc", imm); }
    void breakpoint(Cpu& c, uint16_t imm) override { record(c, "brk", imm); }
    void halt(Cpu& c, uint16_t imm) override { record(c, "hlt", imm); }
    void undefined(Cpu& c, uint32_t word) override { record(c, "undef", word); }
    void abort(Cpu& c, AccessKind kind, uint64_t addr, bool alignment) override {
        record(c, alignment ? "align" : (kind == AccessKind::Fetch ? "fetch-abort" : "data-abort"), addr);
    }
    bool read_sysreg(Cpu& c, uint32_t enc, uint64_t& v) override;
    bool write_sysreg(Cpu& c, uint32_t enc, uint64_t v) override;
    bool write_pstate_field(Cpu&, uint32_t, uint32_t) override { return false; }
    bool system_instruction(Cpu&, uint32_t, uint64_t) override { return false; }
    void wait_for_interrupt(Cpu& c) override { record(c, "wfi", 0); }
    void wait_for_event(Cpu& c) override { record(c, "wfe", 0); }

private:
    void record(Cpu& c, const char* kind, uint64_t v);
};

// RAM at kCodeBase (code) and kDataBase (data); the CPU starts at EL1 with
// SP_EL1 selected, as a bare-metal image would.
struct TestMachine {
    static constexpr uint64_t kCodeBase = 0x40000000;
    static constexpr uint64_t kDataBase = 0x40100000;
    static constexpr uint64_t kDataSize = 0x100000;

    Bus bus;
    RecordingSystem sys;
    Cpu cpu{bus, sys};

    TestMachine();
    // Loads the words at kCodeBase, sets the PC there.
    void load(const std::vector<uint32_t>& words);
    // Assembles, loads and runs until the code's end (or an event stops it).
    StopReason run_asm(std::string_view source, uint64_t max_insns = 100000);
    uint64_t code_end = 0;
};

}  // namespace irqsim::test
