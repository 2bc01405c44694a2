// The ELF64 loader: a good image loads as binutils reads it; every kind of
// bad file is refused with a message naming the file and the problem.
#include <catch2/catch.hpp>

#include <elf.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "irqsim/elf.hpp"
#include "irqsim/memory.hpp"

using namespace irqsim;

namespace {

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

// A scratch file that removes itself.
struct TempFile {
    std::string path;
    explicit TempFile(const std::vector<uint8_t>& bytes, const char* tag = "bad") {
        char name[] = "/tmp/irqsim-elf-XXXXXX";
        int fd = mkstemp(name);
        REQUIRE(fd >= 0);
        REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
        ::close(fd);
        path = std::string(name) + "-" + tag + ".elf";
        std::rename(name, path.c_str());
    }
    ~TempFile() { std::remove(path.c_str()); }
};

// The message load_elf gives for `bytes`, or "" if it loads.
std::string load_error(const std::string& path) {
    try {
        load_elf(path);
    } catch (const ElfError& e) {
        return e.what();
    }
    return "";
}

struct Mutated {
    std::vector<uint8_t> bytes = read_file(IRQSIM_HELLO_ELF);
    Elf64_Ehdr eh() const {
        Elf64_Ehdr h;
        std::memcpy(&h, bytes.data(), sizeof h);
        return h;
    }
    void set_eh(const Elf64_Ehdr& h) { std::memcpy(bytes.data(), &h, sizeof h); }
    Elf64_Phdr ph(unsigned i) const {
        Elf64_Phdr p;
        std::memcpy(&p, bytes.data() + eh().e_phoff + i * sizeof p, sizeof p);
        return p;
    }
    void set_ph(unsigned i, const Elf64_Phdr& p) { std::memcpy(bytes.data() + eh().e_phoff + i * sizeof p, &p, sizeof p); }
    unsigned first_load() const {
        for (unsigned i = 0; i < eh().e_phnum; ++i)
            if (ph(i).p_type == PT_LOAD) return i;
        FAIL("hello.elf has no PT_LOAD");
        return 0;
    }
    unsigned first_non_load() const {
        for (unsigned i = 0; i < eh().e_phnum; ++i)
            if (ph(i).p_type != PT_LOAD) return i;
        FAIL("hello.elf has only PT_LOAD");
        return 0;
    }
    // Edit the ELF header, or the first PT_LOAD's program header (returns its index).
    template <typename F>
    void edit_header(F f) {
        auto h = eh();
        f(h);
        set_eh(h);
    }
    template <typename F>
    unsigned edit_load(F f) {
        unsigned i = first_load();
        auto p = ph(i);
        f(p);
        set_ph(i, p);
        return i;
    }
    // Loads the mutated image from a file and returns the error message.
    std::string error(const char* tag) const {
        TempFile f(bytes, tag);
        std::string msg = load_error(f.path);
        INFO("message: " << msg);
        CHECK(msg.find(f.path) != std::string::npos);
        return msg;
    }
};

// Symbol addresses as binutils' nm reads them.
std::map<std::string, uint64_t> nm_symbols(const std::string& path) {
    std::map<std::string, uint64_t> out;
    std::string cmd = fmt::format("{} {}", IRQSIM_CROSS_NM, path);
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char line[512];
    while (std::fgets(line, sizeof line, p)) {
        unsigned long long addr;
        char type;
        char name[400];
        if (std::sscanf(line, "%llx %c %399s", &addr, &type, name) == 3) out[name] = addr;
    }
    pclose(p);
    return out;
}

}  // namespace

