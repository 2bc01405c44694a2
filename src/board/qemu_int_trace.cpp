// The text `qemu-system-aarch64 -d int` writes (QEMU 7.2, target/arm/helper.c
// arm_cpu_do_interrupt and arm_log_exception; helper-a64.c exception_return),
// line for line, so our trace and QEMU's can be diffed.
#include <fmt/format.h>

#include <ostream>

#include "irqsim/machine.hpp"

namespace irqsim {

void QemuIntTrace::exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) {
    const ExceptionEvent& ev = *rec.event;
    out_ << fmt::format("Taking exception {} [{}] on CPU {}\n", ev.qemu_number, ev.qemu_name, cpu.index());
    out_ << fmt::format("...from EL{} to EL1\n", static_cast<int>(rec.from_el));
    out_ << fmt::format("...with ESR {:#x}/{:#x}\n", (rec.logged_syndrome >> 26) & 0x3f, rec.logged_syndrome);
    if (ev.qemu_number == 3 || ev.qemu_number == 4) out_ << fmt::format("...with FAR {:#x}\n", cpu.far_el1);
    out_ << fmt::format("...with ELR {:#x}\n", cpu.elr_el1);
    out_ << fmt::format("...to EL1 PC {:#x} PSTATE {:#x}\n", rec.vector, rec.new_pstate);
}

void QemuIntTrace::exception_returned(Cpu&, ExceptionLevel from, ExceptionLevel to, uint64_t pc) {
    out_ << fmt::format("Exception return from AArch64 EL{} to AArch64 EL{} PC {:#x}\n", static_cast<int>(from),
                        static_cast<int>(to), pc);
}

void QemuIntTrace::firmware_call(Cpu& cpu, const ExceptionEvent& ev, ExceptionLevel from, unsigned target_el,
                                 const std::string& detail) {
    out_ << fmt::format("Taking exception {} [{}] on CPU {}\n", ev.qemu_number, ev.qemu_name, cpu.index());
    out_ << fmt::format("...from EL{} to EL{}\n", static_cast<int>(from), target_el);
    if (ev.qemu_number != 16)  // semihosting is internal: no syndrome line
        out_ << fmt::format("...with ESR {:#x}/{:#x}\n", (ev.syndrome >> 26) & 0x3f, ev.syndrome);
    out_ << "..." << detail << "\n";
}

}  // namespace irqsim
