#include "diff/harness.hpp"

#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <stdexcept>

#include "cpu/decoder.hpp"
#include "cpu/disasm.hpp"
#include "irqsim/cpu.hpp"
#include "irqsim/memory.hpp"

namespace irqsim::diff {

// Rows whose mismatches are tolerated for now, each with its reason; a run
// prints how often each occurred. Remove an entry as soon as its row is fixed.
const std::vector<KnownMismatch>& known_mismatches() {
    static const std::vector<KnownMismatch> list = {};
    return list;
}

// --- irqsim ------------------------------------------------------------------
namespace {

// Stops the CPU at the first event and remembers what kind it was.
class DiffSystem final : public SystemInterface {
public:
    Outcome outcome = Outcome::Ran;
    uint64_t end_pc = 0;

    void supervisor_call(Cpu& c, uint16_t) override { event(c, Outcome::Other); }
    void hypervisor_call(Cpu& c, uint16_t) override { event(c, Outcome::Other); }
    void secure_monitor_call(Cpu& c, uint16_t) override { event(c, Outcome::Other); }
    void breakpoint(Cpu& c, uint16_t) override { event(c, Outcome::Other); }
    void halt(Cpu& c, uint16_t) override { event(c, Outcome::Other); }
    // The UDF after the sequence is its end, not a fault.
    void undefined(Cpu& c, uint32_t) override { event(c, c.pc == end_pc ? Outcome::Ran : Outcome::Undefined); }
    void abort(Cpu& c, AccessKind kind, uint64_t, bool alignment) override {
        if (kind == AccessKind::Fetch)
            event(c, alignment ? Outcome::PcAlignment : Outcome::FetchAbort);
        else
            event(c, alignment ? Outcome::AlignmentFault : Outcome::DataAbort);
    }
    void sp_alignment_fault(Cpu& c) override { event(c, Outcome::Other); }
    bool read_sysreg(Cpu&, uint32_t, uint64_t&) override { return false; }
    bool write_sysreg(Cpu&, uint32_t, uint64_t) override { return false; }
    bool write_pstate_field(Cpu&, uint32_t, uint32_t) override { return false; }
    bool system_instruction(Cpu&, uint32_t, uint64_t) override { return false; }
    void exception_return(Cpu& c) override { event(c, Outcome::Other); }
    void wait_for_interrupt(Cpu& c) override { event(c, Outcome::Other); }
    void wait_for_event(Cpu& c) override { event(c, Outcome::Other); }

private:
    void event(Cpu& c, Outcome o) {
        outcome = o;
        c.stop(StopReason::Halted);
    }
};

std::vector<uint32_t> words_of(const Sequence& seq) {
    std::vector<uint32_t> w;
    w.reserve(seq.code.size() + 1);
    for (const Slot& s : seq.code) w.push_back(s.word);
    w.push_back(kEndWord);
    return w;
}

}  // namespace

class IrqsimEngine {
public:
    IrqsimEngine() {
        bus_.map_ram(kCodeBase, kCodeSize, "code");
        bus_.map_ram(kDataBase, kDataSize, "data");
        cpu_.select_stack(ExceptionLevel::EL1, true);  // EL1h, as Unicorn starts
    }
    void load(const Sequence& seq, const std::vector<uint8_t>& data) {
        auto w = words_of(seq);
        bus_.copy_in(kSeqBase, w.data(), w.size() * 4);  // drops the decoded page
        bus_.copy_in(kDataBase, data.data(), data.size());
        for (unsigned i = 0; i < 31; ++i) cpu_.x[i] = seq.init.x[i];
        cpu_.x[31] = 0;
        cpu_.sp = seq.init.sp;
        cpu_.pc = seq.init.pc;
        cpu_.nzcv = seq.init.nzcv;
        cpu_.v = seq.init.v;
        cpu_.fpcr = seq.init.fpcr;
        cpu_.fpsr = seq.init.fpsr;
        cpu_.exclusive_valid = false;
        sys_.outcome = Outcome::Ran;
        sys_.end_pc = seq.end();
    }
    EngineResult run(uint64_t max_insns) {
        cpu_.run(max_insns);
        EngineResult r;
        for (unsigned i = 0; i < 31; ++i) r.state.x[i] = cpu_.x[i];
        r.state.sp = cpu_.sp;
        r.state.pc = cpu_.pc;
        r.state.nzcv = cpu_.nzcv;
        r.state.v = cpu_.v;
        r.state.fpcr = cpu_.fpcr;
        r.state.fpsr = cpu_.fpsr;
        r.outcome = sys_.outcome;
        return r;
    }
    const uint8_t* data_page(uint64_t offset) { return bus_.ram_ptr(kDataBase + offset); }

private:
    Bus bus_;
    DiffSystem sys_;
    Cpu cpu_{bus_, sys_};
};

// --- Unicorn -------------------------------------------------------------------
namespace {
// QEMU's exception numbers (target/arm/cpu.h), as Unicorn's interrupt hook
// reports them.
constexpr uint32_t kExcpUdef = 1, kExcpPrefetchAbort = 3, kExcpDataAbort = 4;
constexpr uint32_t kClrex = 0xd5033f5f;

void check_uc(uc_err e, const char* what) {
    if (e != UC_ERR_OK) throw std::runtime_error(fmt::format("unicorn: {}: {}", what, uc_strerror(e)));
}

int uc_x_reg(unsigned i) {
    if (i == 29) return UC_ARM64_REG_X29;
    if (i == 30) return UC_ARM64_REG_X30;
    return UC_ARM64_REG_X0 + static_cast<int>(i);
}
}  // namespace

class UnicornEngine {
public:
    UnicornEngine() {
        check_uc(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc_), "uc_open");
        // "max": the ARMv8.1 atomics (LSE) need it; the default Cortex-A72 lacks them.
        check_uc(uc_ctl_set_cpu_model(uc_, UC_CPU_ARM64_MAX), "set cpu model");
        check_uc(uc_mem_map(uc_, kCodeBase, kCodeSize, UC_PROT_ALL), "map code");
        data_ = static_cast<uint8_t*>(std::aligned_alloc(4096, kDataSize));
        check_uc(uc_mem_map_ptr(uc_, kDataBase, kDataSize, UC_PROT_ALL, data_), "map data");
        check_uc(uc_hook_add(uc_, &hook_, UC_HOOK_INTR, reinterpret_cast<void*>(&on_interrupt), this, 1, 0),
                 "hook");
        for (unsigned i = 0; i < 31; ++i) regs_[i] = uc_x_reg(i);
        regs_[31] = UC_ARM64_REG_SP;
        regs_[32] = UC_ARM64_REG_PC;
        regs_[33] = UC_ARM64_REG_NZCV;
    }
    ~UnicornEngine() {
        uc_close(uc_);
        std::free(data_);
    }
    void load(const Sequence& seq, const std::vector<uint8_t>& data) {
        auto w = words_of(seq);
        w.insert(w.begin(), kClrex);
        check_uc(uc_mem_write(uc_, kSeqBase - 4, w.data(), w.size() * 4), "write code");
        check_uc(uc_ctl_remove_cache(uc_, kSeqBase - 4, kSeqBase + 4 * w.size()), "drop translations");
        std::memcpy(data_, data.data(), kDataSize);
        // Clear QEMU's exclusive monitor (irqsim's is cleared directly).
        check_uc(uc_emu_start(uc_, kSeqBase - 4, kSeqBase, 0, 1), "clrex");
        uint64_t v[34];
        for (unsigned i = 0; i < 31; ++i) v[i] = seq.init.x[i];
        v[31] = seq.init.sp;
        v[32] = seq.init.pc;
        v[33] = seq.init.nzcv;
        void* p[34];
        for (unsigned i = 0; i < 34; ++i) p[i] = &v[i];
        check_uc(uc_reg_write_batch(uc_, regs_, p, 34), "write registers");
        // Q registers as two 64-bit halves, low first; FPCR/FPSR as 32 bits
        // (Unicorn's arm64 reg_write).
        for (unsigned i = 0; i < 32; ++i) {
            auto q = seq.init.v[i];
            check_uc(uc_reg_write(uc_, UC_ARM64_REG_Q0 + static_cast<int>(i), q.data()), "write Q");
        }
        uint32_t fpcr = static_cast<uint32_t>(seq.init.fpcr), fpsr = static_cast<uint32_t>(seq.init.fpsr);
        check_uc(uc_reg_write(uc_, UC_ARM64_REG_FPCR, &fpcr), "write FPCR");
        check_uc(uc_reg_write(uc_, UC_ARM64_REG_FPSR, &fpsr), "write FPSR");
        end_ = seq.end();
    }
    EngineResult run(uint64_t max_insns) {
        uint64_t pc;
        uc_reg_read(uc_, UC_ARM64_REG_PC, &pc);
        intno_ = -1;
        uc_err err = uc_emu_start(uc_, pc, end_, 0, max_insns);
        EngineResult r;
        uint64_t v[34] = {};
        void* p[34];
        for (unsigned i = 0; i < 34; ++i) p[i] = &v[i];
        check_uc(uc_reg_read_batch(uc_, regs_, p, 34), "read registers");
        for (unsigned i = 0; i < 31; ++i) r.state.x[i] = v[i];
        r.state.sp = v[31];
        r.state.pc = v[32];
        r.state.nzcv = static_cast<uint32_t>(v[33]) & 0xf0000000u;
        for (unsigned i = 0; i < 32; ++i)
            check_uc(uc_reg_read(uc_, UC_ARM64_REG_Q0 + static_cast<int>(i), r.state.v[i].data()), "read Q");
        uint32_t fpcr = 0, fpsr = 0;
        check_uc(uc_reg_read(uc_, UC_ARM64_REG_FPCR, &fpcr), "read FPCR");
        check_uc(uc_reg_read(uc_, UC_ARM64_REG_FPSR, &fpsr), "read FPSR");
        r.state.fpcr = fpcr;
        r.state.fpsr = fpsr;
        if (err == UC_ERR_READ_UNMAPPED || err == UC_ERR_WRITE_UNMAPPED)
            r.outcome = Outcome::DataAbort;
        else if (err == UC_ERR_FETCH_UNMAPPED)
            r.outcome = Outcome::FetchAbort;
        else if (err != UC_ERR_OK)
            r.outcome = Outcome::Other;
        else if (intno_ == static_cast<int>(kExcpUdef))
            // QEMU raises a misaligned PC as EXCP_UDEF with the PC-alignment syndrome.
            r.outcome = (r.state.pc & 3) ? Outcome::PcAlignment : Outcome::Undefined;
        else if (intno_ == static_cast<int>(kExcpDataAbort))
            r.outcome = Outcome::AlignmentFault;  // no MMU: the only data abort QEMU raises here
        else if (intno_ == static_cast<int>(kExcpPrefetchAbort))
            r.outcome = Outcome::FetchAbort;
        else if (intno_ >= 0)
            r.outcome = Outcome::Other;
        return r;
    }
    const uint8_t* data_page(uint64_t offset) { return data_ + offset; }

private:
    static void on_interrupt(uc_engine* uc, uint32_t intno, void* self) {
        static_cast<UnicornEngine*>(self)->intno_ = static_cast<int>(intno);
        uc_emu_stop(uc);
    }
    uc_engine* uc_ = nullptr;
    uc_hook hook_ = 0;
    uint8_t* data_ = nullptr;
    int regs_[34];
    int intno_ = -1;
    uint64_t end_ = 0;
};

