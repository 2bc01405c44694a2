// run_block and its llvm-mca-style report (block.hpp).
#include "cycles/block.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "cpu/disasm.hpp"
#include "cycles/pipeline.hpp"

namespace irqsim::cycles {

namespace {
// llvm-mca's RThroughput: the busiest unit group's cycles per instruction,
// or the dispatch bandwidth for an instruction that uses no unit. A group is
// its unit mask (the A57's V = X|W is not the X it shares its lowest unit with).
double rthroughput(const CoreModel& m, const ClassCost& c) {
    double r = 0;
    std::array<double, 256> per_group{};
    for (const ResUse& u : c.res) {
        if (!u.units) continue;
        unsigned idx = u.units;
        per_group[idx] += static_cast<double>(u.cycles) / std::popcount(u.units);
        r = std::max(r, per_group[idx]);
    }
    return r > 0 ? r : static_cast<double>(c.uops) / m.dispatch_width;
}
}  // namespace

BlockReport run_block(const std::vector<uint32_t>& words, CoreKind core, unsigned iterations) {
    const CoreModel& m = core_model(core);
    BlockReport r;
    r.core = core;
    r.iterations = iterations;
    r.dispatch_width = m.dispatch_width;
    std::vector<InsnInfo> infos;
    std::array<double, 256> pressure{};
    for (size_t k = 0; k < words.size(); ++k) {
        InsnInfo i = classify_word(words[k]);
        const ClassCost& c = m.cost[static_cast<unsigned>(i.cls)];
        infos.push_back(i);
        r.insns.push_back({words[k], disassemble(words[k], 4 * k), i.cls, c.uops, c.latency, rthroughput(m, c)});
        for (const ResUse& u : c.res)
            if (u.units) pressure[u.units] += static_cast<double>(u.cycles) / std::popcount(u.units);
    }
    uint64_t uops_per_iter = 0;
    for (const BlockInsn& b : r.insns) uops_per_iter += b.uops;
    r.block_rthroughput = std::max(*std::max_element(pressure.begin(), pressure.end()),
                                   static_cast<double>(uops_per_iter) / m.dispatch_width);
    Pipeline p(m);
    for (unsigned it = 0; it < iterations; ++it)
        for (const InsnInfo& i : infos) p.push(i);
    r.instructions = uint64_t{iterations} * words.size();
    r.total_cycles = p.total_cycles();
    r.total_uops = p.uops();
    return r;
}

std::string format_block_report(const BlockReport& r) {
    double cycles = static_cast<double>(std::max<uint64_t>(r.total_cycles, 1));
    std::string o;
    o += fmt::format("Iterations:        {}\n", r.iterations);
    o += fmt::format("Instructions:      {}\n", r.instructions);
    o += fmt::format("Total Cycles:      {}\n", r.total_cycles);
    o += fmt::format("Total uOps:        {}\n\n", r.total_uops);
    o += fmt::format("Dispatch Width:    {}\n", r.dispatch_width);
    o += fmt::format("uOps Per Cycle:    {:.2f}\n", static_cast<double>(r.total_uops) / cycles);
    o += fmt::format("IPC:               {:.2f}\n", static_cast<double>(r.instructions) / cycles);
    o += fmt::format("Block RThroughput: {:.1f}\n\n\n", r.block_rthroughput);
    o += "Instruction Info:\n[1]: #uOps\n[2]: Latency\n[3]: RThroughput\n[4]: Class (irqsim)\n\n";
    o += "[1]    [2]    [3]    [4]            Instructions:\n";
    for (const BlockInsn& b : r.insns)
        o += fmt::format(" {:<6} {:<6} {:<6.2f} {:<14} {}\n", b.uops, b.latency, b.rthroughput, class_name(b.cls), b.text);
    return o;
}

}  // namespace irqsim::cycles
