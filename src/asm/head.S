/*
 * Boot: the primary CPU enters at _start (EL1h, DAIF masked, MMU off, as QEMU's
 * -kernel and irqsim's loader leave it); secondaries enter at secondary_entry
 * through PSCI CPU_ON with their CPU number as the context argument.
 */
#include <asm/config.h>
#include <asm/offsets.h>
#include <asm/assembler.h>

	.section ".text.head", "ax"
ENTRY(_start)
	msr	daifset, #0xf
	adr_l	x0, vectors
	msr	vbar_el1, x0
	msr	tpidr_el1, xzr			// per-CPU offset 0 until setup_per_cpu_areas
	isb

	adr_l	x0, __bss_start			// the loader zero-fills .bss; do it anyway
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:
	adr_l	x0, init_stack
	mov	x1, #THREAD_START_SP
	add	sp, x0, x1
#if defined(CONFIG_TI_IN_SP_EL0)
	msr	sp_el0, x0			// init_thread_info sits at init_stack's base
#elif defined(CONFIG_CURRENT_IN_SP_EL0)
	adr_l	x1, init_task
	msr	sp_el0, x1
#endif
	mov	x29, xzr			// the first frame: its FP link is zero
	mov	x30, xzr
	bl	start_kernel
	b	.
ENDPROC(_start)

/*
 * x0 = CPU number (the PSCI CPU_ON context). secondary_data[cpu] holds the
 * idle task's initial SP and SP_EL0 value.
 */
ENTRY(secondary_entry)
	msr	daifset, #0xf
	adr_l	x1, vectors
	msr	vbar_el1, x1
	adr_l	x1, __per_cpu_offset
	ldr	x2, [x1, x0, lsl #3]
	msr	tpidr_el1, x2
	isb
	adr_l	x1, secondary_data
	add	x1, x1, x0, lsl #4
	ldp	x2, x3, [x1]
	mov	sp, x2
	msr	sp_el0, x3
	mov	x29, xzr
	mov	x30, xzr
	bl	secondary_start_kernel
	b	.
ENDPROC(secondary_entry)