// --- comparison and reports ----------------------------------------------------
namespace {

bool same_memory(IrqsimEngine& a, UnicornEngine& b) {
    for (uint64_t off = 0; off < kDataSize; off += Bus::kPageSize)
        if (std::memcmp(a.data_page(off), b.data_page(off), Bus::kPageSize) != 0) return false;
    return true;
}

std::string memory_diff(IrqsimEngine& a, UnicornEngine& b, const std::vector<uint8_t>& before) {
    std::string s;
    unsigned shown = 0;
    for (uint64_t off = 0; off < kDataSize && shown < 8; off += 8) {
        uint64_t va, vb, v0;
        std::memcpy(&va, a.data_page(off & ~Bus::kPageMask) + (off & Bus::kPageMask), 8);
        std::memcpy(&vb, b.data_page(off & ~Bus::kPageMask) + (off & Bus::kPageMask), 8);
        std::memcpy(&v0, before.data() + off, 8);
        if (va == vb) continue;
        s += fmt::format("    mem[{:#x}] irqsim {:016x}  unicorn {:016x}  (initially {:016x})\n", kDataBase + off, va,
                         vb, v0);
        ++shown;
    }
    return s;
}

std::string state_diff(const EngineResult& a, const EngineResult& b) {
    std::string s;
    auto line = [&](const std::string& name, uint64_t va, uint64_t vb) {
        if (va != vb) s += fmt::format("    {:<5} irqsim {:#018x}  unicorn {:#018x}\n", name, va, vb);
    };
    for (unsigned i = 0; i < 31; ++i) line(fmt::format("x{}", i), a.state.x[i], b.state.x[i]);
    line("sp", a.state.sp, b.state.sp);
    line("pc", a.state.pc, b.state.pc);
    line("nzcv", a.state.nzcv, b.state.nzcv);
    for (unsigned i = 0; i < 32; ++i)
        if (a.state.v[i] != b.state.v[i])
            s += fmt::format("    q{:<4} irqsim {:016x}:{:016x}  unicorn {:016x}:{:016x}\n", i, a.state.v[i][1],
                             a.state.v[i][0], b.state.v[i][1], b.state.v[i][0]);
    line("fpcr", a.state.fpcr, b.state.fpcr);
    line("fpsr", a.state.fpsr, b.state.fpsr);
    if (a.outcome != b.outcome)
        s += fmt::format("    ended irqsim {}  unicorn {}\n", outcome_name(a.outcome), outcome_name(b.outcome));
    return s;
}

std::string state_text(const ArchState& st) {
    std::string s;
    for (unsigned i = 0; i < 31; ++i)
        s += fmt::format("{}x{:<2} {:016x}", i % 4 == 0 ? "    " : "  ", i, st.x[i]) + (i % 4 == 3 ? "\n" : "");
    s += fmt::format("  sp  {:016x}\n    pc {:#x}  nzcv {:x}  fpcr {:08x}  fpsr {:08x}\n", st.sp, st.pc, st.nzcv >> 28,
                     st.fpcr, st.fpsr);
    for (unsigned i = 0; i < 32; ++i)
        s += fmt::format("{}q{:<2} {:016x}:{:016x}", i % 2 == 0 ? "    " : "  ", i, st.v[i][1], st.v[i][0]) +
             (i % 2 == 1 ? "\n" : "");
    return s;
}

}  // namespace

