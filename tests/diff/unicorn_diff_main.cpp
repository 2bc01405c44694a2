// The long-run form of the differential suite:
//   unicorn_diff [--seed S] [--count N] [--first I]   run N sequences
//   unicorn_diff --seed S --index I                   one sequence, printed
// Exit status 1 when irqsim and Unicorn disagree outside the known list or an
// eligible row was never generated.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "diff/harness.hpp"

using namespace irqsim::diff;

int main(int argc, char** argv) {
    SuiteOptions opt;
    opt.count = 1000000;
    bool single = false;
    for (int i = 1; i < argc; ++i) {
        auto value = [&]() -> uint64_t {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "unicorn_diff: %s needs a value\n", argv[i]);
                std::exit(2);
            }
            return std::strtoull(argv[++i], nullptr, 0);
        };
        if (!std::strcmp(argv[i], "--seed")) {
            opt.seed = value();
        } else if (!std::strcmp(argv[i], "--count")) {
            opt.count = value();
        } else if (!std::strcmp(argv[i], "--first")) {
            opt.first = value();
        } else if (!std::strcmp(argv[i], "--index")) {
            opt.first = value();
            opt.count = 1;
            single = true;
        } else if (!std::strcmp(argv[i], "--max-reports")) {
            opt.max_reports = static_cast<unsigned>(value());
        } else if (!std::strcmp(argv[i], "--rejected")) {
            opt.rejected_per_row = static_cast<unsigned>(value());
        } else if (!std::strcmp(argv[i], "--verbose")) {
            opt.verbose = true;
        } else {
            std::fprintf(stderr,
                         "usage: unicorn_diff [--seed S] [--count N] [--first I] [--index I] [--max-reports N] "
                         "[--rejected N-per-row] [--verbose]\n");
            return 2;
        }
    }
    if (single) opt.verbose = true;
    // Long runs in chunks, so progress shows.
    SuiteResult total;
    constexpr uint64_t kChunk = 1000000;
    uint64_t done = 0;
    while (done < opt.count) {
        SuiteOptions o = opt;
        o.first = opt.first + done;
        o.count = std::min(kChunk, opt.count - done);
        o.max_reports = opt.max_reports > total.reports.size() ? opt.max_reports - total.reports.size() : 0;
        if (done) o.rejected_per_row = 0;  // once is enough
        SuiteResult r = run_suite(o);
        for (const auto& rep : r.reports) std::printf("%s\n", rep.c_str());
        if (done == 0) {
            total = r;
            total.reports.clear();
            if (opt.rejected_per_row) std::printf("%s\n", r.rejected_report().c_str());
        } else {
            total.sequences += r.sequences;
            total.insns += r.insns;
            for (size_t c = 0; c < r.by_class.size(); ++c) total.by_class[c] += r.by_class[c];
            for (const auto& [k, n] : r.outcomes) total.outcomes[k] += n;
            for (size_t row = 0; row < r.row_hits.size(); ++row) total.row_hits[row] += r.row_hits[row];
            total.mismatches += r.mismatches;
            for (const auto& [k, n] : r.known_hits) total.known_hits[k] += n;
            total.unexercised.clear();
            for (size_t row = 0; row < total.row_hits.size(); ++row)
                for (uint16_t u : r.unexercised)
                    if (u == row && total.row_hits[row] == 0) total.unexercised.push_back(u);
        }
        total.reports.insert(total.reports.end(), r.reports.begin(), r.reports.end());
        done += o.count;
        if (opt.count > kChunk)
            std::fprintf(stderr, "unicorn_diff: %llu of %llu sequences, %llu mismatches\n",
                         static_cast<unsigned long long>(done), static_cast<unsigned long long>(opt.count),
                         static_cast<unsigned long long>(total.mismatches));
    }
    std::printf("seed %llu, sequences %llu..%llu\n%s\n", static_cast<unsigned long long>(opt.seed),
                static_cast<unsigned long long>(opt.first),
                static_cast<unsigned long long>(opt.first + opt.count - 1), total.summary().c_str());
    if (!single) std::printf("%s\n", total.coverage().c_str());
    bool ok = total.mismatches == 0 && (single || total.unexercised.empty());
    std::printf("unicorn_diff: %llu passed, %llu failed\n",
                static_cast<unsigned long long>(total.sequences - total.mismatches),
                static_cast<unsigned long long>(total.mismatches));
    return ok ? 0 : 1;
}
