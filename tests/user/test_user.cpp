// Linux user mode, in process and through the irqsim binary, with
// qemu-aarch64 running the same ELF as the oracle.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <linux/auxvec.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <sstream>

#include "irqsim/elf.hpp"
#include "irqsim/linux_user.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;

namespace {

struct Outcome {
    int status = -1;
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

// Runs a shell command line with a clean, fixed environment; captures
// stdout, stderr and the exit status.
Outcome run_command(const std::string& cmdline) {
    char dir[] = "/tmp/irqsim-user-XXXXXX";
    REQUIRE(mkdtemp(dir));
    std::string d = dir;
    std::string cmd = fmt::format("env -i IRQSIM_TEST=1 {} > {}/out 2> {}/err", cmdline, d, d);
    int rc = std::system(cmd.c_str());
    Outcome o;
    // A child ended by a signal shows as the shell shows it: 128 + n.
    o.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : WIFSIGNALED(rc) ? 128 + WTERMSIG(rc) : -1;
    o.out = slurp(d + "/out");
    o.err = slurp(d + "/err");
    std::system(fmt::format("rm -rf {}", d).c_str());
    return o;
}

Outcome run_irqsim(const std::string& args) { return run_command(fmt::format("{} user {}", IRQSIM_BINARY, args)); }
Outcome run_qemu(const std::string& args) { return run_command(fmt::format("{} {}", IRQSIM_QEMU_AARCH64, args)); }

uint64_t nm_address(const std::string& elf, const std::string& symbol) {
    Outcome o = run_command(fmt::format("{} {}", IRQSIM_CROSS_NM, elf));
    std::istringstream in(o.out);
    std::string addr, type, name;
    while (in >> addr >> type >> name)
        if (name == symbol) return std::stoull(addr, nullptr, 16);
    FAIL("nm found no " << symbol << " in " << elf);
    return 0;
}

// Runs an ELF in process, collecting what it writes to fd 1 and 2.
struct InProcess {
    std::string out, err;
    UserRunResult result;
    explicit InProcess(const std::string& elf, std::vector<std::string> argv = {}, uint64_t max_insns = 10'000'000) {
        LinuxUserOptions opt;
        opt.argv = argv.empty() ? std::vector<std::string>{elf} : std::move(argv);
        opt.output = [this](int fd, std::string_view s) { (fd == 1 ? out : err).append(s); };
        LinuxUserSystem sys(load_elf(elf), std::move(opt));
        result = sys.run(max_insns);
    }
};

}  // namespace

TEST_CASE("hello.elf in process writes what qemu-aarch64 writes and exits as it does", "[user]") {
    InProcess run(IRQSIM_HELLO_ELF);
    Outcome q = run_qemu(IRQSIM_HELLO_ELF);
    CHECK(run.result.exit == UserExit::Exited);
    CHECK(run.out == q.out);
    CHECK(run.result.status == q.status);
    CHECK_FALSE(q.out.empty());
}

TEST_CASE("irqsim user runs hello.elf with qemu-aarch64's stdout and exit status", "[user][cli]") {
    Outcome s = run_irqsim(IRQSIM_HELLO_ELF);
    Outcome q = run_qemu(IRQSIM_HELLO_ELF);
    CHECK(s.out == q.out);
    CHECK(s.status == q.status);
}

TEST_CASE("irqsim user --stats reports the instructions retired on stderr", "[user][cli]") {
    Outcome s = run_irqsim(fmt::format("--stats {}", IRQSIM_HELLO_ELF));
    CHECK(s.status == 0);
    CHECK_THAT(s.err, Catch::Matches("(.|\n)*insns=[1-9][0-9]*\n"));
}

TEST_CASE("irqsim user --strace prints the calls as qemu-aarch64 -strace does", "[user][cli]") {
    Outcome s = run_irqsim(fmt::format("--strace {}", IRQSIM_HELLO_ELF));
    Outcome q = run_qemu(fmt::format("-strace {}", IRQSIM_HELLO_ELF));
    // qemu starts each line with the thread id.
    std::istringstream in(q.err);
    std::string expected, line;
    while (std::getline(in, line)) expected += line.substr(line.find(' ') + 1) + "\n";
    CHECK(s.err == expected);
}

TEST_CASE("irqsim user --trace prints each instruction with its disassembly", "[user][cli]") {
    Outcome s = run_irqsim(fmt::format("--trace {}", IRQSIM_HELLO_ELF));
    uint64_t start = nm_address(IRQSIM_HELLO_ELF, "_start");
    CHECK(s.status == 0);
    CHECK_THAT(s.err, Catch::StartsWith(fmt::format("{:#018x}: ", start)));
    CHECK_THAT(s.err, Catch::Contains("svc #0"));
}

TEST_CASE("irqsim user --max-insns ends the run with status 3 and says so", "[user][cli]") {
    Outcome s = run_irqsim(fmt::format("--max-insns 3 {}", IRQSIM_HELLO_ELF));
    CHECK(s.status == 3);
    CHECK(s.out.empty());
    CHECK_THAT(s.err, Catch::Contains("--max-insns"));
}

TEST_CASE("an UNDEFINED instruction at EL0 ends with status 4 naming its PC", "[user][cli]") {
    Outcome s = run_irqsim(IRQSIM_USER_GUEST_undef);
    uint64_t pc = nm_address(IRQSIM_USER_GUEST_undef, "undef_here");
    CHECK(s.status == 4);
    CHECK_THAT(s.err, Catch::Contains(fmt::format("pc {:#x} <undef_here>: 00000000", pc)));
    CHECK_THAT(s.err, Catch::Contains("undefined instruction"));
}

TEST_CASE("a load from an unmapped address at EL0 ends with status 4 naming PC, instruction and address", "[user][cli]") {
    Outcome s = run_irqsim(IRQSIM_USER_GUEST_fault);
    uint64_t pc = nm_address(IRQSIM_USER_GUEST_fault, "load_here");
    CHECK(s.status == 4);
    CHECK_THAT(s.err, Catch::Contains("read abort at address 0x0"));
    CHECK_THAT(s.err, Catch::Contains(fmt::format("pc {:#x} <load_here>", pc)) && Catch::Contains("ldr x0, [x1]"));
}

TEST_CASE("irqsim user refuses a bad ELF with status 2 and a message naming the file", "[user][cli]") {
    Outcome s = run_irqsim("/nonexistent/prog.elf");
    CHECK(s.status == 2);
    CHECK_THAT(s.err, Catch::Contains("/nonexistent/prog.elf"));
    Outcome d = run_irqsim("/tmp");
    CHECK(d.status == 2);
    CHECK_THAT(d.err, Catch::Contains("/tmp: is a directory"));
}

TEST_CASE("irqsim with bad arguments exits 2; --help exits 0", "[cli]") {
    CHECK(run_command(IRQSIM_BINARY).status == 2);
    CHECK(run_command(fmt::format("{} user", IRQSIM_BINARY)).status == 2);
    CHECK(run_command(fmt::format("{} user --max-insns nope {}", IRQSIM_BINARY, IRQSIM_HELLO_ELF)).status == 2);
    Outcome h = run_command(fmt::format("{} --help", IRQSIM_BINARY));
    CHECK(h.status == 0);
    CHECK_THAT(h.out, Catch::Contains("user") && Catch::Contains("compare") && Catch::Contains("boot"));
    Outcome uh = run_command(fmt::format("{} user --help", IRQSIM_BINARY));
    CHECK(uh.status == 0);
    CHECK_THAT(uh.out, Catch::Contains("--strace") && Catch::Contains("--max-insns") && Catch::Contains("PROG.elf"));
}

TEST_CASE("irqsim cycles without a block, with a missing one or one that does not assemble exits 2 naming it", "[cli]") {
    Outcome none = run_command(fmt::format("{} cycles", IRQSIM_BINARY));
    CHECK(none.status == 2);
    CHECK_THAT(none.err, Catch::Contains("BLOCK is required"));
    Outcome missing = run_command(fmt::format("{} cycles /nonexistent/block.s", IRQSIM_BINARY));
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("/nonexistent/block.s"));
    char path[] = "/tmp/irqsim-bad-block-XXXXXX.s";
    int fd = mkstemps(path, 2);
    REQUIRE(fd >= 0);
    const char text[] = "add x0, x1, #1\nfrobnicate x0\n";
    REQUIRE(write(fd, text, sizeof text - 1) == static_cast<ssize_t>(sizeof text - 1));
    close(fd);
    Outcome bad = run_command(fmt::format("{} cycles {}", IRQSIM_BINARY, path));
    unlink(path);
    CHECK(bad.status == 2);
    CHECK_THAT(bad.err, Catch::Contains(path) && Catch::Contains("frobnicate"));
}

