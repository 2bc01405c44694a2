// The run loop and the predecoded page cache. Each 4 KiB page of code is
// decoded lazily, one instruction at a time, into an array of DecodedInsn; the
// loop walks that array until an instruction transfers control, the page
// ends, or the budget runs out. Stores to a page holding decoded code come
// through the bus's slow path, which marks the page stale here.
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "cpu/exec.hpp"
#include "cpu/observed_run.hpp"

namespace irqsim {

namespace {
constexpr unsigned kInsnsPerPage = Bus::kPageSize / 4;
bool exec_decode_stub(Cpu& c, const DecodedInsn& d);
bool exec_hooked(Cpu& c, const DecodedInsn& d);
bool exec_fp_trap(Cpu& c, const DecodedInsn& d);

// --- the lazy PC (Cpu::sync) --------------------------------------------------
// The exec functions noted as written for it (src/cpu/exec.hpp), filled
// before main and only read after; and the others, by the index a page slot
// that holds one keeps in DecodedInsn::unsynced, behind exec_sync_first.
// Decoding runs on every simulation's thread (compare --jobs): the index is
// handed out under a lock, and an entry is written before its index is.
struct LazyPc {
    std::unordered_set<ExecFn> noted;
    std::mutex lock;
    std::unordered_map<ExecFn, uint16_t> index;
};
LazyPc& lazy_pc() {
    static LazyPc r;
    return r;
}
constexpr size_t kMaxUnsynced = size_t{1} << 16;
ExecFn unsynced_fns[kMaxUnsynced];  // [0] unused

bool exec_sync_first(Cpu& c, const DecodedInsn& d) {
    c.sync();
    return unsynced_fns[d.unsynced](c, d);
}
// A decoded page slot: its exec function behind the trampoline unless noted.
void sync_first_unless_lazy(DecodedInsn& slot) {
    LazyPc& r = lazy_pc();
    if (r.noted.count(slot.exec)) return;
    std::lock_guard<std::mutex> g(r.lock);
    auto [it, added] = r.index.try_emplace(slot.exec, static_cast<uint16_t>(r.index.size() + 1));
    if (added) {
        if (it->second == 0) std::abort();  // more than 65535 distinct exec functions
        unsynced_fns[it->second] = slot.exec;
    }
    slot.unsynced = it->second;
    slot.exec = exec_sync_first;
}
}  // namespace

void note_lazy_pc_exec(ExecFn f) { lazy_pc().noted.insert(f); }

struct ExecAccess {
    static DecodeCache& cache(Cpu& c) { return *c.cache_; }
    // The rest of this block runs one slot per loop iteration, unchained.
    static void unchain(Cpu& c) { c.chain_end_ = 0; }
};

class DecodeCache final : public CodeWriteListener {
public:
    struct Page {
        uint64_t base = 0;
        bool stale = false;
        bool has_fp = false;  // holds a decoded SIMD&FP instruction (see finish())
        DecodedInsn insns[kInsnsPerPage];
        void reset() {
            stale = has_fp = false;
            // Not yet decoded: row says so, for observers that look before running it.
            for (auto& d : insns) d = DecodedInsn{.exec = exec_decode_stub, .row = kUnallocatedRow};
        }
    };

    explicit DecodeCache(Bus& bus) : bus_(bus) { bus_.add_code_listener(this); }
    ~DecodeCache() override { bus_.remove_code_listener(this); }

    // The page holding `pc`, or nullptr if no RAM is there.
    Page* lookup(uint64_t pc) {
        uint64_t base = pc & ~Bus::kPageMask;
        if (last_ && last_->base == base && !last_->stale) [[likely]]
            return last_;
        auto it = pages_.find(base);
        Page* p;
        if (it == pages_.end()) {
            if (!bus_.ram_ptr(base)) return nullptr;
            auto np = std::make_unique<Page>();
            np->base = base;
            np->reset();
            p = np.get();
            pages_.emplace(base, std::move(np));
            bus_.mark_code_page(base);
        } else {
            p = it->second.get();
            if (p->stale) {
                if (!bus_.ram_ptr(base)) return nullptr;
                p->reset();
                bus_.mark_code_page(base);
            }
        }
        last_ = p;
        return p;
    }

