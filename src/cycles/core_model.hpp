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

// Our instruction classes, named after the LLVM SchedWrite (or the group of
// InstRW rows) each mostly corresponds to. A class exists where LLVM 14's
// A53 or A57 model gives a different cost; SIMD&FP forms that cost the same
// as an integer class share it (see classify.cpp).
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
    Store,        // STR imm/unscaled, STLR; STR B/H/S/D, ST1 {1 D reg}, ST1 (one lane)
    StoreWb,      // pre/post-index store; STR B/H/S/D and STP S pre/post-index
    StoreReg,     // register-offset store (also STR B/H/S/D)
    StorePair32,  // STP W, STP S
    StorePair64,  // STP/STNP X and D; STUR Q, ST1 {1 Q reg} / {2 D regs} (2cyc_2S too)
    StorePairWb,  // STP X/D pre/post-index; STR Q pre/post-index (WriteAdr + 2cyc_1I_2S too)
    StoreExcl,    // STXR/STLXR/STXP
    Atomic,       // LSE: LDADD.., SWP, CAS (not in LLVM 14's A53/A57 models)
    Branch,       // B, B.cond, CBZ, TBZ, BR, RET
    BranchLink,   // BL
    BranchLinkReg,  // BLR
    System,       // NOP/hints, barriers, MRS/MSR, SVC, ERET, WFI (plus ctrl costs)
    // --- scalar floating point -------------------------------------------
    FpSimple,     // FMOV reg/imm, FABS, FNEG, FCMP(E), FCCMP(E), FCSEL (WriteF/FCmp/FImm)
    FpAdd,        // FADD/FSUB, FMAX/FMIN(NM), FRINT*, FCVT between precisions
    FpMul,        // FMUL/FNMUL (WriteFMul)
    FpMac,        // FMADD/FMSUB/FNMADD/FNMSUB
    FpDivS,       // FDIV S (also vector FDIV 2S)
    FpDivD,       // FDIV D, FSQRT D (also vector FDIV 2D on the A53)
    FpSqrtS,      // FSQRT S
    FpCvtGpr,     // FCVT[NPMZA][SU] to a GPR, [SU]CVTF (every form: also scalar/vector SIMD)
    FpMovGpr,     // FMOV between a GPR and an FP register (WriteFCopy)
    // --- Advanced SIMD (D: 64-bit form, Q: 128-bit form) -------------------
    VecAlu,       // integer add/sub/logic/compare/shift/abs/neg/cnt/rev, MOVI, DUP (element),
                  // EXT, TRN, ZIP/UZP D, TBL D, FABS/FNEG vector (WriteVd/WriteVq)
    VecBitInsQ,   // BSL/BIT/BIF Q
    VecAlu4,      // saturating narrow, rounding/saturating shifts D (4cyc_1X)
    VecAluAcc4,   // SSRA/USRA/SRSRA/URSRA, SADALP/UADALP, SABA/UABA D, SABAL (NonMul_Forward)
    VecAluAcc5Q,  // SABA/UABA Q (5cyc_2X_NonMul_Forward)
    VecShiftRegQ, // SSHL/USHL Q (4cyc_2X)
    VecShiftSatQ, // SQSHL/UQSHL/SRSHL/URSHL/SQRSHL Q (5cyc_2X)
    VecMulD,      // MUL/MLA/MLS D, [SU]MULL, [SU]ML[AS]L, PMULL (5cyc_1W_Mul_Forward)
    VecMulQ,      // MUL/MLA/MLS Q (6cyc_2W_Mul_Forward)
    VecFpD,       // FP arithmetic/compare/round/convert vector D and scalar SIMD (5cyc_1V)
    VecFpQ,       // the same, Q (5cyc_2V)
    VecFmulD,     // FMUL/FMULX vector D, by element, scalar by element (5cyc_1V_FP_Forward)
    VecFmulQ,     // FMUL/FMULX Q (5cyc_2V_FP_Forward)
    VecFmlaD,     // FMLA/FMLS D, scalar by element (A57WriteFPVMAD)
    VecFmlaQ,     // FMLA/FMLS Q (A57WriteFPVMAQ)
    VecFpCvtLong, // FCVTL/FCVTN (8cyc_3V)
    VecFpPairQ,   // FADDP/FMAXP.. Q and scalar D (9cyc_3V)
    VecFpAcross,  // FMAXV/FMINV/FMAXNMV/FMINNMV (10cyc_3V)
    VecAcrossD,   // ADDV/ADDLV 8B/4H, [SU]MAXV/MINV 4H/4S (4cyc_1X)
    VecAcrossQ,   // ADDV/ADDLV 8H/4S, [SU]MAXV/MINV 8B/8H (7cyc_1V_1X)
    VecAcross16B, // ADDV/ADDLV/MAXV/MINV 16B (8cyc_2X)
    VecPermQ,     // ZIP/UZP Q, TBL/TBX Q (6cyc_3V)
    VecIns,       // DUP (general), INS, DUP (element, scalar) (8cyc_1L_1V)
    VecMovGpr,    // UMOV/SMOV (6cyc_1I_1L)
    VecFdiv4S,    // FDIV 4S
    VecFdiv2D,    // FDIV 2D
    VecFsqrt2S,   // FSQRT 2S
    VecFsqrt4S,   // FSQRT 4S
    VecFsqrt2D,   // FSQRT 2D
    // --- SIMD&FP loads and stores ------------------------------------------
    VLoad,        // LDR B/H/S/D/Q imm/unscaled/literal, LDR B/S/D register, LD1 {1 reg}
    VLoadWb,      // LDR pre/post-index, LD1 {1 reg} post-index
    VLoadRegQ,    // LDR Q/H register offset (6cyc_1I_1L)
    VLoadLane,    // LD1 (one lane, 8..32 bits), LD1R (8cyc_1L_1V)
    VLoadPair,    // LDP/LDNP S, D
    VLoadPairQ,   // LDP/LDNP Q
    VLoadPairWb,  // LDP S, D pre/post-index
    VLoadPairQWb, // LDP Q pre/post-index
    VStoreQ,      // STR Q unsigned offset and register offset (2cyc_1I_2S)
    VStorePairQ,  // STP/STNP Q (4cyc_1I_4S)
    VStorePairQPost,  // STP Q post-index
    VStorePairQPre,   // STP Q pre-index
    VLd1x2D, VLd1x2Q, VLd1x3D, VLd1x3Q, VLd1x4D, VLd1x4Q,  // LD1 {2..4 regs} (and LD2..LD4)
    VSt1x2Q, VSt1x3D, VSt1x3Q, VSt1x4D, VSt1x4Q,           // ST1 {2..4 regs} (and ST2..ST4)
    VLd1x2DWb, VLd1x2QWb, VLd1x3DWb, VLd1x3QWb, VLd1x4DWb, VLd1x4QWb,  // the same, post-index
    VSt1DWb,      // ST1 {1 D reg} and ST1 (one lane, 8..32 bits), post-index: 1cyc_1S + WriteAdr
    VSt2SWb,      // ST1 {1 Q reg} / {2 D regs}, post-index: 2cyc_2S + WriteAdr
    VSt1x2QWb, VSt1x3DWb, VSt1x3QWb, VSt1x4DWb, VSt1x4QWb,  // ST1 {2..4 regs}, post-index
    VLoadLaneWb,  // LD1 (one lane, 8..32 bits), LD1R, post-index
    VStoreLane64, VStoreLane64Wb,  // ST1 (one 64-bit lane) (3cyc_1S_1V), and post-index
    VStoreRegBH,  // STR B/H register offset (3cyc_1I_1S)
    VTbl2D, VTbl3D, VTbl4D, VTbl2Q, VTbl3Q, VTbl4Q,  // TBL/TBX with 2..4 table registers
    // LD2-LD4/ST2-ST4 (multiple structures) where they cost other than an LD1/ST1
    // of as many registers (LD4 2D is LD1 {4 Q}; ST2-ST4 2D are ST1 {4 D}, {3 Q}, {4 Q}).
    VLd2D, VLd2Q, VLd2_2D, VLd3D, VLd3Q, VLd3_2D, VLd4D, VLd4Q,
    VSt2D, VSt2Q, VSt3D, VSt3Q, VSt4D, VSt4Q,
    VLd2DWb, VLd2QWb, VLd2_2DWb, VLd3DWb, VLd3QWb, VLd3_2DWb, VLd4DWb, VLd4QWb,  // post-index
    VSt2DWb, VSt2QWb, VSt3DWb, VSt3QWb, VSt4DWb, VSt4QWb,
    // LD2-LD4/ST2-ST4 (single structure) and LD2R-LD4R, by [A57td] row:
    VLd2Lane8,    // LD2 (one 8/16-bit lane), LD2R Q (8cyc_1L_2V)
    VLd2Lane32,   // LD2 (one 32-bit lane) (6cyc_2L)
    VLd34Lane32,  // LD3/LD4 (one 32-bit lane), LD3R/LD4R D (8cyc_1L_2V)
    VLd34Lane1D,  // LD3 (one 64-bit lane), LD3R/LD4R 1D (6cyc_2L)
    VLd3Lane8,    // LD3 (one 8/16-bit lane), LD3R Q (9cyc_1L_3V)
    VLd4Lane8,    // LD4 (one 8/16/64-bit lane), LD4R Q, LD3R 2D (9cyc_2L_3V)
    VLd4R2D,      // LD4R 2D (9cyc_2L_4V)
    VSt34Lane8,   // ST3/ST4 (one 8/16-bit lane) (3cyc_1S_1V)
    VSt34Lane64,  // ST3/ST4 (one 64-bit lane) (3cyc_2S_1V)
    VLd2Lane8Wb, VLd2Lane32Wb, VLd34Lane32Wb, VLd34Lane1DWb, VLd3Lane8Wb, VLd4Lane8Wb, VLd4R2DWb, VSt34Lane8Wb, VSt34Lane64Wb,  // post-index
    kCount
};
inline constexpr unsigned kClassCount = static_cast<unsigned>(SchedClass::kCount);
const char* class_name(SchedClass c);

