// Bus: RAM regions, MMIO devices and the software TLB in front of them.
#include "irqsim/memory.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <fmt/format.h>
#include <stdexcept>

namespace irqsim {

// A RAM region is backed by an anonymous host mapping reserved with
// MAP_NORESERVE: host pages appear on first touch, so a 4 GiB guest region
// costs nothing until used. `reserved` may exceed `size` so brk can grow in
// place without moving host pointers that the TLB caches.
struct Bus::RamRegion {
    uint64_t base = 0;
    uint64_t size = 0;
    uint64_t reserved = 0;
    uint8_t* host = nullptr;
    std::string name;
    // Per page: kCodePage (holds decoded instructions), kWatchedPage (a store
    // watch or a debug watch on stores covers some of it): either keeps the
    // page out of the write TLB; kLoadWatchedPage (a debug watch on loads)
    // keeps it out of the read TLB. kDebugStorePage (a debug watch on stores
    // covers some of it) tells the slow store path which pages need the
    // debug watch list searched: a whole-RAM store watch sends every store
    // there, and most are nowhere near a debug watch.
    std::vector<uint8_t> page_flags;

    bool contains(uint64_t a) const { return a - base < size; }
    ~RamRegion() {
        if (host) munmap(host, reserved);
    }
};

namespace {
constexpr uint8_t kCodePage = 1, kWatchedPage = 2, kLoadWatchedPage = 4, kDebugStorePage = 8;
constexpr uint64_t kMinReserve = uint64_t{256} << 20;

uint8_t* reserve_host(uint64_t bytes) {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error(fmt::format("cannot reserve {} bytes of host memory for guest RAM", bytes));
    return static_cast<uint8_t*>(p);
}
}  // namespace

Bus::Bus() { flush_tlbs(); }
Bus::~Bus() = default;

void Bus::map_ram(uint64_t base, uint64_t size, std::string name) {
    if ((base & kPageMask) || (size & kPageMask) || size == 0 || base + size < base)
        throw std::invalid_argument(fmt::format("RAM region {} [{:#x}, +{:#x}) is not page aligned", name, base, size));
    for (uint64_t a : {base, base + size - 1})
        if (is_mapped(a)) throw std::invalid_argument(fmt::format("RAM region {} at {:#x} overlaps an existing mapping", name, a));
    for (const auto& r : ram_)
        if (r->base > base && r->base < base + size)
            throw std::invalid_argument(fmt::format("RAM region {} overlaps {}", name, r->name));
    auto r = std::make_unique<RamRegion>();
    r->base = base;
    r->size = size;
    r->reserved = std::max(size, std::min<uint64_t>(kMinReserve, size * 4));
    r->host = reserve_host(r->reserved);
    r->name = std::move(name);
    r->page_flags.assign(r->reserved >> kPageBits, 0);
    ram_.push_back(std::move(r));
    std::sort(ram_.begin(), ram_.end(), [](const auto& a, const auto& b) { return a->base < b->base; });
    refresh_page_flags();
}

void Bus::unmap_ram(uint64_t base, uint64_t size) {
    // Regions wholly inside the range go away; a region the range cuts keeps
    // its head and/or tail (munmap of part of a mapping).
    auto piece = [](const RamRegion& r, uint64_t from, uint64_t to) {
        auto n = std::make_unique<RamRegion>();
        n->base = from;
        n->size = n->reserved = to - from;
        n->host = reserve_host(n->reserved);
        std::memcpy(n->host, r.host + (from - r.base), n->size);
        n->name = r.name;
        n->page_flags.assign(n->reserved >> kPageBits, 0);
        return n;
    };
    std::vector<std::unique_ptr<RamRegion>> keep;
    for (auto& r : ram_) {
        uint64_t rb = r->base, re = r->base + r->size, ue = base + size;
        if (ue <= rb || base >= re) {
            keep.push_back(std::move(r));
            continue;
        }
        if (base > rb) keep.push_back(piece(*r, rb, base));
        if (ue < re) keep.push_back(piece(*r, ue, re));
    }
    ram_ = std::move(keep);
    std::sort(ram_.begin(), ram_.end(), [](const auto& a, const auto& b) { return a->base < b->base; });
    flush_tlbs();
    ++generation_;
    refresh_page_flags();
    notify_code_written(~uint64_t{0});  // drop every decoded page
}

bool Bus::resize_ram(uint64_t base, uint64_t new_size) {
    for (auto& r : ram_) {
        if (r->base != base) continue;
        if (new_size > r->reserved || (new_size & kPageMask) || new_size == 0) return false;
        if (new_size > r->size) {
            for (const auto& o : ram_)
                if (o.get() != r.get() && o->base >= base + r->size && o->base < base + new_size) return false;
            for (const auto& d : devices_)
                if (d.base >= base + r->size && d.base < base + new_size) return false;
        } else {
            // Released pages read as zero if the region grows again (brk semantics).
            std::memset(r->host + new_size, 0, r->size - new_size);
        }
        r->size = new_size;
        flush_tlbs();
        ++generation_;
        return true;
    }
    return false;
}

void Bus::map_device(uint64_t base, uint64_t size, MmioDevice* device) {
    if (is_mapped(base) || is_mapped(base + size - 1))
        throw std::invalid_argument(fmt::format("device {} at {:#x} overlaps an existing mapping", device->name(), base));
    devices_.push_back({base, size, device});
    flush_tlbs();
}

Bus::RamRegion* Bus::find_ram(uint64_t addr) const {
    for (const auto& r : ram_)
        if (r->contains(addr)) return r.get();
    return nullptr;
}

const Bus::DeviceMapping* Bus::find_device(uint64_t addr) const {
    for (const auto& d : devices_)
        if (addr - d.base < d.size) return &d;
    return nullptr;
}

bool Bus::is_ram(uint64_t addr, uint64_t size) const {
    // RAM all the way, possibly across adjacent regions (a heap that brk
    // grew by mapping a second region right after the first).
    do {
        const RamRegion* r = find_ram(addr);
        if (!r) return false;
        uint64_t n = std::min(size, r->base + r->size - addr);
        addr += n;
        size -= n;
    } while (size);
    return true;
}

bool Bus::is_mapped(uint64_t addr) const { return find_ram(addr) || find_device(addr); }

uint64_t Bus::find_free(uint64_t hint, uint64_t size) const {
    uint64_t a = (hint + kPageMask) & ~kPageMask;
    for (;;) {
        bool clash = false;
        for (const auto& r : ram_) {
            if (a < r->base + r->size && r->base < a + size) {
                a = (r->base + r->size + kPageMask) & ~kPageMask;
                clash = true;
            }
        }
        for (const auto& d : devices_) {
            if (a < d.base + d.size && d.base < a + size) {
                a = (d.base + d.size + kPageMask) & ~kPageMask;
                clash = true;
            }
        }
        if (!clash) return a;
    }
}

uint8_t* Bus::ram_ptr(uint64_t addr) {
    RamRegion* r = find_ram(addr);
    return r ? r->host + (addr - r->base) : nullptr;
}

void Bus::flush_tlbs() {
    for (auto& e : read_tlb_) e = TlbEntry{};
    for (auto& e : write_tlb_) e = TlbEntry{};
    for (auto& e : watched_tlb_) e = WatchedTlbEntry{};
    for (auto& e : load_watched_tlb_) e = LoadWatchedTlbEntry{};
}

void Bus::fill_tlb(uint64_t addr, bool for_write) {
    RamRegion* r = find_ram(addr);
    if (!r) return;
    uint64_t page = addr >> kPageBits;
    uint64_t off = (page << kPageBits) - r->base;
    // Pages holding decoded code never enter the write TLB: their stores take
    // the slow path, which tells the decode cache.
    uint8_t flags = r->page_flags[off >> kPageBits];
    if (for_write ? (flags & (kCodePage | kWatchedPage)) : (flags & kLoadWatchedPage)) return;
    TlbEntry& e = (for_write ? write_tlb_ : read_tlb_)[page & (kTlbSize - 1)];
    e.page = page;
    e.host = r->host + off;
}

void Bus::mark_code_page(uint64_t addr) {
    RamRegion* r = find_ram(addr);
    if (!r) return;
    uint64_t idx = (addr - r->base) >> kPageBits;
    if (r->page_flags[idx] & kCodePage) return;
    r->page_flags[idx] |= kCodePage;
    TlbEntry& e = write_tlb_[(addr >> kPageBits) & (kTlbSize - 1)];
    if (e.page == (addr >> kPageBits)) e = TlbEntry{};
    WatchedTlbEntry& w = watched_tlb_[(addr >> kPageBits) & (kTlbSize - 1)];
    if (w.page == (addr >> kPageBits)) w = WatchedTlbEntry{};
}

// Whether a debug watch may cover [addr, addr + size): outside RAM (a device,
// unmapped) or across regions always; in one region, when a page it touches
// carries `flag`.
bool Bus::may_debug_watch(const RamRegion* r, uint64_t addr, unsigned size, uint8_t flag) const {
    if (!r || !r->contains(addr + size - 1)) return true;
    uint64_t off = addr - r->base;
    for (uint64_t p = off >> kPageBits; p <= (off + size - 1) >> kPageBits; ++p)
        if (r->page_flags[p] & flag) return true;
    return false;
}

bool Bus::debug_watch_hit(uint64_t addr, unsigned size, bool is_write) {
    for (const DebugWatchEntry& w : debug_watches_)
        if ((w.on & (is_write ? kWatchStores : kWatchLoads)) && addr < w.base + w.size && w.base < addr + size &&
            w.hit(addr, size, is_write, accessor_))
            return true;
    return false;
}

void Bus::fill_load_watched_tlb(uint64_t page, uint8_t* host) {
    LoadWatchedTlbEntry e;
    const uint64_t lo = page << kPageBits, hi = lo + kPageSize;
    for (const DebugWatchEntry& w : debug_watches_) {
        if (!(w.on & kWatchLoads) || !(lo < w.base + w.size && w.base < hi)) continue;
        if (e.count == kPageWatches) return;  // too many: the general path asks them all
        e.watches[e.count++] = &w;
    }
    e.page = page;
    e.host = host;
    load_watched_tlb_[page & (kTlbSize - 1)] = e;
}

BusStatus Bus::read_slow(uint64_t addr, unsigned size, uint64_t& out) {
    out = 0;
    const uint64_t page = addr >> kPageBits;
    const LoadWatchedTlbEntry& lw = load_watched_tlb_[page & (kTlbSize - 1)];
    if (lw.page == page && (addr & kPageMask) + size <= kPageSize) {
        // Read before the watches are asked: one may add or remove a debug
        // watch, which empties the entry (the loop re-reads its count).
        uint8_t* host = lw.host + (addr & kPageMask);
        for (unsigned i = 0; i < lw.count; ++i) {
            const DebugWatchEntry& w = *lw.watches[i];
            if (addr < w.base + w.size && w.base < addr + size && w.hit(addr, size, false, accessor_))
                return BusStatus::Watchpoint;
        }
        std::memcpy(&out, host, size);
        return BusStatus::Ok;
    }
    RamRegion* r = find_ram(addr);
    if (!debug_watches_.empty() && may_debug_watch(r, addr, size, kLoadWatchedPage) &&
        debug_watch_hit(addr, size, false)) [[unlikely]]
        return BusStatus::Watchpoint;
    if (r) {
        if ((addr & kPageMask) + size <= kPageSize && r->contains(addr + size - 1)) {
            std::memcpy(&out, r->host + (addr - r->base), size);
            uint64_t off = (page << kPageBits) - r->base;
            if (r->page_flags[off >> kPageBits] & kLoadWatchedPage)
                fill_load_watched_tlb(page, r->host + off);
            else
                fill_tlb(addr, false);
            return BusStatus::Ok;
        }
        // Crosses a page (and maybe a region) boundary: byte by byte.
        for (unsigned i = 0; i < size; ++i) {
            RamRegion* rb = find_ram(addr + i);
            if (!rb) return BusStatus::Unmapped;
            out |= uint64_t{rb->host[addr + i - rb->base]} << (8 * i);
        }
        return BusStatus::Ok;
    }
    if (const DeviceMapping* d = find_device(addr)) {
        if (mmio_observer_) mmio_observer_(mmio_observer_ctx_, addr, size, false, accessor_);
        out = d->device->mmio_read(addr - d->base, size, accessor_);
        return BusStatus::Ok;
    }
    return BusStatus::Unmapped;
}

static_assert(std::endian::native == std::endian::little, "guest RAM is copied to and from host integers as is");

void Bus::call_store_watches(uint64_t addr, unsigned size) {
    for (const Watch& w : watches_)
        if (addr < w.base + w.size && w.base < addr + size) w(addr, size, accessor_);
}

void Bus::fill_watched_tlb(uint64_t page, uint8_t* host) {
    WatchedTlbEntry& e = watched_tlb_[page & (kTlbSize - 1)];
    e = WatchedTlbEntry{};
    const uint64_t lo = page << kPageBits, hi = lo + kPageSize;
    for (const Watch& w : watches_) {
        if (!(lo < w.base + w.size && w.base < hi)) continue;
        if (e.count == kPageWatches) {
            e.count = kManyWatches;
            break;
        }
        e.watches[e.count++] = &w;
    }
    e.page = page;
    e.host = host;
}

bool Bus::enter_watched_tlb(uint64_t addr) {
    RamRegion* r = find_ram(addr);
    if (!r) return false;
    uint64_t off = (addr & ~kPageMask) - r->base;
    if ((r->page_flags[off >> kPageBits] & ~kLoadWatchedPage) != kWatchedPage) return false;
    fill_watched_tlb(addr >> kPageBits, r->host + off);
    return true;
}

BusStatus Bus::write_slow(uint64_t addr, unsigned size, uint64_t value) {
    uint64_t page = addr >> kPageBits;
    const WatchedTlbEntry& watched = watched_tlb_[page & (kTlbSize - 1)];
    if (watched.page == page && (addr & kPageMask) + size <= kPageSize) [[likely]] {
        std::memcpy(watched.host + (addr & kPageMask), &value, size);
        call_store_watches(watched, addr, size);
        return BusStatus::Ok;
    }
    RamRegion* first = find_ram(addr);
    if (!debug_watches_.empty() && may_debug_watch(first, addr, size, kDebugStorePage) &&
        debug_watch_hit(addr, size, true)) [[unlikely]]
        return BusStatus::Watchpoint;
    if (first) {
        // After a store into page p of r: a code page is told and loses its
        // flag; true while some flag (a watch) keeps the page out of the TLB.
        auto stored = [this](RamRegion& r, uint64_t p) {
            uint8_t& flags = r.page_flags[p];
            if (flags & kCodePage) [[unlikely]] {
                flags &= ~kCodePage;
                notify_code_written(r.base + (p << kPageBits));
            }
            return flags != 0;
        };
        bool flagged = false;
        if (first->contains(addr + size - 1)) {
            // The common slow store (a watched or code page, a page crossing):
            // one lookup, written at once (guest and host are little-endian).
            uint64_t off = addr - first->base;
            std::memcpy(first->host + off, &value, size);
            for (uint64_t p = off >> kPageBits; p <= (off + size - 1) >> kPageBits; ++p) flagged |= stored(*first, p);
        } else {
            // It spans regions: checked byte by byte first, so a faulting
            // store writes nothing.
            for (unsigned i = 1; i < size; ++i)
                if (!find_ram(addr + i)) return BusStatus::Unmapped;
            for (unsigned i = 0; i < size; ++i) {
                RamRegion* r = find_ram(addr + i);
                uint64_t off = addr + i - r->base;
                r->host[off] = static_cast<uint8_t>(value >> (8 * i));
                flagged |= stored(*r, off >> kPageBits);
            }
        }
        if (!flagged) {
            fill_tlb(addr, true);
        } else if ((addr & kPageMask) + size <= kPageSize) {
            // A page only store watches keep out of the write TLB (the flag
            // re-read: a watch called below may add or remove watches, which
            // drops the entry again through refresh_page_flags).
            enter_watched_tlb(addr);
        }
        call_store_watches(addr, size);
        return BusStatus::Ok;
    }
    if (const DeviceMapping* d = find_device(addr)) {
        if (mmio_observer_) mmio_observer_(mmio_observer_ctx_, addr, size, true, accessor_);
        d->device->mmio_write(addr - d->base, size, value, accessor_);
        return BusStatus::Ok;
    }
    return BusStatus::Unmapped;
}

void Bus::remove_code_listener(CodeWriteListener* l) {
    std::erase(code_listeners_, l);
}

void Bus::notify_code_written(uint64_t page_addr) {
    for (CodeWriteListener* l : code_listeners_) l->code_page_written(page_addr);
}

int Bus::add_store_watch(uint64_t base, uint64_t size, StoreWatch fn) {
    return add_watch(Watch{next_watch_id_, base, size, std::move(fn)});
}

int Bus::add_store_watch(uint64_t base, uint64_t size, StoreWatchFn fn, void* ctx) {
    return add_watch(Watch{next_watch_id_, base, size, {}, fn, ctx});
}

int Bus::add_watch(Watch w) {
    for (auto& e : watched_tlb_) e = WatchedTlbEntry{};  // its pointers into watches_ may move
    uint64_t base = w.base, size = w.size;
    watches_.push_back(std::move(w));
    refresh_page_flags(base, size);
    return next_watch_id_++;
}

void Bus::remove_store_watch(int id) {
    auto it = std::find_if(watches_.begin(), watches_.end(), [id](const Watch& w) { return w.id == id; });
    if (it == watches_.end()) return;
    uint64_t base = it->base, size = it->size;
    for (auto& e : watched_tlb_) e = WatchedTlbEntry{};  // its pointers into watches_ move
    watches_.erase(it);
    refresh_page_flags(base, size);
}

int Bus::add_debug_watch(uint64_t base, uint64_t size, unsigned on, DebugWatch hit) {
    for (auto& e : load_watched_tlb_) e = LoadWatchedTlbEntry{};  // its pointers into debug_watches_ may move
    debug_watches_.push_back({next_watch_id_, base, size, on, std::move(hit)});
    refresh_page_flags(base, size);
    return next_watch_id_++;
}

void Bus::remove_debug_watch(int id) {
    auto it = std::find_if(debug_watches_.begin(), debug_watches_.end(),
                           [id](const DebugWatchEntry& w) { return w.id == id; });
    if (it == debug_watches_.end()) return;
    uint64_t base = it->base, size = it->size;
    for (auto& e : load_watched_tlb_) e = LoadWatchedTlbEntry{};  // its pointers into debug_watches_ move
    debug_watches_.erase(it);
    refresh_page_flags(base, size);
}

void Bus::refresh_page_flags() { refresh_page_flags(0, ~uint64_t{0}); }

// Only the pages of [base, base + size) are recomputed and dropped from the
// TLBs: an observer that watches a word for a while (the thread_info checker
// follows each copy) must not cost a sweep over every page of RAM.
void Bus::refresh_page_flags(uint64_t base, uint64_t size) {
    uint64_t end = size > ~base ? ~uint64_t{0} : base + size;
    for (auto& r : ram_) {
        uint64_t lo = std::max(base, r->base), hi = std::min(end, r->base + r->size);
        if (lo >= hi) continue;
        // Whole pages: a page's flags come from every watch on it, not only
        // from the part in [base, base + size) (removing one of two watches
        // on a page must leave the other's flag).
        lo = std::max(r->base, lo & ~kPageMask);
        hi = std::min(r->base + r->size, ((hi - 1) | kPageMask) + 1);
        uint64_t first = (lo - r->base) >> kPageBits, last = (hi - 1 - r->base) >> kPageBits;
        for (uint64_t p = first; p <= last; ++p) r->page_flags[p] &= ~(kWatchedPage | kLoadWatchedPage | kDebugStorePage);
        auto mark = [&](uint64_t wb, uint64_t ws, uint8_t flag) {
            uint64_t a = std::max(wb, lo), b = std::min(wb + ws, hi);
            if (a >= b) return;
            for (uint64_t p = (a - r->base) >> kPageBits; p <= (b - 1 - r->base) >> kPageBits; ++p)
                r->page_flags[p] |= flag;
        };
        for (const Watch& w : watches_) mark(w.base, w.size, kWatchedPage);
        for (const DebugWatchEntry& w : debug_watches_) {
            if (w.on & kWatchStores) mark(w.base, w.size, kWatchedPage | kDebugStorePage);
            if (w.on & kWatchLoads) mark(w.base, w.size, kLoadWatchedPage);
        }
        if (last - first >= kTlbSize) {
            flush_tlbs();
            continue;
        }
        for (uint64_t p = first; p <= last; ++p) {
            uint64_t page = (r->base >> kPageBits) + p;
            for (TlbEntry* tlb : {read_tlb_, write_tlb_}) {
                TlbEntry& e = tlb[page & (kTlbSize - 1)];
                if (e.page == page) e = TlbEntry{};
            }
            if (watched_tlb_[page & (kTlbSize - 1)].page == page) watched_tlb_[page & (kTlbSize - 1)] = WatchedTlbEntry{};
            if (load_watched_tlb_[page & (kTlbSize - 1)].page == page)
                load_watched_tlb_[page & (kTlbSize - 1)] = LoadWatchedTlbEntry{};
        }
    }
}

bool Bus::copy_in(uint64_t addr, const void* src, uint64_t len) {
    const auto* s = static_cast<const uint8_t*>(src);
    while (len) {
        RamRegion* r = find_ram(addr);
        if (!r) return false;
        uint64_t off = addr - r->base;
        uint64_t n = std::min(len, r->size - off);
        std::memcpy(r->host + off, s, n);
        for (uint64_t p = off >> kPageBits; p <= (off + n - 1) >> kPageBits; ++p) {
            if (r->page_flags[p] & kCodePage) {
                r->page_flags[p] &= ~kCodePage;
                notify_code_written(r->base + (p << kPageBits));
            }
        }
        addr += n, s += n, len -= n;
    }
    flush_tlbs();
    return true;
}

bool Bus::copy_out(uint64_t addr, void* dst, uint64_t len) const {
    auto* d = static_cast<uint8_t*>(dst);
    while (len) {
        RamRegion* r = find_ram(addr);
        if (!r) return false;
        uint64_t off = addr - r->base;
        uint64_t n = std::min(len, r->size - off);
        std::memcpy(d, r->host + off, n);
        addr += n, d += n, len -= n;
    }
    return true;
}

bool Bus::fill(uint64_t addr, uint8_t byte, uint64_t len) {
    std::vector<uint8_t> buf(std::min<uint64_t>(len, 1 << 16), byte);
    while (len) {
        uint64_t n = std::min<uint64_t>(len, buf.size());
        if (!copy_in(addr, buf.data(), n)) return false;
        addr += n, len -= n;
    }
    return true;
}

}  // namespace irqsim
