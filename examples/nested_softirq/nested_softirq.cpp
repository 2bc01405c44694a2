// nested_softirq: softirqs run at IRQ exit with IRQs enabled, so a second
// interrupt can arrive while the first one's softirq runs on the IRQ stack.
// An IRQ-stack design must see that it is already on the IRQ stack (the
// recursion), and must not switch again: that would reset SP to the IRQ
// stack's top, over the frames of the interrupted softirq. For each design
// this prints the guest's counts, and the call chain of the deepest IRQ
// stack as the host saw it: the nested entry's pt_regs lie on the IRQ stack
// on top of the softirq, with a single frame record back to the task stack
// at its top (the outermost entry's pt_regs stay on the task stack).
//
//   nested_softirq [KERNEL_DIR]
#include <cstdio>
#include <sstream>
#include <string>

#include "../example.hpp"

using namespace irqsim;

namespace {
unsigned count(const StackChain& c, StackFrame::Kind k) {
    unsigned n = 0;
    for (const StackFrame& f : c.frames) n += f.kind == k;
    return n;
}
}  // namespace

int main(int argc, char** argv) {
    return example_main("nested_softirq", argc, argv, [](CompareOptions& opt) {
        std::printf("Nested IRQs from softirqs on the built-in workload (%u CPUs, seed %llu): a USB-like source is\n"
                    "raised from the NET_RX softirq with IRQs enabled, so it arrives at once, on the softirq's stack.\n\n",
                    opt.workload.cpus, u(opt.workload.seed));
        for (const DesignReport& r : run_compare(opt)) {
            bool irq_stack = r.max_irq_stack > 0;
            std::printf("%s: %llu IRQs, %llu nested, deepest nesting %u; recursion caught %llu; nested entries that "
                        "switched again %llu\n",
                        r.design.c_str(), u(r.irqs), u(r.nested_irqs), r.max_nesting, u(r.recursion_caught),
                        u(r.nested_switches));
            const StackChain& c = irq_stack ? r.irq_stack_chain : r.task_stack_chain;
            unsigned regs = count(c, StackFrame::Kind::ExceptionRegs);
            unsigned switches = count(c, StackFrame::Kind::SwitchRecord);
            std::printf("  deepest %s stack (%llu bytes):\n%s", irq_stack ? "IRQ" : "task", u(c.bytes()),
                        format_stack_chain(c).c_str());
            // The outermost entry saves its pt_regs on the interrupted (task)
            // stack before switching, so any pt_regs on the IRQ stack are a
            // nested entry's; above the softirq they interrupted, they show
            // it arrived there and stayed.
            bool over_softirq = false;
            for (size_t i = 0; i < c.frames.size(); ++i)
                if (c.frames[i].kind == StackFrame::Kind::ExceptionRegs)
                    for (size_t j = i + 1; j < c.frames.size(); ++j) over_softirq |= c.frames[j].function == "do_softirq";
            if (irq_stack)
                std::printf("  on the IRQ stack: %u nested entry's pt_regs %s, %u frame record(s) back to the task "
                            "stack: %s\n",
                            regs, over_softirq ? "on top of do_softirq" : "(no softirq below)", switches,
                            regs >= 1 && over_softirq && switches == 1
                                ? "the nested IRQ stayed on the IRQ stack it arrived on"
                                : "NOT the nested shape");
            else
                std::printf("  on the task stack: %u exception frames (pt_regs): every IRQ, nested or not, lands there\n",
                            regs);
            std::istringstream console(r.console);
            for (std::string line; std::getline(console, line);)
                if (line.starts_with("check:") && line.find("nested") != std::string::npos)
                    std::printf("  the guest: %s\n", line.c_str());
            std::printf("\n");
        }
    });
}
