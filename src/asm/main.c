/*
 * Boot, SMP bring-up and hotplug through PSCI, and the end-of-run report.
 */
#include <kernel.h>

/*
 * The workload: defaults compiled in (each overridable with -DWL_<FIELD>=...);
 * the host may overwrite it in memory before boot.
 */
#ifndef WL_CPUS
#define WL_CPUS	0
#endif
#ifndef WL_TASKS_PER_CPU
#define WL_TASKS_PER_CPU	2
#endif
#ifndef WL_ITERATIONS
#define WL_ITERATIONS	120
#endif
#ifndef WL_MAX_TICKS
#define WL_MAX_TICKS	0
#endif
#ifndef WL_TIMER_PERIOD
#define WL_TIMER_PERIOD	3000 /* 48 us at 62.5 MHz */
#endif
#ifndef WL_TIMER_JITTER
#define WL_TIMER_JITTER	1000
#endif
#ifndef WL_TIMESLICE_TICKS
#define WL_TIMESLICE_TICKS	3
#endif
#ifndef WL_HANDLER_DEPTH
#define WL_HANDLER_DEPTH	6
#endif
#ifndef WL_HANDLER_FRAME_BYTES
#define WL_HANDLER_FRAME_BYTES	160
#endif
#ifndef WL_SYSCALL_DEPTH
#define WL_SYSCALL_DEPTH	12
#endif
#ifndef WL_SYSCALL_FRAME_BYTES
#define WL_SYSCALL_FRAME_BYTES	320
#endif
#ifndef WL_SYSCALL_SPIN
#define WL_SYSCALL_SPIN	3000
#endif
#ifndef WL_SOFTIRQ_PERMILLE
#define WL_SOFTIRQ_PERMILLE	500
#endif
#ifndef WL_SOFTIRQ_WORK
#define WL_SOFTIRQ_WORK	1500
#endif
#ifndef WL_DEVICE_IRQ_PERMILLE
#define WL_DEVICE_IRQ_PERMILLE	400
#endif
#ifndef WL_NESTED_IRQ_PERMILLE
#define WL_NESTED_IRQ_PERMILLE	500
#endif
#ifndef WL_WAKEUP_PERMILLE
#define WL_WAKEUP_PERMILLE	150
#endif
#ifndef WL_HOTPLUG
#define WL_HOTPLUG	1
#endif
#ifndef WL_UNWIND_EVERY
#define WL_UNWIND_EVERY	1
#endif
#ifndef WL_WAKE_DELAY
#define WL_WAKE_DELAY	0
#endif
#ifndef WL_OVERFLOW_EXPECTED
#define WL_OVERFLOW_EXPECTED	0
#endif
#ifndef WL_SEED
#define WL_SEED	0x5eed2015
#endif
#ifndef WL_IRQ_PRIORITY
#define WL_IRQ_PRIORITY	0xa0
#endif
#ifndef WL_IRQ_STACK_SIZE
#define WL_IRQ_STACK_SIZE	IRQ_STACK_SIZE
#endif

/* An interrupt source with the default priority and handler frames. */
#define WL_SOURCE(k, depth, ...)						\
	{ .kind = (k), .priority = WL_IRQ_PRIORITY, .handler_depth = (depth),	\
	  .handler_frame_bytes = WL_HANDLER_FRAME_BYTES, __VA_ARGS__ }

