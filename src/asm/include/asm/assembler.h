/*
 * Assembler macros shared by head.S and entry.S.
 */
#ifndef __ASM_ASSEMBLER_H
#define __ASM_ASSEMBLER_H

#define ENTRY(name)	.globl name; .type name, %function; .align 2; name:
#define ENDPROC(name)	.size name, . - name
#define END(name)	.size name, . - name

	/* Address of a symbol, +/- 4 GiB from PC. */
	.macro	adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
	.endm

	/* Load a 64-bit variable by symbol. */
	.macro	ldr_l, dst, sym
	adrp	\dst, \sym
	ldr	\dst, [\dst, :lo12:\sym]
	.endm

	/* This CPU's copy of a per-CPU variable: address, or value. */
	.macro	this_cpu_ptr, dst, sym, tmp
	adr_l	\dst, \sym
	mrs	\tmp, tpidr_el1
	add	\dst, \dst, \tmp
	.endm

	.macro	ldr_this_cpu, dst, sym, tmp
	adr_l	\dst, \sym
	mrs	\tmp, tpidr_el1
	ldr	\dst, [\dst, \tmp]
	.endm

	/* thread_info at the base of the stack SP is on (2015). */
	.macro	get_thread_info, rd
	mov	\rd, sp
	and	\rd, \rd, #~(THREAD_SIZE - 1)
	.endm

	/* The current thread_info (or task, whose first member it is) while in the kernel. */
	.macro	current_ti, rd
#if defined(CONFIG_TI_IN_SP_EL0) || defined(CONFIG_CURRENT_IN_SP_EL0)
	mrs	\rd, sp_el0
#else
	get_thread_info \rd
#endif
	.endm

	.macro	disable_irq
	msr	daifset, #2
	.endm

	.macro	enable_irq
	msr	daifclr, #2
	.endm

#endif