Differ::Differ(uint64_t seed)
    : gen_(seed), irqsim_(std::make_unique<IrqsimEngine>()), unicorn_(std::make_unique<UnicornEngine>()) {}
Differ::~Differ() = default;

std::string Differ::describe(const Sequence& seq) const {
    auto table = decode_table();
    std::string s;
    for (size_t i = 0; i < seq.code.size(); ++i) {
        const Slot& sl = seq.code[i];
        uint64_t addr = kSeqBase + 4 * i;
        const char* name = sl.row == kUnallocatedRow ? "?" : table[sl.row].name;
        s += fmt::format("    {:#x}: {:08x}  {:<12} {}{}\n", addr, sl.word, name, disassemble(sl.word, addr),
                         sl.setup ? "   (setup)" : "");
    }
    s += fmt::format("    {:#x}: {:08x}  (end: UDF)\n", seq.end(), kEndWord);
    s += "  initial state:\n" + state_text(seq.init);
    return s;
}

std::optional<std::string> Differ::check(const Sequence& seq, uint16_t* culprit_row, EngineResult* irqsim_out) {
    const auto& data = gen_.pristine_data();
    irqsim_->load(seq, data);
    unicorn_->load(seq, data);
    EngineResult a = irqsim_->run(seq.max_insns);
    EngineResult b = unicorn_->run(seq.max_insns);
    if (irqsim_out) *irqsim_out = a;
    if (culprit_row) *culprit_row = kUnallocatedRow;
    if (a.state == b.state && a.outcome == b.outcome && same_memory(*irqsim_, *unicorn_)) return std::nullopt;
    return diagnose(seq, a, b, culprit_row);
}

