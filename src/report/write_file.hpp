// Output files written whole or not at all: the text goes to a temporary
// name beside the file, then is renamed over it, so an interrupted run never
// leaves a half-written report (or sweep result) behind.
#pragma once

#include <filesystem>
#include <string_view>

namespace irqsim {

// Throws std::runtime_error naming the file when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace irqsim
