#include "progress.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

namespace irqsim::cli {

namespace {
std::string clock_text(double seconds) {
    auto s = static_cast<uint64_t>(seconds + 0.5);
    return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                     : fmt::format("{}:{:02}", s / 60, s % 60);
}
}  // namespace

Progress::Progress(std::string what, std::string unit, uint64_t total, bool plain_lines)
    : what_(std::move(what)), unit_(std::move(unit)), total_(total), tty_(isatty(STDERR_FILENO) == 1),
      plain_(plain_lines), start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { close(); }

std::string Progress::line(uint64_t done, uint64_t total, double seconds, const std::string& label, unsigned width) {
    unsigned filled = total ? static_cast<unsigned>(width * done / total) : width;
    std::string bar(filled, '#');
    bar += std::string(width - filled, '.');
    std::string rate = "--", left = "--:--";
    if (done && seconds > 0) {
        double per_second = done / seconds;
        rate = per_second >= 1 ? fmt::format("{:.1f}/s", per_second) : fmt::format("{:.1f}s each", seconds / done);
        left = clock_text((total - done) / per_second);
    }
    return fmt::format("[{}] {}/{} {} elapsed {} left {}{}{}", bar, done, total, rate, clock_text(seconds), left,
                       label.empty() ? "" : "  ", label);
}

void Progress::draw(const std::string& label) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::string text = fmt::format("{}: {}", what_, line(done_, total_, seconds, label, 30));
    // \r back to the line's start, \033[K clears what a longer line left.
    std::fprintf(stderr, "\r%s\033[K", text.c_str());
    std::fflush(stderr);
    open_ = true;
}

void Progress::started(const std::string& label) {
    std::lock_guard lock(mutex_);
    if (tty_) draw(label);
}

void Progress::finished(const std::string& label) {
    std::lock_guard lock(mutex_);
    ++done_;
    if (tty_) return draw(label);
    if (!plain_ || !total_) return;
    // Plain lines at each tenth of the way (and at the end).
    if (done_ * 10 < next_tenth_ * total_ && done_ != total_) return;
    while (next_tenth_ <= 10 && next_tenth_ * total_ <= done_ * 10) ++next_tenth_;
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "%s: %llu/%llu %ss done (%llu%%), %.0f s elapsed\n", what_.c_str(),
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_), unit_.c_str(),
                 static_cast<unsigned long long>(done_ * 100 / total_), seconds);
}

void Progress::close() {
    std::lock_guard lock(mutex_);
    if (open_) std::fputc('\n', stderr);
    open_ = false;
}

}  // namespace irqsim::cli
