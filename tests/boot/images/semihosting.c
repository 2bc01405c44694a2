// Semihosting (Arm IHI 0056, "Semihosting for AArch32 and AArch64"): HLT
// #0xF000 with the operation in W0 and its parameter in X1. SYS_WRITEC and
// SYS_WRITE0 print on the host's console; SYS_EXIT with
// ADP_Stopped_ApplicationExit ends the run with status 0 (the image does not
// come back to PSCI SYSTEM_OFF).
#include "rt.h"

#define SYS_WRITEC 0x03
#define SYS_WRITE0 0x04
#define SYS_EXIT 0x18
#define ADP_Stopped_ApplicationExit 0x20026

static u64 semihost(u64 op, const void* param) {
    register u64 x0 __asm__("x0") = op;
    register u64 x1 __asm__("x1") = (u64)param;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

void main(void) {
    rt_printf("on the UART before semihosting\n");
    semihost(SYS_WRITE0, "SYS_WRITE0 says hello\n");
    for (const char* s = "SYS_WRITEC, one at a time\n"; *s; s++) semihost(SYS_WRITEC, s);
    rt_printf("done\n");
    static const u64 exit_block[2] = {ADP_Stopped_ApplicationExit, 0};
    semihost(SYS_EXIT, exit_block);
    rt_printf("FAIL: SYS_EXIT returned\n");
}
