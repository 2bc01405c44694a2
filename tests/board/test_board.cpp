// The board's exception model, checked against the Arm ARM's rules
// (D1.10 exception entry, D1.11 return, D17.2.37 ESR_EL1) and QEMU's -d int
// text. The end-to-end comparison with qemu-system-aarch64 is tests/boot.
#include <catch2/catch.hpp>

#include <sstream>

#include "irqsim/machine.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;

namespace {
constexpr uint64_t kBase = virt_map::kRamBase + 0x80000;

struct Board {
    std::ostringstream console, trace_text;
    QemuIntTrace trace{trace_text};
    Machine machine;
    explicit Board(bool semihosting = false) : machine(make_config(semihosting)) {
        machine.add_exception_observer(&trace);
    }
    MachineConfig make_config(bool semihosting) {
        MachineConfig c;
        c.console = &console;
        c.semihosting_console = &console;
        c.semihosting = semihosting;
        return c;
    }
    // Image: the code at kBase, a vector table at kBase + 0x800 whose every
    // slot runs `handler`.
    RunResult run(const std::string& code, const std::string& handler, uint64_t max = 100000) {
        std::string src = code + "\n.balign 2048\nvectors:\n";
        for (int i = 0; i < 16; ++i) src += ".balign 128\n" + handler + "\n";
        auto words = test::assemble(src);
        machine.bus().copy_in(kBase, words.data(), words.size() * 4);
        machine.set_entry(kBase);
        return machine.run(max);
    }
};
const char* kPowerOff = "movz x0, #0x8400, lsl #16\nmovk x0, #8\nhvc #0\n";
}  // namespace

TEST_CASE("SVC from EL1h enters the current-EL-SPx synchronous vector with EC 0x15 and ELR past the SVC", "[board]") {
    Board b;
    auto r = b.run(std::string("adr x0, vectors\nmsr vbar_el1, x0\nsvc #0x12\n") + kPowerOff + ".ltorg",
                   "mrs x1, esr_el1\nmrs x2, elr_el1\nmrs x3, spsr_el1\neret");
    CHECK(r.outcome == RunOutcome::PoweredOff);
    Cpu& c = b.machine.cpu(0);
    CHECK(c.x[1] == ((0x15u << 26) | (1u << 25) | 0x12));
    CHECK(c.x[2] == kBase + 12);
    CHECK(c.x[3] == 0x3c5);  // SPSR = PSTATE at the SVC: EL1h, DAIF masked
    // Vector: VBAR + 0x200 (current EL with SP_ELx) + 0x000 (synchronous).
    CHECK(b.trace_text.str().find("...to EL1 PC 0x40080a00 PSTATE 0x3c5") != std::string::npos);
}

TEST_CASE("an EL0 task entered by ERET traps back through the lower-EL vector on SVC", "[board]") {
    Board b;
    auto r = b.run(
        "adr x0, vectors\nmsr vbar_el1, x0\n"
        "adr x0, el0\nmsr elr_el1, x0\nmsr spsr_el1, xzr\n"
        "movz x0, #0x4020, lsl #16\nmsr sp_el0, x0\neret\n"
        "el0: svc #7\nb .\n.ltorg",
        std::string("mrs x1, esr_el1\nmrs x2, elr_el1\nmrs x3, spsr_el1\nmov x4, sp\n") + kPowerOff);
    CHECK(r.outcome == RunOutcome::PoweredOff);
    Cpu& c = b.machine.cpu(0);
    CHECK(c.x[1] == ((0x15u << 26) | (1u << 25) | 7));
    CHECK(c.x[3] == 0);  // EL0t, nothing masked
    CHECK(c.sp_el(ExceptionLevel::EL0) == 0x40200000);
    // Lower EL, AArch64: VBAR + 0x400.
    CHECK(b.trace_text.str().find("...from EL0 to EL1") != std::string::npos);
    CHECK(b.trace_text.str().find("...to EL1 PC 0x40080c00") != std::string::npos);
    CHECK(b.trace_text.str().find("Exception return from AArch64 EL1 to AArch64 EL0 PC") != std::string::npos);
}

TEST_CASE("a load from an address with nothing behind it is a data abort with FAR and DFSC 0x10", "[board]") {
    Board b;
    auto r = b.run(std::string("adr x0, vectors\nmsr vbar_el1, x0\nmovz x1, #0x4800, lsl #16\nstr x2, [x1, #8]\n") +
                       kPowerOff + ".ltorg",
                   "mrs x5, esr_el1\nmrs x6, far_el1\nmrs x7, elr_el1\nadd x7, x7, #4\nmsr elr_el1, x7\neret");
    CHECK(r.outcome == RunOutcome::PoweredOff);
    Cpu& c = b.machine.cpu(0);
    // EC 0x25 (same EL), IL, WnR (a store), DFSC synchronous external abort.
    CHECK(c.x[5] == ((0x25u << 26) | (1u << 25) | (1u << 6) | 0x10));
    CHECK(c.x[6] == 0x48000008);
}

