// The bus: RAM regions at any 64-bit address and MMIO devices behind a small
// read/write interface (gem5/QEMU style: the CPU knows nothing of devices).
// Little-endian only, as every AArch64 system we model is.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace irqsim {

// A device mapped into the physical address space. Offsets are relative to
// the device's base; size is 1, 2, 4 or 8 bytes. `accessor` is the index of
// the CPU that made the access: some devices bank registers per CPU (the GIC
// distributor's SGI/PPI registers and the GICv2 CPU interface, IHI 0048B
// 4.1.4), so the same offset means different state for different CPUs.
class MmioDevice {
public:
    virtual ~MmioDevice() = default;
    virtual uint64_t mmio_read(uint64_t offset, unsigned size, unsigned accessor) = 0;
    virtual void mmio_write(uint64_t offset, unsigned size, uint64_t value, unsigned accessor) = 0;
    virtual std::string name() const = 0;
};

// Outcome of a bus access that took the slow path.
// Watchpoint: a debug watch (add_debug_watch) stopped the access before it
// was made; the core stops the CPU at the instruction instead of an abort.
enum class BusStatus : uint8_t { Ok, Unmapped, Watchpoint };

// Invoked when a store lands on a page that holds predecoded instructions, so
// the decode cache can drop it (self-modifying code, loaders).
class CodeWriteListener {
public:
    virtual ~CodeWriteListener() = default;
    virtual void code_page_written(uint64_t page_addr) = 0;
};

class Bus {
public:
    static constexpr unsigned kPageBits = 12;
    static constexpr uint64_t kPageSize = uint64_t{1} << kPageBits;
    static constexpr uint64_t kPageMask = kPageSize - 1;

    Bus();
    ~Bus();
    Bus(const Bus&) = delete;
    Bus& operator=(const Bus&) = delete;

    // Maps zero-filled RAM. base and size must be page aligned and must not
    // overlap an existing mapping; throws std::invalid_argument otherwise.
    // Host memory is reserved lazily, so large sparse regions are cheap.
    void map_ram(uint64_t base, uint64_t size, std::string name = "ram");
    // Removes every RAM region inside [base, base+size) (whole regions only
    // or page-granular splits; used by munmap).
    void unmap_ram(uint64_t base, uint64_t size);
    // Grows or shrinks a RAM region that starts at base (brk, mremap).
    bool resize_ram(uint64_t base, uint64_t new_size);
    void map_device(uint64_t base, uint64_t size, MmioDevice* device);

    bool is_ram(uint64_t addr, uint64_t size = 1) const;
    bool is_mapped(uint64_t addr) const;
    // First page-aligned address >= hint where `size` bytes are unmapped.
    uint64_t find_free(uint64_t hint, uint64_t size) const;

    // Host pointer to RAM at addr, valid up to the end of its page, or
    // nullptr. Used by the decoder and the fast paths.
    uint8_t* ram_ptr(uint64_t addr);

