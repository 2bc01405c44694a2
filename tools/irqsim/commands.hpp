// The irqsim subcommands. main.cpp parses the command line (CLI11 lives in
// that one file) into these plain structs; each run_* returns the exit status.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace irqsim::gdb {
class Server;
}

namespace irqsim::cli {

// Exit statuses shared by every subcommand (DESIGN.md "The command line").
inline constexpr int kExitBadInput = 2;     // bad arguments or input file
inline constexpr int kExitOutOfInsns = 3;   // --max-insns ran out
inline constexpr int kExitGuestFault = 4;   // a fault the guest could not handle

// --clock cycles needs cycles to count: the message when --core is flat, or
// empty when the pair is fine.
inline std::string clock_needs_core(const std::string& clock, const std::string& core) {
    if (clock != "cycles" || core != "flat") return "";
    return "--clock cycles needs a cost model to count cycles: give --core a53, a57 or a72, not flat";
}

// --gdb PORT: listens at once, before any image is loaded or output opened,
// so a port in use is a clear error ("irqsim COMMAND: ...") with nothing
// else done. No port: nothing, true. False: the error is printed.
bool listen_for_gdb(const char* command, std::optional<uint16_t> port, std::unique_ptr<gdb::Server>& server);

struct UserArgs {
    std::string program;            // PROG.elf
    std::vector<std::string> args;  // the guest's argv[1..]
    bool stats = false;
    bool strace = false;
    bool trace = false;
    std::string core = "flat";  // cost model: a53, a57, a72 or flat (none)
    std::string clock = "insns";  // clock_gettime/CNTVCT: insns or cycles (needs a core model)
    uint64_t max_insns = 0;  // 0: no limit
    std::optional<uint16_t> gdb_port;  // --gdb: wait for gdb on 127.0.0.1
    // -E NAME=VALUE and -U NAME, in the order given, applied to the
    // environment the guest inherits from irqsim (as qemu-aarch64's -E, -U).
    struct EnvEdit {
        bool set;
        std::string text;  // NAME=VALUE, or NAME
    };
    std::vector<EnvEdit> env_edits;
};
int run_user(const UserArgs& a);

struct BootArgs {
    std::string image;
    unsigned smp = 1;
    std::string gic = "v2";
    std::string core = "a57";     // a53, a57, a72 or flat (no model: PMCCNTR counts instructions)
    std::string clock = "insns";  // the board's time: insns or cycles (needs a core model)
    bool stats = false;
    bool semihosting = false;
    bool icount = false;          // --icount given: --clock insns said another way
    std::string trace_exceptions;
    uint64_t max_insns = 0;  // 0: no limit
    uint64_t interleave_seed = 0;
    std::optional<uint16_t> gdb_port;  // --gdb: wait for gdb on 127.0.0.1
    std::string trace_out;  // a Perfetto/Chrome trace-event JSON file
};
int run_boot(const BootArgs& a);

struct CompareArgs {
    std::string designs = "task,copy,sp_el0,mainline";
    std::string workload = "default";
    // Given on the command line: override the workload's own values.
    std::optional<unsigned> cpus;
    std::optional<std::string> gic;
    std::string core = "a57";
    std::string clock = "insns";
    std::optional<uint64_t> irqs;
    std::optional<uint64_t> seed;
    uint64_t interleave_seed = 0;
    std::string format = "table";
    std::string out_dir;
    std::string kernel_dir;
    std::optional<uint16_t> gdb_port;  // --gdb: debug the one design with gdb
    std::string trace_out;  // a Perfetto/Chrome trace-event JSON file, a process per design
    bool profile = false;   // a cycle profile per design (docs/cycles.md)
    unsigned jobs = 0;      // host threads, one design each (0: every local core)
};
int run_compare(const CompareArgs& a);

struct CyclesArgs {
    std::string block;  // BLOCK.s
    std::string core = "a57";
    unsigned iterations = 100;  // llvm-mca's default
};
int run_cycles(const CyclesArgs& a);

struct SweepArgs {
    std::string file;
    std::string out_dir;
    std::string shard;  // "I/N"
    unsigned jobs = 0;  // 0: every local core
    uint64_t max_runs = 0;
    std::string kernel_dir;
};
int run_sweep(const SweepArgs& a);

}  // namespace irqsim::cli
