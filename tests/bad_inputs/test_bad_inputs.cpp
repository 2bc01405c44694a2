// Bad inputs end well (docs/bad-inputs.md): each row of that table runs the
// irqsim binary as a user would and checks the exit status DESIGN.md gives
// (2: bad input, the message naming the file and what is wrong; 3:
// --max-insns ran out; 4: a guest fault the guest could not handle, with PC,
// word and backtrace), and after each that the outputs of earlier, good runs
// (an `irqsim compare --out` folder, an `irqsim sweep --out` folder, a
// decode_sweep report, an exception trace) are byte-identical.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <elf.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "support/test_machine.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

struct Scratch {
    fs::path dir;
    Scratch() {
        char t[] = "/tmp/irqsim-bad-XXXXXX";
        REQUIRE(mkdtemp(t));
        dir = t;
    }
    ~Scratch() { fs::remove_all(dir); }
};

struct Run {
    int status = -1;
    std::string out, err;
};
// Runs `program args` with stdout and stderr captured; the exit status.
Run run(const std::string& program, const std::string& args) {
    static Scratch io;
    std::string cmd = fmt::format("{} {} >{} 2>{}", program, args, (io.dir / "out").string(), (io.dir / "err").string());
    int raw = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    r.out = slurp(io.dir / "out");
    r.err = slurp(io.dir / "err");
    return r;
}
Run run_irqsim(const std::string& args) { return run(IRQSIM_BINARY, args); }

// --- outputs of earlier good runs, made once, checked after every bad run ---
struct Earlier {
    Scratch s;
    fs::path compare_out = s.dir / "compare-out";
    fs::path sweep_out = s.dir / "sweep-out";  // irqsim sweep's results
    fs::path sweep_report = s.dir / "sweep.txt";
    fs::path trace = s.dir / "good.trace";
    std::map<fs::path, std::string> snapshot;

    Earlier();
    void take() {
        for (const auto& e : fs::recursive_directory_iterator(s.dir))
            if (e.is_regular_file()) snapshot[e.path()] = slurp(e.path());
    }
};
Earlier& earlier();

// Every file the earlier runs wrote is still there, byte for byte, and no
// file was added beside them.
void check_earlier_outputs_intact() {
    Earlier& e = earlier();
    size_t files = 0;
    for (const auto& f : fs::recursive_directory_iterator(e.s.dir)) {
        if (!f.is_regular_file()) continue;
        ++files;
        INFO("earlier output " << f.path());
        REQUIRE(e.snapshot.count(f.path()));
        CHECK(slurp(f.path()) == e.snapshot[f.path()]);
    }
    CHECK(files == e.snapshot.size());
}

// --- a minimal ELF64 writer for the images below ----------------------------
struct Segment {
    uint64_t vaddr;
    std::vector<uint8_t> bytes;
    uint64_t memsz = 0;  // 0: bytes.size()
    uint32_t flags = PF_R | PF_X;
};
struct ElfSpec {
    std::vector<Segment> segments;
    uint64_t entry = 0;
    uint16_t machine = EM_AARCH64;
};
std::vector<uint8_t> make_elf(const ElfSpec& spec) {
    size_t phoff = sizeof(Elf64_Ehdr), data = phoff + spec.segments.size() * sizeof(Elf64_Phdr);
    std::vector<uint8_t> out(data);
    Elf64_Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = spec.machine;
    eh.e_version = EV_CURRENT;
    eh.e_entry = spec.entry;
    eh.e_phoff = phoff;
    eh.e_ehsize = sizeof(Elf64_Ehdr);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = static_cast<uint16_t>(spec.segments.size());
    std::memcpy(out.data(), &eh, sizeof eh);
    for (size_t i = 0; i < spec.segments.size(); ++i) {
        const auto& s = spec.segments[i];
        Elf64_Phdr ph{};
        ph.p_type = PT_LOAD;
        ph.p_flags = s.flags;
        ph.p_offset = out.size();
        ph.p_vaddr = ph.p_paddr = s.vaddr;
        ph.p_filesz = s.bytes.size();
        ph.p_memsz = s.memsz ? s.memsz : s.bytes.size();
        ph.p_align = 4;
        std::memcpy(out.data() + phoff + i * sizeof ph, &ph, sizeof ph);
        out.insert(out.end(), s.bytes.begin(), s.bytes.end());
    }
    return out;
}
std::vector<uint8_t> bytes_of(const std::vector<uint32_t>& words) {
    std::vector<uint8_t> b(words.size() * 4);
    std::memcpy(b.data(), words.data(), b.size());
    return b;
}
constexpr uint64_t kRam = 0x40000000;  // the virt board's RAM (DESIGN.md, "The board")
constexpr uint64_t kCode = kRam + 0x10000;