    // --- guest accesses -------------------------------------------------
    // Fast path: a direct-mapped software TLB of RAM pages. The slow path
    // handles page crossings, MMIO, unmapped addresses and code pages.
    template <typename T>
    BusStatus read(uint64_t addr, T& out) {
        if (read_fast(addr, out)) [[likely]]
            return BusStatus::Ok;
        uint64_t v = 0;
        BusStatus s = read_slow(addr, sizeof(T), v);
        out = static_cast<T>(v);
        return s;
    }
    template <typename T>
    BusStatus write(uint64_t addr, T value) {
        if (write_fast(addr, value)) [[likely]]
            return BusStatus::Ok;
        return write_miss(addr, value);
    }
    // The fast paths alone (RAM in the TLB, nothing else to tell): false,
    // with nothing done, where read()/write() would take the slow path.
    template <typename T>
    bool read_fast(uint64_t addr, T& out) const {
        const TlbEntry& e = read_tlb_[(addr >> kPageBits) & (kTlbSize - 1)];
        if (e.page != (addr >> kPageBits) || (addr & kPageMask) > kPageSize - sizeof(T)) return false;
        std::memcpy(&out, e.host + (addr & kPageMask), sizeof(T));
        return true;
    }
    template <typename T>
    bool write_fast(uint64_t addr, T value) {
        const uint64_t page = addr >> kPageBits;
        const TlbEntry& e = write_tlb_[page & (kTlbSize - 1)];
        if (e.page != page || (addr & kPageMask) > kPageSize - sizeof(T)) return false;
        std::memcpy(e.host + (addr & kPageMask), &value, sizeof(T));
        return true;
    }
    // Out of line, so that the store handlers that inline write() keep a
    // small fast path (an inlined miss path cost them register saves).
    template <typename T>
    [[gnu::noinline]] BusStatus write_miss(uint64_t addr, T value) {
        // A page only store watches keep out of the write TLB (the stack
        // tracker watches all of RAM): written here, its watches told.
        const uint64_t page = addr >> kPageBits;
        const WatchedTlbEntry& w = watched_tlb_[page & (kTlbSize - 1)];
        if (w.page == page && (addr & kPageMask) <= kPageSize - sizeof(T)) {
            std::memcpy(w.host + (addr & kPageMask), &value, sizeof(T));
            call_store_watches(w, addr, sizeof(T));
            return BusStatus::Ok;
        }
        return write_slow(addr, sizeof(T), static_cast<uint64_t>(value));
    }
    // Two adjacent stores of one instruction (STP, STXP) when both fall in
    // one RAM page that the write TLB or the watched-page TLB holds: both
    // written, and the page's store watches told once, of the whole pair
    // (what the instruction stored). False, nothing written: the caller
    // stores them one by one (page crossing, MMIO, code page, fault).
    template <typename T>
    bool write_pair(uint64_t addr, T first, T second) {
        const uint64_t page = addr >> kPageBits;
        if ((addr & kPageMask) > kPageSize - 2 * sizeof(T)) return false;
        const TlbEntry& e = write_tlb_[page & (kTlbSize - 1)];
        if (e.page == page) [[likely]] {
            std::memcpy(e.host + (addr & kPageMask), &first, sizeof(T));
            std::memcpy(e.host + (addr & kPageMask) + sizeof(T), &second, sizeof(T));
            return true;
        }
        return write_pair_watched(addr, first, second);
    }
    template <typename T>
    [[gnu::noinline]] bool write_pair_watched(uint64_t addr, T first, T second) {
        const uint64_t page = addr >> kPageBits;
        const WatchedTlbEntry& w = watched_tlb_[page & (kTlbSize - 1)];
        if (w.page != page && !enter_watched_tlb(addr)) return false;
        std::memcpy(w.host + (addr & kPageMask), &first, sizeof(T));
        std::memcpy(w.host + (addr & kPageMask) + sizeof(T), &second, sizeof(T));
        call_store_watches(w, addr, 2 * sizeof(T));
        return true;
    }
    // True when [addr, addr + size) lies in one page the write TLB or the
    // watched-page TLB holds: a store there is RAM and cannot fault (callers
    // skip their slower checks).
    bool write_tlb_hit(uint64_t addr, unsigned size) const {
        uint64_t page = addr >> kPageBits;
        if ((addr & kPageMask) > kPageSize - size) return false;
        return write_tlb_[page & (kTlbSize - 1)].page == page || watched_tlb_[page & (kTlbSize - 1)].page == page;
    }
    BusStatus read_slow(uint64_t addr, unsigned size, uint64_t& out);
    BusStatus write_slow(uint64_t addr, unsigned size, uint64_t value);