struct irqsim_workload irqsim_workload = {
	.magic = IRQSIM_WORKLOAD_MAGIC,
	.version = IRQSIM_ABI_VERSION,
	.cpus = WL_CPUS,
	.tasks_per_cpu = WL_TASKS_PER_CPU,
	.iterations = WL_ITERATIONS,
	.max_ticks = WL_MAX_TICKS,
	.timeslice_ticks = WL_TIMESLICE_TICKS,
	.syscall_depth = WL_SYSCALL_DEPTH,
	.syscall_frame_bytes = WL_SYSCALL_FRAME_BYTES,
	.syscall_spin = WL_SYSCALL_SPIN,
	.softirq_permille = WL_SOFTIRQ_PERMILLE,
	.softirq_work = WL_SOFTIRQ_WORK,
	.wakeup_permille = WL_WAKEUP_PERMILLE,
	.hotplug = WL_HOTPLUG,
	.unwind_every = WL_UNWIND_EVERY,
	.wake_delay = WL_WAKE_DELAY,
	.seed = WL_SEED,
	.overflow_expected = WL_OVERFLOW_EXPECTED,
	.irq_stack_size = WL_IRQ_STACK_SIZE,
	.nr_irq_sources = 4,
	.irq_sources = {
		WL_SOURCE(IRQSIM_IRQ_TIMER, WL_HANDLER_DEPTH,
			  .period = WL_TIMER_PERIOD, .jitter = WL_TIMER_JITTER),
		WL_SOURCE(IRQSIM_IRQ_NETWORK, WL_HANDLER_DEPTH,
			  .rate_permille = WL_DEVICE_IRQ_PERMILLE / 2),
		WL_SOURCE(IRQSIM_IRQ_USB, WL_HANDLER_DEPTH,
			  .rate_permille = WL_DEVICE_IRQ_PERMILLE / 2,
			  .from_softirq_permille = WL_NESTED_IRQ_PERMILLE),
		WL_SOURCE(IRQSIM_IRQ_RESCHEDULE, 1, .flags = 0),
	},
};

/* Bytes of each CPU's IRQ stack in use (the workload's, checked at boot). */
u32 irq_stack_size = IRQ_STACK_SIZE;

struct irqsim_report irqsim_report;
unsigned long __per_cpu_offset[NR_CPUS];
int nr_cpus = 1;
volatile int system_stopping;
volatile int ticks_ran_out;
static volatile int cpus_parked;

/* What secondary_entry loads: the idle task's SP and SP_EL0. */
struct secondary_data {
	u64 stack;
	u64 sp_el0;
} secondary_data[NR_CPUS];

static struct task_struct *idle_tasks[NR_CPUS];

#if IRQ_DESIGN == IRQ_DESIGN_TASK
#define DESIGN_NAME "task"
#elif IRQ_DESIGN == IRQ_DESIGN_COPY
#define DESIGN_NAME "copy"
#elif IRQ_DESIGN == IRQ_DESIGN_SP_EL0
#define DESIGN_NAME "sp_el0"
#elif IRQ_DESIGN == IRQ_DESIGN_MAINLINE
#define DESIGN_NAME "mainline"
#elif IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_10
#define DESIGN_NAME "mainline_v4_10"
#elif IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14
#define DESIGN_NAME "mainline_v4_14"
#endif

extern char __per_cpu_start[], __per_cpu_end[];
extern void secondary_entry(void);
extern u64 prng_state;

static void setup_per_cpu_areas(void)
{
	size_t size = (size_t)(__per_cpu_end - __per_cpu_start);

	for (int cpu = 0; cpu < NR_CPUS; cpu++) {
		char *area = alloc_pages_aligned(size, 64);

		memcpy(area, __per_cpu_start, size);
		__per_cpu_offset[cpu] = (unsigned long)(area - __per_cpu_start);
		per_cpu(prng_state, cpu) = (irqsim_workload.seed ^ ((cpu + 1) * 0x9E3779B97F4A7C15ULL)) | 1;
	}
	write_sysreg(__per_cpu_offset[0], tpidr_el1);
	isb();
}

static __noreturn void bad_workload(const char *what, u32 value)
{
	printk("irqsim: bad workload: %s (%u)\n", what, value);
	printk("irqsim: result FAIL\n");
	system_off();
}

