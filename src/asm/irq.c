/*
 * Interrupt handling in C: the root handler entry.S calls (irq_enter, GIC
 * dispatch, irq_exit with softirqs), the per-CPU IRQ stacks of each design,
 * the copy design's thread_info copy, and the configurable handler work.
 */
#include <kernel.h>

void (*handle_arch_irq)(struct pt_regs *) = gic_handle_irq;

/* Bookkeeping per CPU: IRQ nesting depth and pending softirqs. */
struct irq_cpu_state {
	u32 depth;
	u32 softirq_pending;
	u32 unwind_countdown;
};
static DEFINE_PER_CPU(struct irq_cpu_state, irq_state);

#if IRQ_DESIGN == IRQ_DESIGN_COPY || IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14
/* The IRQ stack's initial SP (copy: its thread_info copy lives at the stack's base); its thread_info copy lives at the stack's base. */
DEFINE_PER_CPU(unsigned long, irq_sp);
#define irq_sp_of(cpu)		per_cpu(irq_sp, cpu)
#elif IRQ_DESIGN == IRQ_DESIGN_SP_EL0
struct irq_stack_state {
	unsigned long sp;	/* IRQ_STATE_SP: initial SP of this CPU's IRQ stack */
	u32 count;		/* IRQ_STATE_COUNT: IRQs in progress on this CPU */
	u32 pad;
};
_Static_assert(__builtin_offsetof(struct irq_stack_state, count) == IRQ_STATE_COUNT, "irq_stack_state");
DEFINE_PER_CPU(struct irq_stack_state, irq_stack_state);
#define irq_sp_of(cpu)		per_cpu(irq_stack_state, cpu).sp
#elif defined(CONFIG_STATIC_IRQ_STACKS)
DEFINE_PER_CPU(u8 [IRQ_STACK_SIZE], irq_stack) __attribute__((aligned(16)));
#endif

#ifdef CONFIG_VMAP_STACK
/* Where the entry code goes when SP ran off a stack (__bad_stack). */
DEFINE_PER_CPU(u8 [OVERFLOW_STACK_SIZE], overflow_stack) __attribute__((aligned(16)));
#endif

/*
 * Each IRQ stack's top is fixed (where the entry code starts an outermost
 * IRQ: top - 16); the workload's irq_stack_size says how far below it the
 * stack reaches. Static stacks are IRQ_STACK_SIZE arrays of which the top
 * irq_stack_size bytes are used; allocated ones are irq_stack_size bytes.
 */
static unsigned long irq_stack_top(int cpu)
{
#if defined(CONFIG_STATIC_IRQ_STACKS)
	return (unsigned long)per_cpu_ptr(&irq_stack, cpu) + IRQ_STACK_SIZE;
#elif defined(CONFIG_IRQ_STACKS)
	unsigned long sp = irq_sp_of(cpu);
	return sp ? sp + 16 : 0;
#else
	return 0;
#endif
}

unsigned long irq_stack_base(int cpu)
{
	unsigned long top = irq_stack_top(cpu);

	return top ? top - irq_stack_size : 0;
}

int on_irq_stack(unsigned long addr, int cpu)
{
	unsigned long base = irq_stack_base(cpu);

	return base && addr >= base && addr < base + irq_stack_size;
}

/*
 * Called by the boot CPU for `cpu` before it comes up (and for itself at
 * boot). A stack allocated for an earlier life of the CPU is reused.
 */
void init_irq_stack(int cpu)
{
	struct irqsim_cpu_report *rep = cpu_report(cpu);

#if defined(CONFIG_STATIC_IRQ_STACKS)
	static u8 painted[NR_CPUS];

	if (painted[cpu]) {
		rep->irq_stack_reused++;	/* static: always the same stack */
	} else {
		paint_stack((void *)irq_stack_base(cpu), irq_stack_size);
		painted[cpu] = 1;
	}
#elif defined(CONFIG_IRQ_STACKS)
	if (irq_sp_of(cpu)) {
		rep->irq_stack_reused++;
	} else {
		/* THREAD_SIZE-aligned: the copy design finds the copy by masking SP */
		void *base = alloc_stack(irq_stack_size);

		irq_sp_of(cpu) = (unsigned long)base + irq_stack_size - 16;
		rep->irq_stack_allocs++;
	}
#if IRQ_DESIGN == IRQ_DESIGN_SP_EL0
	per_cpu(irq_stack_state, cpu).count = 0;
#endif
#endif
	rep->irq_stack_base = irq_stack_base(cpu);
	rep->irq_stack_top = irq_stack_top(cpu);
}

