// ESR_EL1 syndromes of the exception-generating and unallocated instructions
// taken to EL1 from EL1 (Arm ARM D17.2.37 ESR_ELx): BRK (EC 0x3c, ISS =
// comment), SVC (EC 0x15, ISS = imm16), HVC (no EL2 here: the firmware answers
// it as a PSCI call), UDF, HLT without semihosting, an unallocated system
// register and a write to a read-only one (EC 0x00, IL 1).
#include "rt.h"

static void on_sync(unsigned kind, struct rt_frame* f, u64 esr) {
    rt_printf("  vector %x: EC %x IL %u ISS %x ELR %lx\n", kind * 0x80, (unsigned)(esr >> 26),
              (unsigned)(esr >> 25) & 1, (unsigned)esr & 0x1ffffff, f->elr);
    f->elr += 4;  // BRK and the UNDEFs return to themselves; SVC's ELR is already past it
    if ((esr >> 26) == 0x15) f->elr -= 4;
}

#define TRY(what, insn)                                   \
    do {                                                  \
        rt_printf("%s\n", what);                          \
        __asm__ volatile(insn ::: "memory", "x0", "x1"); \
    } while (0)

void main(void) {
    rt_sync_handler = on_sync;
    TRY("brk #0", "brk #0");
    TRY("brk #0x1234", "brk #0x1234");
    TRY("brk #0xffff", "brk #0xffff");
    TRY("svc #0", "svc #0");
    TRY("svc #0x5a5a", "svc #0x5a5a");
    TRY("udf #0", "udf #0");
    TRY("udf #0xbeef", "udf #0xbeef");
    TRY("hlt #0 (no semihosting)", "hlt #0");
    TRY("mrs from an unallocated system register", "mrs x0, s3_0_c11_c0_0");
    TRY("msr to MIDR_EL1 (read-only)", "msr s3_0_c0_c0_0, x0"  /* MIDR_EL1 */);
    TRY("eret with SPSR = EL1h returns to ELR", "adr x0, 1f; msr elr_el1, x0; mov x0, #0x3c5; msr spsr_el1, x0; eret; brk #1; 1:");
    rt_printf("PSCI_VERSION over hvc #0: %lx\n", rt_psci(PSCI_VERSION, 0, 0, 0));
    rt_printf("unknown PSCI function: %ld\n", rt_psci(0x8400ff00u, 0, 0, 0));
    rt_printf("done\n");
}
