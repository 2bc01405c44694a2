// stack_usage: where each design's stack bytes go. For every design, the
// task stack's and the IRQ stack's high-water marks with the call chain that
// set them (frames and their bytes); then the overflow images, whose
// syscall path is deeper than THREAD_SIZE, with the stack guard's report.
#include <cstdio>
#include <sstream>
#include <string>

#include "../example.hpp"

using namespace irqsim;

int main(int argc, char** argv) {
    return example_main("stack_usage", argc, argv, [](CompareOptions& opt) {
        std::printf("Stack usage on the built-in workload (%u CPUs, seed %llu)\n\n", opt.workload.cpus,
                    static_cast<unsigned long long>(opt.workload.seed));
        std::vector<DesignReport> designs = run_compare(opt);
        const DesignReport& task = designs.front();
        for (const DesignReport& r : designs) {
            std::printf("%s: task stack %llu bytes, IRQ stack %llu bytes\n", r.design.c_str(),
                        static_cast<unsigned long long>(r.max_task_stack),
                        static_cast<unsigned long long>(r.max_irq_stack));
            std::printf("  deepest task stack:\n%s", format_stack_chain(r.task_stack_chain).c_str());
            if (r.max_irq_stack) std::printf("  deepest IRQ stack:\n%s", format_stack_chain(r.irq_stack_chain).c_str());
            if (&r != &task && task.max_task_stack > r.max_task_stack)
                std::printf("  the task stack needs %llu bytes less than under %s; the IRQ stack holds %llu\n",
                            static_cast<unsigned long long>(task.max_task_stack - r.max_task_stack),
                            task.design.c_str(), static_cast<unsigned long long>(r.max_irq_stack));
            std::printf("\n");
        }

        std::printf("Overflow images on workloads/overflow.toml: a syscall path deeper than THREAD_SIZE\n\n");
        CompareOptions deep = opt;
        deep.workload = find_workload("overflow");
        for (const char* image : {"task-overflow", "copy-overflow", "mainline_v4_14-overflow"}) {
            DesignReport r = run_design(image, deep);
            std::printf("%s: stack_overflows %llu, thread_info_corrupted %s, caught by the guest's entry check %llu; %s\n",
                        image, static_cast<unsigned long long>(r.stack_overflows),
                        r.thread_info_corrupted ? "true" : "false",
                        static_cast<unsigned long long>(r.guest_stack_overflows), r.outcome.c_str());
            for (const StackOverflow& v : r.overflows) std::printf("%s", format_stack_overflow(v).c_str());
            // What the guest itself said as it stopped.
            std::istringstream console(r.console);
            for (std::string line; std::getline(console, line);)
                if (line.starts_with("Bad mode") || line.starts_with("stack overflow"))
                    std::printf("  the guest: %s\n", line.c_str());
            std::printf("\n");
        }
    });
}
