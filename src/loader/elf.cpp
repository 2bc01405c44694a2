// ELF64 parser and loader. The structures and constants are the System V
// gABI's and the AArch64 ELF ABI's (glibc's <elf.h> spells them); every
// field read from the file is checked before it is trusted.
#include "irqsim/elf.hpp"

#include <elf.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "irqsim/memory.hpp"

namespace irqsim {

static_assert(std::endian::native == std::endian::little,
              "the parser reads little-endian ELF fields in place; a big-endian host needs byte swaps");

namespace {

class Parser {
public:
    Parser(std::span<const uint8_t> bytes, const std::string& name) : b_(bytes), name_(name) {}

    template <typename... Args>
    [[noreturn]] void fail(fmt::format_string<Args...> f, Args&&... args) const {
        throw ElfError(fmt::format("{}: {}", name_, fmt::format(f, std::forward<Args>(args)...)));
    }

    // True when [off, off+len) lies inside the file, without overflow.
    bool inside(uint64_t off, uint64_t len) const { return off <= b_.size() && len <= b_.size() - off; }

    template <typename T>
    T read_at(uint64_t off) const {
        T v;
        std::memcpy(&v, b_.data() + off, sizeof v);
        return v;
    }

    ElfImage parse(uint64_t pie_base);

private:
    void check_header(const Elf64_Ehdr& eh) const;
    void read_segments(const Elf64_Ehdr& eh, ElfImage& img) const;
    void read_symbols(const Elf64_Ehdr& eh, ElfImage& img) const;