static void check_workload(void)
{
	struct irqsim_workload *w = &irqsim_workload;
	int timers = 0;

	if (w->magic != IRQSIM_WORKLOAD_MAGIC || w->version != IRQSIM_ABI_VERSION) {
		printk("irqsim: bad workload (magic %x version %u)\n", w->magic, w->version);
		system_off();
	}
	if (w->tasks_per_cpu < 1)
		w->tasks_per_cpu = 1;
	if (w->tasks_per_cpu > 4)
		w->tasks_per_cpu = 4;
	if (w->timeslice_ticks < 1)
		w->timeslice_ticks = 1;
	if (w->irq_stack_size) {
		if (w->irq_stack_size > IRQ_STACK_SIZE || w->irq_stack_size % 16 || w->irq_stack_size < 1024)
			bad_workload("irq_stack_size (1024..IRQ_STACK_SIZE, a multiple of 16)", w->irq_stack_size);
		irq_stack_size = w->irq_stack_size;
	}
	if (w->nr_irq_sources > IRQSIM_MAX_IRQ_SOURCES)
		bad_workload("nr_irq_sources", w->nr_irq_sources);
	for (u32 i = 0; i < w->nr_irq_sources; i++) {
		struct irqsim_irq_source *src = &w->irq_sources[i];

		if (src->kind == IRQSIM_IRQ_TIMER) {
			timers++;
			if (src->period < 64)
				src->period = 64;
		}
		if (src->kind < IRQSIM_IRQ_TIMER || src->kind > IRQSIM_IRQ_RESCHEDULE)
			bad_workload("irq source kind", src->kind);
		if (src->priority > 0xff)
			bad_workload("irq source priority", src->priority);
	}
	if (timers != 1)
		bad_workload("timer sources (exactly one)", (u32)timers);
}

static void create_tasks(int cpu)
{
	for (u32 i = 0; i < irqsim_workload.tasks_per_cpu; i++)
		create_user_task(cpu, cpu * 16 + (int)i);
}

#define PSCI_RET_SUCCESS		0
#define PSCI_RET_INVALID_PARAMS		-2
#define PSCI_RET_ALREADY_ON		-4
#define PSCI_RET_ON_PENDING		-5

/* Bring `cpu` up (again): its IRQ stack, a fresh idle context, PSCI CPU_ON. */
static long cpu_up(int cpu)
{
	struct task_struct *idle = idle_tasks[cpu];
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);
	long ret;

	init_irq_stack(cpu);
#ifdef CONFIG_THREAD_INFO_IN_TASK
	idle->thread_info.flags = 0;
	idle->thread_info.preempt_count = 0;
	secondary_data[cpu].sp_el0 = (u64)idle;
#else
	((struct thread_info *)idle->stack)->flags = 0;
	((struct thread_info *)idle->stack)->preempt_count = 0;
	secondary_data[cpu].sp_el0 = (u64)idle->stack;
#endif
	secondary_data[cpu].stack = (u64)idle->stack_base + THREAD_START_SP;
	sched_init_cpu(cpu, idle);
	dsb(ish);
	do {
		ret = psci_cpu_on((u64)cpu, (u64)secondary_entry, (u64)cpu);
		if (ret == PSCI_RET_ALREADY_ON || ret == PSCI_RET_ON_PENDING)
			cpu_relax();	/* still on its way down after CPU_OFF */
	} while (ret == PSCI_RET_ALREADY_ON || ret == PSCI_RET_ON_PENDING);
	if (ret != PSCI_RET_SUCCESS)
		return ret;
	while (!READ_ONCE(rq->online))
		cpu_relax();
	return 0;
}

void secondary_start_kernel(int cpu)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct irqsim_cpu_report *rep = cpu_report(cpu);

	gic_cpu_init(cpu);
	timer_init_cpu();
	rep->hotplug_ups++;
	rep->online = 1;
	spin_lock(&rq->lock);
	WRITE_ONCE(rq->online, 1);
	spin_unlock(&rq->lock);
	cpu_idle();
}

