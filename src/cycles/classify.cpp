// Instruction word -> InsnInfo. The operand roles per row are written from
// the Arm ARM's pseudocode (which fields are read, which written, where 31
// means SP and where XZR); the class choice follows the LLVM SchedWrite that
// LLVM 14 assigns to the same instruction (core_model.hpp).
#include "cycles/classify.hpp"

#include <array>
#include <cstring>
#include <iterator>
#include <string_view>

namespace irqsim::cycles {

namespace {

enum class Form : uint8_t {
    Unknown,
    AddSubImm, AddSubImmS, MoveWide, MoveK, Adr, LogicImm, LogicImmS, Bitfield, Bfm, Extr,
    LogicShift, LogicShiftS, AddSubShift, AddSubShiftS, AddSubExt, AddSubExtS, Carry, CarryS,
    CondCmpReg, CondCmpImm, CondSel, OneSrc, Div, VarShift, Crc, MulAdd, MulAddLong, MulHigh,
    LoadLit, Prefetch, LdStUimm, LdStImm9, LdStPost, LdStPre, LdStReg, PairNoAlloc, PairPost, PairOff, PairPre,
    Stxr, Ldxr, Stxp, Ldxp, Stlr, Ldar, Cas, Casp, LdOp,
    B, Bl, BCond, Cb, Tb, BranchReg, Eret, Drps, ExcGen, Hint, Clrex, Dsb, Dmb, Isb, MsrImm, Sys, Sysl, MsrReg, Mrs,
    // Scalar floating point (table_fp.inc).
    FpMove, FpSqrt, FpRound, FpCompare, FpCondCompare, FpMul, FpDiv, FpArith, FpCondSel, FpMovImm, FpMac,
    FpToInt, IntToFp, FmovToGen, FmovFromGen, FmovTopFromGen,
    // SIMD&FP loads and stores (table_fp_loadstore.inc).
    VLdLit, VLdStImm, VLdStUnscaled, VLdStPost, VLdStPre, VLdStReg, VPairOff, VPairPost, VPairPre,
    VMulti, VMultiPost, VSingle, VSinglePost,
    // Advanced SIMD (table_simd.inc).
    Simd3Same, Simd3SameScalar, Simd3Diff, Simd2Misc, Simd2MiscScalar, SimdAcross, SimdPairScalar, SimdCopy,
    SimdCopyScalar, SimdModImm, SimdShift, SimdShiftScalar, SimdPermute, SimdExt, SimdTbl, SimdElem, SimdElemScalar,
};

struct NameForm {
    const char* name;
    Form form;
};
// Rows by their names in src/cpu/table_*.inc.
constexpr NameForm kForms[] = {
    {"ADD_imm", Form::AddSubImm}, {"SUB_imm", Form::AddSubImm}, {"ADDS_imm", Form::AddSubImmS},
    {"SUBS_imm", Form::AddSubImmS}, {"MOVN", Form::MoveWide}, {"MOVZ", Form::MoveWide}, {"MOVK", Form::MoveK},
    {"ADR", Form::Adr}, {"ADRP", Form::Adr}, {"AND_imm", Form::LogicImm}, {"ORR_imm", Form::LogicImm},
    {"EOR_imm", Form::LogicImm}, {"ANDS_imm", Form::LogicImmS}, {"SBFM", Form::Bitfield}, {"UBFM", Form::Bitfield},
    {"BFM", Form::Bfm}, {"EXTR", Form::Extr},
    {"AND_shift", Form::LogicShift}, {"BIC_shift", Form::LogicShift}, {"ORR_shift", Form::LogicShift},
    {"ORN_shift", Form::LogicShift}, {"EOR_shift", Form::LogicShift}, {"EON_shift", Form::LogicShift},
    {"ANDS_shift", Form::LogicShiftS}, {"BICS_shift", Form::LogicShiftS}, {"ADD_shift", Form::AddSubShift},
    {"SUB_shift", Form::AddSubShift}, {"ADDS_shift", Form::AddSubShiftS}, {"SUBS_shift", Form::AddSubShiftS},
    {"ADD_ext", Form::AddSubExt}, {"SUB_ext", Form::AddSubExt}, {"ADDS_ext", Form::AddSubExtS},
    {"SUBS_ext", Form::AddSubExtS}, {"ADC", Form::Carry}, {"SBC", Form::Carry}, {"ADCS", Form::CarryS},
    {"SBCS", Form::CarryS}, {"CCMN_reg", Form::CondCmpReg}, {"CCMP_reg", Form::CondCmpReg},
    {"CCMN_imm", Form::CondCmpImm}, {"CCMP_imm", Form::CondCmpImm}, {"CSEL", Form::CondSel},
    {"CSINC", Form::CondSel}, {"CSINV", Form::CondSel}, {"CSNEG", Form::CondSel}, {"RBIT", Form::OneSrc},
    {"REV16", Form::OneSrc}, {"REV_32", Form::OneSrc}, {"REV32", Form::OneSrc}, {"REV_64", Form::OneSrc},
    {"CLZ", Form::OneSrc}, {"CLS", Form::OneSrc}, {"UDIV", Form::Div}, {"SDIV", Form::Div},
    {"LSLV", Form::VarShift}, {"LSRV", Form::VarShift}, {"ASRV", Form::VarShift}, {"RORV", Form::VarShift},
    {"CRC32B", Form::Crc}, {"CRC32H", Form::Crc}, {"CRC32W", Form::Crc}, {"CRC32X", Form::Crc},
    {"CRC32CB", Form::Crc}, {"CRC32CH", Form::Crc}, {"CRC32CW", Form::Crc}, {"CRC32CX", Form::Crc},
    {"MADD", Form::MulAdd}, {"MSUB", Form::MulAdd}, {"SMADDL", Form::MulAddLong}, {"SMSUBL", Form::MulAddLong},
    {"UMADDL", Form::MulAddLong}, {"UMSUBL", Form::MulAddLong}, {"SMULH", Form::MulHigh}, {"UMULH", Form::MulHigh},
    {"LDR_lit", Form::LoadLit}, {"LDRSW_lit", Form::LoadLit}, {"PRFM_lit", Form::Prefetch},
    {"STR_uimm", Form::LdStUimm}, {"LDR_uimm", Form::LdStUimm}, {"LDRS_uimm", Form::LdStUimm},
    {"PRFM_uimm", Form::Prefetch}, {"STUR", Form::LdStImm9}, {"LDUR", Form::LdStImm9}, {"LDURS", Form::LdStImm9},
    {"PRFUM", Form::Prefetch}, {"STR_post", Form::LdStPost}, {"LDR_post", Form::LdStPost},
    {"LDRS_post", Form::LdStPost}, {"STTR", Form::LdStImm9}, {"LDTR", Form::LdStImm9}, {"LDTRS", Form::LdStImm9},
    {"STR_pre", Form::LdStPre}, {"LDR_pre", Form::LdStPre}, {"LDRS_pre", Form::LdStPre},
    {"STR_reg", Form::LdStReg}, {"LDR_reg", Form::LdStReg}, {"LDRS_reg", Form::LdStReg},
    {"PRFM_reg", Form::Prefetch}, {"STNP_LDNP", Form::PairNoAlloc}, {"STP_LDP_post", Form::PairPost},
    {"STP_LDP", Form::PairOff}, {"STP_LDP_pre", Form::PairPre},
    {"STXR", Form::Stxr}, {"STLXR", Form::Stxr}, {"LDXR", Form::Ldxr}, {"LDAXR", Form::Ldxr},
    {"STXP", Form::Stxp}, {"STLXP", Form::Stxp}, {"LDXP", Form::Ldxp}, {"LDAXP", Form::Ldxp},
    {"STLLR", Form::Stlr}, {"STLR", Form::Stlr}, {"LDLAR", Form::Ldar}, {"LDAR", Form::Ldar},
    {"LDAPR", Form::Ldar}, {"CAS", Form::Cas}, {"CASP", Form::Casp}, {"LDADD", Form::LdOp},
    {"LDCLR", Form::LdOp}, {"LDEOR", Form::LdOp}, {"LDSET", Form::LdOp}, {"LDSMAX", Form::LdOp},
    {"LDSMIN", Form::LdOp}, {"LDUMAX", Form::LdOp}, {"LDUMIN", Form::LdOp}, {"SWP", Form::LdOp},
    {"B", Form::B}, {"BL", Form::Bl}, {"B_cond", Form::BCond}, {"CBZ", Form::Cb}, {"CBNZ", Form::Cb},
    {"TBZ", Form::Tb}, {"TBNZ", Form::Tb}, {"BR", Form::BranchReg}, {"BLR", Form::BranchReg},
    {"RET", Form::BranchReg}, {"ERET", Form::Eret}, {"DRPS", Form::Drps}, {"SVC", Form::ExcGen},
    {"HVC", Form::ExcGen}, {"SMC", Form::ExcGen}, {"BRK", Form::ExcGen}, {"HLT", Form::ExcGen},
    {"DCPS", Form::ExcGen}, {"HINT", Form::Hint}, {"CLREX", Form::Clrex}, {"DSB", Form::Dsb},
    {"DMB", Form::Dmb}, {"ISB", Form::Isb}, {"MSR_imm", Form::MsrImm}, {"SYS", Form::Sys},
    {"SYSL", Form::Sysl}, {"MSR_reg", Form::MsrReg}, {"MRS", Form::Mrs},
    {"FMOV_reg", Form::FpMove}, {"FABS", Form::FpMove}, {"FNEG", Form::FpMove}, {"FSQRT", Form::FpSqrt},
    {"FCVT", Form::FpRound}, {"FRINTN", Form::FpRound}, {"FRINTP", Form::FpRound}, {"FRINTM", Form::FpRound},
    {"FRINTZ", Form::FpRound}, {"FRINTA", Form::FpRound}, {"FRINTX", Form::FpRound}, {"FRINTI", Form::FpRound},
    {"FCMP", Form::FpCompare}, {"FCMP_zero", Form::FpCompare}, {"FCMPE", Form::FpCompare},
    {"FCMPE_zero", Form::FpCompare}, {"FCCMP", Form::FpCondCompare}, {"FCCMPE", Form::FpCondCompare},
    {"FMUL", Form::FpMul}, {"FNMUL", Form::FpMul}, {"FDIV", Form::FpDiv}, {"FADD", Form::FpArith},
    {"FSUB", Form::FpArith}, {"FMAX", Form::FpArith}, {"FMIN", Form::FpArith}, {"FMAXNM", Form::FpArith},
    {"FMINNM", Form::FpArith}, {"FCSEL", Form::FpCondSel}, {"FMOV_imm", Form::FpMovImm}, {"FMADD", Form::FpMac},
    {"FMSUB", Form::FpMac}, {"FNMADD", Form::FpMac}, {"FNMSUB", Form::FpMac},
    {"FCVTNS_gen", Form::FpToInt}, {"FCVTNU_gen", Form::FpToInt}, {"FCVTAS_gen", Form::FpToInt},
    {"FCVTAU_gen", Form::FpToInt}, {"FCVTPS_gen", Form::FpToInt}, {"FCVTPU_gen", Form::FpToInt},
    {"FCVTMS_gen", Form::FpToInt}, {"FCVTMU_gen", Form::FpToInt}, {"FCVTZS_gen", Form::FpToInt},
    {"FCVTZU_gen", Form::FpToInt}, {"FCVTZS_fix", Form::FpToInt}, {"FCVTZU_fix", Form::FpToInt},
    {"SCVTF_gen", Form::IntToFp}, {"UCVTF_gen", Form::IntToFp}, {"SCVTF_fix", Form::IntToFp},
    {"UCVTF_fix", Form::IntToFp}, {"FMOV_to_gen", Form::FmovToGen}, {"FMOV_top_to_gen", Form::FmovToGen},
    {"FMOV_from_gen", Form::FmovFromGen}, {"FMOV_top_from_gen", Form::FmovTopFromGen},
    {"LDR_lit_fp", Form::VLdLit}, {"STR_uimm_fp", Form::VLdStImm}, {"LDR_uimm_fp", Form::VLdStImm},
    {"STUR_fp", Form::VLdStUnscaled}, {"LDUR_fp", Form::VLdStUnscaled}, {"STR_post_fp", Form::VLdStPost},
    {"LDR_post_fp", Form::VLdStPost}, {"STR_pre_fp", Form::VLdStPre}, {"LDR_pre_fp", Form::VLdStPre},
    {"STR_reg_fp", Form::VLdStReg}, {"LDR_reg_fp", Form::VLdStReg}, {"STNP_LDNP_fp", Form::VPairOff},
    {"STP_LDP_fp", Form::VPairOff}, {"STP_LDP_post_fp", Form::VPairPost}, {"STP_LDP_pre_fp", Form::VPairPre},
    {"LDST_multi", Form::VMulti}, {"LDST_multi_post", Form::VMultiPost}, {"LDST_single", Form::VSingle},
    {"LDST_single_post", Form::VSinglePost},
    {"SIMD_3same", Form::Simd3Same}, {"SIMD_3same_scalar", Form::Simd3SameScalar}, {"SIMD_3diff", Form::Simd3Diff},
    {"SIMD_2misc", Form::Simd2Misc}, {"SIMD_2misc_scalar", Form::Simd2MiscScalar}, {"SIMD_across", Form::SimdAcross},
    {"SIMD_pair_scalar", Form::SimdPairScalar}, {"SIMD_copy", Form::SimdCopy},
    {"SIMD_copy_scalar", Form::SimdCopyScalar}, {"SIMD_modimm", Form::SimdModImm}, {"SIMD_shift", Form::SimdShift},
    {"SIMD_shift_scalar", Form::SimdShiftScalar}, {"SIMD_permute", Form::SimdPermute}, {"EXT", Form::SimdExt},
    {"TBL_TBX", Form::SimdTbl}, {"SIMD_elem", Form::SimdElem}, {"SIMD_elem_scalar", Form::SimdElemScalar},
};

// Row index -> Form, built once from the row names.
const std::vector<Form>& forms_by_row() {
    static const std::vector<Form> t = [] {
        auto rows = decode_table();
        std::vector<Form> v(rows.size(), Form::Unknown);
        for (size_t i = 0; i < rows.size(); ++i)
            for (const NameForm& nf : kForms)
                if (std::strcmp(nf.name, rows[i].name) == 0) v[i] = nf.form;
        return v;
    }();
    return t;
}

// Builder helpers. `x` maps field value 31 to XZR (no dependency), `xsp` to SP.
struct B {
    InsnInfo& i;
    static uint8_t x(unsigned r) { return r == 31 ? kNoReg : static_cast<uint8_t>(r); }
    static uint8_t xsp(unsigned r) { return static_cast<uint8_t>(r); }
    static uint8_t v(unsigned r) { return static_cast<uint8_t>(kRegV0 + (r & 31)); }
    void src(uint8_t r, ReadKind k = ReadKind::Alu) {
        if (r == kNoReg || i.nsrc == std::size(i.src)) return;
        i.src[i.nsrc] = r;
        i.src_kind[i.nsrc++] = k;
    }
    void dst(uint8_t r, DstLat l = DstLat::Main) {
        if (r == kNoReg || i.ndst == std::size(i.dst)) return;
        i.dst[i.ndst] = r;
        i.dst_lat[i.ndst++] = l;
    }
    void flags_out() { dst(kRegNzcv); }
    void flags_in() { src(kRegNzcv, ReadKind::Flags); }
};

void load_store(InsnInfo& i, B& b, uint32_t w, AddrMode mode, bool reg_offset) {
    unsigned size = bits(w, 31, 30), opc = bits(w, 23, 22);
    unsigned rt = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16);
    bool store = opc == 0;
    bool wb = mode == AddrMode::Pre || mode == AddrMode::Post;
    i.amode = mode;
    i.bytes = static_cast<uint8_t>(1u << size);
    b.src(B::xsp(rn), ReadKind::Addr);
    if (reg_offset) b.src(B::x(rm), ReadKind::Addr);
    if (store) {
        i.mem = Mem::Store;
        i.cls = wb ? SchedClass::StoreWb : reg_offset ? SchedClass::StoreReg : SchedClass::Store;
        b.src(B::x(rt), ReadKind::StoreData);
    } else {
        i.mem = Mem::Load;
        i.cls = wb ? SchedClass::LoadWb : reg_offset ? SchedClass::LoadReg : SchedClass::Load;
        b.dst(B::x(rt));
    }
    if (wb) b.dst(B::xsp(rn), DstLat::Writeback);
}

void pair(InsnInfo& i, B& b, uint32_t w, AddrMode mode) {
    unsigned opc = bits(w, 31, 30);
    bool load = bit(w, 22), wb = mode == AddrMode::Pre || mode == AddrMode::Post;
    unsigned rt = bits(w, 4, 0), rt2 = bits(w, 14, 10), rn = bits(w, 9, 5);
    i.amode = mode;
    i.bytes = static_cast<uint8_t>(opc == 2 ? 16 : 8);
    b.src(B::xsp(rn), ReadKind::Addr);
    if (load) {
        i.mem = Mem::Load;
        i.cls = opc == 1 ? SchedClass::LoadPairSw : wb ? SchedClass::LoadPairWb : SchedClass::LoadPair;
        b.dst(B::x(rt));
        b.dst(B::x(rt2), DstLat::Second);
    } else {
        i.mem = Mem::Store;
        i.cls = wb ? SchedClass::StorePairWb : opc == 2 ? SchedClass::StorePair64 : SchedClass::StorePair32;
        b.src(B::x(rt), ReadKind::StoreData);
        b.src(B::x(rt2), ReadKind::StoreData);
    }
    if (wb) b.dst(B::xsp(rn), DstLat::Writeback);
}

// --- SIMD&FP ----------------------------------------------------------------
// Classes follow the InstRW rows of [A57td] (the finer model); the A53 prices
// nearly all of them alike (core_model.cpp). "Q" is the 128-bit form.
using S = SchedClass;

// Scalar FP data processing and conversions (table_fp.inc).
void scalar_fp(InsnInfo& i, B& b, uint32_t w, Form f) {
    unsigned rd = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16), ra = bits(w, 14, 10);
    bool dbl = bits(w, 23, 22) == 1;
    constexpr ReadKind V = ReadKind::Vec;
    switch (f) {
        case Form::FpMove: i.cls = S::FpSimple; b.src(B::v(rn), V); b.dst(B::v(rd)); break;
        case Form::FpSqrt: i.cls = dbl ? S::FpDivD : S::FpSqrtS; b.src(B::v(rn), V); b.dst(B::v(rd)); break;
        case Form::FpRound: i.cls = S::FpAdd; b.src(B::v(rn), V); b.dst(B::v(rd)); break;
        case Form::FpCompare:
            i.cls = S::FpSimple;
            b.src(B::v(rn), V);
            if (!bit(w, 3)) b.src(B::v(rm), V);  // the "zero" forms compare with +0.0
            b.flags_out();
            break;
        case Form::FpCondCompare:
            i.cls = S::FpSimple; b.src(B::v(rn), V); b.src(B::v(rm), V); b.flags_in(); b.flags_out();
            break;
        case Form::FpMul: case Form::FpDiv: case Form::FpArith:
            i.cls = f == Form::FpMul ? S::FpMul : f == Form::FpArith ? S::FpAdd : dbl ? S::FpDivD : S::FpDivS;
            b.src(B::v(rn), V); b.src(B::v(rm), V); b.dst(B::v(rd));
            break;
        case Form::FpCondSel:
            i.cls = S::FpSimple; b.src(B::v(rn), V); b.src(B::v(rm), V); b.flags_in(); b.dst(B::v(rd));
            break;
        case Form::FpMovImm: i.cls = S::FpSimple; b.dst(B::v(rd)); break;
        case Form::FpMac:
            i.cls = S::FpMac;
            b.src(B::v(rn), V); b.src(B::v(rm), V); b.src(B::v(ra), ReadKind::FpAcc); b.dst(B::v(rd));
            break;
        case Form::FpToInt: i.cls = S::FpCvtGpr; b.src(B::v(rn), V); b.dst(B::x(rd)); break;
        case Form::IntToFp: i.cls = S::FpCvtGpr; b.src(B::x(rn), V); b.dst(B::v(rd)); break;
        case Form::FmovToGen: i.cls = S::FpMovGpr; b.src(B::v(rn), V); b.dst(B::x(rd)); break;
        case Form::FmovFromGen: i.cls = S::FpMovGpr; b.src(B::x(rn), V); b.dst(B::v(rd)); break;
        case Form::FmovTopFromGen:  // writes D[1] only: the rest of Vd is read
            i.cls = S::FpMovGpr; b.src(B::x(rn), V); b.src(B::v(rd), V); b.dst(B::v(rd));
            break;
        default: break;
    }
}

