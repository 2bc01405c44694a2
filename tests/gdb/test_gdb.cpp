// The gdb stub's protocol layer: framing (checksums, escapes, run-length
// encoding, bad and oversized packets) and the packets over a small board
// (registers, memory, breakpoints, watchpoints, steps, threads), plus the
// TCP server and the command line's --gdb on a port in use.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <sstream>
#include <thread>

#include "irqsim/elf.hpp"
#include "irqsim/gdb.hpp"
#include "irqsim/linux_user.hpp"
#include "support/test_machine.hpp"

using namespace irqsim;
using namespace irqsim::gdb;
using Kind = PacketParser::Event::Kind;

namespace {

std::vector<PacketParser::Event> parse(std::string_view bytes) {
    PacketParser p;
    std::vector<PacketParser::Event> out;
    p.feed(bytes, out);
    return out;
}

// "$data#cs" with the checksum computed here, independently of frame().
std::string packet(std::string_view data) {
    unsigned sum = 0;
    for (unsigned char c : data) sum += c;
    char cs[3];
    std::snprintf(cs, sizeof cs, "%02x", sum & 0xff);
    return "$" + std::string(data) + "#" + cs;
}

std::string le_hex(uint64_t v, unsigned bytes = 8) {
    std::string s;
    char b[3];
    for (unsigned i = 0; i < bytes; ++i) {
        std::snprintf(b, sizeof b, "%02x", static_cast<unsigned>((v >> (8 * i)) & 0xff));
        s += b;
    }
    return s;
}

// A board with code at kCode: a loop that counts in x0, stores it at kData
// and loads kData + 8.
struct Board {
    static constexpr uint64_t kCode = virt_map::kRamBase + 0x10000;
    static constexpr uint64_t kData = 0x40100000;
    static constexpr uint64_t kLoop = kCode + 8, kStore = kCode + 12, kLoad = kCode + 16;
    std::ostringstream console;
    Machine m{[this] {
        MachineConfig c;
        c.cpus = 2;
        c.console = &console;
        return c;
    }()};
    MachineTarget target{m};
    Session session{target};

