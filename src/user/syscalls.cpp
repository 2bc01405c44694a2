// Linux system calls for user mode: the arm64 numbering of
// include/uapi/asm-generic/unistd.h; x8 = number, x0..x5 = arguments, the
// result (or -errno) in x0. Anything else returns -ENOSYS, as Linux does for
// a number it does not know.
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "irqsim/linux_user.hpp"

namespace irqsim {

namespace {
// asm-generic/mman-common.h and mman.h
constexpr uint64_t kMapShared = 0x01, kMapPrivate = 0x02, kMapSharedValidate = 0x03, kMapType = 0x0f;
constexpr uint64_t kMapFixed = 0x10, kMapAnonymous = 0x20, kMapFixedNoreplace = 0x100000;
constexpr uint64_t kPage = LinuxUserLayout::kPageSize;
constexpr uint64_t kIovMax = 1024;  // UIO_MAXIOV
constexpr uint64_t kClockIdMax = 11;  // CLOCK_TAI: the highest POSIX clock id

uint64_t page_up(uint64_t v) { return (v + kPage - 1) & ~(kPage - 1); }
int64_t err(int e) { return -static_cast<int64_t>(e); }

enum class Arg : uint8_t { Int, Hex, Ptr };
enum class Ret : uint8_t { Value, Address, NoReturn };
}  // namespace

struct LinuxUserSystem::Syscalls {
    using Handler = int64_t (*)(LinuxUserSystem&, const uint64_t* a);
    struct Entry {
        uint64_t nr;
        const char* name;
        std::vector<Arg> args;  // how strace prints them
        Handler fn;
        Ret ret = Ret::Value;
    };

    static int64_t write_host(LinuxUserSystem& s, int fd, const std::vector<uint8_t>& bytes) {
        if (s.opt_.output) {
            s.opt_.output(fd, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
            return static_cast<int64_t>(bytes.size());
        }
        size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                return done ? static_cast<int64_t>(done) : err(errno);
            }
            done += static_cast<size_t>(n);
        }
        return static_cast<int64_t>(done);
    }
    static bool writable_fd(uint64_t fd) { return fd == 1 || fd == 2; }

    static int64_t sys_write(LinuxUserSystem& s, const uint64_t* a) {
        if (!writable_fd(a[0])) return err(EBADF);
        std::vector<uint8_t> buf(a[2]);
        if (a[2] > (uint64_t{1} << 31) || !s.bus_.copy_out(a[1], buf.data(), a[2])) return err(EFAULT);
        return write_host(s, static_cast<int>(a[0]), buf);
    }
    static int64_t sys_writev(LinuxUserSystem& s, const uint64_t* a) {
        if (!writable_fd(a[0])) return err(EBADF);
        if (a[2] > kIovMax) return err(EINVAL);
        std::vector<uint64_t> iov(a[2] * 2);
        if (!s.bus_.copy_out(a[1], iov.data(), iov.size() * 8)) return err(EFAULT);
        std::vector<uint8_t> buf;
        for (uint64_t i = 0; i < a[2]; ++i) {
            uint64_t base = iov[2 * i], len = iov[2 * i + 1];
            if (len > (uint64_t{1} << 31) - buf.size()) return err(EINVAL);
            size_t at = buf.size();
            buf.resize(at + len);
            if (!s.bus_.copy_out(base, buf.data() + at, len)) return err(EFAULT);
        }
        return write_host(s, static_cast<int>(a[0]), buf);
    }
    static int64_t sys_read(LinuxUserSystem& s, const uint64_t* a) {
        if (a[0] != 0) return err(EBADF);
        std::vector<uint8_t> buf(std::min<uint64_t>(a[2], 1 << 20));
        if (!s.bus_.is_ram(a[1], buf.size()) && !buf.empty()) return err(EFAULT);
        ssize_t n;
        do n = ::read(0, buf.data(), buf.size());
        while (n < 0 && errno == EINTR);
        if (n < 0) return err(errno);
        s.bus_.copy_in(a[1], buf.data(), static_cast<uint64_t>(n));
        return n;
    }
    static int64_t sys_exit(LinuxUserSystem& s, const uint64_t* a) {
        // One thread: exit ends the process as exit_group does. The status
        // the parent sees is the low 8 bits (do_exit: (code & 0xff) << 8).
        s.exited_ = true;
        s.exit_status_ = static_cast<int>(a[0] & 0xff);
        s.cpu_->stop(StopReason::Halted);
        return 0;
    }