// LDR/STR (SIMD&FP), every addressing mode: size:opc picks B/H/S/D/Q.
void fp_load_store(InsnInfo& i, B& b, uint32_t w, Form f) {
    unsigned size = bits(w, 31, 30), opc = bits(w, 23, 22);
    unsigned rt = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16);
    bool q = size == 0 && (opc & 2), load = opc & 1;
    bool wb = f == Form::VLdStPost || f == Form::VLdStPre, reg = f == Form::VLdStReg;
    i.amode = f == Form::VLdStPost ? AddrMode::Post
              : f == Form::VLdStPre ? AddrMode::Pre
              : reg ? (bits(w, 15, 13) == 2 ? AddrMode::RegUxtw : bits(w, 15, 13) == 6 ? AddrMode::RegSxtw : AddrMode::RegX)
                    : AddrMode::BaseImm;
    i.bytes = static_cast<uint8_t>(q ? 16 : 1u << size);
    b.src(B::xsp(rn), ReadKind::Addr);
    if (reg) b.src(B::x(rm), ReadKind::Addr);
    if (load) {
        i.mem = Mem::Load;
        i.cls = wb ? S::VLoadWb : reg && (q || size == 1) ? S::VLoadRegQ : S::VLoad;
        b.dst(B::v(rt));
    } else {
        i.mem = Mem::Store;
        // STR Q is 2cyc_1I_2S (unsigned or register offset), STUR Q 2cyc_2S;
        // pre/post-index Q is WriteAdr + 2cyc_1I_2S, narrower as an X store.
        i.cls = wb ? (q ? S::StorePairWb : S::StoreWb)
                   : q ? (f == Form::VLdStUnscaled ? S::StorePair64 : S::VStoreQ)
                       : reg ? (size <= 1 ? S::VStoreRegBH : S::StoreReg) : S::Store;
        b.src(B::v(rt), ReadKind::StoreData);
    }
    if (wb) b.dst(B::xsp(rn), DstLat::Writeback);
}