    std::span<const uint8_t> b_;
    std::string name_;
};

void Parser::check_header(const Elf64_Ehdr& eh) const {
    const unsigned char* id = eh.e_ident;
    if (std::memcmp(id, ELFMAG, SELFMAG) != 0) fail("not an ELF file (bad magic at offset 0)");
    if (id[EI_CLASS] == ELFCLASS32) fail("is a 32-bit ELF (ELFCLASS32); AArch64 images must be ELFCLASS64");
    if (id[EI_CLASS] != ELFCLASS64) fail("unknown ELF class {} at offset {}", id[EI_CLASS], EI_CLASS);
    if (id[EI_DATA] != ELFDATA2LSB) fail("not little-endian (EI_DATA = {}); irqsim models little-endian AArch64 only", id[EI_DATA]);
    if (id[EI_VERSION] != EV_CURRENT) fail("unknown ELF version {} at offset {}", id[EI_VERSION], EI_VERSION);
    if (eh.e_machine != EM_AARCH64) fail("machine is {} (e_machine), not EM_AARCH64 ({})", eh.e_machine, EM_AARCH64);
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        fail("ELF type {} is neither an executable (ET_EXEC) nor a position-independent executable (ET_DYN)", eh.e_type);
    if (eh.e_ehsize != sizeof(Elf64_Ehdr)) fail("ELF header size e_ehsize = {}, expected {}", eh.e_ehsize, sizeof(Elf64_Ehdr));
    if (eh.e_phnum == 0) fail("has no program headers, so nothing to load");
    if (eh.e_phnum == PN_XNUM) fail("has PN_XNUM program headers (extended numbering is not supported)");
    if (eh.e_phentsize != sizeof(Elf64_Phdr))
        fail("program header entry size e_phentsize = {}, expected {}", eh.e_phentsize, sizeof(Elf64_Phdr));
    if (!inside(eh.e_phoff, uint64_t{eh.e_phnum} * sizeof(Elf64_Phdr)))
        fail("program header table (offset {:#x}, {} entries) extends past the end of the file ({} bytes)", eh.e_phoff,
             eh.e_phnum, b_.size());
}

void Parser::read_segments(const Elf64_Ehdr& eh, ElfImage& img) const {
    const uint64_t bias = img.load_bias;
    bool have_pt_phdr = false;
    for (unsigned i = 0; i < eh.e_phnum; ++i) {
        auto ph = read_at<Elf64_Phdr>(eh.e_phoff + uint64_t{i} * sizeof(Elf64_Phdr));
        if (ph.p_type == PT_INTERP)
            fail("segment {} is PT_INTERP: a dynamically linked program; only static executables can run", i);
        if (ph.p_type == PT_PHDR) {
            img.phdr_addr = ph.p_vaddr + bias;
            have_pt_phdr = true;
        }
        if (ph.p_type != PT_LOAD) continue;
        if (ph.p_filesz > ph.p_memsz)
            fail("segment {}: file size {:#x} exceeds memory size {:#x}", i, ph.p_filesz, ph.p_memsz);
        // A segment with no file bytes (.bss only) may name any offset.
        if (ph.p_filesz && !inside(ph.p_offset, ph.p_filesz))
            fail("segment {}: file bytes [{:#x}, +{:#x}) extend past the end of the file ({} bytes)", i, ph.p_offset,
                 ph.p_filesz, b_.size());
        uint64_t vaddr = ph.p_vaddr + bias;
        if (vaddr < ph.p_vaddr || ph.p_memsz > ~uint64_t{0} - vaddr)
            fail("segment {}: address {:#x} + size {:#x} overflows 64 bits", i, vaddr, ph.p_memsz);
        if (ph.p_memsz == 0) continue;
        ElfSegment s;
        s.index = i;
        s.vaddr = vaddr;
        s.memsz = ph.p_memsz;
        s.filesz = ph.p_filesz;
        s.offset = ph.p_offset;
        s.flags = ph.p_flags;
        if (ph.p_filesz) s.data.assign(b_.begin() + ph.p_offset, b_.begin() + ph.p_offset + ph.p_filesz);
        img.segments.push_back(std::move(s));
    }
    if (img.segments.empty()) fail("has no PT_LOAD segment with a non-zero size");
    std::sort(img.segments.begin(), img.segments.end(), [](const auto& a, const auto& b) { return a.vaddr < b.vaddr; });
    for (size_t k = 1; k < img.segments.size(); ++k) {
        const auto &p = img.segments[k - 1], &q = img.segments[k];
        if (q.vaddr < p.end())
            fail("segments {} [{:#x}, {:#x}) and {} [{:#x}, {:#x}) overlap", p.index, p.vaddr, p.end(), q.index, q.vaddr,
                 q.end());
    }
    // AT_PHDR: PT_PHDR if present, else where the segment holding the table's
    // file bytes puts them (what Linux's load_elf_binary computes).
    if (!have_pt_phdr) {
        for (const auto& s : img.segments)
            if (eh.e_phoff >= s.offset && eh.e_phoff - s.offset < s.filesz) img.phdr_addr = s.vaddr + (eh.e_phoff - s.offset);
    }
    img.phent = eh.e_phentsize;
    img.phnum = eh.e_phnum;

    img.entry = eh.e_entry + bias;
    auto in_code = std::find_if(img.segments.begin(), img.segments.end(),
                                [&](const auto& s) { return img.entry - s.vaddr < s.memsz && s.executable(); });
    if (in_code == img.segments.end())
        fail("entry point {:#x} is not inside an executable (PF_X) PT_LOAD segment", img.entry);
    if (img.entry & 3) fail("entry point {:#x} is not 4-byte aligned", img.entry);
}

void Parser::read_symbols(const Elf64_Ehdr& eh, ElfImage& img) const {
    if (eh.e_shoff == 0 || eh.e_shnum == 0) return;  // stripped of section headers: no symbols
    if (eh.e_shentsize != sizeof(Elf64_Shdr))
        fail("section header entry size e_shentsize = {}, expected {}", eh.e_shentsize, sizeof(Elf64_Shdr));
    if (!inside(eh.e_shoff, uint64_t{eh.e_shnum} * sizeof(Elf64_Shdr)))
        fail("section header table (offset {:#x}, {} entries) extends past the end of the file ({} bytes)", eh.e_shoff,
             eh.e_shnum, b_.size());
    auto section = [&](unsigned i) { return read_at<Elf64_Shdr>(eh.e_shoff + uint64_t{i} * sizeof(Elf64_Shdr)); };
    for (unsigned i = 0; i < eh.e_shnum; ++i) {
        Elf64_Shdr sh = section(i);
        if (sh.sh_type != SHT_SYMTAB) continue;
        if (sh.sh_entsize != sizeof(Elf64_Sym)) fail("section {} (.symtab): entry size {} is not {}", i, sh.sh_entsize, sizeof(Elf64_Sym));
        if (!inside(sh.sh_offset, sh.sh_size)) fail("section {} (.symtab) extends past the end of the file", i);
        if (sh.sh_link >= eh.e_shnum) fail("section {} (.symtab): string table index {} out of range", i, sh.sh_link);
        Elf64_Shdr str = section(sh.sh_link);
        if (!inside(str.sh_offset, str.sh_size)) fail("section {} (string table) extends past the end of the file", sh.sh_link);
        const char* strtab = reinterpret_cast<const char*>(b_.data() + str.sh_offset);
        for (uint64_t k = 1; k < sh.sh_size / sizeof(Elf64_Sym); ++k) {
            auto sym = read_at<Elf64_Sym>(sh.sh_offset + k * sizeof(Elf64_Sym));
            unsigned type = ELF64_ST_TYPE(sym.st_info);
            if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) continue;
            if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS || sym.st_name == 0) continue;
            if (sym.st_name >= str.sh_size) fail("symbol {} in section {}: name offset {:#x} outside its string table", k, i, sym.st_name);
            const char* nm = strtab + sym.st_name;
            size_t len = strnlen(nm, str.sh_size - sym.st_name);
            std::string name(nm, len);
            // $x/$d mapping symbols (AArch64 ELF ABI 5.5) mark code and data, not names.
            if (name.empty() || name[0] == '$') continue;
            img.symbols.push_back({std::move(name), sym.st_value + img.load_bias, sym.st_size, type == STT_FUNC});
        }
    }
    std::stable_sort(img.symbols.begin(), img.symbols.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
}

ElfImage Parser::parse(uint64_t pie_base) {
    if (b_.empty()) fail("file is empty");
    if (b_.size() < sizeof(Elf64_Ehdr)) {
        if (b_.size() >= SELFMAG && std::memcmp(b_.data(), ELFMAG, SELFMAG) != 0) fail("not an ELF file (bad magic at offset 0)");
        fail("truncated: {} bytes, shorter than the 64-byte ELF header", b_.size());
    }
    auto eh = read_at<Elf64_Ehdr>(0);
    check_header(eh);
    ElfImage img;
    img.path = name_;
    img.position_independent = eh.e_type == ET_DYN;
    img.load_bias = img.position_independent ? pie_base : 0;
    read_segments(eh, img);
    read_symbols(eh, img);
    return img;
}

}  // namespace

