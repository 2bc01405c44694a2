// An unhandled fault, irqsim only: VBAR_EL1 = 0 (its reset value, as if never
// set), then UDF three calls deep. The vector at 0x200 is in QEMU virt's
// flash, which reads as zeros, and 0x00000000 is UDF #0 (Arm ARM C6.2.388):
// every exception entry faults again at the same PC. QEMU spins there for
// ever; irqsim must stop with status 4 and a report (README.md).
#include "rt.h"

__attribute__((noinline)) static void level3(void) { __asm__ volatile("udf #0x42" ::: "memory"); }
__attribute__((noinline)) static void level2(void) {
    level3();
    __asm__ volatile("" ::: "memory");
}
__attribute__((noinline)) void fault_level1(void) {
    level2();
    __asm__ volatile("" ::: "memory");
}

void main(void) {
    rt_printf("VBAR_EL1 = 0, then udf\n");
    write_sysreg(vbar_el1, 0);
    isb();
    fault_level1();
    rt_printf("FAIL: came back\n");
}