// LDP/STP/LDNP/STNP (SIMD&FP): opc 00 S, 01 D, 10 Q.
void fp_pair(InsnInfo& i, B& b, uint32_t w, AddrMode mode) {
    unsigned opc = bits(w, 31, 30), rt = bits(w, 4, 0), rt2 = bits(w, 14, 10), rn = bits(w, 9, 5);
    bool load = bit(w, 22), wb = mode != AddrMode::BaseImm, q = opc == 2;
    i.amode = mode;
    i.bytes = static_cast<uint8_t>(8u << opc);
    b.src(B::xsp(rn), ReadKind::Addr);
    if (load) {
        i.mem = Mem::Load;
        i.cls = q ? (wb ? S::VLoadPairQWb : S::VLoadPairQ) : (wb ? S::VLoadPairWb : S::VLoadPair);
        b.dst(B::v(rt));
        b.dst(B::v(rt2), DstLat::Second);
    } else {
        i.mem = Mem::Store;
        // [A57td]: STP S is 1cyc_1S (WriteAdr + 1cyc_1I_1S indexed), STP D
        // 2cyc_2S (WriteAdr + 2cyc_1I_2S): the costs of STP W/STR, STP X.
        i.cls = q ? (mode == AddrMode::Post ? S::VStorePairQPost : mode == AddrMode::Pre ? S::VStorePairQPre : S::VStorePairQ)
                : opc == 1 ? (wb ? S::StorePairWb : S::StorePair64)
                           : (wb ? S::StoreWb : S::StorePair32);
        b.src(B::v(rt), ReadKind::StoreData);
        b.src(B::v(rt2), ReadKind::StoreData);
    }
    if (wb) b.dst(B::xsp(rn), DstLat::Writeback);
}