uint64_t ElfImage::lowest_address() const { return segments.empty() ? 0 : segments.front().vaddr; }
uint64_t ElfImage::highest_address() const { return segments.empty() ? 0 : segments.back().end(); }

const ElfSymbol* ElfImage::find_symbol(const std::string& name) const {
    for (const auto& s : symbols)
        if (s.name == name) return &s;
    return nullptr;
}

const ElfSymbol* ElfImage::symbol_covering(uint64_t addr) const {
    // Prefer a symbol whose [value, value+size) covers addr (a few steps back,
    // past zero-sized labels); else the nearest one below, if it is in the
    // same segment (hand-written assembly often has sizeless symbols).
    auto it = std::upper_bound(symbols.begin(), symbols.end(), addr, [](uint64_t a, const auto& s) { return a < s.value; });
    if (it == symbols.begin()) return nullptr;
    for (auto s = it; s != symbols.begin() && it - s < 16;) {
        --s;
        if (addr - s->value < s->size) return &*s;
    }
    auto seg_of = [&](uint64_t a) {
        return std::find_if(segments.begin(), segments.end(), [&](const auto& sg) { return a - sg.vaddr < sg.memsz; });
    };
    const ElfSymbol& near = *(it - 1);
    if (seg_of(addr) == segments.end() || seg_of(addr) != seg_of(near.value)) return nullptr;
    return &near;
}

