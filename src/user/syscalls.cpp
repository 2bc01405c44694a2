// Linux system calls for user mode: the arm64 numbering of
// include/uapi/asm-generic/unistd.h; x8 = number, x0..x5 = arguments, the
// result (or -errno) in x0. A number not in the table returns -ENOSYS, as
// Linux does for one it does not know. --strace prints each call in
// qemu-aarch64 -strace's format (linux-user/strace.c and strace.list of
// QEMU 7.2, checked against its output), so the two logs can be compared
// line for line.
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "irqsim/linux_user.hpp"
#include "user/strace.hpp"

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

using strace::Arg;
using strace::Ret;

// Six arguments as numbers: how qemu prints a call it has no format for.
const std::vector<Arg> kSixLongs(6, Arg::Long);

// splitmix64, as for AT_RANDOM: getrandom's bytes come from the run's seed.
uint64_t next_random(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// The guest's struct stat (asm-generic/stat.h, as arm64 uses it: 128 bytes).
struct GuestStat {
    uint64_t dev, ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t rdev, pad1;
    int64_t size;
    int32_t blksize, pad2;
    int64_t blocks;
    int64_t atime, atime_ns, mtime, mtime_ns, ctime, ctime_ns;
    uint32_t unused[2];
};
static_assert(sizeof(GuestStat) == 128);
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
        // private; file mappings need files, which user mode does not have:
        // only 0, 1 and 2 are open, and they are not mappable here.
        if (!(flags & kMapAnonymous)) return a[4] <= 2 ? err(ENODEV) : err(EBADF);
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
    // nanosecond per instruction (or the cost model's cycles, --clock
    // cycles), so a run is reproducible.
    static int64_t sys_clock_gettime(LinuxUserSystem& s, const uint64_t* a) {
        if (a[0] > kClockIdMax) return err(EINVAL);
        uint64_t ns = s.now_ns();
        uint64_t ts[2] = {ns / 1'000'000'000, ns % 1'000'000'000};
        if (!s.bus_.copy_in(a[1], ts, sizeof ts)) return err(EFAULT);
        return 0;
    }

    // --- process identity, limits, the system -----------------------------------
    static int64_t sys_getpid(LinuxUserSystem&, const uint64_t*) { return LinuxUserLayout::kPid; }
    static int64_t sys_getuid(LinuxUserSystem&, const uint64_t*) { return ::getuid(); }  // as AT_UID
    static int64_t sys_geteuid(LinuxUserSystem&, const uint64_t*) { return ::geteuid(); }
    static int64_t sys_getgid(LinuxUserSystem&, const uint64_t*) { return ::getgid(); }
    static int64_t sys_getegid(LinuxUserSystem&, const uint64_t*) { return ::getegid(); }
    static int64_t sys_set_tid_address(LinuxUserSystem& s, const uint64_t* a) {
        s.clear_child_tid_ = a[0];
        return LinuxUserLayout::kPid;
    }
    // QEMU 7.2 does not implement robust futex lists (linux-user/syscall.c:
    // the kernel would walk the list at thread exit, which it cannot do for
    // the guest) and returns -ENOSYS; glibc carries on without them. With
    // one thread there is no other thread to wake, so we do the same.
    static int64_t sys_set_robust_list(LinuxUserSystem&, const uint64_t*) { return err(ENOSYS); }

    // prlimit64(pid, resource, new, old) on ourselves only.
    static int64_t sys_prlimit64(LinuxUserSystem& s, const uint64_t* a) {
        if (a[0] != 0 && a[0] != LinuxUserLayout::kPid) return err(ESRCH);
        if (a[1] >= s.rlimits_.size()) return err(EINVAL);
        std::array<uint64_t, 2> want{};
        if (a[2] && !s.bus_.copy_out(a[2], want.data(), sizeof want)) return err(EFAULT);
        if (a[2] && want[0] > want[1]) return err(EINVAL);
        if (a[3] && !s.bus_.copy_in(a[3], s.rlimits_[a[1]].data(), sizeof want)) return err(EFAULT);
        if (a[2]) s.rlimits_[a[1]] = want;
        return 0;
    }

    // uname: fixed strings, so runs do not depend on the host.
    static int64_t sys_uname(LinuxUserSystem& s, const uint64_t* a) {
        char u[6][65] = {};
        const char* fields[6] = {"Linux", "irqsim", "6.1.0", "#1 SMP irqsim", "aarch64", "(none)"};
        for (int i = 0; i < 6; ++i) std::strncpy(u[i], fields[i], 64);
        return s.bus_.copy_in(a[0], u, sizeof u) ? 0 : err(EFAULT);
    }

    // sysinfo: a fixed machine (1 GiB, no swap, one process) and the
    // deterministic clock for the uptime.
    static int64_t sys_sysinfo(LinuxUserSystem& s, const uint64_t* a) {
        struct {
            int64_t uptime;
            uint64_t loads[3], totalram, freeram, sharedram, bufferram, totalswap, freeswap;
            uint16_t procs, pad;
            uint32_t pad2;
            uint64_t totalhigh, freehigh;
            uint32_t mem_unit;
            char tail[4];
        } info{};
        static_assert(sizeof info == 112);
        info.uptime = static_cast<int64_t>(s.now_ns() / 1'000'000'000);
        info.totalram = uint64_t{1} << 30;
        info.freeram = uint64_t{1} << 29;
        info.procs = 1;
        info.mem_unit = 1;
        return s.bus_.copy_in(a[0], &info, sizeof info) ? 0 : err(EFAULT);
    }

    // getrandom(buf, len, flags): bytes from the run's seed (GRND_NONBLOCK,
    // GRND_RANDOM and GRND_INSECURE are the flags Linux knows).
    static int64_t sys_getrandom(LinuxUserSystem& s, const uint64_t* a) {
        if (a[2] & ~uint64_t{7}) return err(EINVAL);
        if ((a[2] & 6) == 6) return err(EINVAL);  // GRND_INSECURE with GRND_RANDOM
        uint64_t len = std::min<uint64_t>(a[1], 0x1ff'ffff);  // MAX_RW_COUNT-ish: Linux returns short reads
        std::vector<uint8_t> bytes(len);
        if (!s.bus_.is_ram(a[0], len) && len) return err(EFAULT);
        for (uint64_t i = 0; i < len; i += 8) {
            uint64_t r = next_random(s.random_state_);
            std::memcpy(bytes.data() + i, &r, std::min<uint64_t>(8, len - i));
        }
        s.bus_.copy_in(a[0], bytes.data(), len);
        return static_cast<int64_t>(len);
    }

    // --- files: only stdin, stdout and stderr exist -----------------------------
    static bool std_fd(uint64_t fd) { return fd <= 2; }

    // fstat of 0, 1 and 2 is the host's, so that glibc buffers as it would
    // on these files; the times are left zero, so runs are reproducible.
    static int64_t put_stat(LinuxUserSystem& s, uint64_t fd, uint64_t buf) {
        if (!std_fd(fd)) return err(EBADF);
        struct ::stat h {};
        if (::fstat(static_cast<int>(fd), &h) != 0) return err(errno);
        GuestStat g{};
        g.dev = h.st_dev;
        g.ino = h.st_ino;
        g.mode = h.st_mode;
        g.nlink = static_cast<uint32_t>(h.st_nlink);
        g.uid = h.st_uid;
        g.gid = h.st_gid;
        g.rdev = h.st_rdev;
        g.size = h.st_size;
        g.blksize = static_cast<int32_t>(h.st_blksize);
        g.blocks = h.st_blocks;
        return s.bus_.copy_in(buf, &g, sizeof g) ? 0 : err(EFAULT);
    }
    static int64_t sys_fstat(LinuxUserSystem& s, const uint64_t* a) { return put_stat(s, a[0], a[1]); }
    // newfstatat(dirfd, path, buf, flags): AT_EMPTY_PATH with "" is fstat;
    // there are no other files.
    static int64_t sys_newfstatat(LinuxUserSystem& s, const uint64_t* a) {
        constexpr uint64_t kAtEmptyPath = 0x1000, kAtKnown = 0x100 | 0x800 | 0x1000 | 0x6000;
        if (a[3] & ~kAtKnown) return err(EINVAL);
        char first;
        if (!s.bus_.copy_out(a[1], &first, 1)) return err(EFAULT);
        if (first == 0 && (a[3] & kAtEmptyPath)) return put_stat(s, a[0], a[2]);
        if (first == 0) return err(ENOENT);
        return err(ENOENT);
    }
    // readlinkat: only /proc/self/exe exists (glibc asks for it at start-up).
    static int64_t sys_readlinkat(LinuxUserSystem& s, const uint64_t* a) {
        std::string path;
        for (uint64_t p = a[1];; ++p) {
            char c;
            if (!s.bus_.copy_out(p, &c, 1)) return err(EFAULT);
            if (!c) break;
            path += c;
            if (path.size() >= 4096) return err(ENAMETOOLONG);
        }
        if (static_cast<int32_t>(a[0]) != -100 && path.empty() == false && path[0] != '/') return err(EBADF);
        if (path != "/proc/self/exe") return err(ENOENT);
        if (static_cast<int64_t>(a[3]) <= 0) return err(EINVAL);
        uint64_t n = std::min<uint64_t>(a[3], s.exe_path_.size());  // no NUL, truncated to the buffer
        return s.bus_.copy_in(a[2], s.exe_path_.data(), n) ? static_cast<int64_t>(n) : err(EFAULT);
    }
    // ioctl: stdin, stdout and stderr are not terminals (so glibc buffers
    // stdout fully, whatever the host's fd is: reproducible).
    static int64_t sys_ioctl(LinuxUserSystem&, const uint64_t* a) { return std_fd(a[0]) ? err(ENOTTY) : err(EBADF); }

    // --- memory --------------------------------------------------------------------
    // mprotect: the range must be mapped; page permissions are not modelled
    // (the bus has none), so the pages stay as they were.
    static int64_t sys_mprotect(LinuxUserSystem& s, const uint64_t* a) {
        uint64_t addr = a[0], len = page_up(a[1]);
        if (addr & (kPage - 1)) return err(EINVAL);
        if (a[2] & ~uint64_t{0x0300'0007}) return err(EINVAL);
        if (len < a[1] || addr + len < addr) return err(ENOMEM);
        for (uint64_t p = addr; p < addr + len; p += kPage)
            if (!s.bus_.is_ram(p, 1)) return err(ENOMEM);
        return 0;
    }
    // madvise: advice only (MADV_DONTNEED's zeroing is not modelled).
    static int64_t sys_madvise(LinuxUserSystem&, const uint64_t* a) { return (a[0] & (kPage - 1)) ? err(EINVAL) : 0; }

    // mremap(old, old_size, new_size, flags, new_address): MREMAP_MAYMOVE (1)
    // and MREMAP_FIXED (2) as mm/mremap.c does them: shrinking unmaps the
    // tail; growing grows in place when the pages after are free, else
    // moves (with MAYMOVE) to where mmap would put it, copying the contents.
    static int64_t sys_mremap(LinuxUserSystem& s, const uint64_t* a) {
        constexpr uint64_t kMayMove = 1, kFixed = 2, kDontUnmap = 4;
        uint64_t old = a[0], old_size = page_up(a[1]), new_size = page_up(a[2]), flags = a[3];
        if (flags & ~(kMayMove | kFixed | kDontUnmap)) return err(EINVAL);
        if ((flags & kFixed) && !(flags & kMayMove)) return err(EINVAL);
        if (flags & (kFixed | kDontUnmap)) return err(EINVAL);  // not needed by glibc; not modelled
        if (old & (kPage - 1)) return err(EINVAL);
        if (new_size == 0 || new_size < a[2]) return err(EINVAL);
        if (!s.bus_.is_ram(old, old_size ? old_size : 1)) return err(EFAULT);
        if (new_size <= old_size) {
            if (new_size < old_size) s.bus_.unmap_ram(old + new_size, old_size - new_size);
            return static_cast<int64_t>(old);
        }
        if (s.bus_.find_free(old + old_size, new_size - old_size) == old + old_size &&
            old + new_size <= LinuxUserLayout::kStackTop - LinuxUserLayout::kStackSize) {
            s.bus_.map_ram(old + old_size, new_size - old_size, "mmap");
            return static_cast<int64_t>(old);
        }
        if (!(flags & kMayMove)) return err(ENOMEM);
        uint64_t to = s.bus_.find_free(LinuxUserLayout::kMmapBase, new_size);
        if (to + new_size > LinuxUserLayout::kStackTop - LinuxUserLayout::kStackSize) return err(ENOMEM);
        std::vector<uint8_t> bytes(old_size);
        s.bus_.copy_out(old, bytes.data(), old_size);
        s.bus_.map_ram(to, new_size, "mmap");
        s.bus_.copy_in(to, bytes.data(), old_size);
        s.bus_.unmap_ram(old, old_size);
        return static_cast<int64_t>(to);
    }

    // futex with one thread: a wake finds nobody; a wait whose value still
    // matches could never be woken (Linux would sleep for ever), which is
    // reported as a fault rather than a hang.
    static int64_t sys_futex(LinuxUserSystem& s, const uint64_t* a) {
        constexpr uint64_t kClockRealtime = 256;
        uint64_t op = a[1] & 127;
        // FUTEX_CLOCK_REALTIME goes only with FUTEX_WAIT_BITSET,
        // FUTEX_WAIT_REQUEUE_PI and FUTEX_LOCK_PI2 (kernel/futex/syscalls.c).
        if ((a[1] & kClockRealtime) && op != 9 && op != 11 && op != 13) return err(ENOSYS);
        if (a[0] & 3) return err(EINVAL);
        uint32_t now;
        switch (op) {
            case 1:   // FUTEX_WAKE
            case 10:  // FUTEX_WAKE_BITSET
                return s.bus_.is_ram(a[0], 4) ? 0 : err(EFAULT);
            case 0:   // FUTEX_WAIT
            case 9:   // FUTEX_WAIT_BITSET
                if (!s.bus_.copy_out(a[0], &now, 4)) return err(EFAULT);
                if (now != static_cast<uint32_t>(a[2])) return err(EAGAIN);
                if (a[3]) return err(ETIMEDOUT);  // a timeout passes with nobody to wake us
                s.fault(*s.cpu_, fmt::format("futex wait on {:#x} (value {}) with no other thread to wake it", a[0], now));
                return 0;
            default: return err(ENOSYS);
        }
    }

    // --- signals -------------------------------------------------------------------
    static bool valid_signal(uint64_t sig) { return sig >= 1 && sig <= LinuxSignal::kMax; }
    // rt_sigaction(sig, act, oact, sigsetsize): the action is recorded (and
    // used when the signal is raised); SIGKILL and SIGSTOP cannot change.
    static int64_t sys_rt_sigaction(LinuxUserSystem& s, const uint64_t* a) {
        if (a[3] != 8 || !valid_signal(a[0])) return err(EINVAL);
        SigAction& k = s.sigactions_[a[0] - 1];
        SigAction want;
        if (a[1]) {
            if (a[0] == LinuxSignal::kSigKill || a[0] == LinuxSignal::kSigStop) return err(EINVAL);
            if (!s.bus_.copy_out(a[1], &want, sizeof want)) return err(EFAULT);
        }
        if (a[2] && !s.bus_.copy_in(a[2], &k, sizeof k)) return err(EFAULT);
        if (a[1]) {
            want.mask &= ~((uint64_t{1} << (LinuxSignal::kSigKill - 1)) | (uint64_t{1} << (LinuxSignal::kSigStop - 1)));
            k = want;
            // Setting SIG_IGN discards a pending instance (do_sigaction).
            if (k.handler == 1) s.sigpending_ &= ~(uint64_t{1} << (a[0] - 1));
        }
        return 0;
    }
    // rt_sigprocmask(how, set, oset, sigsetsize).
    static int64_t sys_rt_sigprocmask(LinuxUserSystem& s, const uint64_t* a) {
        if (a[3] != 8) return err(EINVAL);
        uint64_t set = 0;
        if (a[1]) {
            if (a[0] > 2) return err(EINVAL);
            if (!s.bus_.copy_out(a[1], &set, 8)) return err(EFAULT);
        }
        if (a[2] && !s.bus_.copy_in(a[2], &s.sigmask_, 8)) return err(EFAULT);
        if (a[1]) {
            uint64_t m = a[0] == 0 ? s.sigmask_ | set : a[0] == 1 ? s.sigmask_ & ~set : set;
            s.sigmask_ = m & ~((uint64_t{1} << (LinuxSignal::kSigKill - 1)) | (uint64_t{1} << (LinuxSignal::kSigStop - 1)));
        }
        return 0;
    }
    // kill(pid, sig) and tgkill(tgid, tid, sig) reach only ourselves: pid
    // 0 or ours, or our group (one process in its own group); signal 0 only
    // checks. pid -1 means every process but the caller: there is none
    // (kernel/signal.c, kill_something_info()).
    static int64_t sys_kill(LinuxUserSystem& s, const uint64_t* a) {
        int64_t pid = static_cast<int64_t>(a[0]);
        if (a[1] > LinuxSignal::kMax) return err(EINVAL);
        if (pid != 0 && pid != static_cast<int64_t>(LinuxUserLayout::kPid) &&
            pid != -static_cast<int64_t>(LinuxUserLayout::kPid))
            return err(ESRCH);
        if (a[1]) s.raise_signal(static_cast<int>(a[1]), "SI_USER");
        return 0;
    }
    static int64_t sys_tgkill(LinuxUserSystem& s, const uint64_t* a) {
        if (static_cast<int64_t>(a[0]) <= 0 || static_cast<int64_t>(a[1]) <= 0 || a[2] > LinuxSignal::kMax)
            return err(EINVAL);
        if (a[0] != LinuxUserLayout::kPid || a[1] != LinuxUserLayout::kPid) return err(ESRCH);
        if (a[2]) s.raise_signal(static_cast<int>(a[2]), "SI_TKILL");
        return 0;
    }

    // rt_sigreturn: back from a handler to what the signal interrupted; the
    // restored x0 is left as it is.
    static int64_t sys_rt_sigreturn(LinuxUserSystem& s, const uint64_t*) {
        s.return_from_handler();
        return 0;
    }

    static const std::vector<Entry>& table() {
        using A = Arg;
        static const std::vector<Entry> t = {
            {29, "ioctl", {A::Int32, A::Ioctl, A::Pointer}, sys_ioctl},
            {63, "read", {A::Int32, A::Hex32, A::Int32}, sys_read},
            {64, "write", {A::Int32, A::Hex32, A::Int32}, sys_write},
            {66, "writev", {A::Int32, A::HostPtr, A::Hex32}, sys_writev},
            {78, "readlinkat", {A::AtDirfd, A::String, A::Pointer, A::Long}, sys_readlinkat},
            {79, "newfstatat", {A::AtDirfd, A::String, A::Pointer, A::AtFlags}, sys_newfstatat},
            {80, "fstat", {A::Long, A::Pointer}, sys_fstat},
            {93, "exit", {A::Int32}, sys_exit, Ret::NoReturn},
            {94, "exit_group", {A::Int32}, sys_exit, Ret::NoReturn},
            {96, "set_tid_address", kSixLongs, sys_set_tid_address},
            {98, "futex", {A::Pointer, A::FutexOp, A::Int32, A::Pointer, A::Pointer, A::Long}, sys_futex},
            {99, "set_robust_list", kSixLongs, sys_set_robust_list},
            {113, "clock_gettime", {A::ClockId, A::Pointer}, sys_clock_gettime, Ret::Timespec},
            {129, "kill", {A::Long, A::Signal}, sys_kill},
            {131, "tgkill", {A::Long, A::Long, A::Signal}, sys_tgkill},
            {134, "rt_sigaction", {A::Signal, A::Pointer, A::Pointer}, sys_rt_sigaction},
            {135, "rt_sigprocmask", {A::SigHow, A::Pointer, A::Pointer}, sys_rt_sigprocmask},
            {139, "rt_sigreturn", kSixLongs, sys_rt_sigreturn, Ret::SigReturn},
            {160, "uname", {A::HostPtr}, sys_uname},
            {172, "getpid", {}, sys_getpid},
            {174, "getuid", {}, sys_getuid},
            {175, "geteuid", {}, sys_geteuid},
            {176, "getgid", {}, sys_getgid},
            {177, "getegid", {}, sys_getegid},
            {178, "gettid", {}, sys_getpid},
            {179, "sysinfo", kSixLongs, sys_sysinfo},
            {214, "brk", {A::Pointer}, sys_brk, Ret::Address},
            {215, "munmap", {A::Pointer, A::Long}, sys_munmap},
            {216, "mremap", kSixLongs, sys_mremap},
            {222, "mmap", {A::Pointer, A::Long, A::Prot, A::MapFlags, A::Int32, A::Hex64}, sys_mmap, Ret::Address},
            {226, "mprotect", {A::Pointer, A::Long, A::Prot}, sys_mprotect},
            {233, "madvise", kSixLongs, sys_madvise},
            {261, "prlimit64", kSixLongs, sys_prlimit64},
            {278, "getrandom", {A::HostPtr, A::UInt32, A::UInt32}, sys_getrandom},
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

    if (opt_.strace) {
        // Like qemu's -strace: the call before it runs (so exit, which does
        // not return, is shown), its result after; a number it does not
        // know is "Unknown syscall N" and no result.
        std::string line;
        if (e) {
            line = fmt::format("{}(", e->name);
            for (size_t i = 0; i < e->args.size(); ++i) {
                if (i) line += ',';
                line += strace::format_arg(e->args[i], args[i], bus_);
            }
            line += e->ret == Ret::NoReturn ? ")\n" : ")";
        } else {
            line = fmt::format("Unknown syscall {}\n", nr);
        }
        std::fputs(line.c_str(), opt_.strace_out);
        std::fflush(opt_.strace_out);
    }
    int64_t result = e ? e->fn(*this, args) : err(ENOSYS);
    if (e && e->ret == Ret::NoReturn) return;
    if (!e || e->ret != Ret::SigReturn) c.x[0] = static_cast<uint64_t>(result);
    if (opt_.strace && e) {
        std::fprintf(opt_.strace_out, "%s\n", strace::format_ret(e->ret, result, args[1], bus_).c_str());
        std::fflush(opt_.strace_out);
    }
    // A signal the call raised (kill, tgkill) or unblocked (rt_sigprocmask)
    // is taken on the way back to EL0, after the call's own strace line, as
    // Linux and qemu do.
    if (sigpending_ & ~sigmask_) deliver_pending_signals();
}

}  // namespace irqsim