#if IRQ_DESIGN == IRQ_DESIGN_COPY
/*
 * Copy the thread_info at the base of src_sp's stack to the base of dst_sp's
 * and point current->stack at the copy. Returns 0 when both are the same
 * (a nested entry already on the IRQ stack).
 */
int irq_copy_thread_info(unsigned long dst_sp, unsigned long src_sp)
{
	struct thread_info *src = (struct thread_info *)(src_sp & ~(unsigned long)(THREAD_SIZE - 1));
	struct thread_info *dst = (struct thread_info *)(dst_sp & ~(unsigned long)(THREAD_SIZE - 1));
	struct irqsim_cpu_report *rep;

	if (dst == src)
		return 0;
	*dst = *src;
	current->stack = dst;
	rep = cpu_report(dst->cpu);
	rep->ti_bytes_copied += sizeof(*dst);
	if (this_cpu(irq_state).depth)
		rep->ti_bytes_copied_nested += sizeof(*dst);
	return 1;
}
#endif

/* --- softirqs: run at IRQ exit with IRQs enabled, as __do_softirq does --- */
#define MAX_SOFTIRQ_RESTART 4

void raise_softirq(int nr)
{
	this_cpu(irq_state).softirq_pending |= 1u << nr;
}

static noinline void softirq_work(u32 loops)
{
	for (u32 i = 0; i < loops; i++)
		barrier();
}

static void run_softirq(int nr)
{
	this_report()->softirqs++;
	if (nr == SOFTIRQ_NET_RX)
		gic_raise_sources(1);	/* arrives now: a nested IRQ on this stack */
	softirq_work(irqsim_workload.softirq_work);
}

noinline void do_softirq(void)
{
	struct irq_cpu_state *st = this_cpu_ptr(&irq_state);
	int restart = MAX_SOFTIRQ_RESTART;
	u32 pending;

	preempt_count_add(SOFTIRQ_OFFSET);	/* local_bh_disable */
	while ((pending = st->softirq_pending) && restart--) {
		st->softirq_pending = 0;
		local_irq_enable();
		for (int nr = 0; pending; nr++, pending >>= 1)
			if (pending & 1)
				run_softirq(nr);
		local_irq_disable();
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
}

static void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && this_cpu(irq_state).softirq_pending)
		do_softirq();
}

/*
 * handle_arch_irq: entry.S calls it with the interrupted context's pt_regs,
 * on whatever stack the design's irq_handler chose.
 */
void gic_handle_irq(struct pt_regs *regs)
{
	struct irq_cpu_state *st = this_cpu_ptr(&irq_state);
	struct irqsim_cpu_report *rep = this_report();
	int cpu = smp_processor_id();
	u32 depth = ++st->depth;
	unsigned long sp = current_stack_pointer();

	rep->irqs++;
	if (depth > rep->max_nesting)
		rep->max_nesting = depth;
	if (depth == 1) {
		rep->outermost_irqs++;
		if (on_irq_stack(sp, cpu))
			rep->outermost_on_irq_stack++;
	} else {
		rep->nested_irqs++;
		if (on_irq_stack(regs->sp, cpu)) {
			rep->recursion++;
			/* Not switched again: this frame lies below the interrupted one's pt_regs. */
			if (sp > (unsigned long)regs)
				rep->nested_switches++;
		}
	}

	preempt_count_add(HARDIRQ_OFFSET);	/* irq_enter */
	gic_handle_irqs();
	irq_exit();
	st->depth--;
}

/*
 * Handler work: `depth` nested calls, each with `frame_bytes` of on-stack
 * array that it fills. The deepest call runs the unwinder, as dump_stack()
 * would from there.
 */
void noinline handler_work(u32 depth, u32 frame_bytes)
{
	u8 buf[frame_bytes + 16];

	memset(buf, (int)depth, sizeof(buf));
	if (depth) {
		handler_work(depth - 1, frame_bytes);
	} else if (irqsim_workload.unwind_every) {
		struct irq_cpu_state *st = this_cpu_ptr(&irq_state);

		if (st->unwind_countdown-- == 0) {
			st->unwind_countdown = irqsim_workload.unwind_every - 1;
			unwind_from_here();
		}
	}
	asm volatile("" :: "r"(buf) : "memory");	/* the frame stays live across the call */
}

/* Called from el1_preempt with IRQs masked (CONFIG_PREEMPT). */
void preempt_schedule_irq(void)
{
	this_report()->preemptions++;
	do {
		schedule();
	} while (need_resched());
}
