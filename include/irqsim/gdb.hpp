// A GDB remote-serial-protocol stub (the GDB manual, appendix "GDB Remote
// Serial Protocol"): every CPU is a gdb thread; the aarch64 target
// description plus a feature of system registers; software and hardware
// breakpoints on the CPUs' PC hooks; write, read and access watchpoints on
// the bus's debug watches (stopping before the access, as an AArch64
// watchpoint does); all-stop single step of one CPU with the others held.
//
// The protocol is pure and socket-free, to test and fuzz: PacketParser turns
// bytes into packets, Session turns a packet into its reply over a Target.
// Server is the thin TCP loop around them (127.0.0.1 only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "irqsim/cpu.hpp"
#include "irqsim/machine.hpp"

namespace irqsim {
class LinuxUserSystem;
struct UserRunResult;
}  // namespace irqsim

namespace irqsim::gdb {

// The longest packet data (between '$' and '#') we accept, as qSupported
// announces it (PacketSize, in hex). Longer packets get the reply E02.
inline constexpr size_t kPacketSize = 0x4000;

class GdbError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// --- framing ----------------------------------------------------------------
// The modulo-256 sum of the packet data, as the two hex digits after '#'.
uint8_t checksum(std::string_view data);
// "$data#cs", with run-length encoding (runs of 4 or more, never with the
// counts that would put '#' or '$' on the wire) unless `binary` is set.
std::string frame(std::string_view data, bool binary = false);
// Binary data (qXfer, X) escaped: '#', '$', '}' and '*' as '}' then the
// byte XOR 0x20.
std::string escape_binary(std::string_view bytes);

class PacketParser {
public:
    struct Event {
        enum class Kind : uint8_t {
            Packet,     // data: the packet, escapes and run-length encoding undone
            Ack,        // '+'
            Nak,        // '-': resend the last packet
            Interrupt,  // 0x03 outside a packet (gdb's Ctrl-C)
            BadChecksum,
            Truncated,  // a new '$' before the '#' of the last
            Oversized,  // more than kPacketSize bytes of data (checksum good)
            Malformed,  // a bad escape or repeat count (checksum good)
        };
        Kind kind;
        std::string data;
    };
    // Feeds received bytes; appends the events they complete.
    void feed(std::string_view bytes, std::vector<Event>& out);

private:
    enum class State : uint8_t { Idle, Data, Check1, Check2 } state_ = State::Idle;
    std::string raw_;  // packet data as received (at most kPacketSize kept)
    size_t raw_length_ = 0;
    uint8_t sum_ = 0, check_ = 0;
    void finish(std::vector<Event>& out);
};

// --- the target -------------------------------------------------------------
// Z0..Z4: software breakpoint, hardware breakpoint, write, read and access
// watchpoint.
enum class PointKind : uint8_t { SoftwareBreak = 0, HardwareBreak, WriteWatch, ReadWatch, AccessWatch };

struct StopInfo {
    bool exited = false;  // the run ended: exit_status (the stop reply W), or
    int exit_status = 0;
    int term_signal = 0;  // a signal ended it (X, Linux user mode)
    int signal = 5;       // gdb's signal numbers: 5 SIGTRAP, 2 SIGINT
    unsigned cpu = 0;     // the thread that stopped
    std::optional<PointKind> point;  // what stopped it, if a breakpoint or watchpoint did
    uint64_t data_address = 0;       // for a watchpoint
};

// What the stub debugs: CPUs with their bus, resumed as a whole (continue)
// or one CPU by one instruction (step). DebugTarget below provides the
// breakpoints and watchpoints over cpu() and bus().
class Target {
public:
    virtual ~Target() = default;
    virtual unsigned cpu_count() = 0;
    virtual Cpu& cpu(unsigned index) = 0;
    virtual Bus& bus() = 0;
    // Runs until something stops it: with `step`, CPU *step executes one
    // instruction, the others held. `interrupted` is asked now and then while
    // running (gdb's Ctrl-C); true stops the run with SIGINT.
    virtual StopInfo resume(std::optional<unsigned> step, const std::function<bool()>& interrupted) = 0;
    // False: not possible here (the reply E01).
    virtual bool insert_point(PointKind kind, uint64_t addr, uint64_t length) = 0;
    virtual bool remove_point(PointKind kind, uint64_t addr, uint64_t length) = 0;
    // gdb detached: every breakpoint and watchpoint goes.
    virtual void detach() = 0;
};

class DebugTarget : public Target {
public:
    ~DebugTarget() override;
    bool insert_point(PointKind kind, uint64_t addr, uint64_t length) override;
    bool remove_point(PointKind kind, uint64_t addr, uint64_t length) override;
    void detach() override;

protected:
    // The breakpoint or watchpoint that stopped the last run.
    std::optional<StopInfo> hit_;
    // Call at a stop: a watchpoint stop leaves its instruction to run again
    // and the watch must not stop that same execution twice.
    StopInfo stop_for(std::optional<unsigned> step, int stopped_cpu, unsigned running_cpu);
    void remove_all();

private:
    struct Point {
        std::vector<int> hooks;  // one per CPU (breakpoints)
        int watch = 0;           // the bus's debug watch (watchpoints)
    };
    std::map<std::tuple<PointKind, uint64_t, uint64_t>, Point> points_;
    // A watchpoint stopped CPU skip_cpu_ before its instruction number
    // skip_insn_: that execution does not stop again.
    int skip_cpu_ = -1;
    uint64_t skip_insn_ = 0;
};

// The board (irqsim boot, irqsim compare).
class MachineTarget final : public DebugTarget {
public:
    // max_insns: the run's budget (--max-insns), counted from now.
    explicit MachineTarget(Machine& machine, uint64_t max_insns = ~uint64_t{0});
    ~MachineTarget() override;
    unsigned cpu_count() override { return machine_.cpu_count(); }
    Cpu& cpu(unsigned index) override { return machine_.cpu(index); }
    Bus& bus() override { return machine_.bus(); }
    StopInfo resume(std::optional<unsigned> step, const std::function<bool()>& interrupted) override;
    // How the machine ended (once resume() reported an exit), or runs it to
    // its end now (after gdb detached).
    RunResult finish();

private:
    Machine& machine_;
    uint64_t start_, max_insns_;
    std::optional<RunResult> result_;
    uint64_t remaining() const;
};

// Linux user mode (irqsim user): one CPU.
class UserTarget final : public DebugTarget {
public:
    UserTarget(LinuxUserSystem& system, uint64_t max_insns = ~uint64_t{0});
    ~UserTarget() override;
    unsigned cpu_count() override { return 1; }
    Cpu& cpu(unsigned) override;
    Bus& bus() override;
    StopInfo resume(std::optional<unsigned> step, const std::function<bool()>& interrupted) override;
    UserRunResult finish();

private:
    LinuxUserSystem& system_;
    uint64_t start_, max_insns_;
    std::unique_ptr<UserRunResult> result_;
    uint64_t used() const;
};

// --- the protocol -------------------------------------------------------------
// The aarch64 target description (target.xml): org.gnu.gdb.aarch64.core
// (x0-x30, sp, pc, cpsr), org.gnu.gdb.aarch64.fpu (v0-v31, fpsr, fpcr) and
// org.irqsim.aarch64.sysregs (SP_EL0, SP_EL1,
// ELR_EL1, SPSR_EL1, ESR_EL1, FAR_EL1, VBAR_EL1, SCTLR_EL1, TPIDR_EL0,
// TPIDRRO_EL0, TPIDR_EL1, CurrentEL), in gdb's register numbering.
const std::string& target_xml();
unsigned register_count();
// A register as little-endian hex, as 'p' and 'g' send it (empty: no such
// register), and the write of one ('P'): false for a value the
// architecture does not allow there (cpsr naming EL2, AArch32 ...) or a
// read-only register (CurrentEL).
std::string read_register(const Cpu& cpu, unsigned regnum);
bool write_register(Cpu& cpu, unsigned regnum, std::string_view hex);

class Session {
public:
    explicit Session(Target& target);

