// Google Benchmark micro-benchmarks of the pieces whose cost the design
// promises (issue 8; STYLE.md, "observers cost nothing when absent"): the
// decoder, and the run loop on one small loop with no observer, with each
// kind of observer attached elsewhere (it must cost nothing), and with each
// attached where the loop runs (it may cost a little). Each reports guest
// instructions per second as `items_per_second`.
//
//   ./build/bench/micro_bench [--benchmark_filter=REGEX]
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "cpu/decoder.hpp"
#include "irqsim/cpu.hpp"
#include "irqsim/memory.hpp"

namespace {

using namespace irqsim;

// Stops at the SVC that ends the loop; nothing else happens in it.
class StopAtSvc final : public SystemInterface {
public:
    void supervisor_call(Cpu& c, uint16_t) override { c.stop(StopReason::Halted); }
    void breakpoint(Cpu& c, uint16_t) override { c.stop(StopReason::Fault); }
    void undefined(Cpu& c, uint32_t) override { c.stop(StopReason::Fault); }
    void abort(Cpu& c, AccessKind, uint64_t, bool) override { c.stop(StopReason::Fault); }
    bool read_sysreg(Cpu&, uint32_t, uint64_t&) override { return false; }
    bool write_sysreg(Cpu&, uint32_t, uint64_t) override { return false; }
    bool write_pstate_field(Cpu&, uint32_t, uint32_t) override { return false; }
    bool system_instruction(Cpu&, uint32_t, uint64_t) override { return false; }
    void wait_for_interrupt(Cpu&) override {}
    void wait_for_event(Cpu&) override {}
};

constexpr uint64_t kCode = 0x40000000, kData = 0x40100000, kOther = 0x40200000;
constexpr uint64_t kIterations = 1 << 16;
// loop: str x1, [x2, #8]; add x1, x1, #1; eor x3, x3, x1, lsl #3;
//       subs x0, x0, #1; b.ne loop; svc #0   (encodings from GNU as)
constexpr uint32_t kLoop[] = {0xf9000441, 0x91000421, 0xca010c63, 0xf1000400, 0x54ffff81, 0xd4000001};
constexpr uint64_t kInsnsPerRun = kIterations * 5 + 1;

enum class Observer { None, InsnObserver, PcHookElsewhere, PcHookInLoop, WatchElsewhere, WatchOnStore };

void BM_RunLoop(benchmark::State& state, Observer observer) {
    Bus bus;
    bus.map_ram(kCode, 0x1000, "code");
    bus.map_ram(kData, 0x1000, "data");
    bus.map_ram(kOther, 0x1000, "other");
    bus.copy_in(kCode, kLoop, sizeof kLoop);
    StopAtSvc sys;
    Cpu cpu(bus, sys);
    cpu.select_stack(ExceptionLevel::EL1, true);
    uint64_t seen = 0;
    switch (observer) {
        case Observer::None: break;
        case Observer::InsnObserver:
            cpu.set_insn_observer([](void* ctx, Cpu&) { ++*static_cast<uint64_t*>(ctx); }, &seen);
            break;
        case Observer::PcHookElsewhere:
            cpu.add_pc_hook(kOther, [&](Cpu&) { ++seen; return Cpu::HookAction::Continue; });
            break;
        case Observer::PcHookInLoop:
            cpu.add_pc_hook(kCode + 4, [&](Cpu&) { ++seen; return Cpu::HookAction::Continue; });
            break;
        case Observer::WatchElsewhere:
            bus.add_store_watch(kOther, 0x1000, [&](uint64_t, unsigned, unsigned) { ++seen; });
            break;
        case Observer::WatchOnStore:
            bus.add_store_watch(kData, 0x1000, [&](uint64_t, unsigned, unsigned) { ++seen; });
            break;
    }
    for (auto _ : state) {
        cpu.pc = kCode;
        cpu.x[0] = kIterations;
        cpu.x[2] = kData;
        cpu.run(~uint64_t{0} >> 1);
    }
    benchmark::DoNotOptimize(seen);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kInsnsPerRun));
}
BENCHMARK_CAPTURE(BM_RunLoop, no_observer, Observer::None);
BENCHMARK_CAPTURE(BM_RunLoop, pc_hook_elsewhere, Observer::PcHookElsewhere);
BENCHMARK_CAPTURE(BM_RunLoop, store_watch_elsewhere, Observer::WatchElsewhere);
BENCHMARK_CAPTURE(BM_RunLoop, pc_hook_in_loop, Observer::PcHookInLoop);
BENCHMARK_CAPTURE(BM_RunLoop, store_watch_on_the_store, Observer::WatchOnStore);
BENCHMARK_CAPTURE(BM_RunLoop, insn_observer, Observer::InsnObserver);

// Full decode (row match and the row's field extraction) of random words.
void BM_Decode(benchmark::State& state) {
    std::mt19937 rng(1);
    std::vector<uint32_t> words(4096);
    for (auto& w : words) w = rng();
    DecodedInsn d;
    for (auto _ : state) {
        for (uint32_t w : words) {
            decode(w, d);
            benchmark::DoNotOptimize(d);
        }
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words.size()));
}
BENCHMARK(BM_Decode);

}  // namespace

BENCHMARK_MAIN();