    void code_page_written(uint64_t page_addr) override {
        // Never free a page here: an exec function of that page may still be
        // running. Mark it; lookup() re-decodes it.
        if (page_addr == ~uint64_t{0}) {
            for (auto& [_, p] : pages_) p->stale = true;
        } else if (auto it = pages_.find(page_addr); it != pages_.end()) {
            it->second->stale = true;
        }
        if (owner_) owner_->end_block();
    }
    void invalidate_all() { code_page_written(~uint64_t{0}); }
    // CPACR_EL1.FPEN now traps, or no longer traps, at the current EL: only
    // the pages holding SIMD&FP instructions decoded the other way.
    void fp_trap_changed() {
        for (auto& [_, p] : pages_)
            if (p->has_fp) p->stale = true;
        if (owner_) owner_->end_block();
    }
    void set_owner(Cpu* c) { owner_ = c; }

    // --- PC hooks -----------------------------------------------------------
    struct HookedSlot {
        DecodedInsn original;
        std::vector<std::pair<int, Cpu::PcHook>> hooks;
    };
    int add_hook(uint64_t pc, Cpu::PcHook fn) {
        auto& slot = hooks_[pc];
        if (!slot) slot = std::make_unique<HookedSlot>();
        slot->hooks.emplace_back(next_hook_id_, std::move(fn));
        code_page_written(pc & ~Bus::kPageMask);  // re-decode with the hook in place
        return next_hook_id_++;
    }
    void remove_hook(int id) {
        for (auto it = hooks_.begin(); it != hooks_.end(); ++it) {
            std::erase_if(it->second->hooks, [id](const auto& h) { return h.first == id; });
            if (it->second->hooks.empty()) {
                code_page_written(it->first & ~Bus::kPageMask);
                hooks_.erase(it);
                return;
            }
        }
    }
    // Called once a slot is decoded. A SIMD&FP instruction becomes the FPEN
    // trap while CPACR_EL1 disables it (an encoding that decodes as
    // unallocated stays UNDEFINED: decode comes first in the Arm ARM's
    // pseudocode); an exec function not written for the lazy PC gets the
    // trampoline that syncs it; a hooked PC is wrapped.
    void finish(Cpu& c, uint64_t pc, DecodedInsn& slot) {
        if (slot.row != kUnallocatedRow && is_fp_class(decode_table()[slot.row].cls)) {
            uint64_t base = pc & ~Bus::kPageMask;
            if (last_ && last_->base == base) {
                last_->has_fp = true;
            } else if (auto it = pages_.find(base); it != pages_.end()) {
                it->second->has_fp = true;
            }
            if (c.fp_trapped()) slot.exec = exec_fp_trap;
        }
        if (!hooked_near(pc)) maybe_counted_loop(pc, slot);
        sync_first_unless_lazy(slot);
        wrap_if_hooked(pc, slot);
    }

private:
    static bool is_fp_class(InsnClass k) {
        return k == InsnClass::FpLoadStore || k == InsnClass::FpData || k == InsnClass::Simd;
    }
    // A hook on any of the loop's instructions must see each pass, and the
    // loop head's exec reads the slots after it, which a hooked slot's copy
    // does not have.
    bool hooked_near(uint64_t pc) const {
        if (hooks_.empty()) return false;
        for (uint64_t a = pc; a < pc + 12; a += 4)
            if (hooks_.count(a)) return true;
        return false;
    }
    void maybe_counted_loop(uint64_t pc, DecodedInsn& slot) {
        if (!counted_loop_may_start(slot.word)) return;  // the cheap test before the fetch of two more words
        uint32_t next[2] = {0, 0};
        uint64_t in_page = (Bus::kPageSize - (pc & Bus::kPageMask)) / 4 - 1;  // slots after pc in its page
        if (in_page == 0 || !bus_.copy_out(pc + 4, next, 4 * std::min<uint64_t>(in_page, 2))) return;
        if (ExecFn f = counted_loop_exec(slot.word, next[0], next[1])) slot.exec = f;
    }
    void wrap_if_hooked(uint64_t pc, DecodedInsn& slot) {
        if (hooks_.empty()) return;
        auto it = hooks_.find(pc);
        if (it == hooks_.end()) return;
        it->second->original = slot;
        slot.exec = exec_hooked;
    }

public:
    HookedSlot* hooked(uint64_t pc) {
        auto it = hooks_.find(pc);
        return it == hooks_.end() ? nullptr : it->second.get();
    }
    uint64_t stopped_at = ~uint64_t{0};  // a hook stopped here: skip hooks once

private:
    std::unordered_map<uint64_t, std::unique_ptr<HookedSlot>> hooks_;
    int next_hook_id_ = 1;
    Bus& bus_;
    Cpu* owner_ = nullptr;
    Page* last_ = nullptr;
    std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
};

namespace {
// First execution of a page slot: fetch the word, decode it in place, run it.
bool exec_decode_stub(Cpu& c, const DecodedInsn& d) {
    c.sync();
    uint32_t word = 0;
    // A fetch, not a load: copy_out, which debug watches on loads do not see
    // (lookup() made the page only where RAM is).
    if (!c.bus().copy_out(c.pc, &word, 4)) {
        c.system().abort(c, AccessKind::Fetch, c.pc, false);
        return kJump;
    }
    auto& slot = const_cast<DecodedInsn&>(d);
    decode(word, slot);
    ExecAccess::cache(c).finish(c, c.pc, slot);
    return slot.exec(c, slot);
}

bool exec_hooked(Cpu& c, const DecodedInsn& d) {
    c.sync();
    DecodeCache& cache = ExecAccess::cache(c);
    DecodeCache::HookedSlot* h = cache.hooked(c.pc);
    if (!h) {  // the hook went away while this block still held the slot
        auto& slot = const_cast<DecodedInsn&>(d);
        decode(d.word, slot);
        cache.finish(c, c.pc, slot);
        return slot.exec(c, slot);
    }
    if (cache.stopped_at == c.pc) {
        cache.stopped_at = ~uint64_t{0};
    } else {
        // Every hook sees the instruction once, whichever of them stops it.
        bool stop = false;
        for (auto& [id, fn] : h->hooks) stop |= fn(c) == Cpu::HookAction::Stop;
        if (stop) {
            cache.stopped_at = c.pc;
            c.stop(StopReason::Breakpoint);
            return kJump;
        }
    }
    // The original is a copy, not in the page: a threaded exec function must
    // not take the slot after it for the next instruction.
    ExecAccess::unchain(c);
    return h->original.exec(c, h->original);
}

bool exec_fp_trap(Cpu& c, const DecodedInsn& d) {
    c.system().fp_access_trap(c, d.word);
    return kJump;
}
}  // namespace

Cpu::Cpu(Bus& bus, SystemInterface& sys, unsigned index)
    : bus_(bus), sys_(sys), index_(index), cache_(std::make_unique<DecodeCache>(bus)) {
    cache_->set_owner(this);
}
Cpu::~Cpu() = default;

void Cpu::invalidate_decode_cache() { cache_->invalidate_all(); }
int Cpu::add_pc_hook(uint64_t pc, PcHook fn) { return cache_->add_hook(pc, std::move(fn)); }
void Cpu::remove_pc_hook(int id) { cache_->remove_hook(id); }

StopReason Cpu::run(uint64_t max_insns) {
    stop_requested_ = false;
    stop_reason_ = StopReason::Budget;
    run_done_ = 0;
    run_budget_ = max_insns;
    uint64_t done = 0;
    while (done < max_insns && !stop_requested_) {
        if (pc & 3) [[unlikely]] {
            sys_.pc_alignment_fault(*this, pc);
            continue;
        }
        DecodeCache::Page* page = cache_->lookup(pc);
        if (!page) [[unlikely]] {
            sys_.abort(*this, AccessKind::Fetch, pc, false);
            continue;
        }
        const DecodedInsn* d = &page->insns[(pc & Bus::kPageMask) >> 2];
        if (observed_) [[unlikely]] {
            run_observed(d, max_insns);
            done = run_done_;
            continue;
        }
        const DecodedInsn* page_end = &page->insns[kInsnsPerPage];
        for (;;) {
            // One bound for the page's end and the budget's; end_block()
            // lowers it to 0, so the loop tests a single compare per
            // instruction.
            uint64_t left = max_insns - done;
            block_end_ = chain_end_ =
                reinterpret_cast<uintptr_t>(static_cast<uint64_t>(page_end - d) > left ? d + left : page_end);
            for (;;) {
                // The count an instruction sees (instructions_retired_in_run)
                // is stored, not re-read: nothing but this loop, sync(),
                // chain_branch() and retire_as() change it. The PC and the
                // count are exact here, at the chain's first slot; whatever
                // ends the chain syncs them to its last.
                run_done_ = done;
                slot_ = anchor_ = reinterpret_cast<uintptr_t>(d);
                branch_chains_left_ = kBranchChains;
                bool jumped = d->exec(*this, *d);
                // This slot and those a threaded exec function chained to
                // (or retire_as() counted).
                done = run_done_ + 1;
                if (jumped) break;
                pc += 4;
                // The chain may have branched within the page: the next
                // slot is the PC's. The block ends as the chain would.
                if (block_end_ == 0 || done >= max_insns || (pc & Bus::kPageMask) == 0) break;
                d = &page->insns[(pc & Bus::kPageMask) >> 2];
            }
            // A branch to an aligned PC in this same page (a loop) chains on
            // without the page lookup, unless the instruction ended the block
            // (stop, exit request, code written: block_end_ is 0), the budget
            // is spent or an observer was attached. The page's end and the
            // budget's also land here, and fail the same tests.
            if (block_end_ == 0 || done >= max_insns || observed_ ||
                ((pc - page->base) & ~(Bus::kPageMask & ~uint64_t{3})) != 0)
                break;
            d = &page->insns[(pc & Bus::kPageMask) >> 2];
        }
        chain_end_ = 0;
        run_done_ = done;
        slot_ = anchor_ = 0;
    }
    // A hook or a debugger's watchpoint stopped the last instruction before
    // it ran (it runs on the next run()): not retired. Counted once here, not
    // in the loop, so the loop pays nothing for it.
    if (stop_reason_ == StopReason::Breakpoint) --run_done_;
    retired_ += run_done_;
    run_done_ = 0;
    return stop_reason_;
}

// The observed path, a block at a time (src/cpu/observed_run.hpp): the cycle
// observer runs it with its own before() and after() inlined; the
// instruction observer alone needs no cost model.
namespace {
struct NoCycleObserver {
    void before(Cpu&, const DecodedInsn&) {}
    bool after(Cpu&, const DecodedInsn&, uint64_t) { return true; }
};
}  // namespace

void Cpu::run_observed(const DecodedInsn* d, uint64_t max_insns) {
    if (cycle_observer_)
        cycle_observer_->execute_block(*this, d, max_insns);
    else
        run_observed_block<NoCycleObserver>(nullptr, d, max_insns);
}

bool Cpu::decode_for_observer(const DecodedInsn& d) {
    if (d.exec != exec_decode_stub) return true;
    uint32_t word = 0;
    if (bus_.read<uint32_t>(pc, word) != BusStatus::Ok) return false;
    auto& slot = const_cast<DecodedInsn&>(d);
    decode(word, slot);
    cache_->finish(*this, pc, slot);
    return true;
}

// --- PSTATE -----------------------------------------------------------------
// SPSR_ELx layout for AArch64 (Arm ARM C5.2.18): NZCV [31:28], D A I F [9:6],
// M[3:2] = EL, M[0] = SP selection.
uint64_t Cpu::pstate() const {
    return uint64_t{nzcv} | daif | (uint64_t{static_cast<uint8_t>(el)} << 2) | (spsel ? 1 : 0);
}

void Cpu::set_pstate(uint64_t spsr) {
    nzcv = static_cast<uint32_t>(spsr) & 0xf0000000u;
    daif = static_cast<uint32_t>(spsr) & 0x3c0u;
    select_stack(static_cast<ExceptionLevel>((spsr >> 2) & 3), spsr & 1);
}

uint64_t Cpu::sp_el(ExceptionLevel which) const {
    bool live = (which == ExceptionLevel::EL0) ? (!spsel || el == ExceptionLevel::EL0) : (spsel && el == ExceptionLevel::EL1);
    if (live) return sp;
    return which == ExceptionLevel::EL0 ? sp_el0 : sp_el1;
}

void Cpu::set_sp_el(ExceptionLevel which, uint64_t value) {
    bool live = (which == ExceptionLevel::EL0) ? (!spsel || el == ExceptionLevel::EL0) : (spsel && el == ExceptionLevel::EL1);
    if (live)
        sp = value;
    else
        (which == ExceptionLevel::EL0 ? sp_el0 : sp_el1) = value;
}

void Cpu::select_stack(ExceptionLevel new_el, bool new_spsel) {
    // Park the live SP in its bank, then load the newly selected one.
    bool old_is_el1 = spsel && el == ExceptionLevel::EL1;
    (old_is_el1 ? sp_el1 : sp_el0) = sp;
    el = new_el;
    spsel = new_spsel;
    bool new_is_el1 = spsel && el == ExceptionLevel::EL1;
    sp = new_is_el1 ? sp_el1 : sp_el0;
    if (fpen_ == 1) update_fp_trap();  // the one setting where the EL decides
}

void Cpu::set_fpen(unsigned fpen) {
    fpen_ = static_cast<uint8_t>(fpen & 3);
    update_fp_trap();
}

void Cpu::update_fp_trap() {
    bool trapped = fpen_traps(fpen_, el);
    if (trapped == fp_trapped_) return;
    fp_trapped_ = trapped;
    cache_->fp_trap_changed();
}

}  // namespace irqsim
