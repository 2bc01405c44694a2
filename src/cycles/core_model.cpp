// The per-core tables. Pipeline numbers (uops, latency, units, unit-busy
// cycles, forwarding) are read from LLVM 14's scheduling models, the same
// models llvm-mca-14 runs, so that `irqsim cycles` and llvm-mca can be put
// side by side (tests/cycles); the rest cites the TRMs or says [ours].
// Source names are defined in core_model.hpp.
#include "cycles/core_model.hpp"

#include <iterator>

namespace irqsim::cycles {

namespace {

constexpr uint8_t u(unsigned i) { return static_cast<uint8_t>(1u << i); }

// --- Cortex-A53 -------------------------------------------------------------
// [A53td]: IssueWidth 2, MicroOpBufferSize 0 (in order), MispredictPenalty 9;
// units A53UnitALU (2), MAC, Div, LdSt, B, FPALU, FPMDS (BufferSize 0: no queues).
namespace a53 {
constexpr uint8_t ALU = u(0) | u(1), MAC = u(2), DIV = u(3), LDST = u(4), B = u(5), FPALU = u(6), FPMDS = u(7);
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
    // Scalar FP. LLVM 14 prices every FP ALU write at 6 on A53UnitFPALU.
    c(1, 6, W::Other, {FPALU, 1}),       // FpSimple: WriteF/WriteFCmp/WriteFImm 6
    c(1, 6, W::Other, {FPALU, 1}),       // FpAdd: WriteF/WriteFCvt 6
    c(1, 6, W::FpMul, {FPMDS, 1}),       // FpMul: WriteFMul 6 on A53UnitFPMDS
    c(1, 10, W::FpMul, {FPMDS, 1}),      // FpMac: A53WriteFMAC 10 ("^FN?M(ADD|SUB).*")
    c(1, 18, W::Other, {FPMDS, 14}),     // FpDivS: A53WriteFDivSP 18, ResourceCycles [14]
    c(1, 33, W::Other, {FPMDS, 29}),     // FpDivD: A53WriteFDivDP / WriteFDiv 33, [29]
    c(1, 33, W::Other, {FPMDS, 29}),     // FpSqrtS: WriteFDiv ("^.*SQRT.*32$" misses FSQRTSr)
    c(1, 6, W::Other, {FPALU, 1}),       // FpCvtGpr: WriteFCvt 6
    c(1, 6, W::Other, {FPALU, 1}),       // FpMovGpr: WriteFCopy 6
    // Advanced SIMD: WriteVd and WriteVq are both 6 on A53UnitFPALU (no
    // ResourceCycles in LLVM 14), so every integer and FP vector class is that.
    c(1, 6, W::Other, {FPALU, 1}),       // VecAlu: WriteVd/WriteVq 6
    c(1, 6, W::Other, {FPALU, 1}),       // VecBitInsQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecAlu4
    c(1, 6, W::Other, {FPALU, 1}),       // VecAluAcc4
    c(1, 6, W::Other, {FPALU, 1}),       // VecAluAcc5Q
    c(1, 6, W::Other, {FPALU, 1}),       // VecShiftRegQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecShiftSatQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecMulD
    c(1, 6, W::Other, {FPALU, 1}),       // VecMulQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecFpD
    c(1, 6, W::Other, {FPALU, 1}),       // VecFpQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecFmulD: vector FMUL is WriteVd, on the FPALU
    c(1, 6, W::Other, {FPALU, 1}),       // VecFmulQ: WriteVq
    c(1, 10, W::FpMul, {FPMDS, 1}),      // VecFmlaD: A53WriteFMAC 10 ("^FML(A|S).*")
    c(1, 10, W::FpMul, {FPMDS, 1}),      // VecFmlaQ: A53WriteFMAC 10
    c(1, 6, W::Other, {FPALU, 1}),       // VecFpCvtLong
    c(1, 6, W::Other, {FPALU, 1}),       // VecFpPairQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecFpAcross
    c(1, 6, W::Other, {FPALU, 1}),       // VecAcrossD
    c(1, 6, W::Other, {FPALU, 1}),       // VecAcrossQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecAcross16B
    c(1, 6, W::Other, {FPALU, 1}),       // VecPermQ
    c(1, 6, W::Other, {FPALU, 1}),       // VecIns
    c(1, 6, W::Other, {FPALU, 1}),       // VecMovGpr
    c(1, 18, W::Other, {FPMDS, 14}),     // VecFdiv4S: A53WriteFDivSP ("^FDIVv.*32$")
    c(1, 33, W::Other, {FPMDS, 29}),     // VecFdiv2D: A53WriteFDivDP ("^FDIVv.*64$")
    c(1, 17, W::Other, {FPMDS, 13}),     // VecFsqrt2S: A53WriteFSqrtSP 17, [13]
    c(1, 17, W::Other, {FPMDS, 13}),     // VecFsqrt4S: A53WriteFSqrtSP
    c(1, 32, W::Other, {FPMDS, 28}),     // VecFsqrt2D: A53WriteFSqrtDP 32, [28]
    // SIMD&FP loads and stores: WriteLD/WriteST 4 and the A53WriteVLD#/VST#.
    c(1, 4, W::Load, {LDST, 1}),         // VLoad: WriteLD 4 / A53WriteVLD1
    c(2, 4, W::Load, {LDST, 1}, {}, 0, 0),  // VLoadWb: WriteLD + WriteAdr (Latency 0)
    c(1, 4, W::Load, {LDST, 1}),         // VLoadRegQ: WriteLDIdx 4
    c(1, 4, W::Load, {LDST, 1}),         // VLoadLane: A53WriteVLD1 4
    c(2, 4, W::Load, {LDST, 2}, {}, 4),  // VLoadPair: WriteLD + WriteLDHi, LdSt 2 cycles
    c(2, 4, W::Load, {LDST, 2}, {}, 4),  // VLoadPairQ: the same
    c(3, 4, W::Load, {LDST, 2}, {}, 4, 0),  // VLoadPairWb: + WriteAdr
    c(3, 4, W::Load, {LDST, 2}, {}, 4, 0),  // VLoadPairQWb
    c(1, 4, W::Other, {LDST, 1}),        // VStoreQ: WriteST 4
    c(1, 4, W::Other, {LDST, 1}),        // VStorePairQ: WriteSTP 4
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VStorePairQPost: WriteAdr + WriteSTP
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VStorePairQPre
    c(1, 5, W::Load, {LDST, 2}),         // VLd1x2D: A53WriteVLD2 5, [2]
    c(1, 5, W::Load, {LDST, 2}),         // VLd1x2Q: A53WriteVLD2
    c(1, 6, W::Load, {LDST, 3}),         // VLd1x3D: A53WriteVLD3 6, [3]
    c(1, 6, W::Load, {LDST, 3}),         // VLd1x3Q
    c(1, 7, W::Load, {LDST, 4}),         // VLd1x4D: A53WriteVLD4 7, [4]
    c(1, 7, W::Load, {LDST, 4}),         // VLd1x4Q
    c(1, 4, W::Other, {LDST, 1}),        // VSt1x2Q: A53WriteVST1 4
    c(1, 5, W::Other, {LDST, 2}),        // VSt1x3D: A53WriteVST2 5, [2]
    c(1, 5, W::Other, {LDST, 2}),        // VSt1x3Q
    c(1, 5, W::Other, {LDST, 2}),        // VSt1x4D
    c(1, 5, W::Other, {LDST, 2}),        // VSt1x4Q
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd1x2DWb: A53WriteVLD2 + WriteAdr (Latency 0)
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd1x2QWb
    c(2, 6, W::Load, {LDST, 3}, {}, 0, 0),  // VLd1x3DWb: A53WriteVLD3 + WriteAdr
    c(2, 6, W::Load, {LDST, 3}, {}, 0, 0),  // VLd1x3QWb
    c(2, 7, W::Load, {LDST, 4}, {}, 0, 0),  // VLd1x4DWb: A53WriteVLD4 + WriteAdr
    c(2, 7, W::Load, {LDST, 4}, {}, 0, 0),  // VLd1x4QWb
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VSt1DWb: A53WriteVST1 + WriteAdr
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VSt2SWb: A53WriteVST1 + WriteAdr
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VSt1x2QWb: A53WriteVST1 + WriteAdr
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt1x3DWb: A53WriteVST2 + WriteAdr
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt1x3QWb
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt1x4DWb
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt1x4QWb
    c(2, 4, W::Load, {LDST, 1}, {}, 0, 0),  // VLoadLaneWb: A53WriteVLD1 + WriteAdr
    c(1, 4, W::Other, {LDST, 1}),        // VStoreLane64: A53WriteVST1 4
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VStoreLane64Wb
    c(1, 4, W::Other, {LDST, 1}),        // VStoreRegBH: WriteSTIdx 4
    c(1, 6, W::Other, {FPALU, 1}),       // VTbl2D: WriteVd 6 (no TBL InstRW in [A53td])
    c(1, 6, W::Other, {FPALU, 1}),       // VTbl3D
    c(1, 6, W::Other, {FPALU, 1}),       // VTbl4D
    c(1, 6, W::Other, {FPALU, 1}),       // VTbl2Q: WriteVq 6
    c(1, 6, W::Other, {FPALU, 1}),       // VTbl3Q
    c(1, 6, W::Other, {FPALU, 1}),       // VTbl4Q
    c(1, 5, W::Load, {LDST, 2}),  // VLd2D: A53WriteVLD2 5, [2]
    c(1, 7, W::Load, {LDST, 4}),  // VLd2Q: A53WriteVLD4 7, [4]
    c(1, 7, W::Load, {LDST, 4}),  // VLd2_2D: A53WriteVLD4 7, [4]
    c(1, 7, W::Load, {LDST, 4}),  // VLd3D: A53WriteVLD4 7, [4]
    c(1, 7, W::Load, {LDST, 4}),  // VLd3Q: A53WriteVLD4 7, [4]
    c(1, 6, W::Load, {LDST, 3}),  // VLd3_2D: A53WriteVLD3 6, [3]
    c(1, 8, W::Load, {LDST, 5}),  // VLd4D: A53WriteVLD5 8, [5]
    c(1, 8, W::Load, {LDST, 5}),  // VLd4Q: A53WriteVLD5 8, [5]
    c(1, 4, W::Other, {LDST, 1}),  // VSt2D: A53WriteVST1 4, [1]
    c(1, 5, W::Other, {LDST, 2}),  // VSt2Q: A53WriteVST2 5, [2]
    c(1, 6, W::Other, {LDST, 3}),  // VSt3D: A53WriteVST3 6, [3]
    c(1, 6, W::Other, {LDST, 3}),  // VSt3Q: A53WriteVST3 6, [3]
    c(1, 6, W::Other, {LDST, 3}),  // VSt4D: A53WriteVST3 6, [3]
    c(1, 6, W::Other, {LDST, 3}),  // VSt4Q: A53WriteVST3 6, [3]
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd2DWb: A53WriteVLD2 + WriteAdr
    c(2, 7, W::Load, {LDST, 4}, {}, 0, 0),  // VLd2QWb: A53WriteVLD4 + WriteAdr
    c(2, 7, W::Load, {LDST, 4}, {}, 0, 0),  // VLd2_2DWb: A53WriteVLD4 + WriteAdr
    c(2, 7, W::Load, {LDST, 4}, {}, 0, 0),  // VLd3DWb: A53WriteVLD4 + WriteAdr
    c(2, 7, W::Load, {LDST, 4}, {}, 0, 0),  // VLd3QWb: A53WriteVLD4 + WriteAdr
    c(2, 6, W::Load, {LDST, 3}, {}, 0, 0),  // VLd3_2DWb: A53WriteVLD3 + WriteAdr
    c(2, 8, W::Load, {LDST, 5}, {}, 0, 0),  // VLd4DWb: A53WriteVLD5 + WriteAdr
    c(2, 8, W::Load, {LDST, 5}, {}, 0, 0),  // VLd4QWb: A53WriteVLD5 + WriteAdr
    c(2, 4, W::Other, {LDST, 1}, {}, 0, 0),  // VSt2DWb: A53WriteVST1 + WriteAdr
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt2QWb: A53WriteVST2 + WriteAdr
    c(2, 6, W::Other, {LDST, 3}, {}, 0, 0),  // VSt3DWb: A53WriteVST3 + WriteAdr
    c(2, 6, W::Other, {LDST, 3}, {}, 0, 0),  // VSt3QWb: A53WriteVST3 + WriteAdr
    c(2, 6, W::Other, {LDST, 3}, {}, 0, 0),  // VSt4DWb: A53WriteVST3 + WriteAdr
    c(2, 6, W::Other, {LDST, 3}, {}, 0, 0),  // VSt4QWb: A53WriteVST3 + WriteAdr
    c(1, 4, W::Load, {LDST, 1}),  // VLd2Lane8: A53WriteVLD1
    c(1, 4, W::Load, {LDST, 1}),  // VLd2Lane32: A53WriteVLD1
    c(1, 5, W::Load, {LDST, 2}),  // VLd34Lane32: A53WriteVLD2
    c(1, 5, W::Load, {LDST, 2}),  // VLd34Lane1D: A53WriteVLD2
    c(1, 5, W::Load, {LDST, 2}),  // VLd3Lane8: A53WriteVLD2
    c(1, 5, W::Load, {LDST, 2}),  // VLd4Lane8: A53WriteVLD2
    c(1, 5, W::Load, {LDST, 2}),  // VLd4R2D: A53WriteVLD2
    c(1, 5, W::Other, {LDST, 2}),  // VSt34Lane8: A53WriteVST2
    c(1, 5, W::Other, {LDST, 2}),  // VSt34Lane64: A53WriteVST2
    c(2, 4, W::Load, {LDST, 1}, {}, 0, 0),  // VLd2Lane8Wb: A53WriteVLD1 + WriteAdr
    c(2, 4, W::Load, {LDST, 1}, {}, 0, 0),  // VLd2Lane32Wb: A53WriteVLD1 + WriteAdr
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd34Lane32Wb: A53WriteVLD2 + WriteAdr
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd34Lane1DWb: A53WriteVLD2 + WriteAdr
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd3Lane8Wb: A53WriteVLD2 + WriteAdr
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd4Lane8Wb: A53WriteVLD2 + WriteAdr
    c(2, 5, W::Load, {LDST, 2}, {}, 0, 0),  // VLd4R2DWb: A53WriteVLD2 + WriteAdr
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt34Lane8Wb: A53WriteVST2 + WriteAdr
    c(2, 5, W::Other, {LDST, 2}, {}, 0, 0),  // VSt34Lane64Wb: A53WriteVST2 + WriteAdr
};
// ReadAdvance in [A53td]: ALU operands are read 2 cycles late (1 if shifted),
// MAC multiplicands 1 and accumulators 2, divide operands 1 -- but only from
// ALU, MAC and divide producers (never from loads). Address bases, store
// data, flags (implicit NZCV reads) and EXTR's first operand get none.
// LLVM 14's A53 model has no SIMD&FP forwarding at all (its FP reads are
// ReadAdvance-free), so the SIMD&FP rows and producers are all 0.
constexpr std::array<std::array<uint8_t, kWriteKindCount>, static_cast<unsigned>(ReadKind::kCount)> kAdvance = {{
    // Alu Mul Div Load Other FpMul VecFpMul VecIntMul VecAccFwd  (producer)
    {2, 2, 2, 0, 0, 0, 0, 0, 0},  // Alu (ReadI)
    {1, 1, 1, 0, 0, 0, 0, 0, 0},  // Shifted (A53ReadShifted)
    {1, 1, 1, 0, 0, 0, 0, 0, 0},  // MulOp (ReadIM)
    {2, 2, 2, 0, 0, 0, 0, 0, 0},  // MulAcc (ReadIMA)
    {1, 1, 1, 0, 0, 0, 0, 0, 0},  // DivOp (ReadID)
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Addr (ReadAdrBase 0)
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // StoreData (ReadST 0)
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Flags
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // ExtrHi (EXTR's Rn: ReadExtrHi 0)
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Vec
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // FpAcc
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // VecFpAccD
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // VecFpAccQ
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // VecIntAcc
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // VecAccIn
}};
// A row per class: a missing one would be zero-initialised silently.
static_assert(kCost[kClassCount - 1].uops != 0);
}  // namespace a53

// --- Cortex-A57 (and A72) ---------------------------------------------------
// [A57td]: IssueWidth 3, MicroOpBufferSize 128, MispredictPenalty 14; units
// B, I (2), M, L, S, X, W, each with its own issue queue ([A57SOG] 2.1);
// A57UnitV is the group of X and W (ProcResGroup<[A57UnitX, A57UnitW]>).
namespace a57 {
constexpr uint8_t B = u(0), I = u(1) | u(2), M = u(3), L = u(4), S = u(5), X = u(6), Wu = u(7), V = X | Wu;
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
    // Scalar FP (the "Remainder" rows of [A57td] and its SchedAliases).
    c(1, 3, W::Other, {V, 1}),                    // FpSimple: WriteF/WriteFCmp/WriteFImm = 3cyc_1V
    c(1, 5, W::Other, {V, 1}),                    // FpAdd: "^F(ADD|SUB)[DS]rr", F(MAX|MIN).+rr, FRINT.+r 5cyc_1V; WriteFCvt
    c(1, 5, W::FpMul, {V, 1}),                    // FpMul: WriteFMul Latency 5 on V
    c(1, 9, W::FpMul, {V, 1}),                    // FpMac: A57WriteFPMA 9 (addend: A57ReadFPMA5)
    c(1, 17, W::Other, {Wu, 17}),                 // FpDivS: FDIVSrr 17cyc_1W (W busy 17)
    c(1, 32, W::Other, {Wu, 32}),                 // FpDivD: FDIVDrr, FSQRTDr 32cyc_1W
    c(1, 17, W::Other, {Wu, 17}),                 // FpSqrtS: FSQRTSr 17cyc_1W
    c(2, 10, W::Other, {L, 1}, {V, 1}),           // FpCvtGpr: "^[FSU]CVT[AMNPZ][SU]..", "^[SU]CVTF" 10cyc_1L_1V
    c(1, 5, W::Other, {L, 1}),                    // FpMovGpr: WriteFCopy = 5cyc_1L
    // Advanced SIMD ("Vector - Integer", "- Floating Point", "- Miscellaneous").
    c(1, 3, W::Other, {V, 1}),                    // VecAlu: WriteVd/WriteVq = 3cyc_1V
    c(2, 3, W::Other, {V, 2}),                    // VecBitInsQ: "^(BIF|BIT|BSL|BSP)v16i8" 3cyc_2V
    c(1, 4, W::Other, {X, 1}),                    // VecAlu4: "^[SU]QXTU?N", "^[SU]?(Q|R){1,2}SHR".. 4cyc_1X
    c(1, 4, W::VecAccFwd, {X, 1}),                // VecAluAcc4: 4cyc_1X_NonMul_Forward (A57ReadIVA3)
    c(2, 5, W::VecAccFwd, {X, 2}),                // VecAluAcc5Q: 5cyc_2X_NonMul_Forward
    c(2, 4, W::Other, {X, 2}),                    // VecShiftRegQ: "^[SU]SHL(v16i8|..)" 4cyc_2X
    c(2, 5, W::Other, {X, 2}),                    // VecShiftSatQ: "^[SU][QR]{1,2}SHL(v16i8|..)" 5cyc_2X
    c(1, 5, W::VecIntMul, {Wu, 1}),               // VecMulD: 5cyc_1W_Mul_Forward (A57ReadIVMA4)
    c(2, 6, W::VecIntMul, {Wu, 2}),               // VecMulQ: 6cyc_2W_Mul_Forward
    c(1, 5, W::Other, {V, 1}),                    // VecFpD: "ASIMD FP arith/compare/convert/round, D-form" 5cyc_1V
    c(2, 5, W::Other, {V, 2}),                    // VecFpQ: the Q-form rows, 5cyc_2V
    c(1, 5, W::VecFpMul, {V, 1}),                 // VecFmulD: 5cyc_1V_FP_Forward
    c(2, 5, W::VecFpMul, {V, 2}),                 // VecFmulQ: 5cyc_2V_FP_Forward
    c(1, 9, W::VecFpMul, {V, 1}),                 // VecFmlaD: A57WriteFPVMAD 9 (A57ReadFPVMA5)
    c(1, 10, W::VecFpMul, {V, 2}),                // VecFmlaQ: A57WriteFPVMAQ 10, [V, V], one uop (A57ReadFPVMA6)
    c(3, 8, W::Other, {V, 3}),                    // VecFpCvtLong: "^FCVT(L|N|XN)v" 8cyc_3V
    c(3, 9, W::Other, {V, 3}),                    // VecFpPairQ: "^FADDP(v4f32|v2f64|v2i64)".. 9cyc_3V
    c(3, 10, W::Other, {V, 3}),                   // VecFpAcross: "^(FMAX|FMIN)(NM)?Vv" 10cyc_3V
    c(1, 4, W::Other, {X, 1}),                    // VecAcrossD: "ASIMD arith/max/min, reduce, 4H/4S" 4cyc_1X
    c(2, 7, W::Other, {X, 1}, {V, 1}),            // VecAcrossQ: "reduce, 8B/8H" 7cyc_1V_1X (X booked first: V is X or W)
    c(2, 8, W::Other, {X, 2}),                    // VecAcross16B: "reduce, 16B" 8cyc_2X
    c(3, 6, W::Other, {V, 3}),                    // VecPermQ: "^(UZP|ZIP)(1|2)(v16i8|..)", "^TB[LX]v16i8One" 6cyc_3V
    c(2, 8, W::Other, {L, 1}, {V, 1}),            // VecIns: "^DUPv.+gpr", "^INSv", "^DUP(i8|..)$" 8cyc_1L_1V
    c(2, 6, W::Other, {I, 1}, {L, 1}),            // VecMovGpr: "^[SU]MOVv" 6cyc_1I_1L
    c(2, 34, W::Other, {Wu, 34}),                 // VecFdiv4S: FDIVv4f32 34cyc_2W
    c(2, 64, W::Other, {Wu, 64}),                 // VecFdiv2D: FDIVv2f64 64cyc_2W
    c(1, 17, W::Other, {Wu, 17}),                 // VecFsqrt2S: FSQRTv2f32 17cyc_1W
    c(2, 34, W::Other, {Wu, 34}),                 // VecFsqrt4S: FSQRTv4f32 34cyc_2W
    c(2, 64, W::Other, {Wu, 64}),                 // VecFsqrt2D: FSQRTv2f64 64cyc_2W
    // SIMD&FP loads and stores ("Vector Load/Store" and "Remainder").
    c(1, 5, W::Load, {L, 1}),                     // VLoad: LDR[BHSDQ]ui/l, LDUR*, LD1Onev 5cyc_1L
    c(2, 5, W::Load, {I, 1}, {L, 1}, {}, 0, 1),   // VLoadWb: 5cyc_1L + WriteI/WriteAdr 1cyc_1I
    c(2, 6, W::Load, {I, 1}, {L, 1}),             // VLoadRegQ: LDRQro*, LDRHro* 6cyc_1I_1L
    c(2, 8, W::Load, {L, 1}, {V, 1}),             // VLoadLane: "LD1i(8|16|32)", "LD1Rv.." 8cyc_1L_1V
    c(2, 5, W::Load, {L, 1}, {}, {}, 4),          // VLoadPair: LDP[SD]i 5cyc_1L + WriteLDHi 4
    c(3, 6, W::Load, {L, 2}, {}, {}, 4),          // VLoadPairQ: LDPQi 6cyc_2L + WriteLDHi 4
    c(3, 5, W::Load, {I, 1}, {L, 1}, {}, 4, 1),   // VLoadPairWb: + WriteAdr
    c(4, 6, W::Load, {I, 1}, {L, 2}, {}, 4, 1),   // VLoadPairQWb: LDPQpost/pre
    c(3, 2, W::Other, {I, 1}, {S, 2}),            // VStoreQ: STRQui, STRQro* 2cyc_1I_2S
    c(5, 4, W::Other, {I, 1}, {S, 4}),            // VStorePairQ: STPQi, STNPQi 4cyc_1I_4S
    c(6, 4, W::Other, {I, 1}, {I, 1}, {S, 4}, 0, 1),  // VStorePairQPost: WriteAdr + 4cyc_1I_4S
    c(7, 4, W::Other, {I, 1}, {I, 2}, {S, 4}, 0, 1),  // VStorePairQPre: WriteAdr + 4cyc_2I_4S
    c(1, 5, W::Load, {L, 1}, {}, {}, 0, 1),       // VLd1x2D: "LD1Twov(8b|..)" 5cyc_1L
    c(2, 6, W::Load, {L, 2}, {}, {}, 0, 1),       // VLd1x2Q: 6cyc_2L
    c(2, 6, W::Load, {L, 2}, {}, {}, 0, 1),       // VLd1x3D: 6cyc_2L
    c(3, 7, W::Load, {L, 3}, {}, {}, 0, 1),       // VLd1x3Q: 7cyc_3L
    c(2, 6, W::Load, {L, 2}, {}, {}, 0, 1),       // VLd1x4D: 6cyc_2L
    c(4, 8, W::Load, {L, 4}, {}, {}, 0, 1),       // VLd1x4Q: 8cyc_4L
    c(4, 4, W::Other, {S, 4}, {}, {}, 0, 1),      // VSt1x2Q: "ST1Twov(16b|..)" 4cyc_4S
    c(3, 3, W::Other, {S, 3}, {}, {}, 0, 1),      // VSt1x3D: 3cyc_3S
    c(6, 6, W::Other, {S, 6}, {}, {}, 0, 1),      // VSt1x3Q: 6cyc_6S
    c(4, 4, W::Other, {S, 4}, {}, {}, 0, 1),      // VSt1x4D: 4cyc_4S
    c(8, 8, W::Other, {S, 8}, {}, {}, 0, 1),      // VSt1x4Q: 8cyc_8S
    c(2, 5, W::Load, {I, 1}, {L, 1}, {}, 0, 1),   // VLd1x2DWb: 5cyc_1L + WriteAdr (1cyc_1I)
    c(3, 6, W::Load, {I, 1}, {L, 2}, {}, 0, 1),   // VLd1x2QWb: 6cyc_2L + WriteAdr
    c(3, 6, W::Load, {I, 1}, {L, 2}, {}, 0, 1),   // VLd1x3DWb: 6cyc_2L + WriteAdr
    c(4, 7, W::Load, {I, 1}, {L, 3}, {}, 0, 1),   // VLd1x3QWb: 7cyc_3L + WriteAdr
    c(3, 6, W::Load, {I, 1}, {L, 2}, {}, 0, 1),   // VLd1x4DWb: 6cyc_2L + WriteAdr
    c(5, 8, W::Load, {I, 1}, {L, 4}, {}, 0, 1),   // VLd1x4QWb: 8cyc_4L + WriteAdr
    c(2, 1, W::Other, {I, 1}, {S, 1}, {}, 0, 1),  // VSt1DWb: 1cyc_1S + WriteAdr
    c(3, 2, W::Other, {I, 1}, {S, 2}, {}, 0, 1),  // VSt2SWb: 2cyc_2S + WriteAdr
    c(5, 4, W::Other, {I, 1}, {S, 4}, {}, 0, 1),  // VSt1x2QWb: 4cyc_4S + WriteAdr
    c(4, 3, W::Other, {I, 1}, {S, 3}, {}, 0, 1),  // VSt1x3DWb: 3cyc_3S + WriteAdr
    c(7, 6, W::Other, {I, 1}, {S, 6}, {}, 0, 1),  // VSt1x3QWb: 6cyc_6S + WriteAdr
    c(5, 4, W::Other, {I, 1}, {S, 4}, {}, 0, 1),  // VSt1x4DWb: 4cyc_4S + WriteAdr
    c(9, 8, W::Other, {I, 1}, {S, 8}, {}, 0, 1),  // VSt1x4QWb: 8cyc_8S + WriteAdr
    c(3, 8, W::Load, {I, 1}, {L, 1}, {V, 1}, 0, 1),  // VLoadLaneWb: 8cyc_1L_1V + WriteAdr
    c(2, 3, W::Other, {S, 1}, {V, 1}),            // VStoreLane64: "ST1i(64)" 3cyc_1S_1V
    c(3, 3, W::Other, {I, 1}, {S, 1}, {V, 1}, 0, 1),  // VStoreLane64Wb: + WriteAdr
    c(2, 3, W::Other, {I, 1}, {S, 1}),            // VStoreRegBH: STRBro*, STRHro* 3cyc_1I_1S
    c(2, 6, W::Other, {V, 2}),                    // VTbl2D: "^TB[LX]v8i8Two" 6cyc_2V
    c(3, 9, W::Other, {V, 3}),                    // VTbl3D: "^TB[LX]v8i8Three" 9cyc_3V
    c(4, 12, W::Other, {V, 4}),                   // VTbl4D: "^TB[LX]v8i8Four" 12cyc_4V
    c(5, 9, W::Other, {V, 5}),                    // VTbl2Q: "^TB[LX]v16i8Two" 9cyc_5V
    c(7, 12, W::Other, {V, 7}),                   // VTbl3Q: "^TB[LX]v16i8Three" 12cyc_7V
    c(9, 15, W::Other, {V, 9}),                   // VTbl4Q: "^TB[LX]v16i8Four" 15cyc_9V
    c(2, 8, W::Load, {L, 1}, {V, 1}),  // VLd2D: "LD2Twov(8b|4h|2s)" 8cyc_1L_1V
    c(4, 9, W::Load, {L, 2}, {V, 2}),  // VLd2Q: "LD2Twov(16b|8h|4s)" 9cyc_2L_2V
    c(2, 6, W::Load, {L, 2}),  // VLd2_2D: "LD2Twov(2d)" 6cyc_2L
    c(4, 9, W::Load, {L, 2}, {V, 2}),  // VLd3D: "LD3Threev(8b|4h|2s)" 9cyc_2L_2V
    c(7, 10, W::Load, {L, 3}, {V, 4}),  // VLd3Q: "LD3Threev(16b|8h|4s)" 10cyc_3L_4V
    c(4, 8, W::Load, {L, 4}),  // VLd3_2D: "LD3Threev(2d)" 8cyc_4L
    c(4, 9, W::Load, {L, 2}, {V, 2}),  // VLd4D: "LD4Fourv(8b|4h|2s)" 9cyc_2L_2V
    c(8, 11, W::Load, {L, 4}, {V, 4}),  // VLd4Q: "LD4Fourv(16b|8h|4s)" 11cyc_4L_4V
    c(3, 3, W::Other, {S, 2}, {V, 1}),  // VSt2D: "ST2Twov(8b|4h|2s)" 3cyc_2S_1V
    c(6, 4, W::Other, {S, 4}, {V, 2}),  // VSt2Q: "ST2Twov(16b|8h|4s)" 4cyc_4S_2V
    c(5, 3, W::Other, {S, 3}, {V, 2}),  // VSt3D: "ST3Threev(8b|4h|2s)" 3cyc_3S_2V
    c(10, 6, W::Other, {S, 6}, {V, 4}),  // VSt3Q: "ST3Threev(16b|8h|4s)" 6cyc_6S_4V
    c(6, 4, W::Other, {S, 4}, {V, 2}),  // VSt4D: "ST4Fourv(8b|4h|2s)" 4cyc_4S_2V
    c(12, 8, W::Other, {S, 8}, {V, 4}),  // VSt4Q: "ST4Fourv(16b|8h|4s)" 8cyc_8S_4V
    c(3, 8, W::Load, {I, 1}, {L, 1}, {V, 1}, 0, 1),  // VLd2DWb: + WriteAdr
    c(5, 9, W::Load, {I, 1}, {L, 2}, {V, 2}, 0, 1),  // VLd2QWb: + WriteAdr
    c(3, 6, W::Load, {I, 1}, {L, 2}, {}, 0, 1),  // VLd2_2DWb: + WriteAdr
    c(5, 9, W::Load, {I, 1}, {L, 2}, {V, 2}, 0, 1),  // VLd3DWb: + WriteAdr
    c(8, 10, W::Load, {I, 1}, {L, 3}, {V, 4}, 0, 1),  // VLd3QWb: + WriteAdr
    c(5, 8, W::Load, {I, 1}, {L, 4}, {}, 0, 1),  // VLd3_2DWb: + WriteAdr
    c(5, 9, W::Load, {I, 1}, {L, 2}, {V, 2}, 0, 1),  // VLd4DWb: + WriteAdr
    c(9, 11, W::Load, {I, 1}, {L, 4}, {V, 4}, 0, 1),  // VLd4QWb: + WriteAdr
    c(4, 3, W::Other, {I, 1}, {S, 2}, {V, 1}, 0, 1),  // VSt2DWb: + WriteAdr
    c(7, 4, W::Other, {I, 1}, {S, 4}, {V, 2}, 0, 1),  // VSt2QWb: + WriteAdr
    c(6, 3, W::Other, {I, 1}, {S, 3}, {V, 2}, 0, 1),  // VSt3DWb: + WriteAdr
    c(11, 6, W::Other, {I, 1}, {S, 6}, {V, 4}, 0, 1),  // VSt3QWb: + WriteAdr
    c(7, 4, W::Other, {I, 1}, {S, 4}, {V, 2}, 0, 1),  // VSt4DWb: + WriteAdr
    c(13, 8, W::Other, {I, 1}, {S, 8}, {V, 4}, 0, 1),  // VSt4QWb: + WriteAdr
    c(3, 8, W::Load, {L, 1}, {V, 2}),  // VLd2Lane8: LD2 (one 8/16-bit lane), LD2R Q: 8cyc_1L_2V
    c(2, 6, W::Load, {L, 2}),  // VLd2Lane32: LD2 (one 32-bit lane): 6cyc_2L
    c(3, 8, W::Load, {L, 1}, {V, 2}),  // VLd34Lane32: LD3/LD4 (one 32-bit lane), LD3R/LD4R D: 8cyc_1L_2V
    c(2, 6, W::Load, {L, 2}),  // VLd34Lane1D: LD3 (one 64-bit lane), LD3R/LD4R 1D: 6cyc_2L
    c(4, 9, W::Load, {L, 1}, {V, 3}),  // VLd3Lane8: LD3 (one 8/16-bit lane), LD3R Q: 9cyc_1L_3V
    c(5, 9, W::Load, {L, 2}, {V, 3}),  // VLd4Lane8: LD4 (one 8/16/64-bit lane), LD4R Q, LD3R 2D: 9cyc_2L_3V
    c(6, 9, W::Load, {L, 2}, {V, 4}),  // VLd4R2D: LD4R 2D: 9cyc_2L_4V
    c(2, 3, W::Other, {S, 1}, {V, 1}),  // VSt34Lane8: ST3/ST4 (one 8/16-bit lane): 3cyc_1S_1V
    c(3, 3, W::Other, {S, 2}, {V, 1}),  // VSt34Lane64: ST3/ST4 (one 64-bit lane): 3cyc_2S_1V
    c(4, 8, W::Load, {I, 1}, {L, 1}, {V, 2}, 0, 1),  // VLd2Lane8Wb: + WriteAdr
    c(3, 6, W::Load, {I, 1}, {L, 2}, {}, 0, 1),  // VLd2Lane32Wb: + WriteAdr
    c(4, 8, W::Load, {I, 1}, {L, 1}, {V, 2}, 0, 1),  // VLd34Lane32Wb: + WriteAdr
    c(3, 6, W::Load, {I, 1}, {L, 2}, {}, 0, 1),  // VLd34Lane1DWb: + WriteAdr
    c(5, 9, W::Load, {I, 1}, {L, 1}, {V, 3}, 0, 1),  // VLd3Lane8Wb: + WriteAdr
    c(6, 9, W::Load, {I, 1}, {L, 2}, {V, 3}, 0, 1),  // VLd4Lane8Wb: + WriteAdr
    c(7, 9, W::Load, {I, 1}, {L, 2}, {V, 4}, 0, 1),  // VLd4R2DWb: + WriteAdr
    c(3, 3, W::Other, {I, 1}, {S, 1}, {V, 1}, 0, 1),  // VSt34Lane8Wb: + WriteAdr
    c(4, 3, W::Other, {I, 1}, {S, 2}, {V, 1}, 0, 1),  // VSt34Lane64Wb: + WriteAdr
};
// [A57td] "Forwarding logic is only modeled for multiply and accumulate":
// ReadIMA advances 2 cycles from a WriteIM32/WriteIM64 producer -- and, for
// SIMD&FP ([A57SOG] 3.10, 3.14, 3.15 as [A57td] writes them): A57ReadFPMA5
// (FMADD's addend, from FMADD or WriteFMul), A57ReadFPVMA5/6 (FMLA D/Q's
// accumulator, from FMLA or a *_FP_Forward FMUL), A57ReadIVMA4 (MLA's and
// [SU]MLAL's accumulator from a *_Mul_Forward), A57ReadIVA3 (SSRA/SADALP/SABA's
// from a *_NonMul_Forward).
constexpr std::array<std::array<uint8_t, kWriteKindCount>, static_cast<unsigned>(ReadKind::kCount)> kAdvance = {{
    // Alu Mul Div Load Other FpMul VecFpMul VecIntMul VecAccFwd  (producer)
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Alu
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Shifted
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // MulOp
    {0, 2, 0, 0, 0, 0, 0, 0, 0},  // MulAcc (ReadIMA 2)
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // DivOp
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Addr
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // StoreData
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Flags
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // ExtrHi
    {0, 0, 0, 0, 0, 0, 0, 0, 0},  // Vec
    {0, 0, 0, 0, 0, 5, 0, 0, 0},  // FpAcc (A57ReadFPMA5)
    {0, 0, 0, 0, 0, 0, 5, 0, 0},  // VecFpAccD (A57ReadFPVMA5)
    {0, 0, 0, 0, 0, 0, 6, 0, 0},  // VecFpAccQ (A57ReadFPVMA6)
    {0, 0, 0, 0, 0, 0, 0, 4, 0},  // VecIntAcc (A57ReadIVMA4)
    {0, 0, 0, 0, 0, 0, 0, 0, 3},  // VecAccIn (A57ReadIVA3)
}};
static_assert(kCost[kClassCount - 1].uops != 0);
}  // namespace a57