    Board() {
        auto words = test::assemble(R"(
            mov x2, #0x40100000
            mov x0, #0
        1:  add x0, x0, #1
            str x0, [x2]
            ldr x3, [x2, #8]
            b 1b
        )");
        m.bus().copy_in(kCode, words.data(), words.size() * 4);
        m.set_entry(kCode);
        session.handle_packet("qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
    }
    std::string operator()(std::string_view p) { return session.handle_packet(p).data; }
    uint64_t pc(unsigned cpu = 0) { return m.cpu(cpu).pc; }
    uint64_t data() {
        uint64_t v = 0;
        m.bus().copy_out(kData, &v, 8);
        return v;
    }
};

bool starts_with(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

}  // namespace

TEST_CASE("gdb framing: checksums, acks, interrupt", "[gdb]") {
    CHECK(checksum("OK") == 0x9a);  // 'O' 0x4f + 'K' 0x4b
    CHECK(frame("OK") == "$OK#9a");
    auto ev = parse("+-\x03" + packet("g") + "junk" + packet("m0,4"));
    REQUIRE(ev.size() == 5);
    CHECK(ev[0].kind == Kind::Ack);
    CHECK(ev[1].kind == Kind::Nak);
    CHECK(ev[2].kind == Kind::Interrupt);
    CHECK((ev[3].kind == Kind::Packet && ev[3].data == "g"));
    CHECK((ev[4].kind == Kind::Packet && ev[4].data == "m0,4"));
    // Byte by byte is the same.
    PacketParser p;
    std::vector<PacketParser::Event> out;
    for (char c : packet("qC")) p.feed(std::string_view(&c, 1), out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].data == "qC");
}

TEST_CASE("gdb framing: a bad checksum, a cut-off packet, bad digits", "[gdb]") {
    std::string good = packet("g");
    std::string bad = good;
    bad.back() = bad.back() == '0' ? '1' : '0';
    auto ev = parse(bad + "$m0,4" + good + "$g#zz" + good);
    REQUIRE(ev.size() == 5);
    CHECK(ev[0].kind == Kind::BadChecksum);
    CHECK(ev[1].kind == Kind::Truncated);  // "$m0,4" then a new '$'
    CHECK(ev[2].kind == Kind::Packet);
    CHECK(ev[3].kind == Kind::BadChecksum);
    CHECK(ev[4].kind == Kind::Packet);
}

TEST_CASE("gdb framing: escapes and run-length encoding, both ways", "[gdb]") {
    // '}' then the byte XOR 0x20: "}\x03" is '#', "}\x04" '$', "}]" '}', "}\x0a" '*'.
    auto ev = parse(packet("X0,4:}\x03}\x04}]}\x0a"));
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].data == "X0,4:#$}*");
    // "0* " is "0000": ' ' (32) - 29 = 3 more.
    ev = parse(packet("0* 1"));
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].data == "00001");
    CHECK(escape_binary("a#b$c}d*e") == "a}\x03" "b}\x04" "c}]d}\x0a" "e");
    // frame() encodes runs; the parser undoes it; '#' and '$' never appear
    // as counts (runs of 7 and 8 are cut to 6).
    for (size_t n : {1, 3, 4, 5, 6, 7, 8, 9, 50, 98, 99, 200, 1000}) {
        std::string data = "x" + std::string(n, '0') + "y" + std::string(n, 'f');
        std::string f = frame(data);
        CHECK(f.find('#') == f.size() - 3);
        CHECK(f.rfind('$') == 0);
        if (n >= 4) CHECK(f.size() < data.size() + 4);
        auto back = parse(f);
        REQUIRE(back.size() == 1);
        CHECK(back[0].kind == Kind::Packet);
        CHECK(back[0].data == data);
    }
    // Binary replies are escaped, never run-length encoded.
    CHECK(frame("aaaaaaaa", true) == packet("aaaaaaaa"));
}

TEST_CASE("gdb framing: malformed and oversized packets are rejected, not crashed on", "[gdb]") {
    CHECK(parse(packet("abc}"))[0].kind == Kind::Malformed);  // escape at the end
    CHECK(parse(packet("*!"))[0].kind == Kind::Malformed);    // repeat with nothing before
    CHECK(parse(packet("a*\x01"))[0].kind == Kind::Malformed);  // count below ' '
    std::string big(kPacketSize + 1, 'a');
    auto ev = parse(packet(big));
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].kind == Kind::Oversized);
    std::string fits(kPacketSize, 'a');
    CHECK(parse(packet(fits))[0].kind == Kind::Packet);
    // A packet that never ends: memory stays bounded, and the next packet is
    // found after the cut.
    PacketParser p;
    std::vector<PacketParser::Event> out;
    p.feed("$", out);
    for (int i = 0; i < 64; ++i) p.feed(std::string(4096, 'b'), out);
    p.feed(packet("g"), out);
    REQUIRE(out.size() == 2);
    CHECK(out[0].kind == Kind::Truncated);
    CHECK(out[1].data == "g");
    // Session replies: E codes (or '-' with acks, for a bad checksum).
    Board b;
    CHECK(b.session.bad_packet(Kind::Oversized).data == "E02");
    CHECK(b.session.bad_packet(Kind::Malformed).data == "E03");
    CHECK_FALSE(b.session.bad_packet(Kind::BadChecksum).send);
    b("QStartNoAckMode");
    CHECK(b.session.bad_packet(Kind::BadChecksum).data == "E01");
}