TEST_CASE("irqsim boot without an image, or with a missing one, exits 2 naming the problem", "[cli]") {
    Outcome none = run_command(fmt::format("{} boot", IRQSIM_BINARY));
    CHECK(none.status == 2);
    CHECK_THAT(none.err, Catch::Contains("IMAGE is required"));
    Outcome missing = run_command(fmt::format("{} boot /nonexistent/img.elf", IRQSIM_BINARY));
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Catch::Contains("/nonexistent/img.elf"));
}

// The initial stack as Linux's create_elf_tables() builds it (the kernel
// source, fs/binfmt_elf.c, is the oracle for the order): argc, argv[],
// NULL, envp[], NULL, auxv pairs ending in AT_NULL; strings above.
TEST_CASE("the initial stack holds argc, argv, envp and auxv in Linux's order, SP 16-byte aligned", "[user]") {
    LinuxUserOptions opt;
    opt.argv = {"prog", "one", "two"};
    opt.envp = {"A=1", "B=2"};
    ElfImage img = load_elf(IRQSIM_HELLO_ELF);
    LinuxUserSystem sys(img, opt);
    Bus& bus = sys.bus();
    uint64_t sp = sys.initial_sp();
    CHECK(sp % 16 == 0);
    CHECK(sys.cpu().sp == sp);
    CHECK(sys.cpu().pc == img.entry);
    CHECK(sys.cpu().el == ExceptionLevel::EL0);
    auto word = [&](uint64_t a) {
        uint64_t v = 0;
        REQUIRE(bus.copy_out(a, &v, 8));
        return v;
    };
    auto str = [&](uint64_t a) {
        std::string s;
        char ch;
        while (bus.copy_out(a++, &ch, 1) && ch) s += ch;
        return s;
    };
    uint64_t p = sp;
    REQUIRE(word(p) == 3);
    p += 8;
    for (const auto& a : opt.argv) CHECK(str(word((p += 8) - 8)) == a);
    CHECK(word(p) == 0);
    p += 8;
    for (const auto& e : opt.envp) CHECK(str(word((p += 8) - 8)) == e);
    CHECK(word(p) == 0);
    p += 8;
    std::vector<uint64_t> keys;
    std::map<uint64_t, uint64_t> aux;
    for (;;) {
        uint64_t k = word(p), v = word(p + 8);
        p += 16;
        keys.push_back(k);
        aux[k] = v;
        if (k == AT_NULL) break;
    }
    // arm64's ARCH_DLINFO (AT_MINSIGSTKSZ; no vDSO here) comes first.
    const std::vector<uint64_t> linux_order = {AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK, AT_PHDR,   AT_PHENT,  AT_PHNUM,
                                               AT_BASE,  AT_FLAGS,  AT_ENTRY,  AT_UID,    AT_EUID,   AT_GID,
                                               AT_EGID,  AT_SECURE, AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM,
                                               AT_NULL};
    CHECK(keys == linux_order);
    CHECK(aux[AT_ENTRY] == img.entry);
    CHECK(aux[AT_PHDR] == img.phdr_addr);
    CHECK(aux[AT_PAGESZ] == 4096);
    // Linux's signal_minsigstksz without SVE/SME: the rt_sigframe (4688)
    // and a frame record, 16-byte aligned, plus 16 (arch/arm64/kernel/signal.c).
    CHECK(aux[AT_MINSIGSTKSZ] == 4720);
    CHECK(str(aux[AT_EXECFN]) == "prog");
    CHECK(str(aux[AT_PLATFORM]) == "aarch64");
    // HWCAP bits from Linux's uapi asm/hwcap.h: FP 0, ASIMD 1, CRC32 7, ATOMICS 8.
    CHECK((aux[AT_HWCAP] & 3) == 3);
    CHECK((aux[AT_HWCAP] >> 7 & 3) == 3);
    CHECK((aux[AT_HWCAP] & (1u << 9)) == 0);  // FPHP: no half-precision arithmetic
    // Strings and random bytes sit above the table, below the stack top.
    CHECK(aux[AT_RANDOM] > p);
    CHECK(aux[AT_EXECFN] > aux[AT_RANDOM]);
    CHECK(aux[AT_EXECFN] < LinuxUserLayout::kStackTop);
}