// Which LLVM SchedWrite family produced a register value, and which
// SchedRead consumes it: forwarding (ReadAdvance) depends on both.
// FpMul: WriteFMul or a scalar FMADD; VecFpMul: A57's *_FP_Forward writes and
// FMLA; VecIntMul: A57's *_Mul_Forward writes; VecAccFwd: *_NonMul_Forward.
enum class WriteKind : uint8_t { Alu, Mul, Div, Load, Other, FpMul, VecFpMul, VecIntMul, VecAccFwd, kCount };
inline constexpr unsigned kWriteKindCount = static_cast<unsigned>(WriteKind::kCount);
// Vec: any SIMD&FP operand without forwarding (and a GPR an FP instruction
// reads: LLVM lists no SchedRead there); FpAcc: FMADD's addend; VecFpAccD/Q:
// FMLA's accumulator; VecIntAcc: MLA/[SU]MLAL's; VecAccIn: SSRA/SADALP/SABA's.
enum class ReadKind : uint8_t {
    Alu, Shifted, MulOp, MulAcc, DivOp, Addr, StoreData, Flags, ExtrHi,
    Vec, FpAcc, VecFpAccD, VecFpAccQ, VecIntAcc, VecAccIn, kCount
};

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
    std::array<std::array<uint8_t, kWriteKindCount>, static_cast<unsigned>(ReadKind::kCount)> advance;

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