std::string ElfImage::symbolize(uint64_t addr) const {
    const ElfSymbol* best = symbol_covering(addr);
    if (!best) return fmt::format("{:#x}", addr);
    if (addr == best->value) return best->name;
    return fmt::format("{}+{:#x}", best->name, addr - best->value);
}

ElfImage parse_elf(std::span<const uint8_t> bytes, const std::string& name, uint64_t pie_base) {
    return Parser(bytes, name).parse(pie_base);
}

ElfImage load_elf(const std::string& path, uint64_t pie_base) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) throw ElfError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    if (S_ISDIR(st.st_mode)) throw ElfError(fmt::format("{}: is a directory, not an ELF file", path));
    std::ifstream f(path, std::ios::binary);
    if (!f) throw ElfError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    // One read of the whole file (a byte-at-a-time istreambuf copy was a
    // tenth of a short compare run's host instructions).
    std::vector<uint8_t> bytes(static_cast<size_t>(st.st_size));
    f.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (f.bad() || f.gcount() != static_cast<std::streamsize>(bytes.size()))
        throw ElfError(fmt::format("{}: read error", path));
    return parse_elf(bytes, path, pie_base);
}

void map_and_copy(Bus& bus, const ElfImage& image, ElfPlacement placement) {
    if (placement == ElfPlacement::MapRam) {
        // Segments may share a page (their page-rounded ranges overlap):
        // map the union of the page ranges, then copy.
        std::vector<std::pair<uint64_t, uint64_t>> ranges;
        for (const auto& s : image.segments) {
            uint64_t lo = s.vaddr & ~Bus::kPageMask;
            uint64_t hi = (s.end() + Bus::kPageMask) & ~Bus::kPageMask;
            if (hi < s.end()) throw ElfError(fmt::format("{}: segment {} ends at the top of the address space", image.path, s.index));
            if (!ranges.empty() && lo <= ranges.back().second)
                ranges.back().second = std::max(ranges.back().second, hi);
            else
                ranges.emplace_back(lo, hi);
        }
        // A file of a few bytes can ask for terabytes (p_memsz): refuse an
        // image bigger than the guest memory user mode gives, before asking
        // the host for it (the fuzzer found the uncaught host error).
        uint64_t total = 0;
        for (auto [lo, hi] : ranges) {
            if (hi - lo > kMaxUserImage - total)
                throw ElfError(fmt::format("{}: segments need more than the {:#x} bytes of memory irqsim user maps for an image "
                                           "([{:#x}, {:#x}) alone is {:#x})",
                                           image.path, kMaxUserImage, lo, hi, hi - lo));
            total += hi - lo;
        }
        for (auto [lo, hi] : ranges) {
            try {
                bus.map_ram(lo, hi - lo, image.path);
            } catch (const std::exception& e) {
                throw ElfError(fmt::format("{}: cannot map [{:#x}, {:#x}): {}", image.path, lo, hi, e.what()));
            }
        }
    }
    for (const auto& s : image.segments) {
        if (!bus.is_ram(s.vaddr, s.memsz))
            throw ElfError(fmt::format("{}: segment {} [{:#x}, {:#x}) is not inside RAM", image.path, s.index, s.vaddr, s.end()));
        bus.copy_in(s.vaddr, s.data.data(), s.data.size());
        // Freshly mapped RAM is already zero; existing RAM may not be.
        if (placement == ElfPlacement::ExistingRam) bus.fill(s.vaddr + s.filesz, 0, s.memsz - s.filesz);
    }
}

}  // namespace irqsim
