// Shared by the report tests: running the irqsim binary, temporary folders,
// reading files.
#pragma once

#include <string>

namespace irqsim::test {

struct Command {
    int status = -1;
    std::string out, err;
};
// Runs `irqsim ARGS` with stdout and stderr captured (neither a terminal).
Command run_irqsim(const std::string& args);
// A fresh folder under /tmp, removed with the object.
struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string path;
    std::string operator/(const std::string& name) const { return path + "/" + name; }
};
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

}  // namespace irqsim::test