    // Bulk host-side access (loaders, syscalls, observers). Returns false if
    // any byte is not RAM.
    bool copy_in(uint64_t addr, const void* src, uint64_t len);
    bool copy_out(uint64_t addr, void* dst, uint64_t len) const;
    bool fill(uint64_t addr, uint8_t byte, uint64_t len);

    // Code-page tracking for the decode caches (one per CPU).
    void add_code_listener(CodeWriteListener* l) { code_listeners_.push_back(l); }
    void remove_code_listener(CodeWriteListener* l);
    void mark_code_page(uint64_t addr);

    // Store watches, for observers (stack high-water marks, overflow guards,
    // thread_info checks, gdb watchpoints): every store that touches
    // [base, base+size) is reported after it is done, with the accessor CPU.
    // A store pair within one page is reported once, as one store of both
    // (it may begin below base).
    // Watched pages never enter the write TLB, so stores elsewhere cost
    // nothing extra, and with no watch nothing does.
    using StoreWatch = std::function<void(uint64_t addr, unsigned size, unsigned accessor)>;
    int add_store_watch(uint64_t base, uint64_t size, StoreWatch fn);
    // The same with a plain function and its context: no std::function call
    // on each store, for a watch that sees most of them (the stack tracker).
    using StoreWatchFn = void (*)(void* ctx, uint64_t addr, unsigned size, unsigned accessor);
    int add_store_watch(uint64_t base, uint64_t size, StoreWatchFn fn, void* ctx);
    void remove_store_watch(int id);

    // Debug watchpoints (gdb's Z2/Z3/Z4, src/gdb): `hit` is asked before a
    // guest load or store that touches [base, base+size) is made (`on` picks
    // loads, stores or both); when it answers true the access is not made and
    // returns BusStatus::Watchpoint, so the CPU stops with the instruction
    // not executed, as an AArch64 watchpoint debug event is taken before the
    // access (Arm ARM D2.10). Watched pages leave the TLB of the kinds
    // watched, so with no watch nothing costs more. Host-side copies
    // (copy_in/copy_out/fill) are not watched.
    static constexpr unsigned kWatchLoads = 1, kWatchStores = 2;
    using DebugWatch = std::function<bool(uint64_t addr, unsigned size, bool is_write, unsigned accessor)>;
    int add_debug_watch(uint64_t base, uint64_t size, unsigned on, DebugWatch hit);
    void remove_debug_watch(int id);

    // Changes whenever RAM is unmapped or resized: an "is this RAM" answer
    // cached with it holds while it does not change.
    uint64_t generation() const { return generation_; }

    // MMIO observer: told of every device access (not RAM) before the
    // device sees it, with the accessor CPU. One null check on the MMIO
    // path; nothing anywhere else. The board uses it for what QEMU's
    // `-d int` trace prints after an MMIO access (board_cpu.hpp).
    using MmioObserver = void (*)(void* ctx, uint64_t addr, unsigned size, bool is_write, unsigned accessor);
    void set_mmio_observer(MmioObserver fn, void* ctx) {
        mmio_observer_ = fn;
        mmio_observer_ctx_ = ctx;
    }

    // The CPU whose accesses follow, passed to MMIO devices as `accessor`.
    // CPUs run one at a time, so the board sets it before each CPU's quantum.
    void set_accessor(unsigned cpu) { accessor_ = cpu; }
    unsigned accessor() const { return accessor_; }

private:
    static constexpr unsigned kTlbSize = 256;
    struct TlbEntry {
        uint64_t page = ~uint64_t{0};
        uint8_t* host = nullptr;
    };
    struct RamRegion;
    struct DeviceMapping {
        uint64_t base, size;
        MmioDevice* device;
    };

    RamRegion* find_ram(uint64_t addr) const;
    const DeviceMapping* find_device(uint64_t addr) const;
    void flush_tlbs();
    void fill_tlb(uint64_t addr, bool for_write);

