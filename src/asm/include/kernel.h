/*
 * The guest kernel's C side: types, per-CPU data, current/thread_info,
 * preempt count, locks and the functions each file provides.
 */
#ifndef __KERNEL_H
#define __KERNEL_H

#include <stdint.h>
#include <stddef.h>
#include <asm/config.h>
#include <asm/offsets.h>
#include <irqsim_abi.h>

typedef uint64_t u64;
typedef uint32_t u32;
typedef uint8_t u8;

#define READ_ONCE(x)		(*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#define barrier()		asm volatile("" ::: "memory")
#define dsb(opt)		asm volatile("dsb " #opt ::: "memory")
#define isb()			asm volatile("isb" ::: "memory")
/* YIELD: a hint; QEMU's TCG also moves on to the next vCPU on it, so spin loops progress. */
#define cpu_relax()		asm volatile("yield" ::: "memory")
#define noinline		__attribute__((noinline))
#define __noreturn		__attribute__((noreturn))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define read_sysreg(r) ({ u64 __v; asm volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(v, r) asm volatile("msr " #r ", %0" :: "r"((u64)(v)))

/* --- structures the entry code knows (asm/offsets.h) --- */
struct pt_regs {
	u64 regs[31];
	u64 sp;
	u64 pc;
	u64 pstate;
	u64 orig_x0;
	u64 syscallno;
};

struct task_struct;

struct thread_info {
	unsigned long flags;
	unsigned long addr_limit;
	struct task_struct *task;
	int preempt_count;
	int cpu;
};

struct cpu_context {
	u64 x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
	u64 fp, sp, pc;
};

struct task_struct {
#ifdef CONFIG_THREAD_INFO_IN_TASK
	struct thread_info thread_info;
#endif
	void *stack;			/* thread_info (2015 layout) or stack base */
	struct cpu_context cpu_context;
	void *stack_base;		/* the THREAD_SIZE kernel stack */
	int pid;
	int cpu;
	int state;			/* TASK_RUNNING / TASK_DEAD */
	int is_idle;
	u64 wake_seq;			/* wake-ups sent to this task (under rq->lock) */
	u64 seen_seq;			/* wake-ups consumed or counted lost */
	struct task_struct *next_in_rq;
};
#define TASK_RUNNING	0
#define TASK_DEAD	1

_Static_assert(sizeof(struct pt_regs) == S_FRAME_SIZE, "pt_regs");
_Static_assert(offsetof(struct pt_regs, sp) == S_SP, "pt_regs.sp");
_Static_assert(offsetof(struct pt_regs, orig_x0) == S_ORIG_X0, "pt_regs.orig_x0");
_Static_assert(sizeof(struct thread_info) == TI_SIZE, "thread_info");
_Static_assert(offsetof(struct thread_info, preempt_count) == TI_PREEMPT, "ti.preempt");
_Static_assert(offsetof(struct thread_info, task) == TI_TASK, "ti.task");
_Static_assert(offsetof(struct thread_info, cpu) == TI_CPU, "ti.cpu");
_Static_assert(offsetof(struct task_struct, stack) == TSK_STACK, "task.stack");
_Static_assert(offsetof(struct task_struct, cpu_context) == THREAD_CPU_CONTEXT, "task.cpu_context");