// A good image: code 64 KiB into RAM (below it, room for a stack), entered there.
ElfSpec code_image(const std::vector<uint32_t>& words) { return {{{kCode, bytes_of(words)}}, kCode}; }

fs::path write(const fs::path& p, const std::vector<uint8_t>& bytes) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return p;
}

Earlier::Earlier() {
    // A short compare of one design, a small sweep, and a good boot's trace.
    REQUIRE(run_irqsim("compare --core flat --designs task --irqs 20 --out " + compare_out.string()).status == 0);
    REQUIRE(fs::exists(compare_out / "report.txt"));
    std::ofstream(s.dir / "base.toml") << "[tasks]\niterations = 20\n";
    std::ofstream(s.dir / "grid.toml") << "workload = \"base.toml\"\ndesigns = [\"task\"]\n[grid]\nseed = [1, 2]\n";
    REQUIRE(run_irqsim("sweep " + (s.dir / "grid.toml").string() + " --jobs 1 --out " + sweep_out.string()).status == 0);
    REQUIRE(fs::exists(sweep_out / "results.jsonl"));
#ifdef IRQSIM_SWEEP_BINARY
    if (fs::exists(IRQSIM_SWEEP_BINARY))
        REQUIRE(run(IRQSIM_SWEEP_BINARY, "--sample 20000 --seed 5 --out " + sweep_report.string()).status == 0);
#endif
    auto img = write(s.dir / "good.elf", make_elf(code_image(irqsim::test::assemble(
                                             "  svc #0\n"))));  // faults: VBAR_EL1 = 0
    run_irqsim("boot --trace-exceptions " + trace.string() + " " + img.string());
    fs::remove(img);
    REQUIRE(fs::file_size(trace) > 0);
    take();
}
Earlier& earlier() {
    static Earlier e;
    return e;
}

// A bad image for `irqsim boot` (and `irqsim user`): status 2 and a message
// that starts with the tool, names the file and says `what`.
void check_refused(const std::vector<uint8_t>& bytes, const std::string& what, bool user_too = true) {
    earlier();
    Scratch s;
    auto f = write(s.dir / "bad.elf", bytes);
    // --trace-exceptions names an earlier run's trace: a refused image must not truncate it.
    Run b = run_irqsim("boot --trace-exceptions " + earlier().trace.string() + " " + f.string());
    INFO("irqsim boot: " << b.err);
    CHECK(b.status == 2);
    CHECK(b.err.find("irqsim boot: " + f.string() + ": ") == 0);
    CHECK(b.err.find(what) != std::string::npos);
    if (user_too) {
        Run u = run_irqsim("user " + f.string());
        INFO("irqsim user: " << u.err);
        CHECK(u.status == 2);
        CHECK(u.err.find("irqsim user: " + f.string() + ": ") == 0);
    }
    check_earlier_outputs_intact();
}

// A guest run that must stop with `status`; returns its stderr.
std::string guest_run(const std::string& source, int status, const std::string& options = "") {
    earlier();
    Scratch s;
    auto f = write(s.dir / "guest.elf", make_elf(code_image(irqsim::test::assemble(source))));
    Run r = run_irqsim("boot " + options + " " + f.string());
    INFO("irqsim boot: " << r.err);
    CHECK(r.status == status);
    check_earlier_outputs_intact();
    return r.err;
}
// What an unhandled-fault report (status 4) always says: CPU and EL, PC, the
// instruction word disassembled, a backtrace; and, since VBAR_EL1 = 0 makes
// the vector fault again, the first exception: its PC, syndrome and word.
void check_fault_report(const std::string& err, const std::string& first) {
    INFO(err);
    CHECK(err.find("irqsim: unhandled guest fault on CPU 0 at EL1") == 0);
    CHECK(err.find("PC 0x") != std::string::npos);
    CHECK(err.find("  the first, from EL1: " + first) != std::string::npos);
    CHECK(err.find("instruction at ELR_EL1") != std::string::npos);
    CHECK(err.find("backtrace (frame records from x29):\n    #0 ") != std::string::npos);
}

const std::vector<uint32_t> kLoop = {0x14000000};  // b .

}  // namespace

// --- images ------------------------------------------------------------------
TEST_CASE("an empty file is refused", "[bad]") { check_refused({}, "file is empty"); }