    // brk (mm/mmap.c): below the start, or when the heap cannot grow, the
    // current break is returned unchanged; otherwise the new one.
    static int64_t sys_brk(LinuxUserSystem& s, const uint64_t* a) {
        uint64_t want = a[0];
        if (want < s.brk_start_) return static_cast<int64_t>(s.brk_);
        uint64_t need = page_up(want);
        if (need < want) return static_cast<int64_t>(s.brk_);
        if (need > s.brk_mapped_) {
            uint64_t grow = need - s.brk_mapped_;
            bool grown = s.brk_piece_ && s.bus_.resize_ram(s.brk_piece_, need - s.brk_piece_);
            if (!grown) {
                if (s.bus_.find_free(s.brk_mapped_, grow) != s.brk_mapped_ || need > LinuxUserLayout::kStackTop)
                    return static_cast<int64_t>(s.brk_);
                s.bus_.map_ram(s.brk_mapped_, grow, "heap");
                s.brk_piece_ = s.brk_mapped_;
            }
        } else if (need < s.brk_mapped_) {
            s.bus_.unmap_ram(need, s.brk_mapped_ - need);
            if (s.brk_piece_ >= need) s.brk_piece_ = 0;
        }
        s.brk_mapped_ = need;
        s.brk_ = want;
        return static_cast<int64_t>(want);
    }

    // mmap: anonymous memory only (there are no files to map). The checks
    // follow do_mmap()/ksys_mmap_pgoff() in the order Linux makes them.
    static int64_t sys_mmap(LinuxUserSystem& s, const uint64_t* a) {
        uint64_t addr = a[0], len = a[1], flags = a[3], off = a[5];
        if (off & (kPage - 1)) return err(EINVAL);
        if (len == 0) return err(EINVAL);
        uint64_t size = page_up(len);
        if (size < len || size > LinuxUserLayout::kStackTop) return err(ENOMEM);
        uint64_t type = flags & kMapType;
        if (type != kMapShared && type != kMapPrivate && type != kMapSharedValidate) return err(EINVAL);
        // A process of one thread cannot tell shared anonymous memory from
        // private; file mappings need files, which user mode does not have.
        if (!(flags & kMapAnonymous)) return err(ENOSYS);
        bool fixed = flags & (kMapFixed | kMapFixedNoreplace);
        if (fixed) {
            if (addr & (kPage - 1)) return err(EINVAL);
            if (addr + size < addr || addr + size > LinuxUserLayout::kStackTop) return err(ENOMEM);
            if (s.bus_.find_free(addr, size) != addr) {
                if (flags & kMapFixedNoreplace) return err(EEXIST);
                s.bus_.unmap_ram(addr, size);  // MAP_FIXED replaces what is there
                if (s.bus_.find_free(addr, size) != addr) return err(ENOMEM);  // a device, not RAM
            }
        } else {
            // The hint is used when it is free (as Linux does), else the
            // first gap from kMmapBase up.
            uint64_t hint = addr & ~(kPage - 1);
            if (!hint || hint + size < hint || hint + size > LinuxUserLayout::kStackTop || s.bus_.find_free(hint, size) != hint)
                hint = s.bus_.find_free(LinuxUserLayout::kMmapBase, size);
            if (hint + size > LinuxUserLayout::kStackTop - LinuxUserLayout::kStackSize) return err(ENOMEM);
            addr = hint;
        }
        s.bus_.map_ram(addr, size, "mmap");
        return static_cast<int64_t>(addr);
    }
    static int64_t sys_munmap(LinuxUserSystem& s, const uint64_t* a) {
        uint64_t addr = a[0], len = a[1];
        if ((addr & (kPage - 1)) || len == 0) return err(EINVAL);
        uint64_t size = page_up(len);
        if (size < len || addr + size < addr || addr + size > LinuxUserLayout::kStackTop) return err(EINVAL);
        s.bus_.unmap_ram(addr, size);
        if (addr < s.brk_mapped_ && addr + size > s.brk_start_) s.brk_piece_ = 0;  // the heap's region was cut
        return 0;
    }

