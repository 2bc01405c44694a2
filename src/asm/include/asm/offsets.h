/*
 * Structure layouts the entry code needs, written out by hand (the kernel
 * generates these with asm-offsets.c; here C checks them with
 * _Static_assert in kernel.h).
 */
#ifndef __ASM_OFFSETS_H
#define __ASM_OFFSETS_H

#include <asm/config.h>

/* struct pt_regs, as the 2015 arm64 kernel lays it out. */
#define S_X0		0
#define S_X1		8
#define S_X2		16
#define S_X8		64
#define S_X29		232
#define S_LR		240
#define S_SP		248
#define S_PC		256
#define S_PSTATE	264
#define S_ORIG_X0	272
#define S_SYSCALLNO	280
#define S_FRAME_SIZE	288

/* struct thread_info (2015): flags, addr_limit, task, preempt_count, cpu. */
#define TI_FLAGS	0
#define TI_ADDR_LIMIT	8
#define TI_TASK		16
#define TI_PREEMPT	24
#define TI_CPU		28
#define TI_SIZE		32

/* struct task_struct (ours): [thread_info,] stack, cpu_context, ... */
#ifdef CONFIG_THREAD_INFO_IN_TASK
#define TSK_TI_SIZE	TI_SIZE
#else
#define TSK_TI_SIZE	0
#endif
#define TSK_STACK	(TSK_TI_SIZE + 0)
#define THREAD_CPU_CONTEXT (TSK_TI_SIZE + 8)	/* x19..x28, fp, sp, pc */

/* thread_info flags */
#define TIF_SIGPENDING		0
#define TIF_NEED_RESCHED	1
#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
/* Work done on the way back to EL0: only rescheduling (signals are ignored here). */
#define _TIF_WORK_MASK		_TIF_NEED_RESCHED

/* The sp_el0 design's per-CPU IRQ stack state. */
#define IRQ_STATE_SP	0
#define IRQ_STATE_COUNT	8

/* ESR_EL1 (Arm ARM D17.2.37) */
#define ESR_ELx_EC_SHIFT	26
#define ESR_ELx_EC_SVC64	0x15

/* System calls (x8). */
#define __NR_deep	0	/* a deep kernel path: depth, frame bytes, spin */
#define __NR_yield	1
#define __NR_wake	2	/* wake the task running on another CPU */
#define __NR_exit	3
#define __NR_hotplug	4	/* take a CPU down and up again */
#define __NR_syscalls	5

/* Reasons reported by bad_mode(). */
#define BAD_SYNC	0
#define BAD_IRQ		1
#define BAD_FIQ		2
#define BAD_ERROR	3

#endif
