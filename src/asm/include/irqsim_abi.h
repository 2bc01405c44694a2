/*
 * The host/guest ABI of the irqsim guest kernel.
 *
 * Plain structs of fixed-size fields, readable from C (guest) and C++ (host).
 * The host may overwrite `irqsim_workload` in guest memory before the first
 * instruction runs; the guest fills `irqsim_report` and prints it on the UART
 * before it powers off. Both symbols are global in every kernel-<design>.elf.
 */
#ifndef IRQSIM_ABI_H
#define IRQSIM_ABI_H

#include <stdint.h>

#define IRQSIM_WORKLOAD_MAGIC	0x57515249u	/* "IRQW" */
#define IRQSIM_REPORT_MAGIC	0x52515249u	/* "IRQR" */
#define IRQSIM_ABI_VERSION	2u
#define IRQSIM_MAX_CPUS		8u
#define IRQSIM_MAX_IRQ_SOURCES	8u

/* Numbering of the designs (report.design), as -DIRQ_DESIGN in asm/config.h. */
#define IRQSIM_DESIGN_TASK		1u
#define IRQSIM_DESIGN_COPY		2u
#define IRQSIM_DESIGN_SP_EL0		3u
#define IRQSIM_DESIGN_MAINLINE		4u
#define IRQSIM_DESIGN_MAINLINE_V4_10	5u
#define IRQSIM_DESIGN_MAINLINE_V4_14	6u

/* Kinds of interrupt source (irqsim_irq_source.kind). */
#define IRQSIM_IRQ_NONE		0u
#define IRQSIM_IRQ_TIMER	1u	/* EL1 virtual timer, PPI 27: the scheduler tick */
#define IRQSIM_IRQ_NETWORK	2u	/* an SPI per CPU; its handler raises NET_RX */
#define IRQSIM_IRQ_USB		3u	/* an SPI per CPU; its handler may raise a softirq */
#define IRQSIM_IRQ_RESCHEDULE	4u	/* SGI 1, sent by a cross-CPU wake-up */

#define IRQSIM_IRQ_PREEMPTIBLE	1u	/* flags: the handler runs with IRQs unmasked */

/*
 * One interrupt source. A network/USB source at index i of the table is SPI
 * INTID IRQSIM_SPI_BASE + 8 * cpu + i on each CPU.
 */
#define IRQSIM_SPI_BASE		80u	/* SPIs with no device behind them on QEMU virt (up to INTID 143) */
struct irqsim_irq_source {
	uint32_t kind;			/* IRQSIM_IRQ_xxx */
	uint32_t priority;		/* GIC priority, 0 highest */
	uint32_t period;		/* timer: counter ticks (CNTFRQ units) */
	uint32_t jitter;		/* timer: + random 0..jitter-1 counter ticks per period */
	uint32_t rate_permille;		/* SPI: chance per timer tick on a CPU to fire there */
	uint32_t from_softirq_permille;	/* SPI: chance per NET_RX softirq run to fire at once (nested) */
	uint32_t handler_depth;		/* handler call depth */
	uint32_t handler_frame_bytes;	/* bytes of on-stack array per handler call */
	uint32_t flags;			/* IRQSIM_IRQ_PREEMPTIBLE */
	uint32_t reserved[3];
};

/* Knobs. Probabilities are per mille; counts of loop iterations are guest loops. */
struct irqsim_workload {
	uint32_t magic;			/* IRQSIM_WORKLOAD_MAGIC */
	uint32_t version;		/* IRQSIM_ABI_VERSION */
	uint32_t cpus;			/* CPUs to bring up; 0 = every CPU PSCI CPU_ON accepts */
	uint32_t tasks_per_cpu;		/* EL0 tasks on each CPU's run queue (1..4) */
	uint32_t iterations;		/* syscall loop iterations per task */
	uint32_t max_ticks;		/* stop after this many timer ticks on CPU 0 (0 = no limit) */
	uint32_t timeslice_ticks;	/* round-robin: reschedule after this many ticks */
	uint32_t syscall_depth;		/* syscall kernel path call depth */
	uint32_t syscall_frame_bytes;	/* bytes of on-stack array per syscall call */
	uint32_t syscall_spin;		/* loop iterations at the deepest point of a syscall */
	uint32_t softirq_permille;	/* chance that a timer or USB IRQ raises a softirq */
	uint32_t softirq_work;		/* loop iterations per softirq handler */
	uint32_t wakeup_permille;	/* chance per task iteration to wake a task on another CPU */
	uint32_t hotplug;		/* times the last CPU is taken down and up again */
	uint32_t unwind_every;		/* run the unwinder at every Nth deepest handler call (0 = never) */
	uint32_t wake_delay;		/* loops a waker spends between reading task->stack and setting
					   the flag (a slow remote CPU; widens the copy design's race) */
	uint32_t overflow_expected;	/* 1: a caught stack overflow ends the run as a pass */
	uint32_t irq_stack_size;	/* bytes of each IRQ stack, <= the image's IRQ_STACK_SIZE (0 = that) */
	uint32_t nr_irq_sources;	/* entries used in irq_sources */
	uint32_t reserved0;
	uint64_t seed;			/* seed of the guest's own PRNG (xorshift64*) */
	uint32_t reserved[6];
	struct irqsim_irq_source irq_sources[IRQSIM_MAX_IRQ_SOURCES];
};