TEST_CASE("a static AArch64 executable loads with nm's entry symbol and symbols", "[loader]") {
    ElfImage img = load_elf(IRQSIM_HELLO_ELF);
    auto nm = nm_symbols(IRQSIM_HELLO_ELF);
    REQUIRE(nm.count("_start"));
    CHECK(img.entry == nm["_start"]);
    CHECK_FALSE(img.position_independent);
    REQUIRE(img.find_symbol("_start"));
    CHECK(img.find_symbol("_start")->value == nm["_start"]);
    CHECK(img.symbolize(nm["_start"]) == "_start");
    CHECK(img.symbolize(nm["_start"] + 8) == "_start+0x8");
    CHECK(img.symbolize(0x10) == "0x10");
}

TEST_CASE("the program header table address is where a PT_LOAD segment maps e_phoff", "[loader]") {
    Mutated m;
    ElfImage img = load_elf(IRQSIM_HELLO_ELF);
    Elf64_Phdr seg = m.ph(m.first_load());
    REQUIRE(seg.p_offset <= m.eh().e_phoff);
    CHECK(img.phdr_addr == seg.p_vaddr + (m.eh().e_phoff - seg.p_offset));
    CHECK(img.phnum == m.eh().e_phnum);
    CHECK(img.phent == sizeof(Elf64_Phdr));
}

TEST_CASE("bare-metal placement copies segments into existing RAM and zero-fills past p_filesz", "[loader]") {
    Mutated m;
    ElfImage img = load_elf(IRQSIM_HELLO_ELF);
    Elf64_Phdr seg = m.ph(m.first_load());
    Bus bus;
    uint64_t base = seg.p_vaddr & ~Bus::kPageMask;
    bus.map_ram(base, 0x100000, "ram");
    bus.fill(base, 0xaa, 0x100000);
    map_and_copy(bus, img, ElfPlacement::ExistingRam);
    std::vector<uint8_t> in_ram(seg.p_filesz);
    REQUIRE(bus.copy_out(seg.p_vaddr, in_ram.data(), in_ram.size()));
    CHECK(std::equal(in_ram.begin(), in_ram.end(), m.bytes.begin() + seg.p_offset));
}

TEST_CASE("bare-metal placement refuses a segment outside RAM", "[loader]") {
    ElfImage img = load_elf(IRQSIM_HELLO_ELF);
    Bus bus;
    bus.map_ram(0x40000000, 0x100000, "ram");
    try {
        map_and_copy(bus, img, ElfPlacement::ExistingRam);
        FAIL("no error");
    } catch (const ElfError& e) {
        std::string msg = e.what();
        CHECK(msg.find(IRQSIM_HELLO_ELF) != std::string::npos);
        CHECK(msg.find("not inside RAM") != std::string::npos);
    }
}

TEST_CASE("user-mode placement maps fresh RAM covering every segment", "[loader]") {
    ElfImage img = load_elf(IRQSIM_HELLO_ELF);
    Bus bus;
    map_and_copy(bus, img, ElfPlacement::MapRam);
    for (const auto& s : img.segments) CHECK(bus.is_ram(s.vaddr, s.memsz));
}

// Found by fuzz/fuzz_elf: p_memsz = 0x07ffffffffffffff made map_ram ask the
// host for it, and the uncaught error aborted `irqsim user` (status 134).
TEST_CASE("user-mode placement refuses an image larger than the memory it maps, naming the file", "[loader]") {
    for (uint64_t memsz : {kMaxUserImage + 1, uint64_t{0x07ffffffffffffff}}) {
        Mutated m;
        m.edit_load([&](Elf64_Phdr& p) { p.p_memsz = memsz; });
        TempFile f(m.bytes, "huge");
        ElfImage img = load_elf(f.path);  // the file itself is well formed
        Bus bus;
        try {
            map_and_copy(bus, img, ElfPlacement::MapRam);
            FAIL("no error");
        } catch (const ElfError& e) {
            std::string msg = e.what();
            CHECK(msg.find(f.path + ": segments need more than the 0x100000000 bytes of memory irqsim user maps") == 0);
        }
    }
}