TEST_CASE("a directory is refused", "[bad]") {
    earlier();
    Scratch s;
    Run b = run_irqsim("boot " + s.dir.string());
    CHECK(b.status == 2);
    CHECK(b.err.find(s.dir.string() + ": is a directory") != std::string::npos);
    Run u = run_irqsim("user " + s.dir.string());
    CHECK(u.status == 2);
    CHECK(u.err.find(s.dir.string() + ": is a directory") != std::string::npos);
    check_earlier_outputs_intact();
}

TEST_CASE("a missing file is refused", "[bad]") {
    Run b = run_irqsim("boot /nonexistent/irqsim.elf");
    CHECK(b.status == 2);
    CHECK(b.err.find("/nonexistent/irqsim.elf: cannot open") != std::string::npos);
}

TEST_CASE("a truncated ELF is refused", "[bad]") {
    auto elf = make_elf(code_image(kLoop));
    elf.resize(40);
    check_refused(elf, "truncated: 40 bytes");
}

TEST_CASE("an ELF for another machine is refused", "[bad]") {
    ElfSpec spec = code_image(kLoop);
    spec.machine = EM_X86_64;
    check_refused(make_elf(spec), "machine is 62 (e_machine), not EM_AARCH64");
}

TEST_CASE("a 32-bit ELF is refused", "[bad]") {
    auto elf = make_elf(code_image(kLoop));
    elf[EI_CLASS] = ELFCLASS32;
    check_refused(elf, "is a 32-bit ELF (ELFCLASS32)");
}

TEST_CASE("a segment past the end of the file is refused", "[bad]") {
    auto elf = make_elf(code_image(kLoop));
    elf.resize(elf.size() - 2);
    check_refused(elf, "segment 0: file bytes");
}

TEST_CASE("overlapping segments are refused", "[bad]") {
    ElfSpec spec = code_image(kLoop);
    spec.segments.push_back({kCode + 0x800, std::vector<uint8_t>(16), 0x1000, PF_R | PF_W});
    spec.segments[0].memsz = 0x1000;
    check_refused(make_elf(spec), "segments 0 [0x40010000, 0x40011000) and 1 [0x40010800, 0x40011800) overlap");
}

TEST_CASE("a segment outside RAM is refused by irqsim boot", "[bad]") {
    ElfSpec spec = code_image(kLoop);
    spec.segments[0].vaddr = spec.entry = 0x20000000;  // between the devices and RAM
    check_refused(make_elf(spec), "segment 0 [0x20000000, 0x20000004) is not inside RAM", false);
}

TEST_CASE("an entry point outside every segment is refused", "[bad]") {
    ElfSpec spec = code_image(kLoop);
    spec.entry = kCode + 0x1000;
    check_refused(make_elf(spec), "entry point 0x40011000 is not inside an executable (PF_X) PT_LOAD segment");
}

TEST_CASE("an image larger than memory is refused", "[bad]") {
    // The board has 128 MiB of RAM; user mode maps at most 4 GiB.
    ElfSpec spec = code_image(kLoop);
    spec.segments[0].memsz = uint64_t{256} << 20;
    check_refused(make_elf(spec), "segment 0 [0x40010000, 0x50010000) is not inside RAM", false);
    Scratch s;
    spec.segments[0].memsz = uint64_t{64} << 30;
    auto f = write(s.dir / "huge.elf", make_elf(spec));
    Run u = run_irqsim("user " + f.string());
    CHECK(u.status == 2);
    CHECK(u.err.find("irqsim user: " + f.string() + ": segments need more than the 0x100000000 bytes") == 0);
    check_earlier_outputs_intact();
}

// --- workload files ------------------------------------------------------------
TEST_CASE("a bad workload file leaves an earlier compare --out folder as it was", "[bad]") {
    // Each kind of mistake and its message: tests/workload ("each kind of bad
    // workload file ..."); here the exit status and the earlier output.
    earlier();
    Scratch s;
    const char* kinds[] = {"cpus = = 2\n", "thread_sise = 8192\n", "cpus = \"two\"\n", "thread_size = 12288\n",
                           "[[irq]]\nkind = \"usb\"\n"};
    for (const char* text : kinds) {
        auto f = s.dir / "bad.toml";
        std::ofstream(f) << text;
        Run r = run_irqsim("compare --workload " + f.string() + " --out " + earlier().compare_out.string());
        INFO(text << r.err);
        CHECK(r.status == 2);
        CHECK(r.err.find(f.string() + ":") != std::string::npos);
        check_earlier_outputs_intact();
    }
    Run r = run_irqsim("compare --workload " + (s.dir / "missing.toml").string() + " --out " + earlier().compare_out.string());
    CHECK(r.status == 2);
    check_earlier_outputs_intact();
}