/* What one CPU saw. */
struct irqsim_cpu_report {
	uint64_t irqs;			/* handle_arch_irq entries */
	uint64_t outermost_irqs;	/* entries that interrupted a task (not an IRQ) */
	uint64_t nested_irqs;		/* entries that interrupted IRQ/softirq context */
	uint64_t outermost_on_irq_stack; /* outermost entries whose handler ran on the IRQ stack */
	uint64_t recursion;		/* nested entries taken while on the IRQ stack */
	uint64_t nested_switches;	/* nested entries whose SP was reset to the IRQ stack top (a bug) */
	uint64_t ti_bytes_copied;	/* bytes of thread_info copied (copy design) */
	uint64_t ti_bytes_copied_nested; /* ... of which by nested entries */
	uint64_t unwinds;		/* unwinds run from the deepest handler call */
	uint64_t unwinds_complete;	/* ... that ended at a zero frame pointer through valid records */
	uint64_t unwinds_crossed;	/* ... that stepped from the IRQ stack to the task stack */
	uint64_t unwinds_reached_task;	/* ... that ended at the task's first frame */
	uint64_t syscalls;
	uint64_t softirqs;		/* softirq handler runs */
	uint64_t sgis;			/* SGIs taken */
	uint64_t wakeups_sent;		/* cross-CPU wake-ups this CPU sent */
	uint64_t wakeups_lost;		/* wake-ups sent to this CPU found lost (flag gone, never consumed) */
	uint64_t context_switches;
	uint64_t preemptions;		/* preempt_schedule_irq calls on IRQ exit */
	uint64_t irq_stack_base;	/* the IRQ stack this CPU uses now (0: none) */
	uint64_t irq_stack_top;
	uint32_t max_nesting;		/* deepest handle_arch_irq nesting seen */
	uint32_t unwind_max_frames;	/* most frames one unwind walked */
	uint32_t max_task_stack;	/* bytes used, deepest of this CPU's task stacks (painted) */
	uint32_t max_irq_stack;		/* bytes used of this CPU's IRQ stack (painted) */
	uint32_t irq_stack_allocs;	/* IRQ stacks allocated for this CPU */
	uint32_t irq_stack_reused;	/* CPU-ups that reused the IRQ stack already allocated */
	uint32_t hotplug_downs;
	uint32_t hotplug_ups;		/* CPU_ON completions (boot included, CPU 0 excluded) */
	uint32_t online;
	uint32_t stack_overflows;	/* overflows the entry code caught (mainline_v4_14) */
};

struct irqsim_report {
	uint32_t magic;			/* IRQSIM_REPORT_MAGIC once filled */
	uint32_t version;
	uint32_t design;		/* IRQSIM_DESIGN_xxx */
	uint32_t cpus;			/* CPUs brought up */
	uint32_t thread_size;
	uint32_t irq_stack_size;
	uint32_t thread_info_size;
	uint32_t checks_run;
	uint32_t checks_failed;
	uint32_t done;			/* 1 when the report is complete */
	uint64_t ticks;			/* timer ticks on CPU 0 */
	char design_name[16];
	struct irqsim_cpu_report cpu[IRQSIM_MAX_CPUS];
};

#ifdef __cplusplus
static_assert(sizeof(irqsim_irq_source) == 48, "irqsim_irq_source layout");
static_assert(sizeof(irqsim_workload) == 496, "irqsim_workload layout");
#else
_Static_assert(sizeof(struct irqsim_irq_source) == 48, "irqsim_irq_source layout");
_Static_assert(sizeof(struct irqsim_workload) == 496, "irqsim_workload layout");
#endif

#endif