    struct Reply {
        std::string data;
        bool send = true;    // false: no reply ('k')
        bool binary = false;  // do not run-length encode (escaped binary data)
        bool close = false;   // the connection ends after it (D, k)
    };
    // One packet's data (framing undone) in, its reply out. Resumption
    // packets (c, s, vCont ...) return once the target stops again.
    Reply handle_packet(std::string_view packet);
    // The reply to a packet the parser rejected (Bad*, Truncated, ...).
    Reply bad_packet(PacketParser::Event::Kind kind) const;

    void set_interrupt_poll(std::function<bool()> poll) { interrupted_ = std::move(poll); }
    bool no_ack() const { return no_ack_; }
    bool exited() const { return last_stop_.exited; }
    std::string stop_reply() const;  // the last stop, as '?' answers
    // How gdb left: 'D' (detach) or 'k' (kill).
    bool detached() const { return detached_; }
    bool killed() const { return killed_; }

private:
    Target& target_;
    std::function<bool()> interrupted_ = [] { return false; };
    StopInfo last_stop_;
    unsigned g_cpu_ = 0, c_cpu_ = 0;  // 'Hg' and 'Hc' threads
    bool c_all_ = true;
    bool no_ack_ = false, detached_ = false, killed_ = false;
    bool swbreak_ = false, hwbreak_ = false;  // gdb understands these stop reasons

    Reply resume(std::optional<unsigned> step, std::optional<uint64_t> addr);
    Reply registers_all();
    Reply write_registers_all(std::string_view hex);
    Reply read_memory(std::string_view args);
    Reply write_memory(std::string_view args, bool binary);
    Reply point(std::string_view args, bool insert);
    Reply vcont(std::string_view args);
    Reply query(std::string_view packet);
    Reply monitor(std::string_view command);
    std::optional<unsigned> parse_thread(std::string_view tid, bool allow_all) const;
    std::string threads_xml();
};

// --- the TCP server -------------------------------------------------------------
class Server {
public:
    // Listens on 127.0.0.1:port (0: a free port the system picks); throws
    // GdbError naming the port when it cannot (e.g. in use).
    explicit Server(uint16_t port);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    uint16_t port() const { return port_; }

    enum class End : uint8_t { Detached, Killed, Exited, Disconnected };
    // Waits for one gdb, then serves it until it detaches or kills, the
    // target's run ends (after gdb saw it), or the connection drops.
    End serve(Target& target);

private:
    int listen_fd_ = -1, fd_ = -1;
    uint16_t port_ = 0;
    std::string inbox_;  // bytes received while the target ran
    bool disconnected_ = false;
    bool poll_interrupt();
    void send_all(std::string_view bytes);
};

// `irqsim boot/compare --gdb`: serves gdb on `server` (after printing
// "waiting for gdb on 127.0.0.1:PORT" to stderr), then, once gdb detaches,
// runs the machine on to its end. A kill by gdb ends the run with
// RunOutcome::Stopped.
RunResult debug_machine(Server& server, Machine& machine, uint64_t max_insns);
// `irqsim user --gdb`, the same for Linux user mode; a kill is OutOfBudget.
UserRunResult debug_user(Server& server, LinuxUserSystem& system, uint64_t max_insns);

}  // namespace irqsim::gdb
