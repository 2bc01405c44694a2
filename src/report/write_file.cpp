#include "report/write_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace irqsim {

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
    // The temporary's name is unique to this process and thread, so that
    // concurrent writers (sweep workers, shards sharing a folder) never
    // share one.
    auto tmp = path;
    tmp += fmt::format(".tmp.{}.{}", getpid(), std::hash<std::thread::id>{}(std::this_thread::get_id()));
    {
        std::ofstream out(tmp, std::ios::binary);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.close();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            throw std::runtime_error(fmt::format("cannot write {}", path.string()));
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::string why = ec.message();
        std::filesystem::remove(tmp, ec);
        throw std::runtime_error(fmt::format("cannot write {}: {}", path.string(), why));
    }
}

}  // namespace irqsim
