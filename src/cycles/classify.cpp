// Instruction word -> InsnInfo. The operand roles per row are written from
// the Arm ARM's pseudocode (which fields are read, which written, where 31
// means SP and where XZR); the class choice follows the LLVM SchedWrite that
// LLVM 14 assigns to the same instruction (core_model.hpp).
#include "cycles/classify.hpp"

#include <array>
#include <cstring>
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
    void src(uint8_t r, ReadKind k = ReadKind::Alu) {
        if (r == kNoReg || i.nsrc == 5) return;
        i.src[i.nsrc] = r;
        i.src_kind[i.nsrc++] = k;
    }
    void dst(uint8_t r, DstLat l = DstLat::Main) {
        if (r == kNoReg || i.ndst == 4) return;
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
    }
    return i;
}

InsnInfo classify_word(uint32_t word) {
    DecodedInsn d;
    decode(word, d);
    return classify(d);
}

}  // namespace irqsim::cycles