    // A deterministic clock: every clock reads the instruction count at one
    // nanosecond per instruction, so a run is reproducible.
    static int64_t sys_clock_gettime(LinuxUserSystem& s, const uint64_t* a) {
        if (a[0] > kClockIdMax) return err(EINVAL);
        uint64_t ns = s.cpu_->instructions_retired();
        uint64_t ts[2] = {ns / 1'000'000'000, ns % 1'000'000'000};
        if (!s.bus_.copy_in(a[1], ts, sizeof ts)) return err(EFAULT);
        return 0;
    }

    static const std::vector<Entry>& table() {
        static const std::vector<Entry> t = {
            {63, "read", {Arg::Int, Arg::Ptr, Arg::Int}, sys_read},
            {64, "write", {Arg::Int, Arg::Ptr, Arg::Int}, sys_write},
            {66, "writev", {Arg::Int, Arg::Ptr, Arg::Int}, sys_writev},
            {93, "exit", {Arg::Int}, sys_exit, Ret::NoReturn},
            {94, "exit_group", {Arg::Int}, sys_exit, Ret::NoReturn},
            {113, "clock_gettime", {Arg::Int, Arg::Ptr}, sys_clock_gettime},
            {214, "brk", {Arg::Ptr}, sys_brk, Ret::Address},
            {215, "munmap", {Arg::Ptr, Arg::Int}, sys_munmap},
            {222, "mmap", {Arg::Ptr, Arg::Int, Arg::Int, Arg::Hex, Arg::Int, Arg::Int}, sys_mmap, Ret::Address},
        };
        return t;
    }
};

void LinuxUserSystem::do_syscall() {
    Cpu& c = *cpu_;
    const uint64_t nr = c.x[8];
    const uint64_t args[6] = {c.x[0], c.x[1], c.x[2], c.x[3], c.x[4], c.x[5]};
    const Syscalls::Entry* e = nullptr;
    for (const auto& k : Syscalls::table())
        if (k.nr == nr) e = &k;

    std::string line;
    if (opt_.strace) {
        if (e) {
            line = fmt::format("{}(", e->name);
            for (size_t i = 0; i < e->args.size(); ++i) {
                if (i) line += ',';
                if (e->args[i] == Arg::Int)
                    line += fmt::format("{}", static_cast<int64_t>(args[i]));
                else
                    line += fmt::format("{:#x}", args[i]);
            }
            line += ')';
        } else {
            line = fmt::format("unknown_syscall_{}({:#x},{:#x},{:#x},{:#x},{:#x},{:#x})", nr, args[0], args[1], args[2], args[3],
                               args[4], args[5]);
        }
        // Like qemu's -strace: the call before it runs (so exit, which does
        // not return, is shown), its result after.
        std::fprintf(opt_.strace_out, "%s%s", line.c_str(), e && e->ret == Ret::NoReturn ? "\n" : "");
        std::fflush(opt_.strace_out);
    }
    int64_t result = e ? e->fn(*this, args) : err(ENOSYS);
    if (e && e->ret == Ret::NoReturn) return;
    c.x[0] = static_cast<uint64_t>(result);
    if (opt_.strace) {
        std::string ret;
        if (result < 0 && result > -4096)
            ret = fmt::format(" = -1 errno={} ({})", -result, std::strerror(static_cast<int>(-result)));
        else if (e && e->ret == Ret::Address)
            ret = fmt::format(" = {:#x}", static_cast<uint64_t>(result));
        else
            ret = fmt::format(" = {}", result);
        std::fprintf(opt_.strace_out, "%s\n", ret.c_str());
        std::fflush(opt_.strace_out);
    }
}

}  // namespace irqsim
