// Process entry for our freestanding guests. The Linux AArch64 ABI leaves
// argc at [sp], then argv[], NULL, envp[], NULL (System V gABI, "Process
// Initialization"; the AArch64 ELF ABI keeps that layout).
        .text
        .global _start
        .type _start, %function
_start:
        mov     x29, #0                 // end of the frame-record chain
        mov     x30, #0
        ldr     x0, [sp]                // argc
        add     x1, sp, #8              // argv
        add     x2, x1, x0, lsl #3
        add     x2, x2, #8              // envp: past argv's NULL
        bl      main
        bl      rt_exit                 // flushes stdout, never returns
        .size _start, . - _start
