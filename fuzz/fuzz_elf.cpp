// libFuzzer target: the ELF64 loader (src/loader/elf.cpp). Any byte string
// must either load or be refused with an ElfError; both placements are
// tried, the bare-metal one into a small RAM at the virt board's address.
#include <cstddef>
#include <cstdint>

#include "irqsim/elf.hpp"
#include "irqsim/memory.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace irqsim;
    try {
        ElfImage img = parse_elf({data, size}, "fuzz.elf");
        for (const auto& s : img.symbols) (void)img.symbolize(s.value + 1);
        (void)img.symbolize(img.entry);
        {
            Bus bus;
            bus.map_ram(0x40000000, 1 << 20, "ram");
            try {
                map_and_copy(bus, img, ElfPlacement::ExistingRam);
            } catch (const ElfError&) {
            }
        }
        Bus bus;
        map_and_copy(bus, img, ElfPlacement::MapRam);
    } catch (const ElfError&) {
    }
    return 0;
}