TEST_CASE("AT_RANDOM bytes are the same for the same seed and differ for another", "[user]") {
    auto random_bytes = [](uint64_t seed) {
        LinuxUserOptions opt;
        opt.random_seed = seed;
        LinuxUserSystem sys(load_elf(IRQSIM_HELLO_ELF), opt);
        uint64_t p = sys.initial_sp();
        uint64_t argc;
        sys.bus().copy_out(p, &argc, 8);
        p += 8 * (argc + 2);  // argc, argv[], NULL
        for (uint64_t v = 1; v; p += 8) sys.bus().copy_out(p, &v, 8);  // envp[], NULL
        for (uint64_t k = 1; k != AT_NULL; p += 16) {
            sys.bus().copy_out(p, &k, 8);
            if (k == AT_RANDOM) {
                uint64_t at;
                sys.bus().copy_out(p + 8, &at, 8);
                std::array<uint8_t, 16> r{};
                sys.bus().copy_out(at, r.data(), 16);
                return r;
            }
        }
        FAIL("no AT_RANDOM");
        return std::array<uint8_t, 16>{};
    };
    CHECK(random_bytes(1) == random_bytes(1));
    CHECK(random_bytes(1) != random_bytes(2));
}

// A guest prints its argv, envp and auxv; qemu-aarch64 must see the same.
// Two known differences are set aside: qemu 7.2 hands the environment over
// in reverse order (Linux keeps it; we follow Linux), so envp is compared as
// a set, and qemu advertises FP/ASIMD in HWCAP, which irqsim lacks.
TEST_CASE("argv, envp and auxv as a guest reads them match qemu-aarch64", "[user][cli]") {
    const std::string args = fmt::format("{} first 'second arg'", IRQSIM_USER_GUEST_auxv);
    Outcome s = run_command(fmt::format("env -i A=1 B=two {} user {}", IRQSIM_BINARY, args));
    Outcome q = run_command(fmt::format("env -i A=1 B=two {} {}", IRQSIM_QEMU_AARCH64, args));
    REQUIRE(s.status == 0);
    REQUIRE(q.status == 0);
    auto split = [](const std::string& text, std::vector<std::string>& env, std::string& hwcap) {
        std::vector<std::string> rest;
        std::istringstream in(text);
        for (std::string l; std::getline(in, l);) {
            if (l.rfind("envp: ", 0) == 0)
                env.push_back(l);
            else if (l.rfind("hwcap: ", 0) == 0)
                hwcap = l;
            else
                rest.push_back(l);
        }
        std::sort(env.begin(), env.end());
        return rest;
    };
    std::vector<std::string> s_env, q_env;
    std::string s_hwcap, q_hwcap;
    CHECK(split(s.out, s_env, s_hwcap) == split(q.out, q_env, q_hwcap));
    CHECK(s_env == q_env);
    CHECK_THAT(s.out, Catch::Contains("envp: A=1\nenvp: B=two\n"));  // Linux's order
    CHECK_THAT(s.out, Catch::Contains("sp_mod_16=0x0"));
    // The HWCAP bits the guest prints (Linux uapi asm/hwcap.h: FP, ASIMD,
    // CRC32, atomics) are all implemented now, and qemu-aarch64's CPU has them.
    CHECK(s_hwcap == q_hwcap);
    CHECK(s_hwcap == "hwcap: fp=0x1 asimd=0x1 crc32=0x1 atomics=0x1");
}