// LD1-LD4/ST1-ST4 (multiple structures).
void simd_multi(InsnInfo& i, B& b, uint32_t w, bool post) {
    unsigned rt = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16), op = bits(w, 15, 12);
    bool q = bit(w, 30), load = bit(w, 22);
    unsigned n = op == 0 || op == 2 ? 4 : op == 4 || op == 6 ? 3 : op == 7 ? 1 : 2;
    i.amode = post ? AddrMode::Post : AddrMode::Base;
    i.bytes = static_cast<uint8_t>(n * (q ? 16 : 8));
    b.src(B::xsp(rn), ReadKind::Addr);
    if (post) b.src(B::x(rm), ReadKind::Addr);
    // [post][Q][registers]; one register is an LDR's cost (5cyc_1L).
    static constexpr S kLoad[2][2][5] = {
        {{S::VLoad, S::VLoad, S::VLd1x2D, S::VLd1x3D, S::VLd1x4D}, {S::VLoad, S::VLoad, S::VLd1x2Q, S::VLd1x3Q, S::VLd1x4Q}},
        {{S::VLoadWb, S::VLoadWb, S::VLd1x2DWb, S::VLd1x3DWb, S::VLd1x4DWb},
         {S::VLoadWb, S::VLoadWb, S::VLd1x2QWb, S::VLd1x3QWb, S::VLd1x4QWb}}};
    // ST1 {1 D} is 1cyc_1S, {1 Q} and {2 D} 2cyc_2S: Store and StorePair64's costs.
    static constexpr S kStore[2][2][5] = {
        {{S::Store, S::Store, S::StorePair64, S::VSt1x3D, S::VSt1x4D},
         {S::Store, S::StorePair64, S::VSt1x2Q, S::VSt1x3Q, S::VSt1x4Q}},
        {{S::VSt1DWb, S::VSt1DWb, S::VSt2SWb, S::VSt1x3DWb, S::VSt1x4DWb},
         {S::VSt1DWb, S::VSt2SWb, S::VSt1x2QWb, S::VSt1x3QWb, S::VSt1x4QWb}}};
    // LD2-LD4/ST2-ST4: [post][load][structures - 2][D, Q, 2D].
    static constexpr S kStruct[2][2][3][3] = {
        {{{S::VSt2D, S::VSt2Q, S::VSt1x4D}, {S::VSt3D, S::VSt3Q, S::VSt1x3Q}, {S::VSt4D, S::VSt4Q, S::VSt1x4Q}},
         {{S::VLd2D, S::VLd2Q, S::VLd2_2D}, {S::VLd3D, S::VLd3Q, S::VLd3_2D}, {S::VLd4D, S::VLd4Q, S::VLd1x4Q}}},
        {{{S::VSt2DWb, S::VSt2QWb, S::VSt1x4DWb}, {S::VSt3DWb, S::VSt3QWb, S::VSt1x3QWb},
          {S::VSt4DWb, S::VSt4QWb, S::VSt1x4QWb}},
         {{S::VLd2DWb, S::VLd2QWb, S::VLd2_2DWb}, {S::VLd3DWb, S::VLd3QWb, S::VLd3_2DWb},
          {S::VLd4DWb, S::VLd4QWb, S::VLd1x4QWb}}}};
    unsigned structures = op == 0 ? 4 : op == 4 ? 3 : op == 8 ? 2 : 1;
    unsigned form = !q ? 0 : bits(w, 11, 10) == 3 ? 2 : 1;
    if (load) {
        i.mem = Mem::Load;
        i.cls = structures > 1 ? kStruct[post][1][structures - 2][form] : kLoad[post][q][n];
        for (unsigned k = 0; k < n; ++k) b.dst(B::v(rt + k));
    } else {
        i.mem = Mem::Store;
        i.cls = structures > 1 ? kStruct[post][0][structures - 2][form] : kStore[post][q][n];
        for (unsigned k = 0; k < n; ++k) b.src(B::v(rt + k), ReadKind::StoreData);
    }
    if (post) b.dst(B::xsp(rn), DstLat::Writeback);
}

// LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R.
S single_load_class(unsigned n, bool replicate, unsigned esize, bool q) {
    // [structures - 1][kind]: kind 0 = 8/16-bit lane, 1 = 32-bit lane, 2 = 64-bit
    // lane, 3 = replicate D, 4 = replicate 1D, 5 = replicate Q, 6 = replicate 2D.
    static constexpr S kLoad[4][7] = {
        {S::VLoadLane, S::VLoadLane, S::VLoad, S::VLoadLane, S::VLoad, S::VLoadLane, S::VLoadLane},
        {S::VLd2Lane8, S::VLd2Lane32, S::VLoadLane, S::VLoadLane, S::VLoad, S::VLd2Lane8, S::VLd2Lane8},
        {S::VLd3Lane8, S::VLd34Lane32, S::VLd34Lane1D, S::VLd34Lane32, S::VLd34Lane1D, S::VLd3Lane8, S::VLd4Lane8},
        {S::VLd4Lane8, S::VLd34Lane32, S::VLd4Lane8, S::VLd34Lane32, S::VLd34Lane1D, S::VLd4Lane8, S::VLd4R2D}};
    unsigned kind = replicate ? (q ? (esize == 8 ? 6 : 5) : (esize == 8 ? 4 : 3)) : esize == 8 ? 2 : esize == 4 ? 1 : 0;
    return kLoad[n - 1][kind];
}
S single_store_class(unsigned n, unsigned esize) {
    // [structures - 1][8/16-bit, 32-bit, 64-bit lane]
    static constexpr S kStore[4][3] = {{S::Store, S::Store, S::VStoreLane64},
                                       {S::VStoreLane64, S::VStoreLane64, S::StorePair64},
                                       {S::VSt34Lane8, S::VSt1x3D, S::VSt34Lane64},
                                       {S::VSt34Lane8, S::VSt1x4D, S::VSt34Lane64}};
    return kStore[n - 1][esize == 8 ? 2 : esize == 4 ? 1 : 0];
}
// The post-index class of a single-structure class.
S post_index(S c) {
    switch (c) {
        case S::VLoad: return S::VLoadWb;
        case S::VLoadLane: return S::VLoadLaneWb;
        case S::VLd2Lane8: return S::VLd2Lane8Wb;
        case S::VLd2Lane32: return S::VLd2Lane32Wb;
        case S::VLd34Lane32: return S::VLd34Lane32Wb;
        case S::VLd34Lane1D: return S::VLd34Lane1DWb;
        case S::VLd3Lane8: return S::VLd3Lane8Wb;
        case S::VLd4Lane8: return S::VLd4Lane8Wb;
        case S::VLd4R2D: return S::VLd4R2DWb;
        case S::Store: return S::VSt1DWb;  // ST1i8..32_POST: 1cyc_1S + WriteAdr
        case S::VStoreLane64: return S::VStoreLane64Wb;
        case S::StorePair64: return S::VSt2SWb;
        case S::VSt1x3D: return S::VSt1x3DWb;
        case S::VSt1x4D: return S::VSt1x4DWb;
        case S::VSt34Lane8: return S::VSt34Lane8Wb;
        case S::VSt34Lane64: return S::VSt34Lane64Wb;
        default: return c;
    }
}

void simd_single(InsnInfo& i, B& b, uint32_t w, bool post) {
    unsigned rt = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16), op = bits(w, 15, 13);
    bool load = bit(w, 22), replicate = (op >> 1) == 3;
    unsigned n = ((op & 1) << 1 | bit(w, 21)) + 1;
    unsigned esize = replicate ? 1u << bits(w, 11, 10) : (op >> 1) == 0 ? 1 : (op >> 1) == 1 ? 2 : bit(w, 10) ? 8 : 4;
    i.amode = post ? AddrMode::Post : AddrMode::Base;
    i.bytes = static_cast<uint8_t>(n * esize);
    b.src(B::xsp(rn), ReadKind::Addr);
    if (post) b.src(B::x(rm), ReadKind::Addr);
    S c;
    if (load) {
        i.mem = Mem::Load;
        c = single_load_class(n, replicate, esize, bit(w, 30));
        for (unsigned k = 0; k < n; ++k) {
            if (!replicate) b.src(B::v(rt + k), ReadKind::Vec);  // the other lanes are kept
            b.dst(B::v(rt + k));
        }
    } else {
        i.mem = Mem::Store;
        c = single_store_class(n, esize);
        for (unsigned k = 0; k < n; ++k) b.src(B::v(rt + k), ReadKind::StoreData);
    }
    i.cls = post ? post_index(c) : c;
    if (post) b.dst(B::xsp(rn), DstLat::Writeback);
}

// The FP opcodes (11xxx) of the three-same class.
S simd_fp_3same(uint32_t w, bool q, bool scalar, ReadKind& acc) {
    unsigned op = bits(w, 15, 11);
    bool u = bit(w, 29), a = bit(w, 23), dbl = bit(w, 22);
    bool pairwise = u && (op == 0b11000 || op == 0b11110 || (op == 0b11010 && !a));
    if (op == 0b11001 && !u) {  // FMLA/FMLS
        acc = q ? ReadKind::VecFpAccQ : ReadKind::VecFpAccD;
        return q ? S::VecFmlaQ : S::VecFmlaD;
    }
    if (op == 0b11011) return q ? S::VecFmulQ : S::VecFmulD;  // FMULX, FMUL
    if (op == 0b11111 && u && !a) return !q ? S::FpDivS : dbl ? S::VecFdiv2D : S::VecFdiv4S;
    if (pairwise && !scalar) return q ? S::VecFpPairQ : S::VecFpD;
    return q ? S::VecFpQ : S::VecFpD;
}

// The integer opcodes of the three-same class; `acc` is set where Vd is read.
S simd_int_3same(uint32_t w, bool q, ReadKind& acc) {
    unsigned op = bits(w, 15, 11);
    bool u = bit(w, 29);
    switch (op) {
        case 0b00011:  // logic; BSL/BIT/BIF (U = 1, size != 00) also read Vd
            if (u && bits(w, 23, 22) != 0) {
                acc = ReadKind::Vec;
                return q ? S::VecBitInsQ : S::VecAlu;
            }
            return S::VecAlu;
        case 0b01000: return q ? S::VecShiftRegQ : S::VecAlu;                    // SSHL/USHL
        case 0b01001: case 0b01010: case 0b01011: return q ? S::VecShiftSatQ : S::VecAlu4;  // [SU]Q?R?SHL
        case 0b01111: acc = ReadKind::VecAccIn; return q ? S::VecAluAcc5Q : S::VecAluAcc4;  // SABA/UABA
        case 0b10010: acc = ReadKind::VecIntAcc; return q ? S::VecMulQ : S::VecMulD;        // MLA/MLS
        case 0b10011: case 0b10110: return q ? S::VecMulQ : S::VecMulD;                     // MUL, SQDMULH
        default: return S::VecAlu;
    }
}

S simd_2misc(uint32_t w, bool q, bool scalar, ReadKind& acc) {
    unsigned op = bits(w, 16, 12);
    bool u = bit(w, 29), a = bit(w, 23), dbl = bit(w, 22);
    bool fp = op >= 0b11000 || (op >= 0b01100 && op <= 0b01111 && a) || op == 0b10110 || op == 0b10111;
    if (fp) {
        if (op == 0b01111) return S::VecAlu;  // FABS/FNEG: WriteVd/WriteVq
        if (op == 0b10110 || op == 0b10111) {
            if (q) acc = ReadKind::Vec;  // FCVTN2 keeps the low half
            return S::VecFpCvtLong;
        }
        if (op == 0b11101 && !a) return S::FpCvtGpr;  // SCVTF/UCVTF: "^[SU]CVTF" 10cyc_1L_1V
        if (op == 0b11111 && u && a) return !q ? S::VecFsqrt2S : dbl ? S::VecFsqrt2D : S::VecFsqrt4S;
        return q ? S::VecFpQ : S::VecFpD;
    }
    if (op == 0b00110) {  // SADALP/UADALP
        acc = ReadKind::VecAccIn;
        return S::VecAluAcc4;
    }
    bool narrow = op == 0b10010 || op == 0b10100;
    if (narrow && q && !scalar) acc = ReadKind::Vec;  // XTN2 & co keep the low half
    if (op == 0b10100 || (op == 0b10010 && u)) return S::VecAlu4;  // SQXTN/UQXTN/SQXTUN
    return S::VecAlu;
}