TEST_CASE("a nonexistent file, a directory and an empty file are refused by name", "[loader]") {
    auto msg_for = [](const std::string& path) {
        try {
            load_elf(path);
        } catch (const ElfError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    std::string missing = "/nonexistent/irqsim/none.elf";
    CHECK(msg_for(missing).find(missing) == 0);
    CHECK(msg_for(missing).find("cannot open") != std::string::npos);
    CHECK(msg_for("/tmp").find("/tmp: is a directory") == 0);
    TempFile empty({}, "empty");
    CHECK(msg_for(empty.path).find(empty.path + ": file is empty") == 0);
}

TEST_CASE("a truncated ELF header is refused", "[loader]") {
    Mutated m;
    m.bytes.resize(40);
    CHECK_THAT(m.error("trunc-header"), Catch::Contains("truncated"));
}

TEST_CASE("a file cut inside the program header table is refused", "[loader]") {
    Mutated m;
    m.bytes.resize(m.eh().e_phoff + sizeof(Elf64_Phdr) / 2);
    CHECK_THAT(m.error("trunc-phdr"), Catch::Contains("program header table") && Catch::Contains("past the end"));
}

TEST_CASE("a file cut inside a segment's bytes is refused naming the segment", "[loader]") {
    Mutated m;
    unsigned i = m.first_load();
    Elf64_Phdr p = m.ph(i);
    m.bytes.resize(p.p_offset + p.p_filesz - 8);
    CHECK_THAT(m.error("trunc-seg"), Catch::Contains(fmt::format("segment {}", i)) && Catch::Contains("past the end of the file"));
}

TEST_CASE("bad magic is refused", "[loader]") {
    Mutated m;
    m.bytes[1] = 'X';
    CHECK_THAT(m.error("magic"), Catch::Contains("not an ELF file"));
}

TEST_CASE("a 32-bit ELF (ELFCLASS32) is refused", "[loader]") {
    Mutated m;
    m.bytes[EI_CLASS] = ELFCLASS32;
    CHECK_THAT(m.error("class32"), Catch::Contains("32-bit") && Catch::Contains("ELFCLASS64"));
}

TEST_CASE("a big-endian ELF is refused", "[loader]") {
    Mutated m;
    m.bytes[EI_DATA] = ELFDATA2MSB;
    CHECK_THAT(m.error("msb"), Catch::Contains("little-endian"));
}

TEST_CASE("an ELF for another machine is refused", "[loader]") {
    Mutated m;
    m.edit_header([](Elf64_Ehdr& h) { h.e_machine = EM_X86_64; });
    CHECK_THAT(m.error("machine"), Catch::Contains("EM_AARCH64") && Catch::Contains("62"));
}

TEST_CASE("a relocatable object (ET_REL) is refused", "[loader]") {
    Mutated m;
    m.edit_header([](Elf64_Ehdr& h) { h.e_type = ET_REL; });
    CHECK_THAT(m.error("rel"), Catch::Contains("ET_EXEC"));
}

TEST_CASE("a wrong program header entry size is refused", "[loader]") {
    Mutated m;
    m.edit_header([](Elf64_Ehdr& h) { h.e_phentsize = 32; });
    CHECK_THAT(m.error("phentsize"), Catch::Contains("e_phentsize"));
}

TEST_CASE("a segment whose file size exceeds its memory size is refused", "[loader]") {
    Mutated m;
    unsigned i = m.edit_load([&](Elf64_Phdr& p) { p.p_memsz = p.p_filesz - 4; });
    CHECK_THAT(m.error("filesz"), Catch::Contains(fmt::format("segment {}", i)) && Catch::Contains("exceeds memory size"));
}

TEST_CASE("a segment whose offset points past the end of the file is refused", "[loader]") {
    Mutated m;
    unsigned i = m.edit_load([&](Elf64_Phdr& p) { p.p_offset = m.bytes.size() + 0x1000; });
    CHECK_THAT(m.error("offset"), Catch::Contains(fmt::format("segment {}", i)) && Catch::Contains("past the end"));
}

TEST_CASE("a segment whose address plus size overflows 64 bits is refused", "[loader]") {
    Mutated m;
    unsigned i = m.edit_load([&](Elf64_Phdr& p) { p.p_vaddr = ~uint64_t{0} - 0xfff; p.p_memsz = 0x2000; });
    CHECK_THAT(m.error("overflow"), Catch::Contains("overflows"));
}

TEST_CASE("overlapping PT_LOAD segments are refused naming both", "[loader]") {
    Mutated m;
    unsigned i = m.first_load(), j = m.first_non_load();
    auto p = m.ph(i);
    auto q = p;  // a second PT_LOAD over the second half of the first
    q.p_vaddr = p.p_vaddr + p.p_memsz / 2;
    q.p_offset = p.p_offset + p.p_filesz / 2;
    q.p_filesz = q.p_memsz = 16;
    m.set_ph(j, q);
    std::string msg = m.error("overlap");
    CHECK_THAT(msg, Catch::Contains("overlap") && Catch::Contains(fmt::format("segments {}", std::min(i, j))));
}

TEST_CASE("an entry point outside every executable segment is refused", "[loader]") {
    Mutated m;
    m.edit_header([](Elf64_Ehdr& h) { h.e_entry = 0x10; });
    CHECK_THAT(m.error("entry"), Catch::Contains("entry point 0x10"));
}

TEST_CASE("an entry point in a segment without PF_X is refused", "[loader]") {
    Mutated m;
    m.edit_load([](Elf64_Phdr& p) { p.p_flags &= ~PF_X; });
    CHECK_THAT(m.error("noexec"), Catch::Contains("executable"));
}

TEST_CASE("a dynamically linked program (PT_INTERP) is refused", "[loader]") {
    Mutated m;
    unsigned j = m.first_non_load();
    auto q = m.ph(j);
    q.p_type = PT_INTERP;
    m.set_ph(j, q);
    CHECK_THAT(m.error("interp"), Catch::Contains("PT_INTERP"));
}

TEST_CASE("a section header table past the end of the file is refused", "[loader]") {
    Mutated m;
    m.edit_header([&](Elf64_Ehdr& h) { h.e_shoff = m.bytes.size() - 10; });
    CHECK_THAT(m.error("shoff"), Catch::Contains("section header table"));
}

TEST_CASE("a position-independent executable (ET_DYN) is placed at the PIE base", "[loader]") {
    Mutated m;
    m.edit_header([](Elf64_Ehdr& h) { h.e_type = ET_DYN; });
    TempFile f(m.bytes, "pie");
    ElfImage img = load_elf(f.path);
    CHECK(img.position_independent);
    CHECK(img.entry == m.eh().e_entry + kDefaultPieBase);
    CHECK(img.segments.front().vaddr == m.ph(m.first_load()).p_vaddr + kDefaultPieBase);
}

TEST_CASE("a segment without file bytes (.bss only) may have an offset past the end of the file", "[loader]") {
    Mutated m;
    unsigned j = m.first_non_load();
    auto p = m.ph(m.first_load());
    Elf64_Phdr bss = p;  // a zero-filled segment right after the first, as ld emits for .bss
    bss.p_vaddr = (p.p_vaddr + p.p_memsz + 0xffff) & ~uint64_t{0xffff};
    bss.p_offset = m.bytes.size() + 0x100;
    bss.p_filesz = 0;
    bss.p_memsz = 0x100;
    bss.p_flags = PF_R | PF_W;
    m.set_ph(j, bss);
    TempFile f(m.bytes, "bss");
    ElfImage img = load_elf(f.path);
    REQUIRE(img.segments.size() == 2);
    CHECK(img.segments[1].vaddr == bss.p_vaddr);
    CHECK(img.segments[1].data.empty());
}
