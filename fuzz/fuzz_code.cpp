// libFuzzer target: the input's bytes run as A64 code on the virt board
// (one CPU, a small RAM) for a bounded number of instructions, at EL1h or
// EL0t (the first byte picks). Whatever the words do - unallocated
// encodings, system registers, exceptions with VBAR_EL1 unset, wild loads
// and branches - the run must end as RunOutcome says, never crash the host.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "irqsim/machine.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace irqsim;
    if (size < 1) return 0;
    const bool el0 = data[0] & 1;
    ++data;
    --size;
    std::ostringstream console, semi;
    MachineConfig cfg;
    cfg.ram_size = 2 << 20;
    cfg.semihosting = true;
    cfg.console = &console;
    cfg.semihosting_console = &semi;
    Machine m(cfg);
    constexpr uint64_t kBase = virt_map::kRamBase;
    m.bus().copy_in(kBase, data, size & ~size_t{3});
    m.set_entry(kBase);
    Cpu& cpu = m.cpu(0);
    // Some registers point into RAM so loads and stores reach memory.
    for (unsigned r = 0; r < 8; ++r) cpu.x[r] = kBase + 0x100000 + r * 0x1000;
    cpu.set_sp_el(ExceptionLevel::EL1, kBase + 0x1f0000);
    cpu.set_sp_el(ExceptionLevel::EL0, kBase + 0x1e0000);
    if (el0) cpu.set_pstate(0);  // EL0t, interrupts unmasked
    RunResult r = m.run(2000);
    if (r.outcome == RunOutcome::GuestFault) (void)m.fault_report();
    return 0;
}