std::string Differ::diagnose(const Sequence& seq, const EngineResult& a, const EngineResult& b,
                             uint16_t* culprit_row) {
    auto table = decode_table();
    const auto& data = gen_.pristine_data();
    std::string s = fmt::format("MISMATCH seed {} index {} (reproduce: unicorn_diff --seed {} --index {})\n", seq.seed,
                                seq.index, seq.seed, seq.index);
    std::string full = "  the whole run, irqsim vs unicorn:\n" + state_diff(a, b) + memory_diff(*irqsim_, *unicorn_, data);
    // Step both engines from the start to find the first instruction whose
    // effects differ.
    irqsim_->load(seq, data);
    unicorn_->load(seq, data);
    EngineResult before{seq.init, Outcome::Ran};
    std::string found;
    for (uint64_t step = 0; step < seq.max_insns; ++step) {
        uint64_t pc = before.state.pc;
        EngineResult sa = irqsim_->run(1);
        EngineResult sb = unicorn_->run(1);
        if (!(sa.state == sb.state && sa.outcome == sb.outcome && same_memory(*irqsim_, *unicorn_))) {
            uint64_t i = (pc - kSeqBase) / 4;
            if (pc >= kSeqBase && i < seq.code.size()) {
                const Slot& sl = seq.code[i];
                if (culprit_row) *culprit_row = sl.row;
                found = fmt::format("  first divergence at step {}, {:#x}: {:08x} {} \"{}\": {}\n", step, pc, sl.word,
                                    sl.row == kUnallocatedRow ? "?" : table[sl.row].name,
                                    sl.row == kUnallocatedRow ? "" : table[sl.row].title, disassemble(sl.word, pc));
            } else {
                found = fmt::format("  first divergence at step {}, pc {:#x} (outside the sequence)\n", step, pc);
            }
            found += "  state before it (both agree):\n" + state_text(before.state);
            found += "  after it, irqsim vs unicorn:\n" + state_diff(sa, sb) + memory_diff(*irqsim_, *unicorn_, data);
            break;
        }
        before = sa;
        if (sa.outcome != Outcome::Ran || sa.state.pc == seq.end()) break;
    }
    if (found.empty()) found = "  no single step differs: the engines disagree only when the sequence runs as a block\n";
    return s + found + "  sequence:\n" + describe(seq) + full;
}