// -E NAME=VALUE and -U NAME edit the inherited environment in the order
// given, as qemu-aarch64's -E and -U do: the same command line under both
// must give the guest the same variables (compared as a set, as above).
TEST_CASE("irqsim user's -E and -U edit the guest's environment as qemu-aarch64's do", "[user][cli]") {
    auto env_of = [](const std::string& engine_and_options) {
        Outcome o = run_command(fmt::format("env -i A=1 B=two C=3 {} {}", engine_and_options, IRQSIM_USER_GUEST_auxv));
        REQUIRE(o.status == 0);
        std::vector<std::string> env;
        std::istringstream in(o.out);
        for (std::string l; std::getline(in, l);)
            if (l.rfind("envp: ", 0) == 0) env.push_back(l);
        std::sort(env.begin(), env.end());
        return env;
    };
    for (const char* edits : {"-U A -E B=x -E D=4", "-E A=2 -U A -E A=3", "-E A=2 -E C=4 -U A", "-U NOSUCH -E E=="}) {
        INFO(edits);
        std::vector<std::string> ours = env_of(fmt::format("{} user {}", IRQSIM_BINARY, edits));
        CHECK(ours == env_of(fmt::format("{} {}", IRQSIM_QEMU_AARCH64, edits)));
        CHECK(!ours.empty());
    }
    // A variable set again keeps its place in Linux's order; a new one comes last.
    Outcome o = run_command(fmt::format("env -i A=1 B=two {} user -E A=9 -E Z=1 {}", IRQSIM_BINARY, IRQSIM_USER_GUEST_auxv));
    CHECK_THAT(o.out, Catch::Contains("envp: A=9\nenvp: B=two\nenvp: Z=1\n"));
}

TEST_CASE("a malformed -E or -U stops irqsim user with status 2 and names it", "[user][cli]") {
    struct Case {
        const char* option;
        const char* message;
    };
    for (Case c : {Case{"-E NOEQUALS", "-E 'NOEQUALS': expected NAME=VALUE"}, Case{"-E =1", "-E '=1': expected NAME=VALUE"},
                   Case{"-U A=1", "-U 'A=1': expected a variable's NAME"}}) {
        INFO(c.option);
        Outcome o = run_irqsim(fmt::format("{} {}", c.option, IRQSIM_USER_GUEST_auxv));
        CHECK(o.status == 2);
        CHECK_THAT(o.err, Catch::Contains(c.message));
        CHECK(o.out.empty());  // the program never ran
    }
}

namespace {
// Runs A64 source at EL0 in user mode: the words replace hello.elf's code at
// its entry point (that page is mapped RAM), so no ELF has to be built.
struct AsmRun {
    std::unique_ptr<LinuxUserSystem> sys;
    UserRunResult result;
    std::string out;
    explicit AsmRun(const std::string& source, LinuxUserOptions opt = {}) {
        opt.output = [this](int, std::string_view s) { out.append(s); };
        sys = std::make_unique<LinuxUserSystem>(load_elf(IRQSIM_HELLO_ELF), std::move(opt));
        auto words = test::assemble(source + "\nmovz x0, #0\nmovz x8, #94\nsvc #0\n");
        REQUIRE(sys->bus().copy_in(sys->cpu().pc, words.data(), words.size() * 4));
        sys->cpu().invalidate_decode_cache();
        result = sys->run(100000);
    }
    uint64_t x(unsigned n) const { return sys->cpu().x[n]; }
};
}  // namespace

TEST_CASE("SVC resumes at the next instruction; an unknown system call returns -ENOSYS", "[user]") {
    AsmRun r("movz x8, #999\nsvc #0\nadd x19, x0, #0\nmovz x20, #1");
    CHECK(r.result.exit == UserExit::Exited);
    CHECK(r.x(19) == static_cast<uint64_t>(-ENOSYS));
    CHECK(r.x(20) == 1);
}

