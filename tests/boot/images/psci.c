// PSCI over HVC #0 (Arm DEN 0022D): PSCI_VERSION, AFFINITY_INFO (0 ON,
// 1 OFF), CPU_ON (0 SUCCESS, -2 INVALID_PARAMETERS for a CPU that does not
// exist, -4 ALREADY_ON), CPU_OFF, and hotplug: CPU 1 is brought up and taken
// down three times, entering at rt_secondary_entry with its context id in x0.
// Only CPU 0 prints; it waits for CPU 1 with rt_wait_irq and polls
// AFFINITY_INFO until CPU 1 is off.
#include "rt.h"

#define SGI_UP 1

static volatile u32 boots, up;
static u64 context_seen;

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    up++;
    gic_eoi(iar);
    (void)kind, (void)f;
}

void secondary_main(unsigned cpu) {
    context_seen = cpu;
    boots++;
    gic_init_cpu();
    gic_send_sgi(SGI_UP, 1);
    // back in rt_cpu_main: CPU_OFF
}

void main(void) {
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(SGI_UP, 0x80);
    i64 v = rt_psci(PSCI_VERSION, 0, 0, 0);
    rt_printf("PSCI_VERSION %ld.%ld\n", v >> 16, v & 0xffff);
    rt_printf("AFFINITY_INFO: CPU 0 %ld, CPU 1 %ld, CPU 7 %ld\n", rt_psci(PSCI_AFFINITY_INFO, 0, 0, 0),
              rt_psci(PSCI_AFFINITY_INFO, 1, 0, 0), rt_psci(PSCI_AFFINITY_INFO, 7, 0, 0));
    rt_printf("CPU_ON CPU 7 (none): %ld\n", rt_cpu_on(7));
    rt_printf("CPU_ON CPU 0 (itself): %ld\n", rt_cpu_on(0));
    for (u32 round = 1; round <= 3; round++) {
        rt_printf("round %u: CPU_ON CPU 1: %ld\n", round, rt_cpu_on(1));
        while (up < round) rt_wait_irq();
        rt_printf("  CPU 1 is up (boot %u, context id %lx)\n", boots, context_seen);
        rt_wait_cpu_off(1);
        rt_printf("  CPU 1 is off again: AFFINITY_INFO %ld\n", rt_psci(PSCI_AFFINITY_INFO, 1, 0, 0));
    }
    rt_printf("done\n");
}