TEST_CASE("gdb: unknown, empty and garbled packets", "[gdb]") {
    Board b;
    for (const char* p : {"", "qUnknownThing", "vFoo", "!", "y", "\x7f\xff", "Z9,0,4", "bc"}) CHECK(b(p).empty());
    for (const char* p : {"m", "m1", "m,4", "mzz,4", "M0,4", "M0,4:zz", "X0,4:ab", "p", "pzz", "P1", "P1=zz", "Pfff=0",
                          "Z0", "Z0,", "Z0,100", "Hgzz", "Hg99", "T0", "T99", "Tzz", "vCont;", "vCont;x", "vCont;s:99",
                          "vCont;c:", "G00", "qXfer:features:read:other.xml:0,10", "qXfer:features:read:target.xml:zz",
                          "c zz", "Czz", "m11111111111111111,4"})
        CHECK(starts_with(b(p), "E"));
    CHECK(b("vMustReplyEmpty").empty());
}

TEST_CASE("gdb: qSupported, threads, target description", "[gdb]") {
    Board b;
    std::string s = b("qSupported:swbreak+");
    CHECK(s.find("PacketSize=4000") != std::string::npos);
    CHECK(s.find("qXfer:features:read+") != std::string::npos);
    CHECK(s.find("QStartNoAckMode+") != std::string::npos);
    CHECK(b("qfThreadInfo") == "m1,2");
    CHECK(b("qsThreadInfo") == "l");
    CHECK(b("qC") == "QC1");
    CHECK(b("qAttached") == "1");
    CHECK(b("T1") == "OK");
    CHECK(b("T2") == "OK");
    CHECK(b("T3") == "E01");
    CHECK(b("vCont?") == "vCont;c;C;s;S");
    CHECK(starts_with(b("?"), "T05thread:1;"));
    // The description, read in small pieces, is the whole document.
    std::string doc;
    for (uint64_t off = 0;;) {
        char q[64];
        std::snprintf(q, sizeof q, "qXfer:features:read:target.xml:%llx,50", static_cast<unsigned long long>(off));
        std::string r = b(q);
        REQUIRE(!r.empty());
        doc += r.substr(1);
        off += r.size() - 1;
        if (r[0] == 'l') break;
        REQUIRE(r[0] == 'm');
    }
    CHECK(doc == target_xml());
    for (const char* want : {"org.gnu.gdb.aarch64.core", "name=\"x30\"", "org.gnu.gdb.aarch64.fpu", "name=\"v31\"", "name=\"cpsr\"", "name=\"SP_EL0\"",
                             "name=\"SP_EL1\"", "name=\"ELR_EL1\"", "name=\"SPSR_EL1\"", "name=\"ESR_EL1\"",
                             "name=\"VBAR_EL1\"", "name=\"TPIDR_EL1\"", "name=\"CurrentEL\""})
        CHECK(doc.find(want) != std::string::npos);
    std::string threads = b("qXfer:threads:read::0,1000");
    CHECK(threads.find("<thread id=\"2\" core=\"1\" name=\"CPU 1\">") != std::string::npos);
}

