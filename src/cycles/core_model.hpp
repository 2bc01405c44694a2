// Per-core cost tables for the cycle model (issue 6): what each class of
// instruction costs on a Cortex-A53, A57 or A72, as data. Every number cites
// its public source; docs/cycles.md collects them in one table.
//
// Sources, cited by short name below:
//   [A53td]  LLVM 14, llvm/lib/Target/AArch64/AArch64SchedA53.td (the model
//            `llvm-mca-14 -mcpu=cortex-a53` uses).
//   [A57td]  LLVM 14, AArch64SchedA57.td and AArch64SchedA57WriteRes.td (the
//            model llvm-mca-14 uses for -mcpu=cortex-a57 *and* cortex-a72:
//            LLVM 14's AArch64.td maps cortex-a72 onto CortexA57Model).
//   [A53TRM] Arm Cortex-A53 MPCore Processor TRM (DDI 0500), the L1/L2
//            memory system chapters: cache sizes, ways, line length.
//   [A57TRM] Arm Cortex-A57 MPCore Processor TRM (DDI 0488), likewise.
//   [A72TRM] Arm Cortex-A72 MPCore Processor TRM (DDI 0488 -> 100095).
//   [A57SOG] Arm Cortex-A57 Software Optimization Guide (UAN 0015B), section
//            3 (instruction latencies and pipelines) and 4.1 (load-use).
//   [A72SOG] Arm Cortex-A72 Software Optimization Guide (UAN 0016A).
//   [ours]   a modelling assumption Arm does not publish; docs/cycles.md
//            says why each value was chosen. Changing it is a config edit.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace irqsim::cycles {

enum class CoreKind : uint8_t { A53, A57, A72 };
std::optional<CoreKind> parse_core(std::string_view name);  // "a53", "cortex-a57", ...
const char* core_name(CoreKind k);                          // "a53" ...

// Our instruction classes (integer A64 only; irqsim has no SIMD&FP yet).
// Named after the LLVM SchedWrite each mostly corresponds to.
enum class SchedClass : uint8_t {
    Alu,          // WriteI/WriteImm: add, logic, mov, csel, ccmp, adc, rev, clz, adr
    AluShifted,   // WriteISReg/WriteIEReg with a non-zero shift, or any extend
    Bitfield,     // WriteIS: UBFM/SBFM (lsl/lsr/asr/ubfx by immediate), LSLV..RORV
    BitfieldIns,  // BFM (bfi, bfxil)
    Extr32,       // EXTR W (ror W by immediate)
    Extr64,       // EXTR X
    Crc,          // CRC32*
    Mul32,        // WriteIM32: MADD/MSUB W, SMADDL/UMADDL..
    Mul64,        // WriteIM64: MADD/MSUB X
    MulHigh,      // SMULH/UMULH
    Div32,        // WriteID32
    Div64,        // WriteID64
    Load,         // LDR imm/unscaled/literal/unprivileged, LDAR, LDXR, PRFM
    LoadWb,       // pre/post-index load
    LoadReg,      // register-offset load
    LoadPair,     // LDP/LDNP/LDXP
    LoadPairWb,   // LDP pre/post-index
    LoadPairSw,   // LDPSW
    Store,        // STR imm/unscaled, STLR
    StoreWb,      // pre/post-index store
    StoreReg,     // register-offset store
    StorePair32,  // STP W
    StorePair64,  // STP/STNP X
    StorePairWb,  // STP pre/post-index
    StoreExcl,    // STXR/STLXR/STXP
    Atomic,       // LSE: LDADD.., SWP, CAS (not in LLVM 14's A53/A57 models)
    Branch,       // B, B.cond, CBZ, TBZ, BR, RET
    BranchLink,   // BL
    BranchLinkReg,  // BLR
    System,       // NOP/hints, barriers, MRS/MSR, SVC, ERET, WFI (plus ctrl costs)
    kCount
};
inline constexpr unsigned kClassCount = static_cast<unsigned>(SchedClass::kCount);
const char* class_name(SchedClass c);

// Which LLVM SchedWrite family produced a register value, and which
// SchedRead consumes it: forwarding (ReadAdvance) depends on both.
enum class WriteKind : uint8_t { Alu, Mul, Div, Load, Other };
enum class ReadKind : uint8_t { Alu, Shifted, MulOp, MulAcc, DivOp, Addr, StoreData, Flags, ExtrHi, kCount };

// One resource use: a unit from `units` (a mask over CoreModel::unit_names)
// busy for `cycles` cycles from issue (LLVM's ReleaseAtCycles).
struct ResUse {
    uint8_t units = 0;
    uint8_t cycles = 0;
};

struct ClassCost {
    uint8_t uops = 1;
    uint8_t latency = 1;     // main result (first destination)
    uint8_t latency2 = 0;    // second load-pair destination
    uint8_t wb_latency = 0;  // base-register writeback
    WriteKind writes = WriteKind::Alu;
    std::array<ResUse, 3> res{};
};

// Caches [A53TRM]/[A57TRM]/[A72TRM] and latencies ([A57SOG] 4.1 for the
// L1 load-use; L2/DRAM [ours], see docs/cycles.md).
struct CacheGeometry {
    uint32_t size_bytes;
    uint16_t ways;
    uint16_t line_bytes;
};

struct CoreModel {
    CoreKind kind;
    const char* name;
    bool in_order;
    uint8_t dispatch_width;   // [A53td]/[A57td] IssueWidth
    uint16_t rob_entries;     // [A57td] MicroOpBufferSize (0: in order)
    uint8_t unit_count;
    std::array<const char*, 8> unit_names;
    std::array<ClassCost, kClassCount> cost;
    // advance[read][write]: cycles a consumer gains on the producer's latency.
    std::array<std::array<uint8_t, 5>, static_cast<unsigned>(ReadKind::kCount)> advance;

    // --- memory -------------------------------------------------------------
    CacheGeometry l1i, l1d, l2;
    uint16_t l2_hit_cycles;     // extra cycles on an L1 miss that hits L2
    uint16_t dram_cycles;       // extra cycles on an L2 miss
    uint16_t mmio_read_cycles;  // a Device load, after the pipeline drains
    uint16_t mmio_write_cycles;
    uint16_t exclusive_cycles;  // a store-exclusive's extra (monitor check)
    uint16_t atomic_cycles;     // an LSE atomic's extra (read-modify-write at L1)

    // --- control ------------------------------------------------------------
    uint8_t mispredict_penalty;  // [A53td]/[A57td] MispredictPenalty
    uint8_t taken_bubble;        // front-end bubble of a correctly predicted taken branch
    uint8_t return_stack;        // entries
    uint16_t exception_entry_cycles;  // after the pipeline drains: vector fetch restart
    uint16_t eret_cycles;
    uint16_t isb_cycles;    // after the drain: the refetch
    uint16_t dsb_cycles;
    uint16_t dmb_cycles;
    uint16_t msr_cycles;    // MSR to a system register (serialising)
    uint16_t mrs_cycles;    // MRS result latency
    uint16_t wfi_wake_cycles;
};

const CoreModel& core_model(CoreKind k);

}  // namespace irqsim::cycles