S simd_across(uint32_t w, bool q) {
    unsigned op = bits(w, 16, 12), size = bits(w, 23, 22);
    if (op == 0b01100 || op == 0b01111) return S::VecFpAcross;  // FMAXNMV .. FMINV
    if (q && size == 0) return S::VecAcross16B;
    bool add = op == 0b00011 || op == 0b11011;
    // [A57td] rows: ADD(L)V 8B/4H and MAX/MINV 4H/4S are 4cyc_1X; ADD(L)V
    // 8H/4S and MAX/MINV 8B/8H 7cyc_1V_1X.
    bool short_form = add ? !q : size == 1 ? !q : q;
    return short_form ? S::VecAcrossD : S::VecAcrossQ;
}

S simd_shift(uint32_t w, bool q, bool scalar, ReadKind& acc) {
    unsigned op = bits(w, 15, 11);
    bool u = bit(w, 29);
    if (op >= 0b10000 && op <= 0b10011 && q && !scalar) acc = ReadKind::Vec;  // SHRN2 & co
    switch (op) {
        case 0b00010: case 0b00110: acc = ReadKind::VecAccIn; return S::VecAluAcc4;  // [SU]R?SRA
        case 0b00100: case 0b01100: case 0b10001: case 0b10010: case 0b10011: return S::VecAlu4;
        case 0b01110: return q ? S::VecShiftSatQ : S::VecAlu4;  // SQSHL/UQSHL (immediate)
        case 0b10000: return u ? S::VecAlu4 : S::VecAlu;       // SQSHRUN, SHRN
        case 0b01000: acc = ReadKind::Vec; return S::VecAlu;    // SRI
        case 0b01010: if (u) acc = ReadKind::Vec; return S::VecAlu;  // SLI, SHL
        case 0b11100: return S::FpCvtGpr;                       // SCVTF/UCVTF (fixed-point)
        case 0b11111: return q ? S::VecFpQ : S::VecFpD;         // FCVTZS/FCVTZU (fixed-point)
        default: return S::VecAlu;
    }
}

S simd_elem(uint32_t w, bool q, ReadKind& acc) {
    unsigned op = bits(w, 15, 12);
    if (op == 0b0001 || op == 0b0101) {  // FMLA/FMLS
        acc = q ? ReadKind::VecFpAccQ : ReadKind::VecFpAccD;
        return q ? S::VecFmlaQ : S::VecFmlaD;
    }
    if (op == 0b1001) return q ? S::VecFmulQ : S::VecFmulD;  // FMUL/FMULX
    bool whole = op == 0b0000 || op == 0b0100 || op == 0b1000 || op == 0b1100 || op == 0b1101;
    if ((op & 0b1011) == 0 || (op & 0b1011) == 0b0010 || (op & 0b1011) == 0b0011) acc = ReadKind::VecIntAcc;
    return whole && q ? S::VecMulQ : S::VecMulD;
}

// Advanced SIMD data processing (table_simd.inc).
void simd(InsnInfo& i, B& b, uint32_t w, Form f) {
    unsigned rd = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16);
    bool q = bit(w, 30);
    bool scalar = f == Form::Simd3SameScalar || f == Form::Simd2MiscScalar || f == Form::SimdShiftScalar ||
                  f == Form::SimdElemScalar || f == Form::SimdPairScalar || f == Form::SimdCopyScalar;
    if (scalar) q = false;
    constexpr ReadKind V = ReadKind::Vec;
    ReadKind acc = ReadKind::kCount;  // kCount: Vd is not read
    bool two = false;                 // reads Vm too
    switch (f) {
        case Form::Simd3Same: case Form::Simd3SameScalar:
            i.cls = bits(w, 15, 11) >= 0b11000 ? simd_fp_3same(w, q, scalar, acc) : simd_int_3same(w, q, acc);
            two = true;
            break;
        case Form::Simd3Diff: {
            unsigned op = bits(w, 15, 12);
            if (op == 0b0101) {  // SABAL/UABAL
                i.cls = S::VecAluAcc4;
                acc = ReadKind::VecAccIn;
            } else if (op >= 0b1000 && op <= 0b1110) {  // multiplies long
                i.cls = S::VecMulD;
                if (op <= 0b1011) acc = ReadKind::VecIntAcc;
            } else {
                i.cls = S::VecAlu;
                if ((op == 0b0100 || op == 0b0110) && q) acc = V;  // ADDHN2/SUBHN2
            }
            two = true;
            break;
        }
        case Form::Simd2Misc: case Form::Simd2MiscScalar: i.cls = simd_2misc(w, q, scalar, acc); break;
        case Form::SimdAcross: i.cls = simd_across(w, q); break;
        case Form::SimdPairScalar:
            // ADDP (scalar) is WriteVd; FADDP/FMAXP.. 2S 5cyc_1V, 2D 9cyc_3V.
            i.cls = bits(w, 16, 12) == 0b11011 && !bit(w, 29) ? S::VecAlu : bit(w, 22) ? S::VecFpPairQ : S::VecFpD;
            break;
        case Form::SimdCopy: {
            unsigned imm4 = bits(w, 14, 11);
            bool op = bit(w, 29);
            if (op || imm4 == 0b0011) {  // INS (element), INS (general): the other lanes are kept
                i.cls = S::VecIns;
                acc = V;
                b.src(op ? B::v(rn) : B::x(rn), V);
                b.src(B::v(rd), V);
                b.dst(B::v(rd));
                return;
            }
            if (imm4 == 0b0101 || imm4 == 0b0111) {  // SMOV, UMOV
                i.cls = S::VecMovGpr;
                b.src(B::v(rn), V);
                b.dst(B::x(rd));
                return;
            }
            i.cls = imm4 == 0b0001 ? S::VecIns : S::VecAlu;  // DUP (general), DUP (element)
            b.src(imm4 == 0b0001 ? B::x(rn) : B::v(rn), V);
            b.dst(B::v(rd));
            return;
        }
        case Form::SimdCopyScalar: i.cls = S::VecIns; break;
        case Form::SimdModImm: {
            unsigned cmode = bits(w, 15, 12);
            i.cls = S::VecAlu;
            if ((cmode & 1) && cmode < 0b1100) b.src(B::v(rd), V);  // ORR/BIC (vector, immediate)
            b.dst(B::v(rd));
            return;
        }
        case Form::SimdShift: case Form::SimdShiftScalar: i.cls = simd_shift(w, q, scalar, acc); break;
        case Form::SimdPermute: {
            unsigned op = bits(w, 14, 12) & 3;  // 1 UZP, 2 TRN, 3 ZIP
            i.cls = op != 2 && q ? S::VecPermQ : S::VecAlu;
            two = true;
            break;
        }
        case Form::SimdExt: i.cls = S::VecAlu; two = true; break;
        case Form::SimdTbl: {
            unsigned len = bits(w, 14, 13);
            static constexpr S kTbl[2][4] = {{S::VecAlu, S::VTbl2D, S::VTbl3D, S::VTbl4D},
                                             {S::VecPermQ, S::VTbl2Q, S::VTbl3Q, S::VTbl4Q}};
            i.cls = kTbl[q][len];
            for (unsigned k = 0; k <= len; ++k) b.src(B::v(rn + k), V);
            b.src(B::v(rm), V);
            if (bit(w, 12)) b.src(B::v(rd), V);  // TBX keeps out-of-range lanes
            b.dst(B::v(rd));
            return;
        }
        case Form::SimdElem: case Form::SimdElemScalar: {
            i.cls = simd_elem(w, q, acc);
            bool h = bits(w, 23, 22) == 1 && bits(w, 15, 12) != 0b0001 && bits(w, 15, 12) != 0b0101 &&
                     bits(w, 15, 12) != 0b1001;  // 16-bit integer elements: Rm is V0-V15
            b.src(B::v(h ? rm & 15 : rm), V);
            break;
        }
        default: break;
    }
    b.src(B::v(rn), V);
    if (two) b.src(B::v(rm), V);
    if (acc != ReadKind::kCount) b.src(B::v(rd), acc);
    b.dst(B::v(rd));
}

}  // namespace

