#include "support.hpp"

#include <fmt/format.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace irqsim::test {

TempDir::TempDir() {
    char dir[] = "/tmp/irqsim-report-XXXXXX";
    if (!mkdtemp(dir)) throw std::runtime_error("mkdtemp failed");
    path = dir;
}
TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}
void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

Command run_irqsim(const std::string& args) {
    TempDir d;
    int rc = std::system(fmt::format("{} {} > {} 2> {}", IRQSIM_BINARY, args, d / "out", d / "err").c_str());
    Command c;
    c.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    c.out = read_file(d / "out");
    c.err = read_file(d / "err");
    return c;
}

}  // namespace irqsim::test
