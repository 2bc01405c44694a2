/*
 * Tasks and a round-robin scheduler per CPU, cross-CPU wake-ups, the idle loop.
 *
 * A remote wake-up sets TIF_NEED_RESCHED in the thread_info the target's
 * task->stack points at, under the target run queue's lock, as the kernel's
 * resched_curr() does, then sends an SGI. The copy design writes thread_info
 * back without that lock, so a flag set while the copy is in flight can be
 * lost: check_lost_wakeup_locked() notices a wake-up that was sent, never
 * consumed, and whose flag is gone from the live thread_info. Nothing here
 * prevents the race.
 */
#include <kernel.h>

DEFINE_PER_CPU(struct rq, runqueues);
DEFINE_PER_CPU(struct task_struct *, entry_task);	/* current, for the v4.10 EL0 entry */
volatile int tasks_alive;

#define USER_STACK_SIZE	4096

static void init_thread_info(struct thread_info *ti, struct task_struct *t, int cpu)
{
	ti->flags = 0;
	ti->addr_limit = ~0UL;
	ti->task = t;
	ti->preempt_count = 0;
	ti->cpu = cpu;
}

/* A task on a fresh THREAD_SIZE stack; thread_info at its base (2015) or in the task (v4.10). */
static struct task_struct *alloc_task(int cpu, int pid, void *stack)
{
	struct task_struct *t = alloc_pages_aligned(sizeof(*t), 64);

	if (!stack) {
		stack = alloc_stack(THREAD_SIZE);
	}
	t->stack_base = stack;
#ifdef CONFIG_THREAD_INFO_IN_TASK
	t->stack = stack;
	init_thread_info(&t->thread_info, t, cpu);
#else
	t->stack = stack;
	init_thread_info(stack, t, cpu);
#endif
	t->pid = pid;
	t->cpu = cpu;
	t->state = TASK_RUNNING;
	return t;
}

struct task_struct *create_idle_task(int cpu)
{
	struct task_struct *t = alloc_task(cpu, -1 - cpu, NULL);

	t->is_idle = 1;
	return t;
}

/* Idle task of CPU 0: init_task on init_stack, which head.S booted on. */
union thread_union {
	struct thread_info thread_info;
	u8 stack[THREAD_SIZE];
};
union thread_union init_stack __attribute__((aligned(STACK_ALIGN)));
struct task_struct init_task;

struct task_struct *init_idle_task(void)
{
	struct task_struct *t = &init_task;

	t->stack_base = &init_stack;
	t->stack = &init_stack;
#ifdef CONFIG_THREAD_INFO_IN_TASK
	init_thread_info(&t->thread_info, t, 0);
#else
	init_thread_info(&init_stack.thread_info, t, 0);
#endif
	t->pid = -1;
	t->is_idle = 1;
	/* paint what is below the boot frames, to measure its use too */
	paint_stack((u8 *)&init_stack + TI_SIZE, THREAD_SIZE / 2);
	return t;
}

/* An EL0 task: pt_regs at the top of its stack, entered through ret_from_fork. */
struct task_struct *create_user_task(int cpu, int pid)
{
	struct task_struct *t = alloc_task(cpu, pid, NULL);
	u8 *ustack = alloc_pages_aligned(USER_STACK_SIZE, 16);
	struct pt_regs *regs = (struct pt_regs *)((u8 *)t->stack_base + THREAD_START_SP) - 1;
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);

	regs->pc = (u64)user_main;
	regs->pstate = 0;		/* EL0t, DAIF clear */
	regs->sp = (u64)(ustack + USER_STACK_SIZE);
	regs->regs[0] = (u64)pid;
	t->cpu_context.pc = (u64)ret_from_fork;
	t->cpu_context.sp = (u64)regs;
	t->cpu_context.fp = 0;

	if (rq->tasks) {
		t->next_in_rq = rq->tasks->next_in_rq;
		rq->tasks->next_in_rq = t;
	} else {
		t->next_in_rq = t;
		rq->tasks = t;
	}
	rq->nr_tasks++;
	__atomic_fetch_add(&tasks_alive, 1, __ATOMIC_RELAXED);
	return t;
}

void sched_init_cpu(int cpu, struct task_struct *idle)
{
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);

	rq->idle = idle;
	rq->curr = idle;
	rq->going_down = 0;
	per_cpu(entry_task, cpu) = idle;
}

/* Called with rq->lock held, for the task `ti` is the live thread_info of. */
static void check_lost_wakeup_locked(struct task_struct *t, struct thread_info *ti)
{
	if (t->wake_seq != t->seen_seq && !test_bit(TIF_NEED_RESCHED, &ti->flags)) {
		cpu_report(ti->cpu)->wakeups_lost += t->wake_seq - t->seen_seq;
		t->seen_seq = t->wake_seq;
	}
}

