/*
 * An in-guest unwinder over AArch64 frame records {FP link, LR}, as
 * dump_stack() would run it from the deepest handler call.
 *
 * Frame pointers must rise within one stack. The only way off the IRQ stack is
 * the design's record at the IRQ stack's top (its initial SP, top - 16, less 16):
 *   copy, sp_el0:  {interrupted FP, interrupted PC}
 *   mainline:      {interrupted FP, interrupted SP}; the SP must lie on the
 *                  task stack and the FP link at or above it.
 * The walk is complete when it reaches a zero FP link through valid records;
 * it reached the task's first frame when the last record was on the task stack
 * (or was the IRQ record of an interrupted EL0 context, whose FP is zero).
 */
#include <kernel.h>

enum stack_kind { STACK_NONE, STACK_TASK, STACK_IRQ };

struct stack_info {
	unsigned long task_low, task_high;
	unsigned long irq_low, irq_high;
};

static enum stack_kind classify(const struct stack_info *si, unsigned long fp)
{
	if (fp >= si->task_low && fp + 16 <= si->task_high)
		return STACK_TASK;
	if (fp >= si->irq_low && fp + 16 <= si->irq_high)
		return STACK_IRQ;
	return STACK_NONE;
}

#define MAX_FRAMES 512

void noinline unwind_from_here(void)
{
	int cpu = smp_processor_id();
	struct irqsim_cpu_report *rep = cpu_report(cpu);
	struct task_struct *t = current;
	struct stack_info si = {
		.task_low = (unsigned long)t->stack_base,
		.task_high = (unsigned long)t->stack_base + THREAD_SIZE,
		.irq_low = irq_stack_base(cpu),
		.irq_high = irq_stack_base(cpu) ? irq_stack_base(cpu) + irq_stack_size : 0,
	};
	unsigned long record = si.irq_high - 32;	/* pushed below the initial SP, top - 16 */
	unsigned long fp = (unsigned long)__builtin_frame_address(0);
	enum stack_kind on = classify(&si, fp), last = STACK_NONE;
	u32 frames = 0;
	int complete = 0, crossed = 0, last_was_record = 0;

	while (frames < MAX_FRAMES) {
		enum stack_kind kind;
		unsigned long next;

		if (fp == 0) {
			complete = 1;
			break;
		}
		kind = classify(&si, fp);
		if ((fp & 7) || kind == STACK_NONE || kind != on)
			break;
		next = ((unsigned long *)fp)[0];
		frames++;
		last = kind;
		last_was_record = 0;
		if (kind == STACK_IRQ && si.irq_low && fp == record) {
#if IRQ_DESIGN == IRQ_DESIGN_MAINLINE || IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_10 || \
    IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14
			unsigned long interrupted_sp = ((unsigned long *)fp)[1];

			if (classify(&si, interrupted_sp - 16) != STACK_TASK ||
			    (next && next < interrupted_sp))
				break;
#endif
			crossed = 1;
			last_was_record = 1;
			on = STACK_TASK;
			fp = next;
			continue;
		}
		if (next && next <= fp && classify(&si, next) == kind)
			break;	/* a frame pointer must rise */
		fp = next;
	}

	rep->unwinds++;
	if (frames > rep->unwind_max_frames)
		rep->unwind_max_frames = frames;
	if (complete)
		rep->unwinds_complete++;
	if (crossed)
		rep->unwinds_crossed++;
	if (complete && (last == STACK_TASK || last_was_record))
		rep->unwinds_reached_task++;
}
