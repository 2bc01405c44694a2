// An unhandled fault, irqsim only: VBAR_EL1 = 0 (its reset value, as if never
// set), then UDF three calls deep. The vector at 0x200 is in QEMU virt's
// flash, which reads as zeros, and 0x00000000 is UDF #0 (Arm ARM C6.2.388):
// every exception entry faults again at the same PC. QEMU spins there for
// ever; irqsim must stop with status 4 and a report (README.md).
#include "fault_calls.h"
#include "rt.h"

FAULT_CALLS("udf #0x42");

void main(void) {
    rt_printf("vector base 0, then an undefined instruction\n");
    write_sysreg(vbar_el1, 0);
    isb();
    fault_call0();
    rt_printf("FAIL: came back\n");
}
