// What llvm-mca cannot see -- caches, branches, exceptions -- checked against
// first principles and against the costs docs/cycles.md documents (the
// CoreModel fields, which cite their sources): a chain of loads that miss
// every level costs the miss latency per line; a loop whose branch always
// goes the same way pays no mispredicts; an alternating branch pays the
// penalty each time; SVC entry and ERET each cost a refill.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <memory>
#include <vector>

#include "cycles/cache.hpp"
#include "cycles/cpu_model.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::cycles;
using irqsim::test::assemble;

namespace {

constexpr uint64_t kCode = 0x40000000, kData = 0x40100000, kDataSize = 0x400000;

// SVC #n (n != 0xffff) takes an exception to VBAR_EL1 + 0x200 (current EL,
// SP_ELx, synchronous: Arm ARM D1.10.2) and ERET returns to ELR_EL1, so the
// model sees real vector entries and returns. SVC #0xffff ends the run.
struct VectorSystem final : test::RecordingSystem {
    void supervisor_call(Cpu& c, uint16_t imm) override {
        if (imm == 0xffff) {
            c.stop(StopReason::Halted);
            return;
        }
        c.elr_el1 = c.pc + 4;
        c.pc = c.vbar_el1 + 0x200;
    }
    void exception_return(Cpu& c) override { c.pc = c.elr_el1; }
};

struct Rig {
    Bus bus;
    VectorSystem sys;
    Cpu cpu{bus, sys};
    Rig() {
        bus.map_ram(kCode, 0x10000, "code");
        bus.map_ram(kData, kDataSize, "data");
        cpu.select_stack(ExceptionLevel::EL1, true);
        cpu.sp = kData + kDataSize;
    }
    // Assembles `src` at kCode (plus the end marker), points VBAR_EL1 at
    // kCode + 0x800 where `vectors` go (at +0x200), and runs it under a model.
    CpuCycleStats run(CoreKind core, const std::string& src, uint64_t& cycles, const std::string& vectors = "eret") {
        auto words = assemble(src + "\nsvc #0xffff\n");
        REQUIRE(words.size() * 4 <= 0x800);
        bus.copy_in(kCode, words.data(), words.size() * 4);
        auto vec = assemble(vectors);
        bus.copy_in(kCode + 0x800 + 0x200, vec.data(), vec.size() * 4);
        cpu.invalidate_decode_cache();
        cpu.vbar_el1 = kCode + 0x800;
        cpu.pc = kCode;
        CpuCycleModel model(cpu, core_model(core));
        REQUIRE(cpu.run(10'000'000) == StopReason::Halted);
        cycles = model.cycles();
        return model.stats();
    }
};

const CoreKind kCores[] = {CoreKind::A53, CoreKind::A57, CoreKind::A72};

}  // namespace

// Cache::flush() empties in O(1) (ways used before it count as empty); a
// flushed cache must then hit and miss exactly as a new one does.
TEST_CASE("a flushed cache hits and misses as a new cache does, access for access") {
    const CacheGeometry g{4096, 4, 64};  // 16 sets of 4 ways
    Cache flushed(g);
    auto fresh = std::make_unique<Cache>(g);
    uint64_t x = 0x9e3779b97f4a7c15;
    unsigned flushes = 0, hits = 0;
    for (int i = 0; i < 200000; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        if (x % 997 == 0) {  // flush now and then, with lines of every age held
            flushed.flush();
            fresh = std::make_unique<Cache>(g);
            ++flushes;
        }
        const uint64_t addr = (x >> 8) % (64 * 1024);  // 16 times the cache: misses and evictions
        const bool hit = fresh->access(addr);
        REQUIRE(flushed.access(addr) == hit);
        REQUIRE(flushed.contains(addr ^ 0x1000) == fresh->contains(addr ^ 0x1000));
        hits += hit;
    }
    CHECK(flushes > 100);
    CHECK(hits > 1000);
}

