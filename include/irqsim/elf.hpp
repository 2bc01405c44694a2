// ELF64 loading for AArch64 images: our own parser of the System V gABI
// structures (no libelf), strict about everything it reads, so that a bad
// file is reported by name and reason instead of crashing the simulator.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace irqsim {

class Bus;

// Any problem with an ELF file. The message always starts with the file's
// name and says what is wrong (and where: offset, segment index).
class ElfError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One PT_LOAD segment, with its file bytes.
struct ElfSegment {
    unsigned index = 0;   // position in the program header table
    uint64_t vaddr = 0;   // after the load bias
    uint64_t memsz = 0;
    uint64_t filesz = 0;
    uint64_t offset = 0;  // in the file
    uint32_t flags = 0;   // PF_R | PF_W | PF_X
    std::vector<uint8_t> data;  // filesz bytes; the rest of memsz is zero

    bool executable() const { return flags & 1; }
    bool writable() const { return flags & 2; }
    uint64_t end() const { return vaddr + memsz; }
};

struct ElfSymbol {
    std::string name;
    uint64_t value = 0;  // after the load bias
    uint64_t size = 0;
    bool function = false;
};

struct ElfImage {
    std::string path;
    bool position_independent = false;  // ET_DYN (static-pie)
    uint64_t load_bias = 0;             // added to every address of an ET_DYN file
    uint64_t entry = 0;
    // The program header table as the guest sees it (AT_PHDR, AT_PHENT,
    // AT_PHNUM); phdr_addr is 0 when no segment maps it.
    uint64_t phdr_addr = 0;
    uint16_t phent = 0, phnum = 0;
    std::vector<ElfSegment> segments;  // PT_LOAD only, ascending vaddr
    std::vector<ElfSymbol> symbols;    // from .symtab, ascending value

    uint64_t lowest_address() const;
    uint64_t highest_address() const;  // one past the last byte
    // "name+0x10" for the symbol covering addr (or the nearest one below it
    // inside the same segment), else the address in hex.
    std::string symbolize(uint64_t addr) const;
    // The symbol symbolize() names for addr, or null.
    const ElfSymbol* symbol_covering(uint64_t addr) const;
    const ElfSymbol* find_symbol(const std::string& name) const;
};

// Where an ET_DYN (static-pie) image is placed, as qemu-aarch64 does for
// a 64-bit guest without a host-address-space constraint.
inline constexpr uint64_t kDefaultPieBase = 0x5500000000;

// Reads and validates an ELF file; throws ElfError.
ElfImage load_elf(const std::string& path, uint64_t pie_base = kDefaultPieBase);
// The same from bytes already in memory; `name` appears in messages.
ElfImage parse_elf(std::span<const uint8_t> bytes, const std::string& name, uint64_t pie_base = kDefaultPieBase);

enum class ElfPlacement {
    MapRam,       // user mode: map fresh RAM (page granular) for each segment
    ExistingRam,  // bare metal: copy into RAM the board already has
};
// The most guest memory MapRam maps for one image's segments (page-rounded).
inline constexpr uint64_t kMaxUserImage = uint64_t{4} << 30;
// Puts the segments on the bus (file bytes, then zeros up to memsz). With
// ExistingRam a segment outside RAM is an ElfError; with MapRam, segments
// needing more than kMaxUserImage bytes are.
void map_and_copy(Bus& bus, const ElfImage& image, ElfPlacement placement);

}  // namespace irqsim