    std::vector<std::unique_ptr<RamRegion>> ram_;
    std::vector<DeviceMapping> devices_;
    TlbEntry read_tlb_[kTlbSize];
    TlbEntry write_tlb_[kTlbSize];
    // A store watch: a std::function, or a plain function and its context.
    struct Watch {
        int id;
        uint64_t base, size;
        StoreWatch fn;              // or, when set, raw(ctx, ...)
        StoreWatchFn raw = nullptr;
        void* ctx = nullptr;
        void operator()(uint64_t addr, unsigned size, unsigned accessor) const {
            if (raw)
                raw(ctx, addr, size, accessor);
            else
                fn(addr, size, accessor);
        }
    };
    // Pages whose stores matter to store watches and to nothing else (no
    // decoded code, no debug watch on stores): written at once (write_miss,
    // write_slow) and their watches called. A whole-RAM watch (the stack
    // tracker) sends every store there, so the general slow path's region
    // search and flag checks would otherwise be paid on each one.
    // A watched page remembers the watches that overlap it, so a store asks
    // those (one, the tracker's, on most pages) and not every watch there is.
    // More than kPageWatches: count is kManyWatches and all are asked. The
    // pointers are into watches_: adding or removing a watch empties
    // watched_tlb_.
    static constexpr unsigned kPageWatches = 3;
    static constexpr uint8_t kManyWatches = 0xff;
    struct WatchedTlbEntry : TlbEntry {
        const Watch* watches[kPageWatches] = {};
        uint8_t count = 0;
    };
    WatchedTlbEntry watched_tlb_[kTlbSize];
    void fill_watched_tlb(uint64_t page, uint8_t* host);
    // Puts addr's page in the watched-page TLB if it is RAM that only store
    // watches keep out of the write TLB (the first pair stored there).
    bool enter_watched_tlb(uint64_t addr);
    int add_watch(Watch w);
    void call_store_watches(uint64_t addr, unsigned size);
    void call_store_watches(const WatchedTlbEntry& e, uint64_t addr, unsigned size) {
        if (e.count == kManyWatches) [[unlikely]]
            return call_store_watches(addr, size);
        for (unsigned i = 0; i < e.count; ++i) {
            const Watch& w = *e.watches[i];
            if (addr < w.base + w.size && w.base < addr + size) w(addr, size, accessor_);
        }
    }
    void notify_code_written(uint64_t page_addr);
    void refresh_page_flags();
    void refresh_page_flags(uint64_t base, uint64_t size);
    std::vector<CodeWriteListener*> code_listeners_;
    std::vector<Watch> watches_;
    struct DebugWatchEntry {
        int id;
        uint64_t base, size;
        unsigned on;
        DebugWatch hit;
    };
    std::vector<DebugWatchEntry> debug_watches_;
    // Pages that load debug watches keep out of the read TLB (the thread_info
    // checker watches every thread_info's loads, and a stack's lowest page
    // holds its thread_info): a load there asks the load watches that
    // overlap the page and is made at once, without the general slow path's
    // region search and walk of every watch. Pages with more than
    // kPageWatches such watches stay out. The pointers are into
    // debug_watches_: adding or removing a debug watch empties the table.
    struct LoadWatchedTlbEntry : TlbEntry {
        const DebugWatchEntry* watches[kPageWatches] = {};
        uint8_t count = 0;
    };
    LoadWatchedTlbEntry load_watched_tlb_[kTlbSize];
    void fill_load_watched_tlb(uint64_t page, uint8_t* host);
    bool debug_watch_hit(uint64_t addr, unsigned size, bool is_write);
    bool may_debug_watch(const RamRegion* r, uint64_t addr, unsigned size, uint8_t flag) const;
    int next_watch_id_ = 1;
    uint64_t generation_ = 0;  // bumped when the map changes
    unsigned accessor_ = 0;
    MmioObserver mmio_observer_ = nullptr;
    void* mmio_observer_ctx_ = nullptr;
};

}  // namespace irqsim
