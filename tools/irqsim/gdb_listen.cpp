// --gdb PORT, shared by boot, user and compare.
#include <cstdio>

#include "commands.hpp"
#include "irqsim/gdb.hpp"

namespace irqsim::cli {

bool listen_for_gdb(const char* command, std::optional<uint16_t> port, std::unique_ptr<gdb::Server>& server) {
    if (!port) return true;
    try {
        server = std::make_unique<gdb::Server>(*port);
    } catch (const gdb::GdbError& e) {
        std::fprintf(stderr, "irqsim %s: %s\n", command, e.what());
        return false;
    }
    return true;
}

}  // namespace irqsim::cli
