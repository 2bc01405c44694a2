#include "unicorn_user.hpp"

#include <fmt/format.h>
#include <unicorn/unicorn.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "irqsim/elf.hpp"

namespace bench {
namespace {

// Where things go in Unicorn's flat (MMU off) address space. The programs
// print no addresses, so these need not be Linux's; they stay well inside the
// physical address range Unicorn's CPU model accepts.
constexpr uint64_t kPage = 4096;
constexpr uint64_t kStackTop = 0x80'0000'0000, kStackSize = 8 << 20;
constexpr uint64_t kMmapBase = 0x40'0000'0000, kMmapSize = 256 << 20;
constexpr uint64_t kBrkMax = 256 << 20;  // room for the heap above the image

// The runtime's system calls (tests/programs/rt/rt.h, the generic table).
enum : uint64_t { kWrite = 64, kExit = 93, kExitGroup = 94, kBrk = 214, kMunmap = 215, kMmap = 222 };

uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }

void check(uc_err e, const char* what) {
    if (e != UC_ERR_OK) throw std::runtime_error(fmt::format("unicorn: {}: {}", what, uc_strerror(e)));
}

struct Guest {
    uc_engine* uc = nullptr;
    UnicornRun* run = nullptr;
    uint64_t brk_start = 0, brk = 0, mmap_next = kMmapBase;
    bool exited = false;
    std::string fault;
};

void on_interrupt(uc_engine* uc, uint32_t intno, void* user) {
    auto& g = *static_cast<Guest*>(user);
    uint64_t nr = 0, a0 = 0, a1 = 0, a2 = 0, pc = 0;
    uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
    if (intno != 2) {  // EXCP_SWI: SVC; anything else is a guest fault
        g.fault = fmt::format("exception {} at pc 0x{:x}", intno, pc);
        uc_emu_stop(uc);
        return;
    }
    uc_reg_read(uc, UC_ARM64_REG_X8, &nr);
    uc_reg_read(uc, UC_ARM64_REG_X0, &a0);
    uc_reg_read(uc, UC_ARM64_REG_X1, &a1);
    uc_reg_read(uc, UC_ARM64_REG_X2, &a2);
    int64_t ret = -38;  // -ENOSYS
    switch (nr) {
        case kWrite: {
            std::string bytes(a2, '\0');
            if (a0 != 1 && a0 != 2) {
                ret = -9;  // -EBADF
            } else if (uc_mem_read(uc, a1, bytes.data(), a2) != UC_ERR_OK) {
                ret = -14;  // -EFAULT
            } else {
                (a0 == 1 ? g.run->out : g.run->err) += bytes;
                ret = static_cast<int64_t>(a2);
            }
            break;
        }
        case kExit:
        case kExitGroup:
            g.run->status = static_cast<int>(a0 & 0xff);
            g.exited = true;
            uc_emu_stop(uc);
            return;
        case kBrk:
            if (a0 >= g.brk_start && a0 <= g.brk_start + kBrkMax) g.brk = a0;
            ret = static_cast<int64_t>(g.brk);
            break;
        case kMmap: {
            uint64_t len = page_up(a1);
            if (g.mmap_next + len > kMmapBase + kMmapSize) {
                ret = -12;  // -ENOMEM
            } else {
                ret = static_cast<int64_t>(g.mmap_next);
                g.mmap_next += len;
            }
            break;
        }
        case kMunmap:
            ret = 0;  // the region stays mapped; the programs never reuse it
            break;
        default:
            break;
    }
    uc_reg_write(uc, UC_ARM64_REG_X0, &ret);
}

// The initial stack (argc, argv[], NULL, envp NULL, auxv AT_NULL) and the
// strings above it, as the runtime's _start reads it.
uint64_t build_stack(uc_engine* uc, const std::string& elf, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {elf};
    argv.insert(argv.end(), args.begin(), args.end());
    uint64_t p = kStackTop;
    std::vector<uint64_t> ptrs;
    for (const auto& a : argv) {
        p -= a.size() + 1;
        check(uc_mem_write(uc, p, a.c_str(), a.size() + 1), "write argv");
        ptrs.push_back(p);
    }
    std::vector<uint64_t> words = {argv.size()};
    words.insert(words.end(), ptrs.begin(), ptrs.end());
    words.insert(words.end(), {0, 0, 0, 0});  // argv NULL, envp NULL, AT_NULL
    p = (p - words.size() * 8) & ~uint64_t{15};
    check(uc_mem_write(uc, p, words.data(), words.size() * 8), "write stack");
    return p;
}

}  // namespace

UnicornRun run_under_unicorn(const std::string& elf, const std::vector<std::string>& args) {
    UnicornRun run;
    Guest g;
    g.run = &run;
    try {
        irqsim::ElfImage image = irqsim::load_elf(elf);
        check(uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &g.uc), "open");
        uint64_t lo = image.lowest_address() & ~(kPage - 1), hi = page_up(image.highest_address());
        g.brk_start = g.brk = hi;
        check(uc_mem_map(g.uc, lo, hi - lo + kBrkMax, UC_PROT_ALL), "map image and heap");
        for (const auto& s : image.segments)
            if (!s.data.empty()) check(uc_mem_write(g.uc, s.vaddr, s.data.data(), s.data.size()), "load segment");
        check(uc_mem_map(g.uc, kStackTop - kStackSize, kStackSize, UC_PROT_READ | UC_PROT_WRITE), "map stack");
        check(uc_mem_map(g.uc, kMmapBase, kMmapSize, UC_PROT_READ | UC_PROT_WRITE), "map mmap area");
        uint64_t sp = build_stack(g.uc, elf, args);
        check(uc_reg_write(g.uc, UC_ARM64_REG_SP, &sp), "set sp");
        uc_hook hook;
        check(uc_hook_add(g.uc, &hook, UC_HOOK_INTR, reinterpret_cast<void*>(&on_interrupt), &g, 1, 0), "hook");
        auto t0 = std::chrono::steady_clock::now();
        uc_err e = uc_emu_start(g.uc, image.entry, 0, 0, 0);
        run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (e != UC_ERR_OK)
            run.error = uc_strerror(e);
        else if (!g.fault.empty())
            run.error = g.fault;
        else if (!g.exited)
            run.error = "stopped without exit";
    } catch (const std::exception& ex) {
        run.error = ex.what();
    }
    if (!run.error.empty()) run.status = -1;
    if (g.uc) uc_close(g.uc);
    return run;
}

}  // namespace bench
