// libFuzzer target: the GDB remote protocol (src/gdb). The input is what a
// debugger would send over the socket: its bytes go through PacketParser,
// and every packet it completes goes to Session::handle_packet over a real
// board (two CPUs, a loop that stores, loads and takes SVCs through a vector
// table), as Server::serve does. Memory and register reads and writes (m M X
// g G p P), breakpoints and watchpoints (Z z), continue and step (c s C S
// vCont), thread selection (H T), queries and qXfer, Ctrl-C, acks and naks,
// bad checksums, escapes, run-length counts and oversized packets all reach
// the code that parses them. The target's instruction budget is small, so
// `c` ends (the run then reports W) and an input runs in milliseconds.
//
// Must hold: no crash, no sanitizer report, no hang; every non-binary reply
// framed as the server frames it parses back to the same data (a reply with
// '#', '$' or '}' in it would corrupt the stream).
//
// IRQSIM_FUZZ_GDB_TRACE=1 prints each packet and its reply (to triage an
// input: fuzz_gdb FILE).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string_view>
#include <vector>

#include "irqsim/gdb.hpp"
#include "irqsim/machine.hpp"

namespace {
using namespace irqsim;

constexpr uint64_t kCode = virt_map::kRamBase + 0x10000;
// aarch64-linux-gnu-as of:
//     adr x1, vectors ; msr vbar_el1, x1 ; mov x2, #0x40100000 ; mov x0, #0
//  1: add x0, x0, #1 ; str x0, [x2] ; ldr x3, [x2, #8] ; svc #0 ; b 1b
//     .balign 2048 ; vectors: (every entry) eret
constexpr uint32_t kLoop[] = {0x10004001, 0xd518c001, 0xd2a80202, 0xd2800000, 0x91000400,
                              0xf9000040, 0xf9400443, 0xd4000001, 0x17fffffc};
constexpr uint64_t kVectors = kCode + 0x800;
constexpr uint32_t kEret = 0xd69f03e0;
constexpr uint64_t kBudget = 3000;  // instructions, for the whole input

void check_round_trip(const gdb::Session::Reply& r) {
    if (!r.send || r.binary) return;
    gdb::PacketParser p;
    std::vector<gdb::PacketParser::Event> ev;
    p.feed(gdb::frame(r.data), ev);
    if (ev.size() != 1 || ev[0].kind != gdb::PacketParser::Event::Kind::Packet || ev[0].data != r.data) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::ostringstream console;
    MachineConfig cfg;
    cfg.cpus = 2;
    cfg.ram_size = 2 << 20;
    cfg.console = &console;
    Machine m(cfg);
    m.bus().copy_in(kCode, kLoop, sizeof kLoop);
    static const std::vector<uint32_t> vectors(0x800 / 4, kEret);
    m.bus().copy_in(kVectors, vectors.data(), 0x800);
    m.set_entry(kCode);
    // Also where `c ADDR` or a P of pc skips the code's own MSR: a fault
    // report for every SVC would drown the fuzzer's output.
    for (unsigned i = 0; i < m.cpu_count(); ++i) m.cpu(i).vbar_el1 = kVectors;
    gdb::MachineTarget target(m, kBudget);
    gdb::Session session(target);

    gdb::PacketParser parser;
    std::vector<gdb::PacketParser::Event> events;
    parser.feed(std::string_view(reinterpret_cast<const char*>(data), size), events);
    using K = gdb::PacketParser::Event::Kind;
    for (const auto& e : events) {
        gdb::Session::Reply r;
        if (e.kind == K::Packet) {
            r = session.handle_packet(e.data);
        } else if (e.kind == K::Ack || e.kind == K::Nak || e.kind == K::Interrupt) {
            continue;
        } else {
            r = session.bad_packet(e.kind);
        }
        static const bool trace = std::getenv("IRQSIM_FUZZ_GDB_TRACE");
        if (trace) std::fprintf(stderr, "-> %.200s\n<- %.200s\n", e.data.c_str(), r.data.c_str());
        check_round_trip(r);
        (void)gdb::frame(r.data, r.binary);
        if (r.close) break;
    }
    (void)session.stop_reply();
    target.detach();
    (void)target.finish();
    return 0;
}