/* --- per-CPU data: a template section, one copy per CPU, TPIDR_EL1 = offset --- */
#define DEFINE_PER_CPU(type, name) \
	__attribute__((section(".data..percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) name
extern unsigned long __per_cpu_offset[NR_CPUS];
static inline unsigned long my_cpu_offset(void) { return read_sysreg(tpidr_el1); }
#define per_cpu_ptr(ptr, cpu) ((__typeof__(ptr))((char *)(ptr) + __per_cpu_offset[cpu]))
#define this_cpu_ptr(ptr)     ((__typeof__(ptr))((char *)(ptr) + my_cpu_offset()))
#define per_cpu(var, cpu)     (*per_cpu_ptr(&(var), cpu))
#define this_cpu(var)         (*this_cpu_ptr(&(var)))

/* --- current, per design --- */
static inline unsigned long current_stack_pointer(void)
{
	unsigned long sp;
	asm volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

#if defined(CONFIG_CURRENT_IN_SP_EL0)
static inline struct task_struct *get_current(void)
{
	return (struct task_struct *)read_sysreg(sp_el0);
}
static inline struct thread_info *current_thread_info(void)
{
	return &get_current()->thread_info;
}
#define task_thread_info(t) (&(t)->thread_info)
#else
static inline struct thread_info *current_thread_info(void)
{
#if defined(CONFIG_TI_IN_SP_EL0)
	return (struct thread_info *)read_sysreg(sp_el0);
#else
	return (struct thread_info *)(current_stack_pointer() & ~(unsigned long)(THREAD_SIZE - 1));
#endif
}
static inline struct task_struct *get_current(void)
{
	return current_thread_info()->task;
}
/* Linux's task_thread_info(): through task->stack, which the copy design repoints. */
#define task_thread_info(t) ((struct thread_info *)READ_ONCE((t)->stack))
#endif
#define current get_current()

static inline int smp_processor_id(void) { return current_thread_info()->cpu; }

/* --- preempt count (Linux's bit layout) --- */
#define SOFTIRQ_OFFSET	(1 << 8)
#define HARDIRQ_OFFSET	(1 << 16)
#define SOFTIRQ_MASK	(0xff << 8)
#define HARDIRQ_MASK	(0xf << 16)
#define preempt_count()	(READ_ONCE(current_thread_info()->preempt_count))
#define in_interrupt()	(preempt_count() & (SOFTIRQ_MASK | HARDIRQ_MASK))
static inline void preempt_count_add(int v) { current_thread_info()->preempt_count += v; barrier(); }
static inline void preempt_count_sub(int v) { barrier(); current_thread_info()->preempt_count -= v; }

/* --- IRQ masking --- */
static inline void local_irq_enable(void)  { asm volatile("msr daifclr, #2" ::: "memory"); }
static inline void local_irq_disable(void) { asm volatile("msr daifset, #2" ::: "memory"); }
static inline unsigned long local_irq_save(void)
{
	unsigned long flags = read_sysreg(daif);
	local_irq_disable();
	return flags;
}
static inline void local_irq_restore(unsigned long flags)
{
	asm volatile("msr daif, %0" :: "r"(flags) : "memory");
}

/* --- atomics: LL/SC (no LSE on Cortex-A57) --- */
typedef struct { volatile u32 v; } spinlock_t;
static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE))
		while (READ_ONCE(l->v))
			cpu_relax();
}
static inline void spin_unlock(spinlock_t *l) { __atomic_store_n(&l->v, 0, __ATOMIC_RELEASE); }
static inline void set_bit(int nr, volatile unsigned long *p) { __atomic_fetch_or(p, 1UL << nr, __ATOMIC_RELAXED); }
static inline void clear_bit(int nr, volatile unsigned long *p) { __atomic_fetch_and(p, ~(1UL << nr), __ATOMIC_RELAXED); }
static inline int test_bit(int nr, const volatile unsigned long *p) { return (*p >> nr) & 1; }
#define need_resched() test_bit(TIF_NEED_RESCHED, &current_thread_info()->flags)

/* --- run queues --- */
struct rq {
	spinlock_t lock;
	struct task_struct *curr;
	struct task_struct *idle;
	struct task_struct *tasks;	/* circular list of this CPU's EL0 tasks */
	int nr_tasks;
	int online;
	int going_down;
	u32 slice;
};
DECLARE_PER_CPU(struct rq, runqueues);

/* --- the kernel's parts --- */
extern struct irqsim_workload irqsim_workload;
extern struct irqsim_report irqsim_report;
extern int nr_cpus;				/* CPUs present (probed) */
extern volatile int system_stopping;
extern volatile int ticks_ran_out;		/* CPU 0 took the workload's max_ticks ticks */

static inline struct irqsim_cpu_report *cpu_report(int cpu) { return &irqsim_report.cpu[cpu]; }
#define this_report() cpu_report(smp_processor_id())

/* xorshift64* (Vigna), the guest's PRNG: per CPU in the kernel, per task at EL0. */
static inline u64 xorshift64star(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* lib.c */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void printk(const char *fmt, ...);
void uart_putc(char c);
u64 prandom(void);			/* per-CPU xorshift64* */
int chance(u32 permille);
void *alloc_pages_aligned(size_t size, size_t align);
void *alloc_stack(size_t size);
void paint_stack(void *base, size_t size);
u32 stack_used(const void *base, size_t size, size_t skip);
__noreturn void system_off(void);
long psci_cpu_on(u64 mpidr, u64 entry, u64 context);
__noreturn void psci_cpu_off(void);

/* gic.c / timer */
#define SGI_RESCHEDULE	1
/* The SPI of the workload's interrupt source `i` on `cpu` (irqsim_abi.h). */
#define SOURCE_SPI(cpu, i)	(IRQSIM_SPI_BASE + 8 * (u32)(cpu) + (u32)(i))
void gic_dist_init(void);
void gic_cpu_init(int cpu);
void gic_cpu_exit(void);
void gic_send_sgi(int cpu, int sgi);
void gic_raise_spi(int irq);
void timer_init_cpu(void);
void timer_stop_cpu(void);
void gic_handle_irqs(void);
void gic_handle_irq(struct pt_regs *regs);
void gic_raise_sources(int from_softirq);
int nested_irqs_expected(void);

/* irq.c */
extern void (*handle_arch_irq)(struct pt_regs *);
void init_irq_stack(int cpu);
int on_irq_stack(unsigned long addr, int cpu);
unsigned long irq_stack_base(int cpu);
extern u32 irq_stack_size;
void handler_work(u32 depth, u32 frame_bytes);
#define SOFTIRQ_TIMER	0
#define SOFTIRQ_NET_RX	1
void raise_softirq(int nr);

/* sched.c */
void sched_init_cpu(int cpu, struct task_struct *idle);
struct task_struct *create_user_task(int cpu, int pid);
struct task_struct *create_idle_task(int cpu);
void schedule(void);
void scheduler_tick(void);
void copy_check_lost_wakeup(unsigned long task_sp);
long wake_remote(u64 hint);
int resched_cpu(int cpu);
__noreturn void sys_exit_task(void);
struct task_struct *init_idle_task(void);
__noreturn void cpu_idle(void);
extern volatile int tasks_alive;

/* unwind.c */
void unwind_from_here(void);

/* main.c */
__noreturn void cpu_die(void);
__noreturn void cpu_park(void);
long cpu_hotplug_cycle(int cpu);
__noreturn void report_finish(void);

/* entry.S */
extern char vectors[];
struct task_struct *cpu_switch_to(struct task_struct *prev, struct task_struct *next);
extern void ret_from_fork(void);

/* user.c (runs at EL0) */
void user_main(u64 pid);

#endif
