// cpu_hotplug: CPUs taken down with PSCI CPU_OFF and brought back with CPU_ON,
// over and over (workloads/hotplug-storm.toml). The IRQ-stack designs give a
// CPU its IRQ stack when it comes up: copy and sp_el0 allocate one at its
// first CPU-up and reuse it on every later one, mainline's is a static
// per-CPU array. This prints, per design, the cycles, how many IRQ stacks
// were allocated for how many CPU-ups, the bytes that saves, and what a
// re-online costs: instructions from the CPU_ON call until that CPU takes its
// first interrupt again.
//
//   cpu_hotplug [KERNEL_DIR]
#include <cstdio>
#include <sstream>
#include <string>

#include "../example.hpp"

using namespace irqsim;

int main(int argc, char** argv) {
    return example_main("cpu_hotplug", argc, argv, [](CompareOptions& opt) {
        opt.workload = find_workload("hotplug-storm");
        opt.workload.cpus = 2;  // quick; `irqsim compare --workload hotplug-storm` runs the file's 4
        std::printf("CPU hotplug: workload '%s', %u CPUs, %u hotplug cycles of the last CPU, IRQ stacks of %u bytes\n\n",
                    opt.workload.origin.name.c_str(), opt.workload.cpus, opt.workload.hotplug_cycles,
                    opt.workload.irq_stack_size);
        for (const DesignReport& r : run_compare(opt)) {
            std::printf("%s: %s; %llu CPU_OFF, %llu CPU_ON (boot included)\n", r.design.c_str(), r.outcome.c_str(),
                        u(r.hotplug_downs), u(r.hotplug_ups));
            uint64_t ups = r.hotplug_ups + 1;  // CPU 0 comes up at boot without CPU_ON
            if (r.max_irq_stack && !r.irq_stack_allocs)
                std::printf("  static per-CPU IRQ stacks (%llu bytes each, in the image): the same one at every CPU-up\n",
                            u(r.irq_stack_size));
            else if (r.max_irq_stack)
                std::printf("  IRQ stacks allocated: %llu for %llu CPU-ups (reused: %s), %llu bytes instead of %llu\n",
                            u(r.irq_stack_allocs), u(ups), r.irq_stack_reused ? "yes" : "no",
                            u(r.irq_stack_allocs * r.irq_stack_size), u(ups * r.irq_stack_size));
            else
                std::printf("  no IRQ stacks: interrupts run on the task stacks\n");
            if (r.hotplug_downs)
                std::printf("  back in service: %llu instructions from CPU_ON to the first IRQ, %llu per re-online\n",
                            u(r.hotplug_cycles), u(r.hotplug_cycles / r.hotplug_downs));
            std::istringstream console(r.console);
            for (std::string line; std::getline(console, line);)
                if (line.starts_with("check: hotplug")) std::printf("  the guest: %s\n", line.c_str());
            std::printf("\n");
        }
    });
}