TEST_CASE("gdb: registers read and written, one and all, per thread", "[gdb]") {
    Board b;
    Cpu& c0 = b.m.cpu(0);
    Cpu& c1 = b.m.cpu(1);
    CHECK(b("p20") == le_hex(Board::kCode));  // pc is register 32
    CHECK(b("P5=8877665544332211") == "OK");
    CHECK(c0.x[5] == 0x1122334455667788);
    CHECK(b("p5") == "8877665544332211");
    // cpsr (33): EL1h, DAIF masked, as the board enters an image.
    CHECK(b("p21") == le_hex(0x3c5, 4));
    CHECK(b("P21=" + le_hex(0x3c9, 4)) == "E01");  // EL2 does not exist here
    CHECK(b("P21=" + le_hex(0x3d5, 4)) == "E01");  // nor AArch32
    CHECK(b("P21=" + le_hex(0x3c1, 4)) == "E01");  // EL0 with SP_EL1
    // EL1t: the live SP becomes SP_EL0 (the banked copies follow).
    c0.sp = 0x1000;
    c0.sp_el0 = 0x2000;
    CHECK(b("P21=" + le_hex(0x3c4, 4)) == "OK");
    CHECK(c0.sp == 0x2000);
    CHECK(c0.sp_el(ExceptionLevel::EL1) == 0x1000);
    // The system registers by name: find their numbers in target.xml.
    auto regnum = [](const std::string& name) {
        size_t at = target_xml().find("name=\"" + name + "\"");
        REQUIRE(at != std::string::npos);
        size_t r = target_xml().find("regnum=\"", at) + 8;
        return static_cast<unsigned>(std::stoul(target_xml().substr(r), nullptr, 10));
    };
    auto p = [&](const std::string& name) {
        char q[16];
        std::snprintf(q, sizeof q, "p%x", regnum(name));
        return b(q);
    };
    auto P = [&](const std::string& name, uint64_t v) {
        char q[64];
        std::snprintf(q, sizeof q, "P%x=%s", regnum(name), le_hex(v).c_str());
        return b(q);
    };
    CHECK(P("SP_EL1", 0x40008000) == "OK");
    CHECK(c0.sp_el(ExceptionLevel::EL1) == 0x40008000);
    CHECK(P("SP_EL0", 0x40004000) == "OK");
    CHECK(c0.sp == 0x40004000);  // EL1t: SP_EL0 is the live one
    CHECK(P("ELR_EL1", 0x40001234) == "OK");
    CHECK(c0.elr_el1 == 0x40001234);
    CHECK(P("VBAR_EL1", 0x40000fff) == "OK");
    CHECK(c0.vbar_el1 == 0x40000800);  // bits [10:0] are RES0
    CHECK(P("TPIDR_EL1", 42) == "OK");
    CHECK(c0.tpidr_el1 == 42);
    c0.esr_el1 = 0x56000000;
    c0.spsr_el1 = 0x3c5;
    CHECK(p("ESR_EL1") == le_hex(0x56000000));
    CHECK(p("SPSR_EL1") == le_hex(0x3c5));
    CHECK(p("CurrentEL") == le_hex(4));
    CHECK(P("CurrentEL", 0) == "E01");  // read-only
    // g and G: the whole set round-trips; G changes what it changes.
    std::string all = b("g");
    CHECK(all.size() == 2 * (31 * 8 + 8 + 8 + 4 + 32 * 16 + 4 + 4 + 12 * 8));
    CHECK(b("G" + all) == "OK");
    CHECK(b("g") == all);
    std::string changed = all;
    changed.replace(3 * 16, 16, le_hex(0xabcdef));
    CHECK(b("G" + changed) == "OK");
    CHECK(c0.x[3] == 0xabcdef);
    CHECK(b("G" + all.substr(2)) == "E01");
    // V registers: 128 bits, bits [63:0] first; fpsr and fpcr 32 bits.
    CHECK(P("v1", 0) == "E01");  // 128 bits: 8 bytes are refused
    c0.v[1] = {0x0706050403020100, 0x0f0e0d0c0b0a0908};
    CHECK(p("v1") == "000102030405060708090a0b0c0d0e0f");
    char q[80];
    std::snprintf(q, sizeof q, "P%x=ffeeddccbbaa99887766554433221100", regnum("v31"));
    CHECK(b(q) == "OK");
    CHECK(c0.v[31][0] == 0x8899aabbccddeeff);
    CHECK(c0.v[31][1] == 0x0011223344556677);
    c0.fpsr = 0x8000010;
    CHECK(p("fpsr") == le_hex(0x8000010, 4));
    CHECK(regnum("v0") == 34);
    CHECK(regnum("fpcr") == 67);
    // Thread 2 is CPU 1.
    c1.x[7] = 0x77;
    CHECK(b("Hg2") == "OK");
    CHECK(b("p7") == le_hex(0x77));
    CHECK(b("P7=" + le_hex(0x99)) == "OK");
    CHECK(c1.x[7] == 0x99);
    CHECK(c0.x[7] == 0);
    CHECK(b("Hg0") == "OK");  // any: stays on CPU 1
    CHECK(b("p7") == le_hex(0x99));
}

