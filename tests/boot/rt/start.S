// Entry and exception vectors for the bare-metal test images.
//
// The primary CPU enters at _start as QEMU's -kernel leaves it: EL1h, DAIF
// masked, MMU off. Secondaries enter at rt_secondary_entry through PSCI
// CPU_ON with their CPU number as the context id (in x0).
#include "rt_asm.h"

        .section .text.head, "ax"
        .global _start
_start:
        adr     x0, __bss_start         // RAM starts zeroed; clear .bss anyway
        adr     x1, __bss_end           // (stacks included: nothing lives there yet)
1:      cmp     x0, x1
        b.hs    2f
        str     xzr, [x0], #8
        b       1b
2:      mov     x0, #0
        // fall through: CPU 0

        .global rt_secondary_entry
rt_secondary_entry:
        adr     x1, rt_stacks           // SP_EL1 = top of this CPU's stack
        add     x2, x0, #1
        lsl     x2, x2, #RT_STACK_SHIFT
        add     sp, x1, x2
        adr     x1, rt_vectors
        msr     vbar_el1, x1
        isb
        mov     x29, #0                 // end of the frame-record chain
        mov     x30, #0
        bl      rt_cpu_main             // (cpu) -> does not return
        b       .

// VBAR_EL1 + 0x000..0x780: {current EL SP_EL0, current EL SP_ELx, lower EL
// AArch64, lower EL AArch32} x {Synchronous, IRQ, FIQ, SError}
// (Arm ARM D1.10.2 "Exception vectors", table D1-7). Every entry saves a
// struct rt_frame and calls rt_exception(kind, frame) with kind = entry index.
        .macro vector_entry kind
        .balign 0x80
        sub     sp, sp, #RT_FRAME_SIZE
        stp     x0, x1, [sp, #0]
        mov     x0, #\kind
        b       rt_vector_common
        .endm

        .text
        .balign 0x800
        .global rt_vectors
rt_vectors:
        .irp kind, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        vector_entry \kind
        .endr

rt_vector_common:
        stp     x2, x3, [sp, #16]
        stp     x4, x5, [sp, #32]
        stp     x6, x7, [sp, #48]
        stp     x8, x9, [sp, #64]
        stp     x10, x11, [sp, #80]
        stp     x12, x13, [sp, #96]
        stp     x14, x15, [sp, #112]
        stp     x16, x17, [sp, #128]
        stp     x18, x19, [sp, #144]
        stp     x20, x21, [sp, #160]
        stp     x22, x23, [sp, #176]
        stp     x24, x25, [sp, #192]
        stp     x26, x27, [sp, #208]
        stp     x28, x29, [sp, #224]
        mrs     x2, elr_el1
        mrs     x3, spsr_el1
        stp     x30, x2, [sp, #240]
        str     x3, [sp, #256]
        mov     x1, sp
        bl      rt_exception            // (kind, frame): may edit frame->elr/spsr
        ldp     x30, x2, [sp, #240]
        ldr     x3, [sp, #256]
        msr     elr_el1, x2
        msr     spsr_el1, x3
        ldp     x2, x3, [sp, #16]
        ldp     x4, x5, [sp, #32]
        ldp     x6, x7, [sp, #48]
        ldp     x8, x9, [sp, #64]
        ldp     x10, x11, [sp, #80]
        ldp     x12, x13, [sp, #96]
        ldp     x14, x15, [sp, #112]
        ldp     x16, x17, [sp, #128]
        ldp     x18, x19, [sp, #144]
        ldp     x20, x21, [sp, #160]
        ldp     x22, x23, [sp, #176]
        ldp     x24, x25, [sp, #192]
        ldp     x26, x27, [sp, #208]
        ldp     x28, x29, [sp, #224]
        ldp     x0, x1, [sp, #0]
        add     sp, sp, #RT_FRAME_SIZE
        eret

// rt_wait_irq(): with IRQs masked, sleep until an interrupt is pending (WFI
// wakes on a pending interrupt even when PSTATE.I masks it, Arm ARM D1.16.2
// "Wait for Interrupt"), then unmask: the IRQ is taken with ELR_EL1 =
// rt_wait_irq_resume on every implementation, whatever the timing.
        .global rt_wait_irq, rt_wait_irq_resume
rt_wait_irq:
        msr     daifset, #2
        wfi
        msr     daifclr, #2
rt_wait_irq_resume:
        msr     daifset, #2
        ret

// u64 rt_run_el0(entry, sp_el0, arg): ERET to entry(arg) at EL0t with SP_EL0
// = sp_el0 and PSTATE.DAIF clear; returns the status that the exception
// handler passes to rt_el0_exit (below), which unwinds back here.
        .global rt_run_el0, rt_el0_return
rt_run_el0:
        stp     x29, x30, [sp, #-96]!
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        mov     x3, sp
        adr     x4, rt_el0_saved_sp
        str     x3, [x4]
        msr     elr_el1, x0
        msr     sp_el0, x1
        msr     spsr_el1, xzr           // EL0t, NZCV and DAIF clear
        mov     x0, x2
        eret
rt_el0_return:                          // EL1h again, x0 = status
        adr     x4, rt_el0_saved_sp
        ldr     x3, [x4]
        mov     sp, x3
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     x29, x30, [sp], #96
        ret

        .data
        .balign 8
rt_el0_saved_sp:
        .quad   0

        .bss
        .balign 16
        .global rt_stacks
rt_stacks:
        .space  RT_MAX_CPUS << RT_STACK_SHIFT
