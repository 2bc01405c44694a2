// The dump side of a generated sequence (seq_*.S). The sequence has put its
// X30 in TPIDR_EL0 and its X0, X1 at seq_state, and calls here with
// w0 = sequence index * 2 + (1 if the data buffer should be hashed).
// Nothing before the MRS NZCV below changes the flags.
        .text
        .global save_and_dump
        .type save_and_dump, %function
save_and_dump:
        adrp    x1, seq_state
        add     x1, x1, :lo12:seq_state
        stp     x2, x3, [x1, #16]
        stp     x4, x5, [x1, #32]
        stp     x6, x7, [x1, #48]
        stp     x8, x9, [x1, #64]
        stp     x10, x11, [x1, #80]
        stp     x12, x13, [x1, #96]
        stp     x14, x15, [x1, #112]
        stp     x16, x17, [x1, #128]
        stp     x18, x19, [x1, #144]
        stp     x20, x21, [x1, #160]
        stp     x22, x23, [x1, #176]
        stp     x24, x25, [x1, #192]
        stp     x26, x27, [x1, #208]
        stp     x28, x29, [x1, #224]
        mrs     x2, tpidr_el0
        str     x2, [x1, #240]          // X30
        mov     x2, sp
        str     x2, [x1, #248]          // SP
        mrs     x2, nzcv
        str     x2, [x1, #256]          // NZCV
        mov     x19, x30                // back into the sequence
        adrp    x2, dump_stack + 65536
        add     x2, x2, :lo12:dump_stack + 65536
        mov     sp, x2
        mov     x29, #0
        bl      seq_dump
        br      x19
        .size save_and_dump, . - save_and_dump

        .global sequences_done
        .type sequences_done, %function
sequences_done:                         // w0 = number of sequences
        adrp    x2, dump_stack + 65536
        add     x2, x2, :lo12:dump_stack + 65536
        mov     sp, x2
        mov     x29, #0
        bl      seq_done                // does not return
        .size sequences_done, . - sequences_done

        .bss
        .balign 16
        .global seq_state
seq_state:
        .skip   272
        .balign 16
dump_stack:
        .skip   65536