TEST_CASE("gdb: memory read and written as hex and as binary", "[gdb]") {
    Board b;
    CHECK(b("M40100000,4:deadbeef") == "OK");
    CHECK(b.data() == 0xefbeadde);
    CHECK(b("m40100000,4") == "deadbeef");
    CHECK(b("X40100004,4:#$}*") == "OK");  // the framing layer undid the escapes already
    CHECK(b("m40100004,4") == "23247d2a");
    CHECK(b("X40100000,0:") == "OK");  // gdb's probe for X
    CHECK(b("M40100000,2:aa") == "E01");  // length and data disagree
    // Unmapped: EFAULT; a read that runs off the end of RAM is cut short.
    CHECK(b("m10000000,4") == "E0e");
    CHECK(b("M10000000,1:00") == "E0e");
    uint64_t ram_end = virt_map::kRamBase + b.m.config().ram_size;
    char q[64];
    std::snprintf(q, sizeof q, "m%llx,8", static_cast<unsigned long long>(ram_end - 2));
    CHECK(b(q).size() == 4);
    // A huge length is answered in part, within PacketSize.
    std::string r = b("m40000000,100000");
    CHECK(!r.empty());
    CHECK(frame(r).size() <= kPacketSize + 4);
    // Device memory is never touched on gdb's behalf (a read can acknowledge an interrupt).
    CHECK(b("m8010000,4") == "E0e");  // the GIC CPU interface
    // Code written by gdb runs: the decode cache follows (nop over the add).
    CHECK(b("M40010008,4:1f2003d5") == "OK");
    CHECK(b("Z0,40010014,4") == "OK");
    b("c");
    CHECK(b.pc() == Board::kCode + 20);
    CHECK(b.m.cpu(0).x[0] == 0);
}

TEST_CASE("gdb: software and hardware breakpoints, continue and step", "[gdb]") {
    Board b;
    CHECK(b("Z0,40010001,4") == "E01");  // not an instruction address
    CHECK(b("Z0,4001000c,4") == "OK");
    CHECK(starts_with(b("c"), "T05thread:1;swbreak:;20:" + le_hex(Board::kStore) + ";"));
    CHECK(b.m.cpu(0).x[0] == 1);
    CHECK(b.data() == 0);  // the store has not run
    // Continue from a breakpoint runs its instruction, then hits it again.
    b("c");
    CHECK(b.pc() == Board::kStore);
    CHECK(b.m.cpu(0).x[0] == 2);
    CHECK(b.data() == 1);
    // A step from the breakpoint's own PC steps (plain SIGTRAP, no reason).
    CHECK(starts_with(b("s"), "T05thread:1;20:"));
    CHECK(b.pc() == Board::kLoad);
    CHECK(b.data() == 2);
    CHECK(b("z0,4001000c,4") == "OK");
    CHECK(b("z0,4001000c,4") == "E01");  // gone already
    CHECK(b("Z1,40010008,4") == "OK");
    CHECK(starts_with(b("vCont;c"), "T05thread:1;hwbreak:;"));
    CHECK(b.pc() == Board::kLoop);
    CHECK(b("z1,40010008,4") == "OK");
    // vCont steps: the thread named, the legacy 's' with an address.
    CHECK(starts_with(b("vCont;s:1;c"), "T05thread:1;"));
    CHECK(b.pc() == Board::kStore);
    CHECK(starts_with(b("s40010008"), "T05thread:1;"));
    CHECK(b.pc() == Board::kStore);
    // Time is instructions: it runs only when gdb lets the target run.
    uint64_t t = b.m.now_ns();
    for (int i = 0; i < 3; ++i) b("g"), b("m40100000,8");
    CHECK(b.m.now_ns() == t);
    b("s");
    CHECK(b.m.now_ns() == t + 1);
}