/* From this CPU's idle loop, IRQs masked: leave through PSCI CPU_OFF. */
void cpu_die(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	int cpu = smp_processor_id();

	timer_stop_cpu();
	gic_cpu_exit();
	cpu_report(cpu)->hotplug_downs++;
	cpu_report(cpu)->online = 0;
	spin_lock(&rq->lock);
	rq->going_down = 0;
	WRITE_ONCE(rq->online, 0);
	spin_unlock(&rq->lock);
	dsb(ish);
	psci_cpu_off();
}

/* The end of the run on a secondary CPU: quiet, and waiting for SYSTEM_OFF. */
void cpu_park(void)
{
	timer_stop_cpu();
	__atomic_fetch_add(&cpus_parked, 1, __ATOMIC_RELEASE);
	for (;;)
		asm volatile("wfi");
}

/* sys_hotplug: take `cpu` down and bring it up again (a syscall of task 0). */
long cpu_hotplug_cycle(int cpu)
{
	struct rq *rq;

	if (cpu <= 0 || cpu >= nr_cpus)
		return -1;
	rq = per_cpu_ptr(&runqueues, cpu);
	if (!READ_ONCE(rq->online))
		return -1;
	WRITE_ONCE(rq->going_down, 1);
	resched_cpu(cpu);
	while (READ_ONCE(rq->online))
		cpu_relax();
	return cpu_up(cpu);
}

void bad_mode(struct pt_regs *regs, int reason, unsigned long esr)
{
	static const char *const names[] = { "Synchronous", "IRQ", "FIQ", "SError" };

	printk("Bad mode in %s handler: esr 0x%lx elr 0x%lx far 0x%lx pstate 0x%lx\n",
	       names[reason & 3], esr, regs->pc, read_sysreg(far_el1), regs->pstate);
	printk("irqsim: result FAIL\n");
	system_off();
}

static int checks_failed;
static void check(const char *what, int ok);

#ifdef CONFIG_VMAP_STACK

/*
 * The entry code found SP off its stack (in the guard below it) and moved to
 * this CPU's overflow stack. thread_info lives in task_struct here, so the
 * overflow could not have corrupted it: check that, report, stop.
 */
void handle_bad_stack(struct pt_regs *regs, unsigned long esr)
{
	int cpu = smp_processor_id();
	struct task_struct *t = current;
	unsigned long base = (unsigned long)t->stack_base;
	int on_task = regs->sp < base && regs->sp >= base - THREAD_SIZE;

	cpu_report(cpu)->stack_overflows++;
	printk("stack overflow: cpu%d SP 0x%lx is %lu bytes below the %s stack at 0x%lx; "
	       "ELR 0x%lx ESR 0x%lx\n", cpu, regs->sp,
	       (on_task ? base : irq_stack_base(cpu)) - regs->sp, on_task ? "task" : "IRQ",
	       on_task ? base : irq_stack_base(cpu), regs->pc, esr);
	if (!irqsim_workload.overflow_expected) {
		printk("irqsim: result FAIL\n");
		system_off();
	}
	check("overflow: caught by the entry code's stack check", 1);
	check("overflow: thread_info intact", t->thread_info.task == t && t->thread_info.cpu == cpu);
	printk("irqsim: result %s\n", checks_failed ? "FAIL" : "PASS");
	system_off();
}
#endif

void start_kernel(void)
{
	struct task_struct *idle0;

	setup_per_cpu_areas();
	idle0 = init_idle_task();
	idle_tasks[0] = idle0;
	check_workload();
	printk("irqsim guest: design=%s thread_size=%u irq_stack_size=%u thread_info=%u\n",
	       DESIGN_NAME, THREAD_SIZE, irq_stack_size, TI_SIZE);

	gic_dist_init();
	gic_cpu_init(0);
	init_irq_stack(0);
	sched_init_cpu(0, idle0);
	per_cpu(runqueues, 0).online = 1;
	cpu_report(0)->online = 1;
	create_tasks(0);

	for (int cpu = 1; cpu < NR_CPUS; cpu++) {
		long ret;

		if (irqsim_workload.cpus && cpu >= (int)irqsim_workload.cpus)
			break;
		idle_tasks[cpu] = create_idle_task(cpu);
		create_tasks(cpu);
		nr_cpus = cpu + 1;
		ret = cpu_up(cpu);
		if (ret) {
			/* no such CPU: its tasks never run */
			per_cpu(runqueues, cpu).tasks = NULL;
			__atomic_fetch_sub(&tasks_alive, (int)irqsim_workload.tasks_per_cpu, __ATOMIC_RELAXED);
			nr_cpus = cpu;
			break;
		}
	}
	printk("irqsim guest: %d CPUs up, %d tasks\n", nr_cpus, tasks_alive);
	timer_init_cpu();
	cpu_idle();
}