TEST_CASE("a bad sweep file leaves an earlier sweep's results as they were", "[bad]") {
    // Each kind of mistake and its message: tests/report ("a sweep file names
    // its bad key ..."); here the exit status and the earlier results, with
    // --out naming the earlier sweep's folder.
    earlier();
    Scratch s;
    std::ofstream(s.dir / "bad-workload.toml") << "thread_sise = 8192\n";
    const std::pair<const char*, const char*> kinds[] = {
        {"designs = [\"task\"]\n[grid]\nseed = [1, 1]\n", "is listed twice"},
        {"desings = [\"task\"]\n", "unknown key"},
        {"designs = [\"task\"]\n[grid]\ncpus = [1, 9]\n", "9 CPUs"},
        {"designs = [\"nosuch\"]\n", "kernel-nosuch.elf"},
        {"workload = \"bad-workload.toml\"\ndesigns = [\"task\"]\n", "thread_sise"},
    };
    for (const auto& [text, what] : kinds) {
        auto f = s.dir / "grid.toml";
        std::ofstream(f) << text;
        Run r = run_irqsim("sweep " + f.string() + " --jobs 1 --out " + earlier().sweep_out.string());
        INFO(text << r.err);
        CHECK(r.status == 2);
        CHECK(r.err.find("irqsim sweep: ") == 0);
        CHECK(r.err.find(what) != std::string::npos);
        check_earlier_outputs_intact();
    }
    Run r = run_irqsim("sweep " + (s.dir / "missing.toml").string() + " --out " + earlier().sweep_out.string());
    CHECK(r.status == 2);
    CHECK(r.err.find("missing.toml: cannot read the sweep file") != std::string::npos);
    check_earlier_outputs_intact();
}

// --- guests --------------------------------------------------------------------
TEST_CASE("a guest that loops forever stops at --max-insns with status 3", "[bad]") {
    std::string err = guest_run("1: b 1b\n", 3, "--max-insns 100000");
    CHECK(err.find("stopped after --max-insns 100000 instructions") != std::string::npos);
}

TEST_CASE("a guest that overflows its stack below RAM stops with status 4 and a report", "[bad]") {
    // Recursion with frame records from 1 KiB above the bottom of RAM: the
    // 65th push stores below 0x40000000, where nothing is mapped, and the
    // data abort goes to VBAR_EL1 = 0.
    std::string err = guest_run(
        "  movz x0, #0x4000, lsl #16\n  add sp, x0, #0x400\n  mov x29, #0\n"
        "f: stp x29, x30, [sp, #-16]!\n  mov x29, sp\n  bl f\n", 4);
    check_fault_report(err, "PC 0x4001000c, ESR_EL1 0x96000050: Data abort from the same EL, synchronous external abort (nothing mapped there), on a write");
}

TEST_CASE("a guest that jumps to unmapped memory stops with status 4 and a report", "[bad]") {
    std::string err = guest_run("  movz x0, #0x3000, lsl #16\n  br x0\n", 4);
    check_fault_report(err, "PC 0x30000000, ESR_EL1 0x86000010: Instruction abort from the same EL");
}

TEST_CASE("a guest that executes data stops with status 4 and a report", "[bad]") {
    // Branch into a literal pool word that is no instruction.
    std::string err = guest_run("  b 1f\n  nop\n1: .word 0xdeadbeef\n", 4);
    check_fault_report(err, "PC 0x40010008, ESR_EL1 0x2000000: Unknown reason (UNDEFINED instruction)\n"
                            "    instruction: deadbeef");
}

TEST_CASE("a guest that misaligns SP with SCTLR_EL1.SA set stops with status 4 and a report", "[bad]") {
    std::string err = guest_run(
        "  mrs x0, sctlr_el1\n  orr x0, x0, #8\n  msr sctlr_el1, x0\n  isb\n"
        "  movz x1, #0x4000, lsl #16\n  movk x1, #0x1008\n  mov sp, x1\n  ldr x2, [sp]\n", 4);
    check_fault_report(err, "PC 0x4001001c, ESR_EL1 0x9a000000: SP alignment fault\n"
                            "    instruction: f94003e2  ldr x2, [sp]");
}

