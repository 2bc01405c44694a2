// How `irqsim user --strace` prints a system call: qemu-aarch64 -strace's
// format (QEMU 7.2 linux-user/strace.c and strace.list), argument by
// argument, so that the two logs compare line for line.
#pragma once

#include <cstdint>
#include <string>

#include "irqsim/memory.hpp"

namespace irqsim::strace {

// One argument's printer. The first group are the host printf conversions
// of strace.list's format strings, applied as qemu applies them (to the
// 64-bit value, so %d and %#x see its low 32 bits); the others are
// strace.c's print_* helpers.
enum class Arg : uint8_t {
    Int32,    // "%d"
    UInt32,   // "%u"
    Hex32,    // "%#x"
    HostPtr,  // "%p": "(nil)" or 0x...
    Long,     // print_raw_param("%ld") and the six-argument default
    Hex64,    // print_raw_param("%#lx")
    Pointer,  // print_pointer: NULL or 0x%016lx
    String,   // print_string: "..." or the pointer when it cannot be read
    AtDirfd,  // print_at_dirfd: AT_FDCWD or the number
    AtFlags,  // newfstatat's flags: AT_SYMLINK_NOFOLLOW, else %#x
    Prot,     // mmap/mprotect PROT_* flags
    MapFlags, // mmap MAP_* flags
    Signal,   // print_signal: SIGHUP .. SIGSYS, else the number
    SigHow,   // SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK, else UNKNOWN
    FutexOp,  // FUTEX_PRIVATE_FLAG|FUTEX_CLOCK_REALTIME|FUTEX_WAIT ...
    ClockId,  // CLOCK_REALTIME ..., else %#x
    Ioctl,    // TCGETS ..., else %#x
};

// How the result is printed.
enum class Ret : uint8_t {
    Value,     // " = %ld"
    Address,   // " = 0x%016lx" (print_syscall_ret_addr)
    NoReturn,  // exit, exit_group: the line ends before the call
    Timespec,  // clock_gettime: " = 0 ({tv_sec = S,tv_nsec = N})" from the second argument
    SigReturn, // rt_sigreturn: x0 is the restored register, not a result; qemu
               // prints its internal QEMU_ESIGRETURN (513) as an error
};

std::string format_arg(Arg kind, uint64_t value, const Bus& bus);
// " = ..." for result (a -errno shows as "-1 errno=N (strerror)"); arg1 is
// the call's second argument, for Ret::Timespec.
std::string format_ret(Ret kind, int64_t result, uint64_t arg1, const Bus& bus);

}  // namespace irqsim::strace
