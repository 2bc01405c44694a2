// compare_designs: every IRQ-stack design on the built-in workload, side by
// side (what `irqsim compare` prints), then what the numbers mean, each
// sentence computed from the same runs.
//
//   compare_designs [KERNEL_DIR]
#include <cstdio>
#include <string>

#include "../example.hpp"

using namespace irqsim;

int main(int argc, char** argv) {
    return example_main("compare_designs", argc, argv, [](CompareOptions& opt) {
        std::vector<DesignReport> rs = run_compare(opt);
        std::printf("%s\n", format_table(rs, opt).c_str());
        const DesignReport& task = rs.front();  // the 2015 baseline, first in the default list

        std::printf("What the numbers say\n\n");
        unsigned regs = 0;
        for (const StackFrame& f : task.task_stack_chain.frames) regs += f.kind == StackFrame::Kind::ExceptionRegs;
        std::printf("1. The task stack. Under %s an interrupt runs on the interrupted task's stack: the deepest\n"
                    "   task stack took %llu bytes, a chain holding %u exception frames (the syscall's, and the IRQs' on top).\n",
                    task.design.c_str(), u(task.max_task_stack), regs);
        for (const DesignReport& r : rs) {
            if (&r == &task) continue;
            std::printf("   %-9s task stack %llu bytes (%lld less), IRQ stack %llu bytes: the IRQ path moved off the task stack\n",
                        r.design.c_str(), u(r.max_task_stack),
                        static_cast<long long>(task.max_task_stack) - static_cast<long long>(r.max_task_stack),
                        u(r.max_irq_stack));
        }
        std::printf("   (The 2015 measurement on hardware saw 7256 -> 5816 bytes; `examples/stack_usage` lists the frames.)\n\n");

        std::printf("2. What an IRQ costs (instructions from vector entry to eret, %s cycle model):\n", task.core.c_str());
        for (const DesignReport& r : rs)
            std::printf("   %-9s %.1f per IRQ (%+.1f against %s): entry %.1f, switch %.1f, copy %.1f, handler %.1f, exit %.1f\n",
                        r.design.c_str(), r.insns_per_irq, r.insns_per_irq - task.insns_per_irq, task.design.c_str(),
                        r.cycles_entry, r.cycles_switch, r.cycles_copy, r.cycles_handler, r.cycles_exit);
        std::printf("\n");

        std::printf("3. thread_info copies:\n");
        for (const DesignReport& r : rs)
            std::printf("   %-9s %.1f bytes per IRQ: %llu bytes over %llu IRQs, %llu of them outermost; %llu bytes by nested ones\n",
                        r.design.c_str(), r.bytes_copied_per_irq, u(static_cast<uint64_t>(r.bytes_copied_per_irq * r.irqs + 0.5)),
                        u(r.irqs), u(r.outermost_irqs), u(r.bytes_copied_nested));
        std::printf("   copy writes thread_info to the IRQ stack and back (2 x 32 bytes) once per outermost IRQ;\n"
                    "   sp_el0 and mainline reach it through SP_EL0 and copy nothing.\n\n");

        std::printf("4. Nesting: a softirq runs with IRQs enabled at IRQ exit, so an interrupt can arrive on the IRQ stack.\n");
        for (const DesignReport& r : rs)
            std::printf("   %-9s %llu nested IRQs, deepest nesting %u, recursion caught %llu, nested entries that switched again %llu\n",
                        r.design.c_str(), u(r.nested_irqs), r.max_nesting, u(r.recursion_caught), u(r.nested_switches));
        std::printf("\n");

        std::printf("5. Unwinding from the deepest handler (guest and host walk the frame records):\n");
        for (const DesignReport& r : rs)
            std::printf("   %-9s %llu walks, %llu reached the task's first frame on the host; unwind_complete %s\n",
                        r.design.c_str(), u(r.host_unwinds), u(r.host_unwinds_complete),
                        r.unwind_complete ? "true" : "false");
        std::printf("\n");

        std::printf("6. thread_info flag updates lost (the copy design's race needs a slow waker: examples/wakeup_race):\n");
        for (const DesignReport& r : rs)
            std::printf("   %-9s %llu lost (the guest's own count %llu)\n", r.design.c_str(), u(r.lost_flag_updates),
                        u(r.guest_lost_wakeups));
        std::printf("\n");

        std::printf("7. CPU hotplug (examples/cpu_hotplug):\n");
        for (const DesignReport& r : rs)
            std::printf("   %-9s %llu instructions from CPU_ON to the first IRQ over %llu re-online(s); IRQ stack reused %s\n",
                        r.design.c_str(), u(r.hotplug_cycles), u(r.hotplug_downs), r.irq_stack_reused ? "true" : "false");
    });
}