TEST_CASE("a guest that takes an exception with VBAR_EL1 unset stops with status 4 and a report", "[bad]") {
    // Also tests/boot: fault_vbar_unset (a C image, symbolised backtrace).
    std::string err = guest_run("  svc #0\n", 4);
    check_fault_report(err, "PC 0x40010000, ESR_EL1 0x56000000: SVC #0x0 from AArch64\n"
                            "    instruction: d4000001  svc #0");
}

TEST_CASE("an interrupt storm runs until --max-insns with status 3", "[bad]") {
    // The physical timer fires at once (CVAL = 0) and its handler returns
    // without masking it: an IRQ after every ERET, for ever.
    std::string source =
        "  adr x0, vectors\n  msr vbar_el1, x0\n"
        "  movz x1, #0x0800, lsl #16\n  mov w2, #1\n  str w2, [x1]\n"          // GICD_CTLR
        "  mov w2, #(1 << 30)\n  str w2, [x1, #0x100]\n"                       // GICD_ISENABLER0: PPI 30
        "  movz x3, #0x0801, lsl #16\n  mov w2, #1\n  str w2, [x3]\n"         // GICC_CTLR
        "  mov w2, #0xff\n  str w2, [x3, #4]\n"                                // GICC_PMR
        "  msr cntp_cval_el0, xzr\n  mov x2, #1\n  msr cntp_ctl_el0, x2\n  isb\n"
        "  msr daifclr, #2\n1: b 1b\n"
        "  .balign 2048\nvectors:\n  .skip 0x280\n  eret\n";
    earlier();
    Scratch s;
    auto trace = s.dir / "storm.trace";
    std::string err = guest_run(source, 3, "--max-insns 200000 --trace-exceptions " + trace.string());
    CHECK(err.find("stopped after --max-insns 200000 instructions") != std::string::npos);
    std::string t = slurp(trace);
    size_t irqs = 0;
    for (size_t p = 0; (p = t.find("[IRQ]", p)) != std::string::npos; ++p) ++irqs;
    CHECK(irqs > 1000);
}

// --- --gdb on a port in use ------------------------------------------------------
TEST_CASE("a port in use for --gdb stops boot and user and compare with status 2 before anything runs or is written", "[bad]") {
    // Another program listens on a port of 127.0.0.1; every command that
    // takes --gdb names the port and stops. The outputs it was told to write
    // (--out, --trace-exceptions) name the earlier runs' files: none is touched.
    earlier();
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 1) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    const std::string port = std::to_string(ntohs(a.sin_port));
    const std::string in_use = "--gdb " + port + ": 127.0.0.1:" + port + " is already in use";
    Scratch s;
    auto img = write(s.dir / "loop.elf", make_elf(code_image(kLoop)));
    const std::pair<std::string, std::string> commands[] = {
        {"boot", "boot --max-insns 100000 --trace-exceptions " + earlier().trace.string() + " --gdb " + port + " " +
                     img.string()},
        // Options before the program: what follows it is the guest's argv.
        {"user", "user --max-insns 100000 --gdb " + port + " " + img.string()},
        {"compare", "compare --design task --irqs 20 --out " + earlier().compare_out.string() + " --gdb " + port},
    };
    for (const auto& [tool, args] : commands) {
        Run r = run_irqsim(args);
        INFO(args << "\n" << r.err);
        CHECK(r.status == 2);
        CHECK(r.err == "irqsim " + tool + ": " + in_use + "\n");
        CHECK(r.out.empty());
        check_earlier_outputs_intact();
    }
    ::close(fd);
}

// --- the decode sweep ------------------------------------------------------------
#ifdef IRQSIM_SWEEP_BINARY
TEST_CASE("decode_sweep refuses bad arguments with status 2 and leaves an earlier report", "[bad]") {
    earlier();
    if (!fs::exists(IRQSIM_SWEEP_BINARY)) {
        WARN("decode_sweep not built (IRQSIM_BUILD_BENCH=OFF)");
        return;
    }
    for (const char* args : {"--sample", "--sample ten", "--threads 2 --bogus 1"}) {
        Run r = run(IRQSIM_SWEEP_BINARY, std::string(args) + " --out " + earlier().sweep_report.string());
        INFO(args);
        CHECK(r.status == 2);
        CHECK(r.err.find("usage: decode_sweep") != std::string::npos);
    }
    Run r = run(IRQSIM_SWEEP_BINARY, "--sample 10 --out /nonexistent/dir/sweep.txt");
    CHECK(r.status == 2);
    CHECK(r.err.find("cannot write /nonexistent/dir/sweep.txt") != std::string::npos);
    check_earlier_outputs_intact();
}
#endif
