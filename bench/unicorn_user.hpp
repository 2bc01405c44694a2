// The Unicorn engine (QEMU's CPU as a library) as a speed peer, in this
// process: a static freestanding AArch64 Linux program of ours (the
// tests/programs runtime) is loaded with irqsim's ELF loader, given the
// initial stack Linux gives it, and run until it calls exit_group; the few
// system calls that runtime makes (write, brk, mmap, munmap, exit) are served
// from an interrupt hook. Only the emulation itself is timed.
#pragma once

#include <string>
#include <vector>

namespace bench {

struct UnicornRun {
    double seconds = 0;  // wall time inside uc_emu_start
    int status = -1;     // the guest's exit status, or -1 with `error` set
    std::string out, err, error;
};

UnicornRun run_under_unicorn(const std::string& elf, const std::vector<std::string>& args);

}  // namespace bench