InsnInfo classify(const DecodedInsn& d) {
    InsnInfo i;
    if (d.row == kUnallocatedRow) return i;
    const auto& forms = forms_by_row();
    if (d.row >= forms.size()) return i;
    B b{i};
    uint32_t w = d.word;
    unsigned rd = bits(w, 4, 0), rn = bits(w, 9, 5), rm = bits(w, 20, 16), ra = bits(w, 14, 10);
    bool sf = bit(w, 31);
    using S = SchedClass;
    using F = Form;
    switch (forms[d.row]) {
        case F::Unknown: break;
        case F::AddSubImm: i.cls = S::Alu; b.src(B::xsp(rn)); b.dst(B::xsp(rd)); break;
        case F::AddSubImmS: i.cls = S::Alu; b.src(B::xsp(rn)); b.dst(B::x(rd)); b.flags_out(); break;
        case F::MoveWide: case F::Adr: i.cls = S::Alu; b.dst(B::x(rd)); break;
        case F::MoveK: i.cls = S::Alu; b.src(B::x(rd)); b.dst(B::x(rd)); break;
        case F::LogicImm: i.cls = S::Alu; b.src(B::x(rn)); b.dst(B::xsp(rd)); break;
        case F::LogicImmS: i.cls = S::Alu; b.src(B::x(rn)); b.dst(B::x(rd)); b.flags_out(); break;
        case F::Bitfield: i.cls = S::Bitfield; b.src(B::x(rn)); b.dst(B::x(rd)); break;
        case F::Bfm: i.cls = S::BitfieldIns; b.src(B::x(rn)); b.src(B::x(rd)); b.dst(B::x(rd)); break;
        case F::Extr:
            i.cls = sf ? S::Extr64 : S::Extr32;
            b.src(B::x(rn), ReadKind::ExtrHi); b.src(B::x(rm)); b.dst(B::x(rd));
            break;
        case F::LogicShift: case F::LogicShiftS: case F::AddSubShift: case F::AddSubShiftS: {
            // A non-zero shift makes it WriteISReg (LLVM's RegShiftedPred); the
            // shifted operand Rm is then read a cycle earlier on the A53.
            bool shifted = bits(w, 15, 10) != 0;
            i.cls = shifted ? S::AluShifted : S::Alu;
            b.src(B::x(rn));
            b.src(B::x(rm), shifted ? ReadKind::Shifted : ReadKind::Alu);
            b.dst(B::x(rd));
            auto f = forms[d.row];
            if (f == F::LogicShiftS || f == F::AddSubShiftS) b.flags_out();
            break;
        }
        case F::AddSubExt: case F::AddSubExtS: {
            // WriteIEReg always; RegExtendedPred (an extend other than a plain
            // LSL #0 of a 64-bit register) makes Rm a shifted read on the A53.
            unsigned option = bits(w, 15, 13), imm3 = bits(w, 12, 10);
            bool plain = (option == 3 || option == 7) && imm3 == 0;
            i.cls = S::AluShifted;
            b.src(B::xsp(rn));
            b.src(B::x(rm), plain ? ReadKind::Alu : ReadKind::Shifted);
            if (forms[d.row] == F::AddSubExtS) {
                b.dst(B::x(rd));
                b.flags_out();
            } else {
                b.dst(B::xsp(rd));
            }
            break;
        }
        case F::Carry: case F::CarryS:
            i.cls = S::Alu;
            b.src(B::x(rn)); b.src(B::x(rm)); b.flags_in(); b.dst(B::x(rd));
            if (forms[d.row] == F::CarryS) b.flags_out();
            break;
        case F::CondCmpReg: i.cls = S::Alu; b.src(B::x(rn)); b.src(B::x(rm)); b.flags_in(); b.flags_out(); break;
        case F::CondCmpImm: i.cls = S::Alu; b.src(B::x(rn)); b.flags_in(); b.flags_out(); break;
        case F::CondSel: i.cls = S::Alu; b.src(B::x(rn)); b.src(B::x(rm)); b.flags_in(); b.dst(B::x(rd)); break;
        case F::OneSrc: i.cls = S::Alu; b.src(B::x(rn)); b.dst(B::x(rd)); break;
        case F::Div:
            i.cls = sf ? S::Div64 : S::Div32;
            b.src(B::x(rn), ReadKind::DivOp); b.src(B::x(rm), ReadKind::DivOp); b.dst(B::x(rd));
            break;
        case F::VarShift: i.cls = S::Bitfield; b.src(B::x(rn)); b.src(B::x(rm)); b.dst(B::x(rd)); break;
        case F::Crc: i.cls = S::Crc; b.src(B::x(rn)); b.src(B::x(rm)); b.dst(B::x(rd)); break;
        case F::MulAdd: case F::MulAddLong:
            i.cls = (forms[d.row] == F::MulAdd && sf) ? S::Mul64 : S::Mul32;
            b.src(B::x(rn), ReadKind::MulOp); b.src(B::x(rm), ReadKind::MulOp);
            b.src(B::x(ra), ReadKind::MulAcc); b.dst(B::x(rd));
            break;
        case F::MulHigh:
            i.cls = S::MulHigh;
            b.src(B::x(rn), ReadKind::MulOp); b.src(B::x(rm), ReadKind::MulOp); b.dst(B::x(rd));
            break;
        case F::LoadLit:
            i.cls = S::Load; i.mem = Mem::Load; i.amode = AddrMode::Literal;
            i.bytes = bits(w, 31, 30) == 1 ? 8 : 4;
            b.dst(B::x(rd));
            break;
        case F::Prefetch: i.cls = S::Load; b.src(B::xsp(rn), ReadKind::Addr); break;  // a hint: no access modelled
        case F::LdStUimm: case F::LdStImm9: load_store(i, b, w, AddrMode::BaseImm, false); break;
        case F::LdStPost: load_store(i, b, w, AddrMode::Post, false); break;
        case F::LdStPre: load_store(i, b, w, AddrMode::Pre, false); break;
        case F::LdStReg: {
            unsigned option = bits(w, 15, 13);
            load_store(i, b, w, option == 2 ? AddrMode::RegUxtw : option == 6 ? AddrMode::RegSxtw : AddrMode::RegX, true);
            break;
        }
        case F::PairNoAlloc: case F::PairOff: pair(i, b, w, AddrMode::BaseImm); break;
        case F::PairPost: pair(i, b, w, AddrMode::Post); break;
        case F::PairPre: pair(i, b, w, AddrMode::Pre); break;
        case F::Stxr: case F::Stxp:
            i.cls = S::StoreExcl; i.mem = Mem::Store; i.amode = AddrMode::BaseImm; i.mem_barrier = true;
            i.bytes = forms[d.row] == F::Stxp ? (bit(w, 30) ? 16 : 8) : static_cast<uint8_t>(1u << bits(w, 31, 30));
            b.src(B::xsp(rn), ReadKind::Addr); b.src(B::x(rd), ReadKind::StoreData);
            if (forms[d.row] == F::Stxp) b.src(B::x(ra), ReadKind::StoreData);
            b.dst(B::x(rm));
            break;
        case F::Ldxr: case F::Ldar:
            i.cls = S::Load; i.mem = Mem::Load; i.amode = AddrMode::BaseImm; i.mem_barrier = true;
            i.bytes = static_cast<uint8_t>(1u << bits(w, 31, 30));
            b.src(B::xsp(rn), ReadKind::Addr); b.dst(B::x(rd));
            break;
        case F::Ldxp:
            i.cls = S::LoadPair; i.mem = Mem::Load; i.amode = AddrMode::BaseImm; i.mem_barrier = true;
            i.bytes = bit(w, 30) ? 16 : 8;
            b.src(B::xsp(rn), ReadKind::Addr); b.dst(B::x(rd)); b.dst(B::x(ra), DstLat::Second);
            break;
        case F::Stlr:
            i.cls = S::Store; i.mem = Mem::Store; i.amode = AddrMode::BaseImm; i.mem_barrier = true;
            i.bytes = static_cast<uint8_t>(1u << bits(w, 31, 30));
            b.src(B::xsp(rn), ReadKind::Addr); b.src(B::x(rd), ReadKind::StoreData);
            break;
        case F::Cas: case F::Casp: case F::LdOp:
            i.cls = S::Atomic; i.mem = Mem::Atomic; i.amode = AddrMode::BaseImm; i.mem_barrier = true;
            i.bytes = forms[d.row] == F::Casp ? (bit(w, 30) ? 16 : 8) : static_cast<uint8_t>(1u << bits(w, 31, 30));
            b.src(B::xsp(rn), ReadKind::Addr);
            b.src(B::x(rm), ReadKind::StoreData);
            if (forms[d.row] == F::LdOp) {
                b.dst(B::x(rd));
            } else {
                b.src(B::x(rd), ReadKind::StoreData);
                b.dst(B::x(rm));
                if (forms[d.row] == F::Casp) b.dst(B::x(rm + 1), DstLat::Second);
            }
            break;
        case F::B: i.cls = S::Branch; i.ctrl = Ctrl::Branch; break;
        case F::Bl: i.cls = S::BranchLink; i.ctrl = Ctrl::Call; b.dst(30); break;
        case F::BCond: i.cls = S::Branch; i.ctrl = Ctrl::CondBranch; b.flags_in(); break;
        case F::Cb: case F::Tb: i.cls = S::Branch; i.ctrl = Ctrl::CondBranch; b.src(B::x(rd)); break;
        case F::BranchReg: {
            unsigned opc = bits(w, 24, 21);
            b.src(B::x(rn));
            if (opc == 1) {
                i.cls = S::BranchLinkReg; i.ctrl = Ctrl::IndirectCall; b.dst(30);
            } else {
                i.cls = S::Branch; i.ctrl = opc == 2 ? Ctrl::Return : Ctrl::IndirectBranch;
            }
            break;
        }
        case F::Eret: i.ctrl = Ctrl::Eret; break;
        case F::Drps: case F::ExcGen: i.ctrl = Ctrl::ExceptionGen; break;
        case F::Hint: {
            unsigned op = bits(w, 11, 5);
            i.ctrl = op == 3 ? Ctrl::Wfi : op == 2 ? Ctrl::Wfe : Ctrl::Hint;
            i.mem_barrier = true;  // llvm-mca-14 marks hints as having side effects on memory
            break;
        }
        case F::Clrex: i.ctrl = Ctrl::Hint; i.mem_barrier = true; break;
        case F::Dsb: i.ctrl = Ctrl::Dsb; i.mem_barrier = true; break;
        case F::Dmb: i.ctrl = Ctrl::Dmb; i.mem_barrier = true; break;
        case F::Isb: i.ctrl = Ctrl::Isb; i.mem_barrier = true; break;
        case F::MsrImm: i.ctrl = Ctrl::MsrPstate; break;
        case F::Sys: i.ctrl = Ctrl::Sys; b.src(B::x(rd)); break;
        case F::Sysl: i.ctrl = Ctrl::Sys; b.dst(B::x(rd)); break;
        case F::MsrReg: i.ctrl = Ctrl::Msr; b.src(B::x(rd)); break;
        case F::Mrs: i.ctrl = Ctrl::Mrs; b.dst(B::x(rd)); break;
        case F::FpMove: case F::FpSqrt: case F::FpRound: case F::FpCompare: case F::FpCondCompare: case F::FpMul:
        case F::FpDiv: case F::FpArith: case F::FpCondSel: case F::FpMovImm: case F::FpMac: case F::FpToInt:
        case F::IntToFp: case F::FmovToGen: case F::FmovFromGen: case F::FmovTopFromGen:
            scalar_fp(i, b, w, forms[d.row]);
            break;
        case F::VLdLit:
            i.cls = S::VLoad; i.mem = Mem::Load; i.amode = AddrMode::Literal;
            i.bytes = static_cast<uint8_t>(4u << bits(w, 31, 30));
            b.dst(B::v(rd));
            break;
        case F::VLdStImm: case F::VLdStUnscaled: case F::VLdStPost: case F::VLdStPre: case F::VLdStReg:
            fp_load_store(i, b, w, forms[d.row]);
            break;
        case F::VPairOff: fp_pair(i, b, w, AddrMode::BaseImm); break;
        case F::VPairPost: fp_pair(i, b, w, AddrMode::Post); break;
        case F::VPairPre: fp_pair(i, b, w, AddrMode::Pre); break;
        case F::VMulti: case F::VMultiPost: simd_multi(i, b, w, forms[d.row] == F::VMultiPost); break;
        case F::VSingle: case F::VSinglePost: simd_single(i, b, w, forms[d.row] == F::VSinglePost); break;
        case F::Simd3Same: case F::Simd3SameScalar: case F::Simd3Diff: case F::Simd2Misc: case F::Simd2MiscScalar:
        case F::SimdAcross: case F::SimdPairScalar: case F::SimdCopy: case F::SimdCopyScalar: case F::SimdModImm:
        case F::SimdShift: case F::SimdShiftScalar: case F::SimdPermute: case F::SimdExt: case F::SimdTbl:
        case F::SimdElem: case F::SimdElemScalar:
            simd(i, b, w, forms[d.row]);
            break;
    }
    return i;
}

InsnInfo classify_word(uint32_t word) {
    DecodedInsn d;
    decode(word, d);
    return classify(d);
}

}  // namespace irqsim::cycles