EngineResult Differ::run_single(uint32_t word, uint64_t seed_index, EngineResult* irqsim_out) {
    Sequence seq = gen_.make(seed_index);  // for a random initial state
    seq.code.assign(1, Slot{word, kUnallocatedRow, false});
    seq.max_insns = 2;
    const auto& data = gen_.pristine_data();
    irqsim_->load(seq, data);
    unicorn_->load(seq, data);
    *irqsim_out = irqsim_->run(seq.max_insns);
    return unicorn_->run(seq.max_insns);
}

// --- the suite -------------------------------------------------------------------
SuiteResult run_suite(const SuiteOptions& opt) {
    Differ d(opt.seed);
    const Generator& gen = d.generator();
    auto table = decode_table();
    SuiteResult r;
    r.row_hits.assign(table.size(), 0);
    r.table_rows = table.size();
    r.eligible_rows = gen.eligible_rows().size();
    for (uint64_t i = opt.first; i < opt.first + opt.count; ++i) {
        Sequence seq = gen.make(i);
        for (const Slot& sl : seq.code) {
            DiffClass c = sl.setup ? DiffClass::Setup : gen.class_of_row(sl.row);
            ++r.by_class[static_cast<size_t>(c)];
            if (!sl.setup) ++r.row_hits[sl.row], ++r.insns;
        }
        uint16_t culprit = kUnallocatedRow;
        EngineResult ir;
        auto rep = d.check(seq, &culprit, &ir);
        ++r.sequences;
        ++r.outcomes[ir.outcome];
        if (opt.verbose) std::printf("sequence %llu (%s):\n%s", static_cast<unsigned long long>(i),
                                     outcome_name(ir.outcome), d.describe(seq).c_str());
        if (!rep) continue;
        const KnownMismatch* known = nullptr;
        if (culprit != kUnallocatedRow)
            for (const auto& k : known_mismatches())
                if (std::strcmp(k.row, table[culprit].name) == 0) known = &k;
        if (known) {
            ++r.known_hits[known->row];
        } else {
            ++r.mismatches;
            if (r.reports.size() < opt.max_reports) r.reports.push_back(*rep);
        }
    }
    for (uint16_t row : gen.eligible_rows())
        if (r.row_hits[row] == 0) r.unexercised.push_back(row);
    if (opt.rejected_per_row) {
        std::mt19937_64 rng(opt.seed ^ 0x7e7ec7edull);
        for (uint16_t row : gen.eligible_rows()) {
            const InsnRow& t = table[row];
            RejectedWords& rw = r.rejected[row];
            for (unsigned tries = 0; tries < 64 * opt.rejected_per_row && rw.checked < opt.rejected_per_row; ++tries) {
                uint32_t w = (static_cast<uint32_t>(rng()) & ~t.mask) | t.value;
                DecodedInsn dec;
                decode(w, dec);
                if (find_row(w) != row || dec.row != kUnallocatedRow) continue;
                EngineResult ir;
                EngineResult ur = d.run_single(w, rng(), &ir);
                ++rw.checked;
                if (ur.outcome == Outcome::Undefined) {
                    ++rw.unicorn_undefined;
                } else if (!rw.example) {
                    rw.example = w;
                    rw.unicorn_outcome = outcome_name(ur.outcome);
                }
            }
            if (!rw.checked) r.rejected.erase(row);
        }
    }
    return r;
}

