/*
 * Low-level exception handling of the irqsim guest kernel.
 *
 * The structure follows the 2015 arm64 kernel's entry code (vector table,
 * kernel_entry/kernel_exit building a struct pt_regs, el1_irq/el0_irq,
 * el0_sync/el0_svc, ret_to_user), written anew for irqsim. What differs between
 * the IRQ-stack designs is confined to `irq_handler` (one per design, picked by
 * -DIRQ_DESIGN) and to where the current thread_info is kept (`current_ti`,
 * kernel_entry, cpu_switch_to).
 *
 * Phase labels: irq_handler marks the start of each phase of an interrupt with
 * a global label irq_phase_<phase>_el<0|1>; a PC belongs to the phase of the
 * last such label executed (src/asm/README.md).
 */
#include <asm/config.h>
#include <asm/offsets.h>
#include <asm/assembler.h>

tsk	.req	x28		// current thread_info (or task, v4.10), set by kernel_entry

	/* x0-x29 to or from pt_regs at SP. */
	.macro	pt_regs_gprs, op
	\op	x0, x1, [sp, #16 * 0]
	\op	x2, x3, [sp, #16 * 1]
	\op	x4, x5, [sp, #16 * 2]
	\op	x6, x7, [sp, #16 * 3]
	\op	x8, x9, [sp, #16 * 4]
	\op	x10, x11, [sp, #16 * 5]
	\op	x12, x13, [sp, #16 * 6]
	\op	x14, x15, [sp, #16 * 7]
	\op	x16, x17, [sp, #16 * 8]
	\op	x18, x19, [sp, #16 * 9]
	\op	x20, x21, [sp, #16 * 10]
	\op	x22, x23, [sp, #16 * 11]
	\op	x24, x25, [sp, #16 * 12]
	\op	x26, x27, [sp, #16 * 13]
	\op	x28, x29, [sp, #16 * 14]
	.endm

/*
 * kernel_entry: save the interrupted context as struct pt_regs on the current
 * stack (SP_EL1). On return: x21 = aborted SP, x22 = aborted PC (ELR_EL1),
 * x23 = aborted PSTATE (SPSR_EL1), tsk = current thread_info.
 */
	.macro	kernel_entry, el
#ifndef CONFIG_VMAP_STACK
	sub	sp, sp, #S_FRAME_SIZE		/* (VMAP: ventry did it) */
#endif
	pt_regs_gprs stp

	.if	\el == 0
	mrs	x21, sp_el0			// the user's SP
#if defined(CONFIG_CURRENT_IN_SP_EL0)
	ldr_this_cpu tsk, entry_task, x20	// SP_EL0 is free now: it holds current
	msr	sp_el0, tsk
#else
	get_thread_info tsk			// the task's kernel stack is empty at EL0
#if defined(CONFIG_TI_IN_SP_EL0)
	msr	sp_el0, tsk			// SP_EL0 is free now: it holds thread_info
#endif
#endif
	mov	x29, xzr			// the user's FP means nothing to an unwinder
	.else
	add	x21, sp, #S_FRAME_SIZE
	current_ti tsk
	.endif
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	lr, x21, [sp, #S_LR]
	stp	x22, x23, [sp, #S_PC]

	.if	\el == 0
	mvn	x21, xzr
	str	x21, [sp, #S_SYSCALLNO]		// not a syscall until el0_svc says so
	.endif
	.endm

/*
 * kernel_exit: unwind the pt_regs frame and return to the interrupted context.
 */
	.macro	kernel_exit, el
	ldp	x21, x22, [sp, #S_PC]		// ELR, SPSR
	.if	\el == 0
	ldr	x23, [sp, #S_SP]
	msr	sp_el0, x23			// back to the user's SP
	.endif
	msr	elr_el1, x21
	msr	spsr_el1, x22
	pt_regs_gprs ldp
	ldr	lr, [sp, #S_LR]
	add	sp, sp, #S_FRAME_SIZE
	eret
	.endm

	/* A global label marking the start of one phase of an interrupt. */
	.macro	irq_phase, name, el
	.globl	irq_phase_\name\()_el\el
irq_phase_\name\()_el\el:
	.endm

	/* Call the root IRQ handler with the interrupted context's pt_regs. */
	.macro	call_handle_arch_irq, regs
	mov	x0, \regs
	ldr_l	x1, handle_arch_irq
	blr	x1
	.endm

#if IRQ_DESIGN == IRQ_DESIGN_TASK
/*
 * task: the 2015 baseline. The handler runs on whatever stack was interrupted:
 * the task's own kernel stack, whose base holds thread_info.
 */
	.macro	irq_handler, el
	irq_phase handler, \el
	call_handle_arch_irq sp
	irq_phase exit, \el
	.endm

#elif IRQ_DESIGN == IRQ_DESIGN_COPY
/*
 * copy: switch to this CPU's IRQ stack and copy thread_info to its base, so
 * that masking SP still finds it; current->stack points at the copy while the
 * handler runs, and the copy is written back on the way out. A nested entry is
 * already on the IRQ stack: the two thread_info addresses are the same, nothing
 * is copied and SP stays where it is.
 *   x19 = the IRQ stack's initial SP, x20 = the interrupted SP (pt_regs).
 */
	.macro	irq_handler, el
	irq_phase switch, \el
	ldr_this_cpu x19, irq_sp, x0
	mov	x20, sp
	irq_phase copy, \el
	mov	x0, x19
	mov	x1, x20
	bl	irq_copy_thread_info		// 1: copied, switch; 0: already there
	irq_phase stack, \el
	cbz	w0, 1f
	mov	sp, x19
	/* A frame record {interrupted FP, interrupted PC} that leads back to the task stack. */
	stp	x29, x22, [sp, #-16]!
	mov	x29, sp
1:
	irq_phase handler, \el
	call_handle_arch_irq x20
	irq_phase copyback, \el
	mov	x0, x20
	mov	x1, x19
	bl	irq_copy_thread_info		// back to the task stack (no-op when nested)
	/* The guest's lost wake-up witness: not part of the design (not accounted). */
	irq_phase witness, \el
	cbz	w0, 2f
	mov	x0, x20
	bl	copy_check_lost_wakeup
2:
	irq_phase restore, \el
	mov	sp, x20
	irq_phase exit, \el
	.endm

#elif IRQ_DESIGN == IRQ_DESIGN_SP_EL0
/*
 * sp_el0: thread_info is reached through SP_EL0, so the IRQ stack needs no copy
 * of it. A per-CPU count of the IRQs in progress says whether this entry is
 * the outermost one, which alone switches stacks.
 *   x19 = this CPU's irq_stack_state, x20 = the interrupted SP (pt_regs).
 */
	.macro	irq_handler, el
	irq_phase switch, \el
	this_cpu_ptr x19, irq_stack_state, x0
	mov	x20, sp
	ldr	w0, [x19, #IRQ_STATE_COUNT]
	add	w1, w0, #1
	str	w1, [x19, #IRQ_STATE_COUNT]
	cbnz	w0, 1f				// nested: already on the IRQ stack
	ldr	x0, [x19, #IRQ_STATE_SP]
	mov	sp, x0
	stp	x29, x22, [sp, #-16]!		// {interrupted FP, interrupted PC}
	mov	x29, sp
1:
	irq_phase handler, \el
	call_handle_arch_irq x20
	irq_phase restore, \el
	ldr	w0, [x19, #IRQ_STATE_COUNT]
	sub	w0, w0, #1
	str	w0, [x19, #IRQ_STATE_COUNT]
	mov	sp, x20
	irq_phase exit, \el
	.endm

#elif IRQ_DESIGN == IRQ_DESIGN_MAINLINE || IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_10 || \
      IRQ_DESIGN == IRQ_DESIGN_MAINLINE_V4_14
/*
 * mainline: a static per-CPU IRQ stack of IRQ_STACK_SIZE (v4.14: allocated,
 * guarded like task stacks, its initial SP in the per-CPU irq_sp). The entry is the
 * outermost one when SP's THREAD_SIZE-aligned base is the current task's stack
 * (v4.5: the thread_info SP_EL0 points at; v4.10: current->stack). On the IRQ
 * stack's top goes a frame record {interrupted FP, interrupted SP}, which the
 * unwinder recognises to step back onto the task stack.
 *   x19 = the interrupted SP (pt_regs).
 */
	.macro	irq_handler, el
	irq_phase switch, \el
	mov	x19, sp
	and	x25, x19, #~(THREAD_SIZE - 1)
	mrs	x26, sp_el0
#ifdef CONFIG_THREAD_INFO_IN_TASK
	ldr	x26, [x26, #TSK_STACK]
#endif
	cmp	x25, x26
	b.ne	1f				// not on the task stack: nested
#ifdef CONFIG_VMAP_STACK
	ldr_this_cpu x25, irq_sp, x26
	mov	sp, x25
#else
	this_cpu_ptr x25, irq_stack, x26
	mov	x26, #IRQ_STACK_START_SP
	add	sp, x25, x26
#endif
	stp	x29, x19, [sp, #-16]!		// {interrupted FP, interrupted SP}
	mov	x29, sp
1:
	irq_phase handler, \el
	call_handle_arch_irq x19
	irq_phase restore, \el
	mov	sp, x19
	irq_phase exit, \el
	.endm

#else
#error "unknown IRQ_DESIGN"
#endif

/*
 * Vectors: 16 entries of 128 bytes; VBAR_EL1 needs 2 KiB alignment
 * (Arm ARM D1.10.2).
 */
	.macro	ventry, label
	.align	7
#ifdef CONFIG_VMAP_STACK
	sub	sp, sp, #S_FRAME_SIZE
	/*
	 * Did SP run off its stack? Test its THREAD_SHIFT bit (set only in the
	 * guard below a 2*THREAD_SIZE-aligned stack) with no register to spare:
	 * exchange SP and x0 by arithmetic, test, exchange back.
	 */
	add	sp, sp, x0			// sp = sp' + x0
	sub	x0, sp, x0			// x0 = sp'
	tbnz	x0, #THREAD_SHIFT, 0f
	sub	x0, sp, x0			// x0 = x0
	sub	sp, sp, x0			// sp = sp'
	b	\label
0:	b	__bad_stack
#else
	b	\label
#endif
	.endm

	.text
	.align	11
ENTRY(vectors)
	ventry	el1_sync_invalid		// Synchronous EL1t
	ventry	el1_irq_invalid			// IRQ EL1t
	ventry	el1_fiq_invalid			// FIQ EL1t
	ventry	el1_error_invalid		// Error EL1t

	ventry	el1_sync			// Synchronous EL1h
	ventry	el1_irq				// IRQ EL1h
	ventry	el1_fiq_invalid			// FIQ EL1h
	ventry	el1_error_invalid		// Error EL1h

	ventry	el0_sync			// Synchronous 64-bit EL0
	ventry	el0_irq				// IRQ 64-bit EL0
	ventry	el0_fiq_invalid			// FIQ 64-bit EL0
	ventry	el0_error_invalid		// Error 64-bit EL0

	ventry	el0_sync_invalid		// Synchronous 32-bit EL0
	ventry	el0_irq_invalid			// IRQ 32-bit EL0
	ventry	el0_fiq_invalid			// FIQ 32-bit EL0
	ventry	el0_error_invalid		// Error 32-bit EL0
END(vectors)

#ifdef CONFIG_VMAP_STACK
/*
 * From ventry with x0 = the overflowed SP (less S_FRAME_SIZE) and SP = that
 * plus the interrupted x0. Keep both in registers EL1 does not otherwise use,
 * move to this CPU's overflow stack and report (handle_bad_stack stops).
 */
__bad_stack:
	msr	tpidr_el0, x0			// the SP that ran off its stack
	sub	x0, sp, x0
	msr	tpidrro_el0, x0			// the interrupted x0
	mrs	x0, tpidr_el1
	mov	sp, x0
	adr_l	x0, overflow_stack + OVERFLOW_STACK_SIZE
	add	sp, sp, x0
	mrs	x0, tpidrro_el0
	sub	sp, sp, #S_FRAME_SIZE
	kernel_entry 1
	mrs	x1, tpidr_el0
	add	x1, x1, #S_FRAME_SIZE
	str	x1, [sp, #S_SP]
	mov	x0, sp
	mrs	x1, esr_el1
	bl	handle_bad_stack
	b	.
#endif

/*
 * Invalid modes: report and stop (bad_mode does not return).
 */
	.macro	inv_entry, el, reason
	kernel_entry \el
	mov	x0, sp
	mov	x1, #\reason
	mrs	x2, esr_el1
	bl	bad_mode
	.endm

el0_sync_invalid:
	inv_entry 0, BAD_SYNC
el0_irq_invalid:
	inv_entry 0, BAD_IRQ
el0_fiq_invalid:
	inv_entry 0, BAD_FIQ
el0_error_invalid:
	inv_entry 0, BAD_ERROR
el1_sync_invalid:
	inv_entry 1, BAD_SYNC
el1_irq_invalid:
	inv_entry 1, BAD_IRQ
el1_fiq_invalid:
	inv_entry 1, BAD_FIQ
el1_error_invalid:
	inv_entry 1, BAD_ERROR

/*
 * EL1 synchronous exceptions: this kernel takes none on purpose (no faults,
 * no breakpoints), so any is a bug to report.
 */
	.align	6
ENTRY(el1_sync)
	kernel_entry 1
	mov	x0, sp
	mov	x1, #BAD_SYNC
	mrs	x2, esr_el1
	bl	bad_mode
ENDPROC(el1_sync)

/*
 * IRQ taken from EL1: a kernel path (syscall, scheduler, idle) or a softirq
 * running with IRQs enabled (then this entry is nested).
 */
	.align	6
ENTRY(el1_irq)
	irq_phase entry, 1
	kernel_entry 1
	irq_handler 1
#ifdef CONFIG_PREEMPT
	ldr	w24, [tsk, #TI_PREEMPT]
	cbnz	w24, 1f				// preempt_count != 0: not now
	ldr	x0, [tsk, #TI_FLAGS]
	tbz	x0, #TIF_NEED_RESCHED, 1f
	bl	el1_preempt
1:
#endif
	kernel_exit 1
ENDPROC(el1_irq)

#ifdef CONFIG_PREEMPT
el1_preempt:
	mov	x24, lr
1:	bl	preempt_schedule_irq		// called with IRQs masked
	ldr	x0, [tsk, #TI_FLAGS]
	tbnz	x0, #TIF_NEED_RESCHED, 1b
	ret	x24
#endif

/*
 * Synchronous exception from 64-bit EL0: only SVC is expected.
 */
	.align	6
ENTRY(el0_sync)
	kernel_entry 0
	mrs	x25, esr_el1
	lsr	x24, x25, #ESR_ELx_EC_SHIFT
	cmp	x24, #ESR_ELx_EC_SVC64
	b.eq	el0_svc
	mov	x0, sp
	mov	x1, #BAD_SYNC
	mov	x2, x25
	bl	bad_mode
ENDPROC(el0_sync)

/*
 * SVC: x8 is the syscall number, x0-x5 the arguments.
 */
sc_nr	.req	x25		// number of system calls
scno	.req	x26		// syscall number
stbl	.req	x27		// syscall table pointer

el0_svc:
	uxtw	scno, w8
	mov	sc_nr, #__NR_syscalls
	stp	x0, scno, [sp, #S_ORIG_X0]	// save the original x0 and the number
	enable_irq				// syscalls run preemptible
	adr_l	stbl, sys_call_table
	cmp	scno, sc_nr
	b.hs	ni_sys
	ldr	x16, [stbl, scno, lsl #3]
	blr	x16
	b	ret_fast_syscall
ni_sys:
	mov	x0, sp
	bl	do_ni_syscall
ret_fast_syscall:
	str	x0, [sp, #S_X0]			// the result goes back in x0
	b	ret_to_user

/*
 * IRQ taken from EL0.
 */
	.align	6
ENTRY(el0_irq)
	irq_phase entry, 0
	kernel_entry 0
	irq_handler 0
	b	ret_to_user
ENDPROC(el0_irq)

/*
 * The way back to EL0: with IRQs masked, do the pending work (reschedule;
 * TIF_SIGPENDING is not acted on here), then restore the user context.
 */
ENTRY(ret_to_user)
	disable_irq
	ldr	x1, [tsk, #TI_FLAGS]
	and	x2, x1, #_TIF_WORK_MASK
	cbnz	x2, work_pending
no_work_pending:
	kernel_exit 0
work_pending:
	tbz	x1, #TIF_NEED_RESCHED, no_work_pending
	bl	schedule
	b	ret_to_user
ENDPROC(ret_to_user)

/*
 * A new task's first return from cpu_switch_to: on to EL0 through the pt_regs
 * at the top of its stack.
 */
ENTRY(ret_from_fork)
	bl	schedule_tail
	current_ti tsk
	b	ret_to_user
ENDPROC(ret_from_fork)

/*
 * struct task_struct *cpu_switch_to(prev, next): save prev's callee-saved
 * registers, SP and return address in prev->cpu_context, load next's.
 */
	/* struct cpu_context at x8: x19-x28, fp, sp (in x9), pc (lr). */
	.macro	cpu_context, pair, single
	\pair	x19, x20, [x8], #16
	\pair	x21, x22, [x8], #16
	\pair	x23, x24, [x8], #16
	\pair	x25, x26, [x8], #16
	\pair	x27, x28, [x8], #16
	\pair	x29, x9, [x8], #16
	\single	lr, [x8]
	.endm

ENTRY(cpu_switch_to)
	add	x8, x0, #THREAD_CPU_CONTEXT
	mov	x9, sp
	cpu_context stp, str
	add	x8, x1, #THREAD_CPU_CONTEXT
	cpu_context ldp, ldr
	mov	sp, x9
#if defined(CONFIG_TI_IN_SP_EL0)
	ldr	x9, [x1, #TSK_STACK]		// next's thread_info
	msr	sp_el0, x9
#elif defined(CONFIG_CURRENT_IN_SP_EL0)
	msr	sp_el0, x1			// next is current from here on
#endif
	ret
ENDPROC(cpu_switch_to)