TEST_CASE("a chain of loads that miss every cache level costs about the miss latency per line") {
    for (CoreKind core : kCores) {
        const CoreModel& m = core_model(core);
        INFO(m.name);
        // 512 pointers, each on its own line (stride 4 KB + 64 B spreads them
        // over the sets), the last pointing back to the first.
        constexpr unsigned kLines = 512, kStride = 4096 + 64;
        Rig rig;
        for (unsigned k = 0; k < kLines; ++k) {
            uint64_t next = kData + uint64_t{(k + 1) % kLines} * kStride;
            rig.bus.copy_in(kData + uint64_t{k} * kStride, &next, 8);
        }
        std::string loop = fmt::format(
            "movz x0, #{:#x}, lsl #16\nmovz x1, #{}\n1: ldr x0, [x0]\nsubs x1, x1, #1\nb.ne 1b\n", kData >> 16, kLines);
        uint64_t cold = 0;
        CpuCycleStats s = rig.run(core, loop, cold);
        CHECK(s.l2_misses >= kLines);
        double per_line = static_cast<double>(cold) / kLines;
        double miss = m.cost[static_cast<unsigned>(SchedClass::Load)].latency + m.l2_hit_cycles + m.dram_cycles;
        INFO("cold: " << per_line << " cycles per line, miss latency " << miss);
        CHECK(per_line >= miss * 0.95);
        CHECK(per_line <= miss * 1.15);

        // Twice round the same chain: the second lap hits L1 (512 lines fit
        // in 32 KB), so it costs the load-to-use latency per line.
        uint64_t two_laps = 0;
        loop = fmt::format("movz x0, #{:#x}, lsl #16\nmovz x1, #{}\n1: ldr x0, [x0]\nsubs x1, x1, #1\nb.ne 1b\n", kData >> 16,
                           2 * kLines);
        rig.run(core, loop, two_laps);
        double warm = static_cast<double>(two_laps - cold) / kLines;
        double hit = m.cost[static_cast<unsigned>(SchedClass::Load)].latency;
        INFO("warm: " << warm << " cycles per line, L1 load-to-use " << hit);
        CHECK(warm >= hit * 0.95);
        CHECK(warm <= hit * 1.5);
    }
}

TEST_CASE("a loop whose branch always goes the same way pays no mispredicts after warm-up") {
    for (CoreKind core : kCores) {
        INFO(core_name(core));
        Rig rig;
        uint64_t cycles = 0;
        CpuCycleStats s = rig.run(core, "movz x1, #1000\n1: add x2, x2, #1\nsubs x1, x1, #1\nb.ne 1b\n", cycles);
        // One while the counter learns "taken", one at the exit.
        CHECK(s.mispredicts <= 2);
        CHECK(s.branches == 1000);
        // Calls and returns: the return stack predicts every RET.
        uint64_t c2 = 0;
        CpuCycleStats r = rig.run(core, "movz x1, #200\n1: bl 2f\nsubs x1, x1, #1\nb.ne 1b\nb 3f\n2: add x2, x2, #1\nret\n3:\n", c2);
        CHECK(r.mispredicts <= 3);
    }
}

TEST_CASE("a branch that alternates taken and not taken pays the mispredict penalty each time") {
    for (CoreKind core : kCores) {
        const CoreModel& m = core_model(core);
        INFO(m.name);
        Rig rig;
        // Bit 0 of x1 flips each iteration: the inner branch alternates.
        std::string body = "movz x1, #400\n1: tbz x1, #0, 2f\nadd x2, x2, #1\n2: subs x1, x1, #1\nb.ne 1b\n";
        uint64_t alternating = 0;
        CpuCycleStats s = rig.run(core, body, alternating);
        CHECK(s.mispredicts >= 380);  // a 2-bit counter guesses wrong on every flip
        // The same work with the branch always taken (bit 8 is 0 throughout).
        uint64_t steady = 0;
        rig.run(core, "movz x1, #400\n1: tbz x1, #8, 2f\nadd x2, x2, #1\n2: subs x1, x1, #1\nb.ne 1b\n", steady);
        double per_miss = static_cast<double>(alternating - steady) / static_cast<double>(s.mispredicts);
        INFO("extra cycles per mispredict " << per_miss << ", penalty " << int{m.mispredict_penalty});
        CHECK(per_miss >= m.mispredict_penalty * 0.8);
        CHECK(per_miss <= m.mispredict_penalty * 1.3);
    }
}

