// `irqsim boot IMAGE.elf`: a bare-metal image on the QEMU virt-compatible
// board (DESIGN.md, "The command line").
#include <cstdio>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "irqsim/cycles.hpp"
#include "irqsim/elf.hpp"
#include "irqsim/gdb.hpp"
#include "irqsim/machine.hpp"
#include "irqsim/trace.hpp"
#include "report/write_file.hpp"

namespace irqsim::cli {

int run_boot(const BootArgs& a) {
    if (std::string why = clock_needs_core(a.clock, a.core); !why.empty()) {
        std::fprintf(stderr, "irqsim boot: %s\n", why.c_str());
        return kExitBadInput;
    }
    if (a.icount && a.clock == "cycles") {
        std::fprintf(stderr, "irqsim boot: --icount (1 ns per instruction) and --clock cycles contradict each other\n");
        return kExitBadInput;
    }
    MachineConfig mc;
    mc.cpus = a.smp;
    mc.gic = a.gic == "v3" ? GicVersion::V3 : GicVersion::V2;
    mc.semihosting = a.semihosting;
    mc.interleave_seed = a.interleave_seed;
    std::ofstream trace_file;
    std::unique_ptr<QemuIntTrace> trace;
    std::unique_ptr<gdb::Server> gdb_server;
    if (!listen_for_gdb("boot", a.gdb_port, gdb_server)) return kExitBadInput;
    try {
        Machine m(mc);
        m.load_image(a.image);
        // The cost model (none with flat: PMCCNTR_EL0 counts instructions).
        std::unique_ptr<CycleSystem> cost;
        if (a.core != "flat") {
            cost = std::make_unique<CycleSystem>(m, a.core);
            if (a.clock == "cycles") cost->drive_clock(core_clock_hz(a.core));
        }
        if (!a.trace_exceptions.empty()) {
            trace_file.open(a.trace_exceptions);
            if (!trace_file) {
                std::fprintf(stderr, "irqsim boot: cannot write --trace-exceptions file %s\n", a.trace_exceptions.c_str());
                return kExitBadInput;
            }
            trace = std::make_unique<QemuIntTrace>(trace_file);
            m.add_exception_observer(trace.get());
        }
        std::unique_ptr<RunTrace> timeline;
        if (!a.trace_out.empty()) timeline = std::make_unique<RunTrace>(m, a.image);
        uint64_t budget = a.max_insns ? a.max_insns : ~uint64_t{0};
        RunResult r = gdb_server ? gdb::debug_machine(*gdb_server, m, budget) : m.run(budget);
        std::cout.flush();
        if (a.stats && cost) std::fprintf(stderr, "cycles=%llu\n", static_cast<unsigned long long>(cost->total_cycles()));
        if (a.stats) std::fprintf(stderr, "insns=%llu\n", static_cast<unsigned long long>(m.instructions()));
        if (timeline) {
            timeline->finish();
            write_file_atomically(a.trace_out, format_trace_json({timeline.get()}));
        }
        switch (r.outcome) {
            case RunOutcome::PoweredOff:
            case RunOutcome::Exited: return r.exit_status;
            case RunOutcome::InsnLimit:
                std::fprintf(stderr, "irqsim boot: %s: stopped after --max-insns %llu instructions\n", a.image.c_str(),
                             static_cast<unsigned long long>(a.max_insns));
                return kExitOutOfInsns;
            case RunOutcome::Deadlock:
                std::fprintf(stderr, "irqsim boot: %s: %s\n", a.image.c_str(), m.fault_report().c_str());
                return kExitOutOfInsns;
            case RunOutcome::Stopped:
                std::fprintf(stderr, "irqsim boot: %s: gdb killed the run\n", a.image.c_str());
                return kExitOutOfInsns;
            case RunOutcome::GuestFault:
                std::fprintf(stderr, "%s", m.fault_report().c_str());
                return kExitGuestFault;
        }
    } catch (const ElfError& e) {
        std::fprintf(stderr, "irqsim boot: %s\n", e.what());
        return kExitBadInput;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "irqsim boot: %s: %s\n", a.image.c_str(), e.what());
        return kExitBadInput;
    }
    return kExitBadInput;
}

}  // namespace irqsim::cli