/* --- the report --- */

static void check(const char *what, int ok)
{
	irqsim_report.checks_run++;
	if (!ok) {
		irqsim_report.checks_failed++;
		checks_failed++;
	}
	printk("check: %s: %s\n", what, ok ? "PASS" : "FAIL");
}

static void measure_stacks(int cpu)
{
	struct irqsim_cpu_report *rep = cpu_report(cpu);
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);
	struct task_struct *t = rq->tasks;

	if (t) {
		do {
			u32 used = stack_used(t->stack_base, THREAD_SIZE, TI_SIZE);

			if (used > rep->max_task_stack)
				rep->max_task_stack = used;
			t = t->next_in_rq;
		} while (t != rq->tasks);
	}
	if (rep->irq_stack_base)
		rep->max_irq_stack = stack_used((void *)rep->irq_stack_base, irq_stack_size, TI_SIZE);
}

void report_finish(void)
{
	struct irqsim_report *r = &irqsim_report;
	u64 irqs = 0, outermost = 0, nested = 0, recursion = 0, on_irq = 0, nested_switch = 0;
	u64 copied = 0, copied_nested = 0, unwinds = 0, complete = 0, reached = 0, crossed = 0;
	u64 lost = 0, sent = 0;
	u32 reused = 0, downs = 0, ups = 0;
	int stack_designs = IRQ_DESIGN != IRQ_DESIGN_TASK;

	system_stopping = 1;
	timer_stop_cpu();
	for (int spins = 0; READ_ONCE(cpus_parked) < nr_cpus - 1 && spins < 10000000; spins++)
		cpu_relax();

	r->version = IRQSIM_ABI_VERSION;
	r->design = IRQ_DESIGN;
	r->cpus = (u32)nr_cpus;
	r->thread_size = THREAD_SIZE;
	r->irq_stack_size = irq_stack_size;
	r->thread_info_size = TI_SIZE;
	memcpy(r->design_name, DESIGN_NAME, sizeof(DESIGN_NAME));

	printk("irqsim report: design=%s cpus=%d ticks=%lu\n", DESIGN_NAME, nr_cpus, r->ticks);
	for (int cpu = 0; cpu < nr_cpus; cpu++) {
		struct irqsim_cpu_report *c = cpu_report(cpu);

		measure_stacks(cpu);
		printk("cpu%d: irqs=%lu outermost=%lu nested=%lu max_nesting=%u recursion=%lu "
		       "on_irq_stack=%lu nested_switches=%lu ti_bytes_copied=%lu (nested %lu) "
		       "softirqs=%lu sgis=%lu syscalls=%lu switches=%lu preemptions=%lu\n",
		       cpu, c->irqs, c->outermost_irqs, c->nested_irqs, c->max_nesting, c->recursion,
		       c->outermost_on_irq_stack, c->nested_switches, c->ti_bytes_copied,
		       c->ti_bytes_copied_nested, c->softirqs, c->sgis, c->syscalls,
		       c->context_switches, c->preemptions);
		printk("cpu%d: unwinds=%lu complete=%lu reached_task=%lu crossed=%lu max_frames=%u "
		       "max_task_stack=%u max_irq_stack=%u irq_stack=0x%lx allocs=%u reused=%u "
		       "downs=%u ups=%u wakeups_sent=%lu wakeups_lost=%lu\n",
		       cpu, c->unwinds, c->unwinds_complete, c->unwinds_reached_task, c->unwinds_crossed,
		       c->unwind_max_frames, c->max_task_stack, c->max_irq_stack, c->irq_stack_base,
		       c->irq_stack_allocs, c->irq_stack_reused, c->hotplug_downs, c->hotplug_ups,
		       c->wakeups_sent, c->wakeups_lost);
		irqs += c->irqs;
		outermost += c->outermost_irqs;
		nested += c->nested_irqs;
		recursion += c->recursion;
		on_irq += c->outermost_on_irq_stack;
		nested_switch += c->nested_switches;
		copied += c->ti_bytes_copied;
		copied_nested += c->ti_bytes_copied_nested;
		unwinds += c->unwinds;
		complete += c->unwinds_complete;
		reached += c->unwinds_reached_task;
		crossed += c->unwinds_crossed;
		lost += c->wakeups_lost;
		sent += c->wakeups_sent;
		reused += c->irq_stack_reused;
		downs += c->hotplug_downs;
		ups += c->hotplug_ups;
	}

	/*
	 * Cut short by max_ticks, the tasks ended early: what only the whole
	 * workload is sure to produce (interrupts on every CPU, nesting, the
	 * hotplug cycle) is not checked.
	 */
	if (ticks_ran_out)
		printk("irqsim: stopped after max_ticks=%u ticks on cpu0\n", irqsim_workload.max_ticks);
	for (int cpu = 0; cpu < nr_cpus && !ticks_ran_out; cpu++)
		check("irqs: every CPU took interrupts", cpu_report(cpu)->irqs > 0);
	check("tasks: every task finished", tasks_alive == 0);
	if (nested_irqs_expected() && !ticks_ran_out)
		check("nesting: nested IRQs were taken", nested > 0 && outermost + nested == irqs);
	if (stack_designs) {
		check("irq stack: every outermost IRQ ran on the IRQ stack", on_irq == outermost);
		check("recursion: every nested IRQ arrived on the IRQ stack", recursion == nested);
		check("recursion: no nested IRQ switched stacks again", nested_switch == 0);
	} else {
		check("irq stack: no IRQ ran on an IRQ stack", on_irq == 0 && recursion == 0);
	}
	if (IRQ_DESIGN == IRQ_DESIGN_COPY) {
		check("copy: 2 x sizeof(thread_info) per outermost IRQ",
		      copied == 2 * TI_SIZE * outermost);
		check("copy: nothing copied by nested IRQs", copied_nested == 0);
	} else {
		check("copy: no thread_info copied", copied == 0);
	}
	if (irqsim_workload.unwind_every) {
		check("unwind: every walk completed", unwinds > 0 && complete == unwinds);
		check("unwind: reached task frame", reached == unwinds);
		if (stack_designs)
			check("unwind: crossed from the IRQ stack to the task stack", crossed > 0);
	}
	if (IRQ_DESIGN != IRQ_DESIGN_COPY)
		check("wakeup: no wake-up lost", lost == 0);
	if (irqsim_workload.hotplug && nr_cpus > 1 && !ticks_ran_out) {
		u32 cycles = irqsim_workload.hotplug;

		check("hotplug: the last CPU went down and came back",
		      downs == cycles && ups == (u32)nr_cpus - 1 + cycles);
		if (stack_designs)
			check("hotplug: its IRQ stack was reused", reused == cycles);
	}
	printk("summary: irqs=%lu outermost=%lu nested=%lu recursion=%lu bytes_copied=%lu "
	       "wakeups_sent=%lu wakeups_lost=%lu\n", irqs, outermost, nested, recursion, copied,
	       sent, lost);
	r->magic = IRQSIM_REPORT_MAGIC;
	r->done = 1;
	printk("irqsim: result %s\n", checks_failed ? "FAIL" : "PASS");
	system_off();
}