std::string SuiteResult::summary() const {
    std::string s = fmt::format("unicorn diff: {} sequences, {} instructions (", sequences, insns);
    for (size_t c = 0; c < by_class.size(); ++c)
        s += fmt::format("{}{} {}", c ? ", " : "", class_name(static_cast<DiffClass>(c)), by_class[c]);
    s += "); ended:";
    for (const auto& [o, n] : outcomes) s += fmt::format(" {} {}", outcome_name(o), n);
    s += fmt::format("; rows {}/{}; mismatches {}", eligible_rows - unexercised.size(), eligible_rows, mismatches);
    uint64_t known = 0;
    for (const auto& [_, n] : known_hits) known += n;
    if (!known_mismatches().empty()) s += fmt::format(" (+{} in known rows)", known);
    return s;
}

std::string SuiteResult::rejected_report() const {
    auto table = decode_table();
    uint64_t checked = 0, executed = 0;
    std::string rows;
    for (const auto& [row, rw] : rejected) {
        checked += rw.checked;
        if (rw.unicorn_undefined == rw.checked) continue;
        executed += rw.checked - rw.unicorn_undefined;
        rows += fmt::format("\n  {} (\"{}\"): {} of {}, e.g. {:08x} {} ({} in Unicorn)", table[row].name, table[row].title,
                            rw.checked - rw.unicorn_undefined, rw.checked, rw.example,
                            disassemble(rw.example, kSeqBase), rw.unicorn_outcome);
    }
    return fmt::format("words a row's decode rejects: {} tried in {} rows, Unicorn executes {}{}", checked,
                       rejected.size(), executed, rows.empty() ? "" : ":" + rows);
}

std::string SuiteResult::coverage() const {
    auto table = decode_table();
    std::string s = fmt::format("rows exercised: {} of {} eligible ({} in the table; the other {} are system rows)",
                                eligible_rows - unexercised.size(), eligible_rows, table_rows,
                                table_rows - eligible_rows);
    if (!unexercised.empty()) {
        s += "; never exercised:";
        for (uint16_t row : unexercised) s += fmt::format(" {}", table[row].name);
    }
    for (const auto& k : known_mismatches()) {
        auto it = known_hits.find(k.row);
        s += fmt::format("\nknown mismatch {}: {} sequences ({})", k.row, it == known_hits.end() ? 0 : it->second,
                         k.reason);
    }
    return s;
}

}  // namespace irqsim::diff