TEST_CASE("gdb: write, read and access watchpoints stop before the access", "[gdb]") {
    Board b;
    CHECK(b("Z2,40100000,8") == "OK");
    CHECK(starts_with(b("c"), "T05thread:1;watch:40100000;"));
    CHECK(b.pc() == Board::kStore);  // the store's own PC, memory untouched
    CHECK(b.m.cpu(0).x[0] == 1);
    CHECK(b.data() == 0);
    // Resumed with the watchpoint still in place, the stopped store runs
    // (gdb removes it and steps; a client that does not is not stuck).
    CHECK(starts_with(b("s"), "T05thread:1;20:"));
    CHECK(b.pc() == Board::kLoad);
    CHECK(b.data() == 1);
    CHECK(starts_with(b("c"), "T05thread:1;watch:40100000;"));
    CHECK(b.m.cpu(0).x[0] == 2);
    CHECK(b.data() == 1);
    CHECK(b("z2,40100000,8") == "OK");
    // A watch inside a wider access reports an address in its range.
    CHECK(b("Z3,4010000c,4") == "OK");
    CHECK(starts_with(b("c"), "T05thread:1;rwatch:4010000c;"));
    CHECK(b.pc() == Board::kLoad);
    CHECK(b("z3,4010000c,4") == "OK");
    CHECK(b("Z4,40100000,1") == "OK");
    CHECK(starts_with(b("c"), "T05thread:1;awatch:40100000;"));
    CHECK(b.pc() == Board::kStore);
    CHECK(b("D") == "OK");  // detach removes everything
    CHECK(b.session.detached());
}

TEST_CASE("gdb: a store-exclusive stopped by a watchpoint keeps its monitor", "[gdb]") {
    Board b;
    auto words = test::assemble(R"(
        mov x2, #0x40100000
    1:  ldxr x0, [x2]
        add x0, x0, #1
        stxr w1, x0, [x2]
        cbnz w1, 1b
        nop
    )");
    b.m.bus().copy_in(Board::kCode, words.data(), words.size() * 4);
    b.m.cpu(0).invalidate_decode_cache();
    CHECK(b("Z2,40100000,8") == "OK");
    CHECK(starts_with(b("c"), "T05thread:1;watch:40100000;"));
    CHECK(b.pc() == Board::kCode + 12);
    // As gdb does: remove, step, put back. The STXR succeeds (status 0).
    CHECK(b("z2,40100000,8") == "OK");
    b("s");
    CHECK(b.m.cpu(0).x[1] == 0);
    CHECK(b.data() == 1);
}

TEST_CASE("gdb: Ctrl-C interrupts a running target; the run ends with W", "[gdb]") {
    Board b;
    int polls = 0;
    b.session.set_interrupt_poll([&] { return ++polls == 3; });
    CHECK(starts_with(b("c"), "T02thread:1;"));
    CHECK(polls == 3);
    // Stepping a CPU that is off leaves it where it is.
    uint64_t pc1 = b.pc(1);
    CHECK(starts_with(b("vCont;s:2"), "T05thread:2;"));
    CHECK(b.pc(1) == pc1);
    // A budget: the run ends, gdb is told the exit status (3: out of instructions).
    Board small;
    MachineTarget limited(small.m, 100);
    Session s(limited);
    CHECK(s.handle_packet("c").data == "W03");
    CHECK(s.exited());
    CHECK(s.handle_packet("c").data == "W03");
    CHECK(limited.finish().outcome == RunOutcome::InsnLimit);
}

TEST_CASE("gdb: stopping and resuming does not change the run", "[gdb]") {
    // Two machines, one stopped at a breakpoint a few hundred times.
    Board plain, stopped;
    plain.m.run(5000);
    REQUIRE(stopped("Z0,4001000c,4") == "OK");
    unsigned stops = 0;
    while (stopped.m.instructions() < 5000 - 4) {
        stopped("c");
        ++stops;
    }
    stopped("z0,4001000c,4");
    stopped.m.run(5000 - stopped.m.instructions());
    CHECK(stops > 100);
    CHECK(stopped.m.instructions() == plain.m.instructions());
    CHECK(stopped.m.cpu(0).x[0] == plain.m.cpu(0).x[0]);
    CHECK(stopped.pc() == plain.pc());
    CHECK(stopped.m.now_ns() == plain.m.now_ns());
}

