// The per-core tables. Pipeline numbers (uops, latency, units, unit-busy
// cycles, forwarding) are read from LLVM 14's scheduling models, the same
// models llvm-mca-14 runs, so that `irqsim cycles` and llvm-mca can be put
// side by side (tests/cycles); the rest cites the TRMs or says [ours].
// Source names are defined in core_model.hpp.
#include "cycles/core_model.hpp"

namespace irqsim::cycles {

namespace {

constexpr uint8_t u(unsigned i) { return static_cast<uint8_t>(1u << i); }

// --- Cortex-A53 -------------------------------------------------------------
// [A53td]: IssueWidth 2, MicroOpBufferSize 0 (in order), MispredictPenalty 9;
// units A53UnitALU (2), MAC, Div, LdSt, B (BufferSize 0: no queues).
namespace a53 {
constexpr uint8_t ALU = u(0) | u(1), MAC = u(2), DIV = u(3), LDST = u(4), B = u(5);
constexpr ClassCost c(uint8_t uops, uint8_t lat, WriteKind w, ResUse r0, ResUse r1 = {}, uint8_t lat2 = 0,
                      uint8_t wb = 0) {
    return ClassCost{uops, lat, lat2, wb, w, {r0, r1, ResUse{}}};
}
using W = WriteKind;
constexpr std::array<ClassCost, kClassCount> kCost = {
    c(1, 3, W::Alu, {ALU, 1}),           // Alu: WriteI, Latency 3
    c(1, 3, W::Alu, {ALU, 1}),           // AluShifted: WriteISReg/WriteIEReg 3
    c(1, 2, W::Alu, {ALU, 1}),           // Bitfield: WriteIS 2
    c(1, 2, W::Alu, {ALU, 1}),           // BitfieldIns: WriteIS 2
    c(1, 3, W::Alu, {ALU, 1}),           // Extr32: WriteExtr 3
    c(1, 3, W::Alu, {ALU, 1}),           // Extr64: WriteExtr 3
    c(1, 3, W::Alu, {ALU, 1}),           // Crc: WriteIS-class ALU op, 3
    c(1, 4, W::Mul, {MAC, 1}),           // Mul32: WriteIM32 4
    c(1, 4, W::Mul, {MAC, 1}),           // Mul64: WriteIM64 4
    c(1, 4, W::Mul, {MAC, 1}),           // MulHigh: WriteIM64 4
    c(1, 4, W::Div, {DIV, 1}),           // Div32: WriteID32 4 (LLVM's figure; see docs/cycles.md)
    c(1, 4, W::Div, {DIV, 1}),           // Div64: WriteID64 4
    c(1, 4, W::Load, {LDST, 1}),         // Load: WriteLD 4
    c(2, 4, W::Load, {LDST, 1}, {}, 0, 0),  // LoadWb: WriteLD + WriteAdr (Latency 0)
    c(1, 4, W::Load, {LDST, 1}),         // LoadReg: WriteLDIdx 4
    c(2, 4, W::Load, {LDST, 2}, {}, 4),  // LoadPair: WriteLD + WriteLDHi, LdSt 2 cycles
    c(3, 4, W::Load, {LDST, 2}, {}, 4, 0),  // LoadPairWb
    c(2, 4, W::Load, {LDST, 2}, {}, 4),  // LoadPairSw
    c(1, 4, W::Other, {LDST, 1}),        // Store: WriteST 4
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // StoreWb: WriteAdr + WriteST
    c(1, 4, W::Other, {LDST, 1}),        // StoreReg: WriteSTIdx 4
    c(1, 4, W::Other, {LDST, 1}),        // StorePair32: WriteSTP 4
    c(1, 4, W::Other, {LDST, 1}),        // StorePair64: WriteSTP 4
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // StorePairWb
    c(2, 8, W::Load, {LDST, 2}),         // StoreExcl: WriteSTX 4 + status, 8 as llvm-mca-14 reports
    c(2, 8, W::Load, {LDST, 2}),         // Atomic: [ours] as a store-exclusive (LSE unsupported in [A53td])
    c(1, 1, W::Other, {B, 1}),           // Branch: WriteBr
    c(1, 1, W::Alu, {B, 1}),             // BranchLink: WriteBr (X30)
    c(1, 1, W::Alu, {B, 1}),             // BranchLinkReg: WriteBrReg
    c(1, 1, W::Other, {B, 1}),           // System: WriteSys/WriteBarrier/WriteHint on A53UnitB
};
// ReadAdvance in [A53td]: ALU operands are read 2 cycles late (1 if shifted),
// MAC multiplicands 1 and accumulators 2, divide operands 1 -- but only from
// ALU, MAC and divide producers (never from loads). Address bases, store
// data, flags (implicit NZCV reads) and EXTR's first operand get none.
constexpr std::array<std::array<uint8_t, 5>, static_cast<unsigned>(ReadKind::kCount)> kAdvance = {{
    // Alu Mul Div Load Other  (producer)
    {2, 2, 2, 0, 0},  // Alu (ReadI)
    {1, 1, 1, 0, 0},  // Shifted (A53ReadShifted)
    {1, 1, 1, 0, 0},  // MulOp (ReadIM)
    {2, 2, 2, 0, 0},  // MulAcc (ReadIMA)
    {1, 1, 1, 0, 0},  // DivOp (ReadID)
    {0, 0, 0, 0, 0},  // Addr (ReadAdrBase 0)
    {0, 0, 0, 0, 0},  // StoreData (ReadST 0)
    {0, 0, 0, 0, 0},  // Flags
    {0, 0, 0, 0, 0},  // ExtrHi (EXTR's Rn: ReadExtrHi 0)
}};
}  // namespace a53

// --- Cortex-A57 (and A72) ---------------------------------------------------
// [A57td]: IssueWidth 3, MicroOpBufferSize 128, MispredictPenalty 14; units
// B, I (2), M, L, S, X, W, each with its own issue queue ([A57SOG] 2.1).
namespace a57 {
constexpr uint8_t B = u(0), I = u(1) | u(2), M = u(3), L = u(4), S = u(5), Wu = u(7);
constexpr ClassCost c(uint8_t uops, uint8_t lat, WriteKind w, ResUse r0, ResUse r1 = {}, ResUse r2 = {},
                      uint8_t lat2 = 0, uint8_t wb = 0) {
    return ClassCost{uops, lat, lat2, wb, w, {r0, r1, r2}};
}
using W = WriteKind;
constexpr std::array<ClassCost, kClassCount> kCost = {
    c(1, 1, W::Alu, {I, 1}),                      // Alu: A57Write_1cyc_1I
    c(1, 2, W::Alu, {M, 1}),                      // AluShifted: A57Write_2cyc_1M
    c(1, 1, W::Alu, {I, 1}),                      // Bitfield: WriteIS = 1cyc_1I
    c(1, 2, W::Alu, {M, 1}),                      // BitfieldIns: "BFM" -> 2cyc_1M
    c(1, 1, W::Alu, {I, 1}),                      // Extr32: EXTRWrri 1cyc_1I
    c(2, 3, W::Alu, {I, 1}, {M, 1}),              // Extr64: EXTRXrri 3cyc_1I_1M
    c(1, 3, W::Alu, {Wu, 1}),                     // Crc: ^CRC32 3cyc_1W
    c(1, 3, W::Mul, {M, 1}),                      // Mul32: WriteIM32 Latency 3
    c(1, 5, W::Mul, {M, 1}),                      // Mul64: WriteIM64 Latency 5
    c(1, 6, W::Mul, {M, 1}),                      // MulHigh: SMULH/UMULH 6cyc_1M
    c(1, 19, W::Div, {M, 19}),                    // Div32: 19cyc_1M (M busy 19)
    c(1, 35, W::Div, {M, 35}),                    // Div64: 35cyc_1M
    c(1, 4, W::Load, {L, 1}),                     // Load: 4cyc_1L
    c(2, 4, W::Load, {I, 1}, {L, 1}, {}, 0, 1),   // LoadWb: WriteAdr 1cyc_1I + 4cyc_1L
    c(2, 4, W::Load, {I, 1}, {L, 1}),             // LoadReg: WriteLDIdx 4cyc_1I_1L
    c(2, 4, W::Load, {L, 1}, {}, {}, 4),          // LoadPair: 4cyc_1L + WriteLDHi 4
    c(3, 4, W::Load, {I, 1}, {L, 1}, {}, 4, 1),   // LoadPairWb
    c(4, 5, W::Load, {I, 1}, {L, 2}, {}, 5),      // LoadPairSw: 5cyc_1I_2L
    c(1, 1, W::Other, {S, 1}),                    // Store: 1cyc_1S
    c(3, 1, W::Other, {I, 1}, {I, 1}, {S, 1}, 0, 1),  // StoreWb: WriteAdr + 1cyc_1I_1S
    c(2, 1, W::Other, {I, 1}, {S, 1}),            // StoreReg: WriteSTIdx 1cyc_1I_1S
    c(1, 1, W::Other, {S, 1}),                    // StorePair32: 1cyc_1S
    c(2, 2, W::Other, {S, 2}),                    // StorePair64: 2cyc_2S
    c(4, 2, W::Other, {I, 1}, {I, 1}, {S, 2}, 0, 1),  // StorePairWb: WriteAdr + 2cyc_1I_2S
    c(2, 5, W::Load, {L, 1}, {S, 1}),             // StoreExcl: 5cyc_1L_1S (status register)
    c(2, 5, W::Load, {L, 1}, {S, 1}),             // Atomic: [ours] as a store-exclusive (LSE unsupported in [A57td])
    c(1, 1, W::Other, {B, 1}),                    // Branch: 1cyc_1B
    c(2, 1, W::Alu, {B, 1}, {I, 1}),              // BranchLink: BL 1cyc_1B_1I
    c(2, 2, W::Alu, {B, 1}, {I, 1}),              // BranchLinkReg: BLR 2cyc_1B_1I
    c(1, 1, W::Other, {}),                        // System: WriteSys/Barrier/Hint, no unit
};
// [A57td] "Forwarding logic is only modeled for multiply and accumulate":
// ReadIMA advances 2 cycles from a WriteIM32/WriteIM64 producer.
constexpr std::array<std::array<uint8_t, 5>, static_cast<unsigned>(ReadKind::kCount)> kAdvance = {{
    {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 2, 0, 0, 0},
    {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0},
}};
}  // namespace a57

constexpr CoreModel kA53{
    .kind = CoreKind::A53,
    .name = "a53",
    .in_order = true,
    .dispatch_width = 2,
    .rob_entries = 0,
    .unit_count = 6,
    .unit_names = {"ALU0", "ALU1", "MAC", "Div", "LdSt", "B", nullptr, nullptr},
    .cost = a53::kCost,
    .advance = a53::kAdvance,
    // [A53TRM] 6.1/7.1: L1I 8-64 KB 2-way, L1D 8-64 KB 4-way, 64-byte lines;
    // L2 128 KB-2 MB 16-way. We take 32 KB, 32 KB and 512 KB (as on the
    // Raspberry Pi 3's BCM2837 and most A53 parts).
    .l1i = {32 * 1024, 2, 64},
    .l1d = {32 * 1024, 4, 64},
    .l2 = {512 * 1024, 16, 64},
    .l2_hit_cycles = 12,   // [ours] L2 load-to-use ~16 cycles measured publicly, minus the L1's 4
    .dram_cycles = 120,    // [ours] ~100 ns at 1.2 GHz
    .mmio_read_cycles = 40,   // [ours] a Device-nGnRE read across the interconnect
    .mmio_write_cycles = 10,  // [ours] posted (early write acknowledgement, E)
    .exclusive_cycles = 0,    // [A53td] latency above already covers it
    .atomic_cycles = 0,
    .mispredict_penalty = 9,  // [A53td] MispredictPenalty, from Arm's A53 timing spreadsheet
    .taken_bubble = 1,        // [ours] one fetch cycle lost on a predicted taken branch
    .return_stack = 8,        // [ours] depth; [A53TRM] 6.5 "Return stack predictions"
    .exception_entry_cycles = 9,  // [ours] = a refill: vectors are not predicted
    .eret_cycles = 9,             // [A53TRM] 6.5: exception returns "are not predicted": a refill
    .isb_cycles = 9,              // [ours] flush and refetch, as a mispredict
    .dsb_cycles = 4,              // [ours] after all older accesses complete
    .dmb_cycles = 2,              // [ours]
    .msr_cycles = 2,              // [ours] serialising system-register write
    .mrs_cycles = 1,              // [A53td] WriteSys latency 1
    .wfi_wake_cycles = 20,        // [ours] clock restart and refill
};

constexpr CoreModel kA57{
    .kind = CoreKind::A57,
    .name = "a57",
    .in_order = false,
    .dispatch_width = 3,
    .rob_entries = 128,
    .unit_count = 8,
    .unit_names = {"B", "I0", "I1", "M", "L", "S", "X", "W"},
    .cost = a57::kCost,
    .advance = a57::kAdvance,
    // [A57TRM] 6.1/7.1: L1I 48 KB 3-way, L1D 32 KB 2-way, 64-byte lines;
    // L2 512 KB-2 MB 16-way (we take 2 MB, as on the Tegra X1 / Juno r0).
    .l1i = {48 * 1024, 3, 64},
    .l1d = {32 * 1024, 2, 64},
    .l2 = {2 * 1024 * 1024, 16, 64},
    .l2_hit_cycles = 14,   // [ours] L2 load-to-use ~18 cycles measured publicly, minus [A57SOG]'s 4
    .dram_cycles = 150,    // [ours] ~80 ns at 1.9 GHz
    .mmio_read_cycles = 40,
    .mmio_write_cycles = 10,
    .exclusive_cycles = 0,
    .atomic_cycles = 0,
    .mispredict_penalty = 14,  // [A57td] MispredictPenalty (fetch + decode/rename/dispatch + branch)
    .taken_bubble = 1,         // [ours]
    .return_stack = 8,         // [ours] depth; [A57TRM] "Return stack predictions"
    .exception_entry_cycles = 14,  // [ours] = a refill
    .eret_cycles = 14,             // [A57TRM]: ERET is not predicted, a refill
    .isb_cycles = 14,
    .dsb_cycles = 6,
    .dmb_cycles = 3,
    .msr_cycles = 3,
    .mrs_cycles = 1,  // [A57td] WriteSys latency 1
    .wfi_wake_cycles = 30,
};

// The A72 keeps the A57's tables, as LLVM 14 does (its cortex-a72 is
// CortexA57Model; [A72SOG]'s integer latencies match for the classes here),
// with the A72's memory system: [A72TRM] L1I 48 KB 3-way, L1D 32 KB 2-way,
// L2 512 KB-4 MB 16-way (we take 1 MB, as on the Raspberry Pi 4's BCM2711).
constexpr CoreModel kA72 = [] {
    CoreModel m = kA57;
    m.kind = CoreKind::A72;
    m.name = "a72";
    m.l2 = {1024 * 1024, 16, 64};
    m.l2_hit_cycles = 17;  // [ours] ~21 cycles load-to-use measured publicly, minus 4
    m.dram_cycles = 160;   // [ours] ~100 ns at 1.5 GHz
    return m;
}();

}  // namespace

const CoreModel& core_model(CoreKind k) {
    switch (k) {
        case CoreKind::A53: return kA53;
        case CoreKind::A72: return kA72;
        default: return kA57;
    }
}

std::optional<CoreKind> parse_core(std::string_view n) {
    if (n.starts_with("cortex-")) n.remove_prefix(7);
    if (n == "a53") return CoreKind::A53;
    if (n == "a57") return CoreKind::A57;
    if (n == "a72") return CoreKind::A72;
    return std::nullopt;
}

const char* core_name(CoreKind k) { return core_model(k).name; }

const char* class_name(SchedClass c) {
    static constexpr const char* kNames[kClassCount] = {
        "alu",        "alu-shifted", "bitfield",   "bitfield-ins", "extr32",       "extr64",       "crc",
        "mul32",      "mul64",       "mulh",       "div32",        "div64",        "load",         "load-wb",
        "load-reg",   "load-pair",   "load-pair-wb", "ldpsw",      "store",        "store-wb",     "store-reg",
        "stp32",      "stp64",       "stp-wb",     "store-excl",   "atomic",       "branch",       "bl",
        "blr",        "system"};
    return kNames[static_cast<unsigned>(c)];
}

}  // namespace irqsim::cycles
