// The thread_info checker (observers.hpp): follows the copy design's copies
// of thread_info between a task stack's base and the IRQ stack's base, and
// catches a TIF flag that lands on the stale end and is lost.
//
// The race (shared/seed/, the review of the copy patch): a remote wake-up
// does set_bit(TIF_NEED_RESCHED, &task_thread_info(t)->flags), reading
// t->stack first. While CPU c runs an IRQ on its IRQ stack, the live
// thread_info of c's task is the copy at the IRQ stack's base; the task
// stack's own is stale, and the write-back on the way out overwrites it with
// the copy. A flag set on the task stack's thread_info in that window is
// dropped; one set on the copy after the write-back read it lands where no
// one looks again.
//
// A stale read: while the copy is live, the pair stands for one thread_info
// (the task stack's at the copy, with every store to either end since, the
// copy's own stores aside). A load of either end that differs from it read a
// copy behind the other end: the target CPU's own current_thread_info() on
// its IRQ stack, say, looking for TIF_NEED_RESCHED that a remote wake-up set
// on the task stack's thread_info through a task->stack read before the
// copy. It need not end in a loss (the copy may get the flag from elsewhere
// before the write-back); it is what makes the guest decide on wrong data.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "irqsim/elf.hpp"
#include "irqsim/machine.hpp"
#include "irqsim/observers.hpp"