TEST_CASE("clock_gettime reads one nanosecond per instruction retired", "[user]") {
    // Four instructions up to and including the SVC, then six more.
    AsmRun r("movz x0, #1\nsub x1, sp, #32\nmovz x8, #113\nsvc #0\n"
             "ldr x19, [x1]\nldr x20, [x1, #8]\nsub x1, sp, #64\nnop\nnop\nsvc #0\n"
             "ldr x21, [x1, #8]");
    CHECK(r.x(19) == 0);
    CHECK(r.x(20) == 4);
    CHECK(r.x(21) == 10);
}

TEST_CASE("CNTVCT_EL0 at EL0 counts CNTFRQ_EL0's 62.5 MHz on clock_gettime's clock, 16 instructions a tick", "[user]") {
    // D11.1.2: the count runs at CNTFRQ_EL0; with 1 ns per instruction a
    // tick is 16 instructions. The second read is 1602 instructions after
    // the first (itself, the movz, 100 times 14 nops, subs and b.ne), the
    // first 1 after the start: floor(1603 / 16) - floor(1 / 16) ticks.
    AsmRun r("mrs x19, cntfrq_el0\nmrs x20, cntvct_el0\nmovz x9, #100\n"
             "1:\n.rept 14\nnop\n.endr\nsubs x9, x9, #1\nb.ne 1b\nmrs x21, cntvct_el0");
    CHECK(r.x(19) == 62'500'000);
    CHECK(r.x(21) - r.x(20) == 100);
}

TEST_CASE("LinuxUserOptions::clock_ns (irqsim user --clock cycles) drives clock_gettime and CNTVCT_EL0", "[user]") {
    // A clock of 48 ns per instruction: 3 ticks of 16 ns each.
    LinuxUserOptions opt;
    opt.clock_ns = [](const Cpu& c) { return c.instructions_now() * 48; };
    AsmRun r("mrs x22, cntvct_el0\nnop\nmrs x23, cntvct_el0\n"
             "movz x0, #1\nsub x1, sp, #32\nmovz x8, #113\nsvc #0\nldr x20, [x1, #8]",
             std::move(opt));
    CHECK(r.x(23) - r.x(22) == 2 * 3);  // the nop and the read's own instruction: 2 instructions, 96 ns
    CHECK(r.x(20) == 7 * 48);           // 7 instructions up to and including the SVC
}

TEST_CASE("brk grows the heap in place from the page after the image", "[user]") {
    AsmRun r("movz x0, #0\nmovz x8, #214\nsvc #0\nadd x19, x0, #0\n"
             "add x0, x0, #16, lsl #12\nsvc #0\nadd x20, x0, #0\n"
             "movz x1, #0x55\nstr x1, [x19, #8]\nldr x21, [x19, #8]");
    uint64_t image_end = r.sys->image().highest_address();
    CHECK(r.result.exit == UserExit::Exited);
    CHECK(r.x(19) == ((image_end + 0xfff) & ~uint64_t{0xfff}));  // Linux: ELF_PAGEALIGN(end of bss)
    CHECK(r.x(20) == r.x(19) + 0x10000);
    CHECK(r.x(21) == 0x55);
}

TEST_CASE("anonymous mmap gives zeroed writable pages; after munmap they fault", "[user]") {
    AsmRun r("movz x0, #0\nmovz x1, #0x2000\nmovz x2, #3\nmovz x3, #0x22\nmovn x4, #0\nmovz x5, #0\n"
             "movz x8, #222\nsvc #0\nadd x19, x0, #0\nldr x20, [x19]\n"
             "movz x1, #0x77\nstr x1, [x19, #0x1ff8]\nldr x21, [x19, #0x1ff8]\n"
             "add x0, x19, #0\nmovz x1, #0x2000\nmovz x8, #215\nsvc #0\nadd x22, x0, #0\n"
             "ldr x23, [x19]");
    CHECK(r.x(19) % 4096 == 0);
    CHECK(r.x(20) == 0);
    CHECK(r.x(21) == 0x77);
    CHECK(r.x(22) == 0);
    CHECK(r.result.exit == UserExit::Fault);
    CHECK_THAT(r.result.report, Catch::Contains(fmt::format("read abort at address {:#x}", r.x(19))));
}

TEST_CASE("mmap refuses a zero length and a mapping type that is neither shared nor private", "[user]") {
    AsmRun r("movz x0, #0\nmovz x1, #0\nmovz x2, #3\nmovz x3, #0x22\nmovn x4, #0\nmovz x5, #0\n"
             "movz x8, #222\nsvc #0\nadd x19, x0, #0\n"
             "movz x1, #0x1000\nmovz x3, #0x20\nsvc #0\nadd x20, x0, #0");
    CHECK(r.x(19) == static_cast<uint64_t>(-EINVAL));
    CHECK(r.x(20) == static_cast<uint64_t>(-EINVAL));
}

// --- the system calls of glibc's start-up and abort() ---------------------------