TEST_CASE("gdb server: a TCP round trip on 127.0.0.1, Ctrl-C while running, and a port in use", "[gdb]") {
    Board b;
    Server server(0);
    REQUIRE(server.port() != 0);
    CHECK_THROWS_AS(Server(server.port()), GdbError);
    std::string got;
    std::thread client([&] {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(server.port());
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return ::close(fd), void();
        auto send_str = [fd](const std::string& s) { (void)::send(fd, s.data(), s.size(), MSG_NOSIGNAL); };
        auto read_until = [&](const std::string& end) {
            char buf[256];
            while (got.find(end) == std::string::npos) {
                ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0) return;
                got.append(buf, static_cast<size_t>(n));
            }
        };
        std::string bad = packet("?");
        bad.back() ^= 1;
        send_str(bad);  // answered '-'
        send_str(packet("?"));
        read_until("#");
        send_str("+" + packet("p20"));
        read_until(frame(le_hex(Board::kCode)));
        // The loop never ends by itself: only gdb's Ctrl-C stops it.
        send_str("+" + packet("c"));
        send_str("\x03");
        read_until("$T02thread:1;");
        send_str("+" + packet("D"));
        read_until("OK");
        ::close(fd);
    });
    CHECK(server.serve(b.target) == Server::End::Detached);
    client.join();
    CHECK(starts_with(got, "-+$T05thread:1;"));
    CHECK(got.find("+" + frame(le_hex(Board::kCode))) != std::string::npos);
    CHECK(got.find("$T02thread:1;") != std::string::npos);
    CHECK(got.find("$OK#9a") != std::string::npos);
}

TEST_CASE("gdb: irqsim boot --gdb on a port in use: a clear error, exit status 2", "[gdb]") {
    Server taken(0);
    std::string cmd = std::string(IRQSIM_BINARY) + " boot " + IRQSIM_HELLO_ELF + " --gdb " +
                      std::to_string(taken.port()) + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[256];
    while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    int status = ::pclose(p);
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(out.find("127.0.0.1:" + std::to_string(taken.port()) + " is already in use") != std::string::npos);
    CHECK(out.find("waiting for gdb") == std::string::npos);
}

TEST_CASE("gdb: Linux user mode: a breakpoint on the first SVC, a step through it, the exit", "[gdb]") {
    ElfImage image = load_elf(IRQSIM_HELLO_ELF);
    LinuxUserOptions opt;
    opt.argv = {IRQSIM_HELLO_ELF};
    std::string written;
    opt.output = [&](int, std::string_view bytes) { written += bytes; };
    LinuxUserSystem sys(image, std::move(opt));
    UserTarget target(sys);
    Session s(target);
    CHECK(s.handle_packet("qfThreadInfo").data == "m1");
    // Find the first SVC #0 (0xd4000001) from the entry through gdb's own memory reads.
    uint64_t svc = 0;
    for (uint64_t a = image.entry; a < image.entry + 256 && !svc; a += 4) {
        char q[64];
        std::snprintf(q, sizeof q, "m%llx,4", static_cast<unsigned long long>(a));
        if (s.handle_packet(q).data == "010000d4") svc = a;
    }
    REQUIRE(svc);
    char z[64];
    std::snprintf(z, sizeof z, "Z0,%llx,4", static_cast<unsigned long long>(svc));
    CHECK(s.handle_packet(z).data == "OK");
    CHECK(starts_with(s.handle_packet("c").data, "T05thread:1;"));
    CHECK(sys.cpu().pc == svc);
    CHECK(sys.cpu().x[8] == 64);  // write(2) on arm64 Linux
    CHECK(written.empty());      // the call has not been made
    CHECK(s.handle_packet("p20").data == le_hex(svc));
    CHECK(starts_with(s.handle_packet("s").data, "T05thread:1;"));
    CHECK(sys.cpu().pc == svc + 4);
    CHECK(written == "Hello from AArch64 user mode!\n");
    CHECK(s.handle_packet("c").data == "W00");
    CHECK(target.finish().exit == UserExit::Exited);
}
