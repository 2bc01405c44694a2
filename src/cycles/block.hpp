// The cost model on a straight-line block, as llvm-mca runs one: the block
// repeated `iterations` times, every load an L1 hit, no branch taken, no
// cache or predictor state (`irqsim cycles`, tests/cycles).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cycles/core_model.hpp"

namespace irqsim::cycles {

struct BlockInsn {
    uint32_t word;
    std::string text;  // Capstone's disassembly
    SchedClass cls;
    unsigned uops, latency;
    double rthroughput;  // llvm-mca's reciprocal throughput, from the unit bookings
};

struct BlockReport {
    CoreKind core;
    unsigned iterations = 0;
    uint64_t instructions = 0, total_cycles = 0, total_uops = 0;
    unsigned dispatch_width = 0;
    double block_rthroughput = 0;
    std::vector<BlockInsn> insns;
};

BlockReport run_block(const std::vector<uint32_t>& words, CoreKind core, unsigned iterations);
// llvm-mca's summary and Instruction Info view, line for line.
std::string format_block_report(const BlockReport& r);

}  // namespace irqsim::cycles
