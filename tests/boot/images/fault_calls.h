// Three frames of hand-written calls, each pushing a frame record
// (x29, x30) as AAPCS64 6.2.3 describes, with a label at every return
// address, so a test can name the addresses a frame-record backtrace from
// the innermost frame must show: fault_ret2 (in fault_call1) and fault_ret1
// (in fault_call0). FAULT_INSN is the instruction that faults in the
// innermost one.
#pragma once
#define FAULT_CALLS(FAULT_INSN)                      \
    __asm__(".text\n"                                \
            ".global fault_call0, fault_ret1, fault_ret2, fault_insn\n" \
            "fault_call0: stp x29, x30, [sp, #-16]!\n" \
            "  mov x29, sp\n"                        \
            "  bl fault_call1\n"                     \
            "fault_ret1: ldp x29, x30, [sp], #16\n"  \
            "  ret\n"                                \
            "fault_call1: stp x29, x30, [sp, #-16]!\n" \
            "  mov x29, sp\n"                        \
            "  bl fault_call2\n"                     \
            "fault_ret2: ldp x29, x30, [sp], #16\n"  \
            "  ret\n"                                \
            "fault_call2: stp x29, x30, [sp, #-16]!\n" \
            "  mov x29, sp\n"                        \
            "fault_insn: " FAULT_INSN "\n"           \
            "  ldp x29, x30, [sp], #16\n"            \
            "  ret\n");                              \
    void fault_call0(void)