TEST_CASE("getrandom fills the buffer from the run's seed: the same seed gives the same bytes", "[user]") {
    // getrandom(sp - 64, 24, 0), then the bytes into x19..x21.
    const std::string src =
        "sub x0, sp, #64\nmovz x1, #24\nmovz x2, #0\nmovz x8, #278\nsvc #0\nadd x22, x0, #0\n"
        "sub x1, sp, #64\nldp x19, x20, [x1]\nldr x21, [x1, #16]";
    auto bytes = [&](uint64_t seed) {
        LinuxUserOptions opt;
        opt.random_seed = seed;
        AsmRun r(src, opt);
        CHECK(r.x(22) == 24);
        return std::array<uint64_t, 3>{r.x(19), r.x(20), r.x(21)};
    };
    CHECK(bytes(7) == bytes(7));
    CHECK(bytes(7) != bytes(8));
    CHECK(bytes(7)[0] != bytes(7)[1]);
}

TEST_CASE("getrandom, uname, prlimit64 and rt_sigaction refuse bad pointers with -EFAULT and bad flags with -EINVAL", "[user]") {
    AsmRun r("movz x0, #1\nmovz x1, #16\nmovz x2, #0\nmovz x8, #278\nsvc #0\nadd x19, x0, #0\n"    // getrandom(1, ...)
             "sub x0, sp, #64\nmovz x2, #8\nsvc #0\nadd x20, x0, #0\n"                          // GRND_* unknown flag
             "movz x0, #1\nmovz x8, #160\nsvc #0\nadd x21, x0, #0\n"                           // uname(1)
             "movz x0, #0\nmovz x1, #3\nmovz x2, #0\nmovz x3, #1\nmovz x8, #261\nsvc #0\nadd x22, x0, #0\n"  // prlimit64 old=1
             "movz x0, #6\nmovz x1, #0\nmovz x2, #1\nmovz x3, #8\nmovz x8, #134\nsvc #0\nadd x23, x0, #0\n"  // rt_sigaction oact=1
             "movz x0, #9\nsub x1, sp, #64\nmovz x2, #0\nsvc #0\nadd x24, x0, #0\n"            // SIGKILL's action
             "movz x0, #6\nmovz x1, #0\nmovz x3, #4\nsvc #0\nadd x25, x0, #0");                // sigsetsize 4
    CHECK(r.x(19) == static_cast<uint64_t>(-EFAULT));
    CHECK(r.x(20) == static_cast<uint64_t>(-EINVAL));
    CHECK(r.x(21) == static_cast<uint64_t>(-EFAULT));
    CHECK(r.x(22) == static_cast<uint64_t>(-EFAULT));
    CHECK(r.x(23) == static_cast<uint64_t>(-EFAULT));
    CHECK(r.x(24) == static_cast<uint64_t>(-EINVAL));
    CHECK(r.x(25) == static_cast<uint64_t>(-EINVAL));
}

TEST_CASE("an unknown system call returns -ENOSYS and --strace names its number as qemu does", "[user]") {
    char* log = nullptr;
    size_t log_size = 0;
    std::FILE* f = open_memstream(&log, &log_size);
    REQUIRE(f);
    LinuxUserOptions opt;
    opt.strace = true;
    opt.strace_out = f;
    AsmRun r("movz x8, #500\nsvc #0\nadd x19, x0, #0", opt);
    std::fclose(f);
    std::string text(log, log_size);
    std::free(log);
    CHECK(r.x(19) == static_cast<uint64_t>(-ENOSYS));
    CHECK(text == "Unknown syscall 500\nexit_group(0)\n");
}

TEST_CASE("uname names a fixed Linux aarch64 machine; readlinkat of /proc/self/exe gives the image's absolute path", "[user]") {
    AsmRun r("sub x0, sp, #512\nmovz x8, #160\nsvc #0\nadd x19, x0, #0");
    uint64_t at = r.sys->cpu().sp - 512;
    char u[6][65];
    REQUIRE(r.sys->bus().copy_out(at, u, sizeof u));
    CHECK(r.x(19) == 0);
    CHECK(std::string(u[0]) == "Linux");
    CHECK(std::string(u[4]) == "aarch64");

    // readlinkat(AT_FDCWD, "/proc/self/exe", sp - 512, 256); the path sits in the code.
    AsmRun p("b 1f\npath: .asciz \"/proc/self/exe\"\n.balign 4\n"
             "1: movn x0, #99\nadr x1, path\nsub x2, sp, #512\nmovz x3, #256\nmovz x8, #78\nsvc #0\nadd x19, x0, #0");
    char path[257] = {};
    REQUIRE(p.sys->bus().copy_out(p.sys->cpu().sp - 512, path, 256));
    char* real = realpath(IRQSIM_HELLO_ELF, nullptr);
    REQUIRE(real);
    std::string expect = real;
    std::free(real);
    CHECK(p.x(19) == expect.size());
    CHECK(std::string(path, expect.size()) == expect);
}