#if IRQ_DESIGN == IRQ_DESIGN_COPY
/*
 * The copy design's own witness, from irq_handler right after the
 * write-back (outside the IRQ's accounted phases: irq_phase_witness), still
 * on the IRQ stack; task_sp is the interrupted SP, on the task stack whose
 * thread_info is the live one again. This is the moment a flag set on the
 * task stack's thread_info while the copy was live is dropped, so judge
 * here, not at the tick: the tick runs on the IRQ stack, and its
 * current_thread_info() is the copy, which lacks a flag set on the task
 * stack's thread_info (a stale read; the copy may gain the flag before the
 * write-back). Under the run queue's lock: a waker that read task->stack
 * before the write-back repointed it has set its flag by then.
 */
void copy_check_lost_wakeup(unsigned long task_sp)
{
	struct thread_info *ti = (struct thread_info *)(task_sp & ~(unsigned long)(THREAD_SIZE - 1));
	struct rq *rq = this_cpu_ptr(&runqueues);

	spin_lock(&rq->lock);
	check_lost_wakeup_locked(ti->task, ti);
	spin_unlock(&rq->lock);
}
#endif

static struct task_struct *pick_next_task(struct rq *rq, struct task_struct *prev)
{
	struct task_struct *t, *start;

	if (system_stopping || rq->going_down || !rq->tasks)
		return rq->idle;
	start = prev->is_idle ? rq->tasks : prev->next_in_rq;
	t = start;
	do {
		if (t->state == TASK_RUNNING) {
			rq->tasks = t;
			return t;
		}
		t = t->next_in_rq;
	} while (t != start);
	return rq->idle;
}

void schedule(void)
{
	unsigned long flags = local_irq_save();
	struct rq *rq = this_cpu_ptr(&runqueues);
	struct task_struct *prev = current, *next;

	spin_lock(&rq->lock);
	check_lost_wakeup_locked(prev, current_thread_info());
	clear_bit(TIF_NEED_RESCHED, &current_thread_info()->flags);
	prev->seen_seq = prev->wake_seq;
	next = pick_next_task(rq, prev);
	rq->slice = 0;
	rq->curr = next;
	spin_unlock(&rq->lock);

	if (next != prev) {
		this_report()->context_switches++;
		this_cpu(entry_task) = next;
		cpu_switch_to(prev, next);
	}
	local_irq_restore(flags);
}

/* A new task's first run, from ret_from_fork (nothing is held across the switch). */
void schedule_tail(void)
{
}

/* From the timer interrupt. */
void scheduler_tick(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);

	spin_lock(&rq->lock);
#if IRQ_DESIGN != IRQ_DESIGN_COPY	/* copy: judged at the write-back (copy_check_lost_wakeup) */
	check_lost_wakeup_locked(current, current_thread_info());
#endif
	if (++rq->slice >= irqsim_workload.timeslice_ticks || rq->going_down || system_stopping)
		set_bit(TIF_NEED_RESCHED, &current_thread_info()->flags);
	spin_unlock(&rq->lock);
}

/* Mark the task running on `cpu` for rescheduling through its task->stack, and tell it. */
int resched_cpu(int cpu)
{
	struct rq *rq = per_cpu_ptr(&runqueues, cpu);
	unsigned long flags = local_irq_save();
	int ok;

	spin_lock(&rq->lock);
	ok = rq->online;
	if (ok) {
		struct task_struct *t = rq->curr;
		struct thread_info *ti = task_thread_info(t);

		for (u32 i = 0; i < irqsim_workload.wake_delay; i++)
			barrier();
		set_bit(TIF_NEED_RESCHED, &ti->flags);
		t->wake_seq++;
	}
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	if (ok)
		gic_send_sgi(cpu, SGI_RESCHEDULE);
	return ok;
}

/* sys_wake: wake the task running on some other online CPU. */
long wake_remote(u64 hint)
{
	int self = smp_processor_id();
	int cpu = self;

	for (int i = 1; i < nr_cpus; i++) {
		int c = (int)((self + 1 + (hint + i) % (u64)(nr_cpus - 1)) % (u64)nr_cpus);

		if (c != self && READ_ONCE(per_cpu(runqueues, c).online)) {
			cpu = c;
			break;
		}
	}
	if (!resched_cpu(cpu))
		return -1;
	this_report()->wakeups_sent++;
	return cpu;
}

void sys_exit_task(void)
{
	current->state = TASK_DEAD;
	__atomic_fetch_sub(&tasks_alive, 1, __ATOMIC_RELAXED);
	schedule();
	for (;;)
		;	/* not reached: a dead task is never picked */
}

/*
 * The idle loop. IRQs are taken between wfi and the next disable; a CPU asked
 * to go down does so from here; CPU 0 ends the run when all is done.
 */
void cpu_idle(void)
{
	struct rq *rq = this_cpu_ptr(&runqueues);
	int cpu = smp_processor_id();

	for (;;) {
		local_irq_disable();
		if (READ_ONCE(rq->going_down))
			cpu_die();
		if (cpu == 0 && (READ_ONCE(tasks_alive) == 0 || system_stopping))
			report_finish();
		if (system_stopping && cpu != 0)
			cpu_park();
		if (need_resched()) {
			schedule();
			continue;
		}
		asm volatile("wfi");
		local_irq_enable();
	}
}