constexpr CoreModel kA53{
    .kind = CoreKind::A53,
    .name = "a53",
    .in_order = true,
    .dispatch_width = 2,
    .rob_entries = 0,
    .unit_count = 8,
    .unit_names = {"ALU0", "ALU1", "MAC", "Div", "LdSt", "B", "FPALU", "FPMDS"},
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
    static constexpr const char* kNames[] = {
        "alu",        "alu-shifted", "bitfield",   "bitfield-ins", "extr32",       "extr64",       "crc",
        "mul32",      "mul64",       "mulh",       "div32",        "div64",        "load",         "load-wb",
        "load-reg",   "load-pair",   "load-pair-wb", "ldpsw",      "store",        "store-wb",     "store-reg",
        "stp32",      "stp64",       "stp-wb",     "store-excl",   "atomic",       "branch",       "bl",
        "blr",        "system",
        "fp-simple",  "fp-add",      "fp-mul",     "fp-mac",       "fp-div-s",     "fp-div-d",     "fp-sqrt-s",
        "fp-cvt-gpr", "fp-mov-gpr",
        "vec-alu",    "vec-bitins-q", "vec-alu4",  "vec-acc4",     "vec-acc5-q",   "vec-shl-q",    "vec-shl-sat-q",
        "vec-mul-d",  "vec-mul-q",   "vec-fp-d",   "vec-fp-q",     "vec-fmul-d",   "vec-fmul-q",   "vec-fmla-d",
        "vec-fmla-q", "vec-fcvt-long", "vec-fp-pair-q", "vec-fp-across", "vec-across-d", "vec-across-q",
        "vec-across-16b", "vec-perm-q", "vec-ins",  "vec-mov-gpr",  "vec-fdiv-4s",  "vec-fdiv-2d",  "vec-fsqrt-2s",
        "vec-fsqrt-4s", "vec-fsqrt-2d",
        "vload",      "vload-wb",    "vload-reg-q", "vload-lane",  "vldp",         "vldp-q",       "vldp-wb",
        "vldp-q-wb",  "vstore-q",    "vstp-q",     "vstp-q-post",  "vstp-q-pre",
        "ld1x2d",     "ld1x2q",      "ld1x3d",     "ld1x3q",       "ld1x4d",       "ld1x4q",
        "st1x2q",     "st1x3d",      "st1x3q",     "st1x4d",       "st1x4q",
        "ld1x2d-wb",  "ld1x2q-wb",   "ld1x3d-wb",  "ld1x3q-wb",    "ld1x4d-wb",    "ld1x4q-wb",
        "st1d-wb",    "st2s-wb",     "st1x2q-wb",  "st1x3d-wb",    "st1x3q-wb",    "st1x4d-wb",    "st1x4q-wb",
        "vload-lane-wb", "vstore-lane64", "vstore-lane64-wb", "vstore-reg-bh",
        "tbl2d",      "tbl3d",       "tbl4d",      "tbl2q",        "tbl3q",        "tbl4q",
        "ld2d", "ld2q", "ld2-2d", "ld3d", "ld3q", "ld3-2d", "ld4d", "ld4q", "st2d", "st2q", "st3d", "st3q", "st4d", "st4q",
        "ld2d-wb", "ld2q-wb", "ld2-2d-wb", "ld3d-wb", "ld3q-wb", "ld3-2d-wb", "ld4d-wb", "ld4q-wb", "st2d-wb", "st2q-wb", "st3d-wb", "st3q-wb", "st4d-wb", "st4q-wb",
        "ld2lane8", "ld2lane32", "ld34lane32", "ld34lane1d", "ld3lane8", "ld4lane8", "ld4r2d", "st34lane8", "st34lane64",
        "ld2lane8-wb", "ld2lane32-wb", "ld34lane32-wb", "ld34lane1d-wb", "ld3lane8-wb", "ld4lane8-wb", "ld4r2d-wb", "st34lane8-wb", "st34lane64-wb"};
    static_assert(std::size(kNames) == kClassCount, "a name per class");
    return kNames[static_cast<unsigned>(c)];
}

}  // namespace irqsim::cycles