namespace irqsim {

namespace {
// TIF bit names, as src/asm/include/asm/offsets.h (and the 2015 arm64
// kernel's asm/thread_info.h) number them.
std::string tif_name(unsigned bit) {
    switch (bit) {
        case 0: return "TIF_SIGPENDING";
        case 1: return "TIF_NEED_RESCHED";
        case 2: return "TIF_NOTIFY_RESUME";
        case 3: return "TIF_FOREIGN_FPSTATE";
        default: return fmt::format("TIF bit {}", bit);
    }
}

// thread_info's fields, the 2015 layout (asm/offsets.h TI_*).
constexpr uint64_t kThreadInfoBytes = 32;
std::string ti_field(unsigned off) {
    if (off < 8) return "flags";
    if (off < 16) return "addr_limit";
    if (off < 24) return "task";
    if (off < 28) return "preempt_count";
    return "cpu";
}

// Return sites of every `bl target` in the image's executable segments: where
// a call of the copy function ends (A64 BL: 100101 imm26, target = PC + imm26 * 4).
std::vector<uint64_t> call_return_sites(const ElfImage& image, uint64_t target) {
    std::vector<uint64_t> out;
    for (const ElfSegment& seg : image.segments) {
        if (!seg.executable()) continue;
        for (uint64_t off = 0; off + 4 <= seg.data.size(); off += 4) {
            uint32_t w = seg.data[off] | seg.data[off + 1] << 8 | seg.data[off + 2] << 16 |
                         static_cast<uint32_t>(seg.data[off + 3]) << 24;
            if ((w & 0xFC000000u) != 0x94000000u) continue;
            int64_t imm = static_cast<int64_t>(static_cast<uint64_t>(w & 0x03FFFFFFu) << 38) >> 36;
            uint64_t pc = seg.vaddr + off;
            if (pc + imm == target) out.push_back(pc + 4);
        }
    }
    return out;
}
// A store-exclusive's check that memory still holds what its load-exclusive
// read (src/cpu/atomic.cpp: the value check that stands in for the global
// monitor) reads memory through the bus, but is no load of the program's.
// STXR/STLXR/STXP/STLXP: size 001000 0 L=0 ... (Arm ARM C4.1.88).
bool is_store_exclusive(Machine& m, unsigned cpu) {
    uint32_t w = 0;
    m.bus().copy_out(m.cpu(cpu).pc, &w, sizeof w);
    return (w & 0x3FC00000u) == 0x08000000u;
}
}  // namespace

std::string ThreadInfoLoss::what() const {
    if (kind == Kind::StaleRead)
        return fmt::format("CPU {} at {:#x} {} read {}thread_info.{} at {:#x}, stale: it lacks the store CPU {} made at {} "
                           "to {:#x} (instruction {}; seed {}, interleave seed {})",
                           cpu, pc, where, cpu == owner_cpu ? "its own " : fmt::format("CPU {}'s ", owner_cpu),
                           flag_name, address, update_cpu, update_where, live_address, instruction, seed,
                           interleave_seed);
    std::string how =
        kind == Kind::OverwrittenByWriteBack
            ? fmt::format("on the task stack's thread_info at {:#x} while CPU {}'s copy at {:#x} was the live one; "
                          "the write-back (store at {:#x}) dropped it",
                          address, owner_cpu, live_address, write_back_pc)
            : fmt::format("on CPU {}'s IRQ-stack copy at {:#x} while the live thread_info was at {:#x}; "
                          "nothing reads that copy again",
                          owner_cpu, address, live_address);
    return fmt::format("CPU {} at {:#x} {} set {} {} (instruction {}; seed {}, interleave seed {})", cpu, pc, where,
                       flag_name, how, instruction, seed, interleave_seed);
}

ThreadInfoChecker::ThreadInfoChecker(Machine& machine, uint64_t thread_size, const char* copy_function)
    : machine_(machine), thread_size_(thread_size), flight_(machine.cpu_count()), last_home_(machine.cpu_count()) {
    const ElfImage* image = machine.image();
    const ElfSymbol* fn = image ? image->find_symbol(copy_function) : nullptr;
    if (!fn) return;  // no thread_info is ever copied: nothing to follow
    std::vector<uint64_t> returns = call_return_sites(*image, fn->value);
    for (unsigned c = 0; c < machine.cpu_count(); ++c) {
        Cpu& cpu = machine.cpu(c);
        hooks_.emplace_back(c, cpu.add_pc_hook(fn->value, [this](Cpu& cpu) {
            copy_called(cpu);
            return Cpu::HookAction::Continue;
        }));
        for (uint64_t r : returns)
            hooks_.emplace_back(c, cpu.add_pc_hook(r, [this](Cpu& cpu) {
                copy_returned(cpu);
                return Cpu::HookAction::Continue;
            }));
    }
}

ThreadInfoChecker::~ThreadInfoChecker() {
    for (auto [c, id] : hooks_) machine_.cpu(c).remove_pc_hook(id);
    for (auto [word, id] : watches_) machine_.bus().remove_store_watch(id);
    for (auto [ti, id] : load_watches_) machine_.bus().remove_debug_watch(id);
}

ThreadInfoChecker::Bytes ThreadInfoChecker::read(uint64_t ti) const {
    Bytes b;
    machine_.bus().copy_out(ti, b.data(), b.size());
    return b;
}

void ThreadInfoChecker::watch(uint64_t ti) {
    if (watches_.count(ti)) return;
    shadow_[ti] = read(ti);
    watches_[ti] = machine_.bus().add_store_watch(
        ti, kThreadInfoBytes, [this, ti](uint64_t addr, unsigned, unsigned accessor) { stored(ti, addr, accessor); });
    // Loads through a debug watch that never stops the access: it is asked
    // just before the load, when memory holds what the load will read.
    load_watches_[ti] = machine_.bus().add_debug_watch(
        ti, kThreadInfoBytes, Bus::kWatchLoads, [this, ti](uint64_t addr, unsigned size, bool, unsigned accessor) {
            loaded(ti, addr, size, accessor);
            return false;
        });
}

// Whose pair `ti` is in: a CPU whose copy is in flight (as its home or its
// copy; in_flight), or the CPU whose IRQ-stack copy it is; ~0u: neither (a
// task stack's thread_info with no copy of it anywhere).
unsigned ThreadInfoChecker::owner_of(uint64_t ti, bool& in_flight) const {
    in_flight = false;
    for (unsigned c = 0; c < flight_.size(); ++c)
        if (flight_[c].home && (flight_[c].home == ti || flight_[c].copy == ti)) {
            in_flight = true;
            return c;
        }
    auto it = copy_owner_.find(ti);
    return it == copy_owner_.end() ? ~0u : it->second;
}

void ThreadInfoChecker::loaded(uint64_t ti, uint64_t addr, unsigned size, unsigned accessor) {
    // What the load should see: while a copy is in flight, the thread_info
    // as if there were one (the task stack's at the copy, with every store
    // to either end since); an IRQ-stack copy nobody uses, the task stack's.
    bool in_flight;
    unsigned owner = owner_of(ti, in_flight);
    if (owner == ~0u) return;
    const InFlight& f = flight_[owner];
    if (in_flight && f.in_call && accessor == owner) return;  // the copy's own reads
    if (is_store_exclusive(machine_, accessor)) return;
    uint64_t lo = std::max(addr, ti), hi = std::min(addr + size, ti + kThreadInfoBytes);
    if (lo >= hi) return;
    Bytes seen = read(ti), want = in_flight ? f.logical : read(last_home_[owner]);
    auto differs = std::mismatch(seen.begin() + (lo - ti), seen.begin() + (hi - ti), want.begin() + (lo - ti));
    if (differs.first == seen.begin() + (hi - ti)) return;
    size_t at = differs.first - seen.begin();  // the first byte read that lacks a store
    uint64_t live = in_flight ? (ti == f.home ? f.copy : f.home) : last_home_[owner];
    ThreadInfoLoss l = make(ThreadInfoLoss::Kind::StaleRead, accessor, static_cast<unsigned>(lo - ti), ti, owner, live);
    l.flag_name = ti_field(static_cast<unsigned>(lo - ti));
    if (in_flight) {
        l.update_cpu = f.byte_cpu[at];
        l.update_where = machine_.image() ? machine_.image()->symbolize(f.byte_pc[at]) : "";
    } else {
        l.update_cpu = owner;
        l.update_where = "its task stack's thread_info (this copy was written back)";
    }
    stale_reads_.push_back(std::move(l));
}

// irq_copy_thread_info(dst_sp, src_sp): copies the thread_info at src_sp's
// THREAD_SIZE-aligned base to dst_sp's; the same base (a nested IRQ) copies nothing.
void ThreadInfoChecker::copy_called(Cpu& cpu) {
    uint64_t mask = ~(thread_size_ - 1);
    uint64_t dst = cpu.x[0] & mask, src = cpu.x[1] & mask;
    if (dst == src) return;
    InFlight& f = flight_[cpu.index()];
    if (f.home && dst == f.home && src == f.copy) {
        f.writing_back = true;  // the copy goes back to the task stack
    } else {
        f = InFlight{};
        f.home = src;
        f.copy = dst;
        f.logical = read(src);
        last_home_[cpu.index()] = src;
        copy_owner_[dst] = cpu.index();
        ++copies_;
        watch(src);
        watch(dst);
    }
    f.in_call = true;
}

void ThreadInfoChecker::copy_returned(Cpu& cpu) {
    InFlight& f = flight_[cpu.index()];
    if (!f.in_call) return;
    f.in_call = false;
    // Decide the sets made on the stale end during this call (and, at the
    // write-back, during the whole time the copy was live): lost when the
    // thread_info that is live now lacks the flag.
    uint64_t live_word = f.writing_back ? f.home : f.copy;
    uint64_t live = 0;
    machine_.bus().copy_out(live_word, &live, sizeof live);
    std::erase_if(f.pending, [&](Pending& p) {
        if (p.at_write_back != f.writing_back) return false;
        if (!(live >> p.loss.flag & 1)) {
            if (p.loss.kind == ThreadInfoLoss::Kind::OverwrittenByWriteBack) p.loss.write_back_pc = f.write_back_pc;
            losses_.push_back(p.loss);
        }
        return true;
    });
    if (f.writing_back) f = InFlight{};
}

ThreadInfoLoss ThreadInfoChecker::make(ThreadInfoLoss::Kind kind, unsigned cpu, unsigned flag, uint64_t word,
                                       unsigned owner, uint64_t live) {
    Cpu& setter = machine_.cpu(cpu);
    ThreadInfoLoss l;
    l.kind = kind;
    l.cpu = cpu;
    l.pc = setter.pc;  // a store watch runs before the PC moves on
    l.where = machine_.image() ? machine_.image()->symbolize(setter.pc) : "";
    l.flag = flag;
    l.flag_name = tif_name(flag);
    l.address = word;
    l.owner_cpu = owner;
    l.live_address = live;
    l.instruction = setter.instructions_retired();
    return l;
}

void ThreadInfoChecker::stored(uint64_t ti, uint64_t addr, unsigned accessor) {
    Bytes now = read(ti), old = shadow_[ti];
    shadow_[ti] = now;
    bool in_flight;
    unsigned owner = owner_of(ti, in_flight);
    if (owner == ~0u) return;  // a task stack's thread_info, and the live one
    InFlight& f = flight_[owner];
    if (in_flight && f.in_call && accessor == owner) {
        // The copy's own stores (copy_called/copy_returned judge them).
        if (f.writing_back && ti == f.home && addr < ti + 8 && !f.write_back_pc) f.write_back_pc = machine_.cpu(owner).pc;
        return;
    }
    if (in_flight) {
        // Any other store is an update of the one thread_info the pair stands for.
        for (size_t i = 0; i < now.size(); ++i) {
            if (old[i] == now[i]) continue;
            f.logical[i] ^= old[i] ^ now[i];
            f.byte_cpu[i] = accessor;
            f.byte_pc[i] = machine_.cpu(accessor).pc;
        }
    }
    if (addr >= ti + 8) return;  // not the flags word
    uint64_t word = ti, v, old_flags;
    std::memcpy(&v, now.data(), sizeof v);
    std::memcpy(&old_flags, old.data(), sizeof old_flags);

    // The flags this store sets: bits it turns on, and (from another CPU's
    // set_bit) bits already set by an update still pending on this word.
    uint64_t pending_bits = 0;
    for (const Pending& p : f.pending)
        if (p.loss.address == word) pending_bits |= uint64_t{1} << p.loss.flag;
    uint64_t sets = (v & ~old_flags) | (accessor != owner ? v & pending_bits : 0);
    if (!in_flight && accessor != owner && v == old_flags) {
        // Another CPU's set_bit on an unused IRQ-stack copy where the bit was
        // already set (by an earlier set that was lost the same way): the
        // bits it set are among those the live thread_info lacks.
        uint64_t live = 0;
        machine_.bus().copy_out(last_home_[owner], &live, sizeof live);
        sets |= v & ~live;
    }
    if (!sets) return;
    for (unsigned bit = 0; bit < 64; ++bit) {
        if (!(sets >> bit & 1)) continue;
        if (accessor != owner) ++sets_;
        if (!in_flight) {
            // An IRQ-stack copy no one uses now: the flag is gone.
            ++stale_sets_;
            losses_.push_back(make(ThreadInfoLoss::Kind::SetOnStaleCopy, accessor, bit, word, owner, last_home_[owner]));
            continue;
        }
        if (word == f.copy && !f.in_call) continue;  // the live thread_info
        // The stale end, or the copy while a copy call is between its read
        // and its write: decided when the call returns.
        ++stale_sets_;
        bool on_home = word == f.home;
        auto kind = on_home ? ThreadInfoLoss::Kind::OverwrittenByWriteBack : ThreadInfoLoss::Kind::SetOnStaleCopy;
        Pending p{make(kind, accessor, bit, word, owner, on_home ? f.copy : f.home), on_home || f.writing_back};
        f.pending.push_back(std::move(p));
    }
}

}  // namespace irqsim
