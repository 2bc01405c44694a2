/*
 * Build-time parameters of the guest kernel, shared by C and assembly.
 *
 * Everything here can be overridden with -D on the compiler command line
 * (irqsim_add_kernel_image(... DEFINES ...)); the defaults are those of the
 * 2015 arm64 kernel the seed discussion is about.
 */
#ifndef __ASM_CONFIG_H
#define __ASM_CONFIG_H

/* The IRQ-stack designs, selected with -DIRQ_DESIGN=IRQ_DESIGN_xxx. */
#define IRQ_DESIGN_TASK			1	/* 2015 baseline: IRQs on the task stack */
#define IRQ_DESIGN_COPY			2	/* copy thread_info to the IRQ stack */
#define IRQ_DESIGN_SP_EL0		3	/* thread_info pointer in SP_EL0, nesting count */
#define IRQ_DESIGN_MAINLINE		4	/* v4.5/4.6: SP_EL0, static IRQ stack, SP compare */
#define IRQ_DESIGN_MAINLINE_V4_10	5	/* thread_info in task_struct, current in SP_EL0 */
#define IRQ_DESIGN_MAINLINE_V4_14	6	/* + guarded stacks checked at entry, overflow stack */

#ifndef IRQ_DESIGN
#define IRQ_DESIGN			IRQ_DESIGN_TASK
#endif

#ifndef THREAD_SIZE
#define THREAD_SIZE			16384
#endif
#define THREAD_START_SP			(THREAD_SIZE - 16)
#if THREAD_SIZE == 4096
#define THREAD_SHIFT			12
#elif THREAD_SIZE == 8192
#define THREAD_SHIFT			13
#elif THREAD_SIZE == 16384
#define THREAD_SHIFT			14
#elif THREAD_SIZE == 32768
#define THREAD_SHIFT			15
#elif THREAD_SIZE == 65536
#define THREAD_SHIFT			16
#endif

#ifndef IRQ_STACK_SIZE
#define IRQ_STACK_SIZE			THREAD_SIZE
#endif
/* The SP an outermost IRQ starts from: the top, less one 16-byte slot, as THREAD_START_SP. */
#define IRQ_STACK_START_SP		(IRQ_STACK_SIZE - 16)

#ifndef NR_CPUS
#define NR_CPUS				8	/* a GICv2 serves at most 8 CPUs */
#endif

#if (THREAD_SIZE & (THREAD_SIZE - 1)) != 0
#error "THREAD_SIZE must be a power of two"
#endif
#if IRQ_STACK_SIZE > THREAD_SIZE && (IRQ_DESIGN == IRQ_DESIGN_COPY || IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14)
#error "the copy design finds the IRQ stack's thread_info by masking SP: IRQ_STACK_SIZE <= THREAD_SIZE"
#endif

/* Where the current thread_info (or task) lives while in the kernel. */
#if IRQ_DESIGN == IRQ_DESIGN_SP_EL0 || IRQ_DESIGN == IRQ_DESIGN_MAINLINE
#define CONFIG_TI_IN_SP_EL0		1	/* SP_EL0 = current thread_info (on the task stack) */
#endif
#if IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_10 || IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14
#define CONFIG_THREAD_INFO_IN_TASK	1	/* thread_info is the first member of task_struct */
#define CONFIG_CURRENT_IN_SP_EL0	1	/* SP_EL0 = current task */
#endif
#if IRQ_DESIGN != IRQ_DESIGN_TASK
#define CONFIG_IRQ_STACKS		1
#endif
#if IRQ_DESIGN == IRQ_DESIGN_MAINLINE || IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_10
#define CONFIG_STATIC_IRQ_STACKS	1	/* DEFINE_PER_CPU array, nothing allocated */
#endif

#if IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14
/*
 * v4.14's VMAP_STACK, without an MMU: every stack (task, IRQ) is THREAD_SIZE
 * bytes on a 2*THREAD_SIZE boundary with THREAD_SIZE of unused guard below it,
 * so an SP that ran off a stack's base has bit THREAD_SHIFT set; each vector
 * entry tests it and moves to a per-CPU overflow stack.
 */
#define CONFIG_VMAP_STACK		1
#define OVERFLOW_STACK_SIZE		4096
#define STACK_ALIGN			(2 * THREAD_SIZE)
#else
#define STACK_ALIGN			THREAD_SIZE
#endif

#define CONFIG_PREEMPT			1

/* Board: QEMU virt. */
#define UART_BASE			0x09000000UL
#define GICD_BASE			0x08000000UL
#define GICC_BASE			0x08010000UL	/* GICv2 */
#define GICR_BASE			0x080A0000UL	/* GICv3 redistributors */
#define TIMER_PPI			27		/* EL1 virtual timer */

#endif
