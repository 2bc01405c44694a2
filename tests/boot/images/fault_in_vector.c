// An unhandled fault, irqsim only: the synchronous vector itself loads from an
// address where nothing is mapped (0x48000000), so taking the first fault (a
// BRK three calls deep) raises a data abort inside the vector, which is taken
// at the same vector again, for ever. QEMU spins; irqsim must stop with
// status 4 and a report naming the load in the vector (README.md).
#include "fault_calls.h"
#include "rt.h"

__asm__(".balign 0x800\n"
        ".global bad_vectors, bad_vector_load\n"
        "bad_vectors: .space 0x200\n"
        "  mov x9, #0x48000000\n"
        "bad_vector_load: ldr x10, [x9]\n"
        "  eret\n");
extern char bad_vectors[];

FAULT_CALLS("brk #7");

void main(void) {
    rt_printf("a vector table that faults, then a breakpoint\n");
    write_sysreg(vbar_el1, bad_vectors);
    isb();
    fault_call0();
    rt_printf("FAIL: came back\n");
}
