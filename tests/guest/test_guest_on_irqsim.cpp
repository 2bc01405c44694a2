// The guest kernel images (src/asm) on irqsim's own board: each design boots
// with 1 and 2 CPUs, on GICv2 and GICv3, and prints "irqsim: result PASS" after its self-checks,
// as it does on qemu-system-aarch64 (run_guest_on_qemu.cmake is the oracle run).
#include <catch2/catch.hpp>

#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "irqsim/machine.hpp"

namespace {

// Copies the PT_LOAD segments into RAM (zero-filling .bss) and enters at
// e_entry, as QEMU's -kernel does with an ELF. (Machine::load_image is the
// board's own loader; this stands in until it lands.)
void load_elf(irqsim::Machine& m, const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f.good());
    std::vector<char> img((std::istreambuf_iterator<char>(f)), {});
    REQUIRE(img.size() >= sizeof(Elf64_Ehdr));
    Elf64_Ehdr eh;
    std::memcpy(&eh, img.data(), sizeof eh);
    REQUIRE(eh.e_machine == EM_AARCH64);
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        std::memcpy(&ph, img.data() + eh.e_phoff + i * eh.e_phentsize, sizeof ph);
        if (ph.p_type != PT_LOAD)
            continue;
        REQUIRE(m.bus().copy_in(ph.p_paddr, img.data() + ph.p_offset, ph.p_filesz));
        REQUIRE(m.bus().fill(ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz));
    }
    m.set_entry(eh.e_entry);
}

std::string boot(const std::string& design, unsigned cpus, irqsim::GicVersion gic) {
    std::ostringstream console;
    irqsim::MachineConfig config;
    config.cpus = cpus;
    config.gic = gic;
    config.console = &console;
    irqsim::Machine m(config);
    load_elf(m, std::string(IRQSIM_KERNEL_IMAGE_DIR) + "/kernel-" + design + ".elf");
    auto result = m.run(2'000'000'000);
    INFO(console.str() << m.fault_report());
    REQUIRE(result.outcome == irqsim::RunOutcome::PoweredOff);
    return console.str();
}

}  // namespace

TEST_CASE("guest kernels boot on irqsim's board and pass their self-checks", "[guest]") {
    auto design = GENERATE(as<std::string>{}, "task", "copy", "sp_el0", "mainline", "mainline_v4_10",
                           "mainline_v4_14");
    auto cpus = GENERATE(1u, 2u);
    // The kernel picks its GIC driver from ID_AA64PFR0_EL1.GIC.
    auto gic = GENERATE(irqsim::GicVersion::V2, irqsim::GicVersion::V3);
    CAPTURE(design, cpus, gic == irqsim::GicVersion::V3 ? "GICv3" : "GICv2");
    std::string out = boot(design, cpus, gic);
    INFO(out);
    CHECK(out.find("irqsim: result PASS") != std::string::npos);
    CHECK(out.find("FAIL") == std::string::npos);
    CHECK(out.find("check: unwind: reached task frame: PASS") != std::string::npos);
}