TEST_CASE("mremap grows a mapping keeping its contents and shrinks one in place", "[user]") {
    AsmRun r("movz x0, #0\nmovz x1, #0x1000\nmovz x2, #3\nmovz x3, #0x22\nmovn x4, #0\nmovz x5, #0\nmovz x8, #222\nsvc #0\n"
             "add x19, x0, #0\nmovz x1, #0x1234\nstr x1, [x19, #0xff8]\n"
             // a second mapping right after the first, so growing has to move
             "add x0, x19, #0x1000\nmovz x1, #0x1000\nmovz x3, #0x32\nsvc #0\n"
             "add x0, x19, #0\nmovz x1, #0x1000\nmovz x2, #0x4000\nmovz x3, #1\nmovz x8, #216\nsvc #0\nadd x20, x0, #0\n"
             "ldr x21, [x20, #0xff8]\nstr x21, [x20, #0x3ff8]\n"
             "add x0, x20, #0\nmovz x1, #0x4000\nmovz x2, #0x1000\nmovz x3, #0\nsvc #0\nadd x22, x0, #0\n"
             "add x0, x20, #0\nmovz x1, #0x1000\nmovz x2, #0x2000\nmovz x3, #2\nsvc #0\nadd x23, x0, #0\n"
             "ldr x24, [x20, #0x1000]");
    CHECK(r.x(20) != r.x(19));  // moved: the pages after were taken
    CHECK(r.x(21) == 0x1234);
    CHECK(r.x(22) == r.x(20));  // shrunk in place
    CHECK(r.x(23) == static_cast<uint64_t>(-EINVAL));  // MREMAP_FIXED without MREMAP_MAYMOVE
    CHECK(r.result.exit == UserExit::Fault);  // the shrunk tail is gone
    CHECK_THAT(r.result.report, Catch::Contains(fmt::format("read abort at address {:#x}", r.x(20) + 0x1000)));
}

TEST_CASE("tgkill of SIGABRT with the default action ends the run as signalled; blocked, it waits for the unblock", "[user]") {
    // rt_sigprocmask(SIG_BLOCK, {SIGABRT}); tgkill(pid, pid, SIGABRT); x19 = 1;
    // rt_sigprocmask(SIG_UNBLOCK, {SIGABRT}); x20 = 1 (not reached).
    AsmRun r("sub x1, sp, #64\nmovz x2, #0x20\nstr x2, [x1]\nmovz x0, #0\nmovz x2, #0\nmovz x3, #8\nmovz x8, #135\nsvc #0\n"
             "movz x8, #172\nsvc #0\nadd x1, x0, #0\nmovz x2, #6\nmovz x8, #131\nsvc #0\nmovz x19, #1\n"
             "movz x0, #1\nsub x1, sp, #64\nmovz x2, #0\nmovz x3, #8\nmovz x8, #135\nsvc #0\nmovz x20, #1");
    CHECK(r.result.exit == UserExit::Signaled);
    CHECK(r.result.signal == 6);
    CHECK(r.result.core);
    CHECK(r.x(19) == 1);
    CHECK(r.x(20) == 0);
}

TEST_CASE("signals ignored by SIG_IGN or by default do not end the run; a handler runs and returns through rt_sigreturn", "[user]") {
    // rt_sigaction(SIGUSR1, {SIG_IGN}); kill(0, SIGUSR1); kill(0, SIGCHLD); x19 = 1.
    AsmRun r("sub x1, sp, #64\nmovz x2, #1\nstp x2, xzr, [x1]\nstp xzr, xzr, [x1, #16]\n"
             "movz x0, #10\nmovz x2, #0\nmovz x3, #8\nmovz x8, #134\nsvc #0\n"
             "movz x0, #0\nmovz x1, #10\nmovz x8, #129\nsvc #0\nadd x20, x0, #0\n"
             "movz x0, #0\nmovz x1, #17\nsvc #0\nmovz x19, #1");
    CHECK(r.result.exit == UserExit::Exited);
    CHECK(r.x(19) == 1);
    CHECK(r.x(20) == 0);
    // A handler (at label h, no SA_SIGINFO) that stores x0 + 100 in slot and
    // clobbers x0/x19, entered with x0 = the signal and x30 = the trampoline;
    // rt_sigreturn brings back x0, x19 and the PC after the kill.
    AsmRun h("b 1f\nslot: .quad 0\nh: add x9, x0, #100\nadr x10, slot\nstr x9, [x10]\nmovz x19, #7\nmovz x0, #9\nret\n"
             "1: sub x1, sp, #64\nadr x2, h\nstp x2, xzr, [x1]\nstp xzr, xzr, [x1, #16]\n"
             "movz x0, #10\nmovz x2, #0\nmovz x3, #8\nmovz x8, #134\nsvc #0\n"
             "movz x19, #3\nmovz x0, #0\nmovz x1, #10\nmovz x8, #129\nsvc #0\nadd x20, x0, #0\nadd x22, x19, #0\n"
             "adr x10, slot\nldr x21, [x10]");
    CHECK(h.result.exit == UserExit::Exited);
    CHECK(h.x(21) == 110);  // the handler ran with x0 = SIGUSR1
    CHECK(h.x(20) == 0);    // kill's own result, restored by rt_sigreturn
    CHECK(h.x(22) == 3);    // x19 as it was before the signal
}

