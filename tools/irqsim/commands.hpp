// The irqsim subcommands. main.cpp parses the command line (CLI11 lives in
// that one file) into these plain structs; each run_* returns the exit status.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace irqsim::cli {

// Exit statuses shared by every subcommand (DESIGN.md "The command line").
inline constexpr int kExitBadInput = 2;     // bad arguments or input file
inline constexpr int kExitOutOfInsns = 3;   // --max-insns ran out
inline constexpr int kExitGuestFault = 4;   // a fault the guest could not handle

struct UserArgs {
    std::string program;            // PROG.elf
    std::vector<std::string> args;  // the guest's argv[1..]
    bool stats = false;
    bool strace = false;
    bool trace = false;
    uint64_t max_insns = 0;  // 0: no limit
};
int run_user(const UserArgs& a);

}  // namespace irqsim::cli
