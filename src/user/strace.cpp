// qemu-aarch64 -strace's argument and result formats (see strace.hpp). The
// names and their order in each flag set are the ones QEMU 7.2 prints,
// checked by running guests under it (tests/user).
#include "strace.hpp"

#include <fmt/format.h>

#include <cstring>
#include <string_view>

#include "irqsim/linux_user.hpp"

namespace irqsim::strace {

namespace {

struct Flag {
    uint64_t value;
    const char* name;
};

// C's %#x: no prefix on zero.
std::string alt_hex(uint64_t v) { return v ? fmt::format("{:#x}", v) : "0"; }

// print_flags(): each name whose bits are all set, '|'-separated, then any
// bits left over as %#x; zero prints the table's zero entry or "0".
std::string flags(uint64_t v, std::initializer_list<Flag> table, const char* zero) {
    if (v == 0) return zero;
    std::string out;
    for (const Flag& f : table) {
        if (f.value && (v & f.value) == f.value) {
            if (!out.empty()) out += '|';
            out += f.name;
            v &= ~f.value;
        }
    }
    if (v) {
        if (!out.empty()) out += '|';
        out += alt_hex(v);
    }
    return out;
}

std::string pointer(uint64_t v) { return v ? fmt::format("0x{:016x}", v) : "NULL"; }

}  // namespace

std::string format_arg(Arg kind, uint64_t v, const Bus& bus) {
    switch (kind) {
        case Arg::Int32: return fmt::format("{}", static_cast<int32_t>(v));
        case Arg::UInt32: return fmt::format("{}", static_cast<uint32_t>(v));
        case Arg::Hex32: return alt_hex(static_cast<uint32_t>(v));
        case Arg::HostPtr: return v ? fmt::format("{:#x}", v) : "(nil)";
        case Arg::Long: return fmt::format("{}", static_cast<int64_t>(v));
        case Arg::Hex64: return alt_hex(v);
        case Arg::Pointer: return pointer(v);
        case Arg::String: {
            // lock_user_string(): the whole string must be readable.
            std::string s;
            for (uint64_t a = v;; ++a) {
                char c;
                if (!v || !bus.copy_out(a, &c, 1)) return pointer(v);
                if (!c) break;
                s += c;
                if (s.size() > 4096) return pointer(v);
            }
            return fmt::format("\"{}\"", s);
        }
        case Arg::AtDirfd:
            return static_cast<int32_t>(v) == -100 ? "AT_FDCWD" : fmt::format("{}", static_cast<int32_t>(v));
        case Arg::AtFlags: return flags(v, {{0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_REMOVEDIR"}, {0x400, "AT_SYMLINK_FOLLOW"}}, "0");
        case Arg::Prot:
            return flags(v, {{0x4, "PROT_EXEC"}, {0x1, "PROT_READ"}, {0x2, "PROT_WRITE"}, {0x01000000, "PROT_GROWSDOWN"},
                             {0x02000000, "PROT_GROWSUP"}},
                         "PROT_NONE");
        case Arg::MapFlags:
            return flags(v, {{0x01, "MAP_SHARED"}, {0x02, "MAP_PRIVATE"}, {0x20, "MAP_ANONYMOUS"}, {0x800, "MAP_DENYWRITE"},
                             {0x10, "MAP_FIXED"}, {0x100, "MAP_GROWSDOWN"}, {0x1000, "MAP_EXECUTABLE"},
                             {0x2000, "MAP_LOCKED"}, {0x10000, "MAP_NONBLOCK"}, {0x4000, "MAP_NORESERVE"},
                             {0x8000, "MAP_POPULATE"}, {0x40000, "MAP_HUGETLB"}},
                         "0");
        case Arg::Signal: {
            const char* name = LinuxSignal::strace_name(v);
            return name ? name : fmt::format("{}", static_cast<int64_t>(v));
        }
        case Arg::SigHow: {
            static const char* const how[] = {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"};
            return v < 3 ? how[v] : "UNKNOWN";
        }
        case Arg::FutexOp: {
            std::string out;
            if (v & 128) out += "FUTEX_PRIVATE_FLAG|";
            if (v & 256) out += "FUTEX_CLOCK_REALTIME|";
            static const char* const ops[] = {"FUTEX_WAIT",    "FUTEX_WAKE",      "FUTEX_FD",        "FUTEX_REQUEUE",
                                              "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI",  "FUTEX_UNLOCK_PI",
                                              "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET"};
            uint64_t op = v & 127;
            return out + (op < std::size(ops) ? std::string(ops[op]) : alt_hex(op));
        }
        case Arg::ClockId: {
            static const char* const clocks[] = {"CLOCK_REALTIME",         "CLOCK_MONOTONIC",      "CLOCK_PROCESS_CPUTIME_ID",
                                                 "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE",
                                                 "CLOCK_MONOTONIC_COARSE", "CLOCK_BOOTTIME",       "CLOCK_REALTIME_ALARM",
                                                 "CLOCK_BOOTTIME_ALARM",   "CLOCK_SGI_CYCLE",      "CLOCK_TAI"};
            return v < std::size(clocks) ? clocks[v] : alt_hex(v);
        }
        case Arg::Ioctl: return v == 0x5401 ? "TCGETS" : v == 0x5413 ? "TIOCGWINSZ" : alt_hex(v);
    }
    return {};
}

std::string format_ret(Ret kind, int64_t result, uint64_t arg1, const Bus& bus) {
    if (kind == Ret::SigReturn) return " = -1 errno=513 (Successful exit from sigreturn)";
    // print_syscall_err(): an error is -1 and the errno with its message.
    if (result < 0 && result > -4096)
        return fmt::format(" = -1 errno={} ({})", -result, std::strerror(static_cast<int>(-result)));
    switch (kind) {
        case Ret::Address: return fmt::format(" = 0x{:016x}", static_cast<uint64_t>(result));
        case Ret::Timespec: {
            int64_t ts[2] = {0, 0};
            bus.copy_out(arg1, ts, sizeof ts);
            return fmt::format(" = {} ({{tv_sec = {},tv_nsec = {}}})", result, ts[0], ts[1]);
        }
        default: return fmt::format(" = {}", result);
    }
}

}  // namespace irqsim::strace