TEST_CASE("kill and tgkill reach only the process itself: -1 (everyone else) and other ids give -ESRCH", "[user]") {
    AsmRun r("movn x0, #0\nmovz x1, #6\nmovz x8, #129\nsvc #0\nadd x19, x0, #0\n"           // kill(-1, SIGABRT)
             "movz x0, #1001\nsvc #0\nadd x20, x0, #0\n"                                     // kill(1001, SIGABRT)
             "movz x0, #1000\nmovz x1, #1001\nmovz x2, #6\nmovz x8, #131\nsvc #0\nadd x21, x0, #0\n"  // tgkill, other tid
             "movz x0, #1000\nmovz x1, #0\nmovz x8, #129\nsvc #0\nadd x22, x0, #0");        // kill(self, 0)
    CHECK(r.result.exit == UserExit::Exited);
    CHECK(r.x(19) == static_cast<uint64_t>(-ESRCH));
    CHECK(r.x(20) == static_cast<uint64_t>(-ESRCH));
    CHECK(r.x(21) == static_cast<uint64_t>(-ESRCH));
    CHECK(r.x(22) == 0);
}

TEST_CASE("futex: a wake finds nobody; a wait whose value matches, with no other thread, is reported", "[user]") {
    AsmRun r("sub x0, sp, #64\nmovz x2, #5\nstr w2, [x0]\nmovz x1, #0x81\nmovz x2, #1\nmovz x3, #0\nmovz x8, #98\nsvc #0\n"
             "add x19, x0, #0\nsub x0, sp, #64\nmovz x1, #0x80\nmovz x2, #4\nsvc #0\nadd x20, x0, #0\n"
             "sub x0, sp, #64\nmovz x2, #5\nsvc #0");
    CHECK(r.x(19) == 0);
    CHECK(r.x(20) == static_cast<uint64_t>(-EAGAIN));
    CHECK(r.result.exit == UserExit::Fault);
    CHECK_THAT(r.result.report, Catch::Contains("futex wait") && Catch::Contains("no other thread"));
}

namespace {
// qemu-aarch64 -strace's log made comparable with irqsim's: the "<pid> "
// qemu puts before each line goes; the process id (the guest's first call
// is getpid) becomes PID in both; and addresses at or above 4 GiB (mmap'ed
// memory, which each emulator places differently) become A1, A2 ... in the
// order they first appear.
std::string normalised_strace(const std::string& log, bool from_qemu) {
    std::string text;
    std::istringstream in(log);
    for (std::string l; std::getline(in, l);) {
        if (from_qemu) {
            size_t digits = l.find_first_not_of("0123456789");
            if (digits != std::string::npos && digits > 0 && l[digits] == ' ') l = l.substr(digits + 1);
        }
        text += l + "\n";
    }
    std::smatch m;
    std::string pid;
    if (std::regex_search(text, m, std::regex("getpid\\(\\) = ([0-9]+)"))) pid = m[1];
    if (!pid.empty()) text = std::regex_replace(text, std::regex("\\b" + pid + "\\b"), "PID");
    std::map<std::string, int> seen;
    std::string out;
    std::regex big("0x0000[0-9a-f]{12}");
    auto begin = std::sregex_iterator(text.begin(), text.end(), big);
    size_t at = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        uint64_t v = std::stoull(it->str().substr(2), nullptr, 16);
        out += text.substr(at, it->position() - at);
        if (v >> 32) {
            auto [slot, fresh] = seen.emplace(it->str(), static_cast<int>(seen.size()) + 1);
            out += fmt::format("A{}", slot->second);
        } else {
            out += it->str();
        }
        at = it->position() + it->length();
    }
    return out + text.substr(at);
}
}  // namespace

TEST_CASE("the start-up and abort() system calls: --strace, stdout, stderr and the SIGABRT status match qemu-aarch64", "[user][cli]") {
    Outcome s = run_irqsim(fmt::format("--strace {}", IRQSIM_USER_GUEST_syscalls));
    Outcome q = run_command(fmt::format("sh -c 'ulimit -c 0; exec {} -strace {}'", IRQSIM_QEMU_AARCH64,
                                        IRQSIM_USER_GUEST_syscalls));
    CHECK(q.status == 128 + 6);
    CHECK(s.status == q.status);
    CHECK(s.out == q.out);
    CHECK_THAT(q.err, Catch::Contains("--- SIGIOT {si_signo=SIGIOT, si_code=SI_TKILL"));
    // The one difference the comparison sets aside: each emulator names itself.
    std::string q_err = std::regex_replace(q.err, std::regex("qemu: uncaught target signal"), "irqsim: uncaught target signal");
    CHECK(normalised_strace(s.err, false) == normalised_strace(q_err, true));
}

TEST_CASE("a SA_SIGINFO handler on the signal frame, rt_sigreturn and SA_RESETHAND match qemu-aarch64", "[user][cli]") {
    Outcome s = run_irqsim(fmt::format("--strace {}", IRQSIM_USER_GUEST_signals));
    Outcome q = run_command(fmt::format("{} -strace {}", IRQSIM_QEMU_AARCH64, IRQSIM_USER_GUEST_signals));
    CHECK(q.status == 128 + 10);  // the second SIGUSR1, after SA_RESETHAND: the default action
    CHECK(s.status == q.status);
    CHECK(s.out == q.out);
    CHECK_THAT(q.out, Catch::Contains("handler: sig 10 signo 10 code 0 pid-match 1 ss_flags 2"));
    CHECK(normalised_strace(s.err, false) == normalised_strace(q.err, true));
}
