// What the scenario programs (examples/*/) share: the kernel images' folder
// from the first argument, and a run that fails (a missing image, a bad
// workload) told on stderr with exit status 2.
#pragma once

#include <cstdint>
#include <cstdio>
#include <exception>

#include "irqsim/compare.hpp"

inline unsigned long long u(uint64_t v) { return static_cast<unsigned long long>(v); }

// main() of the example `name`: `story(options)`, the options' kernel_dir
// from argv[1] when given.
template <class Story>
int example_main(const char* name, int argc, char** argv, Story story) {
    irqsim::CompareOptions opt;
    if (argc > 1) opt.kernel_dir = argv[1];
    try {
        story(opt);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name, e.what());
        return 2;
    }
    return 0;
}