TEST_CASE("a fault inside the vector code that repeats ends the run as a guest fault with a report", "[board]") {
    Board b;  // VBAR_EL1 points at unmapped memory: every exception faults again
    auto r = b.run("movz x0, #0x4800, lsl #16\nmsr vbar_el1, x0\nbrk #1\n", "nop");
    CHECK(r.outcome == RunOutcome::GuestFault);
    CHECK(r.exit_status == 4);
    CHECK(b.machine.fault_report().find("faults itself") != std::string::npos);
}

TEST_CASE("PSCI_VERSION over HVC answers 1.1 and is logged as QEMU's 'handled as PSCI call'", "[board][psci]") {
    Board b;
    auto r = b.run(std::string("movz x0, #0x8400, lsl #16\nhvc #0\nmov x19, x0\n") + kPowerOff + ".ltorg", "b .");
    CHECK(r.outcome == RunOutcome::PoweredOff);
    CHECK(b.machine.cpu(0).x[19] == 0x10001);
    CHECK(b.trace_text.str() ==
          "Taking exception 11 [Hypervisor Call] on CPU 0\n...from EL1 to EL2\n...with ESR 0x16/0x5a000000\n"
          "...handled as PSCI call\n"
          "Taking exception 11 [Hypervisor Call] on CPU 0\n...from EL1 to EL2\n...with ESR 0x16/0x5a000000\n"
          "...handled as PSCI call\n");
}

TEST_CASE("semihosting SYS_WRITE0 prints and SYS_EXIT ends the run with the application's status", "[board][semihosting]") {
    Board b(true);
    auto r = b.run(
        "mov x0, #4\nadr x1, msg\nhlt #0xf000\nmov x0, #0x18\nadr x1, blk\nhlt #0xf000\nb .\n"
        ".balign 8\nblk: .quad 0x20026, 5\nmsg: .asciz \"hi\\n\"\n.balign 4",
        "b .");
    CHECK(r.outcome == RunOutcome::Exited);
    CHECK(r.exit_status == 5);
    CHECK(b.console.str() == "hi\n");
}

TEST_CASE("WFI with nothing armed to wake the CPU ends the run as a deadlock, not a hang", "[board]") {
    Board b;
    auto r = b.run("wfi\nb .", "b .");
    CHECK(r.outcome == RunOutcome::Deadlock);
}

TEST_CASE("the virtual timer's PPI 27 reaches the IRQ vector through the GICv2 and WFI wakes for it", "[board][gic]") {
    Board b;
    auto r = b.run(
        "adr x0, vectors\nmsr vbar_el1, x0\n"
        "movz x1, #0x0800, lsl #16\nmov w2, #1\nstr w2, [x1]\n"         // GICD_CTLR = 1
        "movz x3, #0x0801, lsl #16\nstr w2, [x3]\n"                    // GICC_CTLR = 1
        "mov w2, #0xf0\nstr w2, [x3, #4]\n"                            // GICC_PMR
        "movz w2, #0x0800, lsl #16\nstr w2, [x1, #0x100]\n"            // GICD_ISENABLER0: INTID 27
        "mov x4, #100\nmsr cntv_tval_el0, x4\nmov x4, #1\nmsr cntv_ctl_el0, x4\n"
        "msr daifclr, #2\nwfi\nb .\n",
        std::string("ldr w5, [x3, #0xc]\nmsr cntv_ctl_el0, xzr\nstr w5, [x3, #0x10]\nmrs x7, cntvct_el0\n") + kPowerOff);
    CHECK(r.outcome == RunOutcome::PoweredOff);
    Cpu& c = b.machine.cpu(0);
    CHECK(c.x[5] == 27);   // GICC_IAR: the virtual timer's INTID
    CHECK(c.x[7] >= 100);  // taken no earlier than the 100 ticks asked for
    CHECK(b.trace_text.str().find("Taking exception 5 [IRQ] on CPU 0") != std::string::npos);
    // IRQ from EL1h: VBAR + 0x200 + 0x80.
    CHECK(b.trace_text.str().find("...to EL1 PC 0x40080a80") != std::string::npos);
}