TEST_CASE("an SVC round trip costs the documented exception entry and ERET refills") {
    for (CoreKind core : kCores) {
        const CoreModel& m = core_model(core);
        INFO(m.name);
        Rig rig;
        uint64_t with_svc = 0, with_nop = 0;
        CpuCycleStats s = rig.run(core, "movz x1, #100\n1: svc #1\nsubs x1, x1, #1\nb.ne 1b\n", with_svc);
        CHECK(s.exceptions == 100);
        CHECK(s.erets == 100);
        rig.run(core, "movz x1, #100\n1: add x3, x3, #1\nadd x3, x3, #1\nsubs x1, x1, #1\nb.ne 1b\n", with_nop);
        double extra = static_cast<double>(with_svc - with_nop) / 100;
        double documented = m.exception_entry_cycles + m.eret_cycles;
        INFO("extra per round trip " << extra << ", entry + eret " << documented);
        CHECK(extra >= documented);
        CHECK(extra <= documented * 1.3);
    }
}

TEST_CASE("SIMD&FP loads and stores touch the lines they access: 16 bytes at a line's end miss once") {
    // LD1/ST1 and LDR Q of the last 16 bytes of 256 lines (stride 4 KB + 64 B,
    // as above): each access is within one line, so one L1D miss per line.
    for (const char* access : {"ld1 {v0.16b}, [x0]", "st1 {v0.16b}, [x0]", "ld1 {v0.s}[3], [x0]", "ldr q0, [x0]",
                               "ld2 {v0.8b, v1.8b}, [x0]"}) {
        INFO(access);
        constexpr unsigned kLines = 256, kStride = 4096 + 64;
        Rig rig;
        uint64_t cycles = 0;
        std::string loop = fmt::format(
            "movz x0, #{:#x}, lsl #16\nadd x0, x0, #48\nmovz x1, #{}\nmovz x2, #{}\n1: {}\nadd x0, x0, x2\n"
            "subs x1, x1, #1\nb.ne 1b\n",
            kData >> 16, kLines, kStride, access);
        CpuCycleStats s = rig.run(CoreKind::A57, loop, cycles);
        CHECK(s.l1d_misses == kLines);
    }
}

TEST_CASE("an instruction observer attached in the middle of a block is told of every instruction after it") {
    // The observed loop looks at the instruction observer once per block:
    // attaching one ends the block, with a cost model attached or not.
    for (bool with_model : {false, true}) {
        INFO("cost model: " << with_model);
        Rig rig;
        auto words = assemble("nop\nnop\nnop\nadd x1, x1, #1\nadd x2, x2, #1\nnop\nsvc #0xffff\n");
        rig.bus.copy_in(kCode, words.data(), words.size() * 4);
        rig.cpu.invalidate_decode_cache();
        rig.cpu.pc = kCode;
        std::vector<uint64_t> told;
        auto note = [](void* ctx, Cpu& c) { static_cast<std::vector<uint64_t>*>(ctx)->push_back(c.pc); };
        // The hook runs as the third instruction starts: it is not told, the four after it are.
        rig.cpu.add_pc_hook(kCode + 8, [&](Cpu& c) {
            c.set_insn_observer(note, &told);
            return Cpu::HookAction::Continue;
        });
        std::unique_ptr<CpuCycleModel> model;
        if (with_model) model = std::make_unique<CpuCycleModel>(rig.cpu, core_model(CoreKind::A57));
        REQUIRE(rig.cpu.run(1000) == StopReason::Halted);
        CHECK(told == std::vector<uint64_t>{kCode + 12, kCode + 16, kCode + 20, kCode + 24});
        if (model) CHECK(model->stats().instructions == 7);
    }
}
