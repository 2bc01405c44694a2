// SGIs between CPUs: CPU 0 brings every other CPU up with PSCI CPU_ON; each
// says hello with an SGI, answers a ping SGI addressed to it alone and a
// broadcast to all of them, then turns itself off with CPU_OFF, which CPU 0
// watches with AFFINITY_INFO. Every wait is rt_wait_irq, so each CPU's own
// exceptions happen at the same places whatever the interleaving; only CPU 0
// prints, so the UART output does not depend on it either.
#include "rt.h"

// SGI_DONE + cpu: one INTID per sender, because GICv3 keeps one pending bit
// per SGI, not one per source CPU as GICv2 does: two CPUs sending the same
// SGI at about the same time would be taken once, or twice, by timing.
enum { SGI_HELLO = 0, SGI_PING = 1, SGI_PONG = 2, SGI_BROADCAST = 3, SGI_DONE = 4 };

static u32 seen_by[RT_MAX_CPUS][8];        // seen_by[cpu][sgi] = the IAR value
static volatile u32 count[RT_MAX_CPUS][8];

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    unsigned cpu = rt_cpu();
    seen_by[cpu][gic_intid(iar) & 7] = iar;
    count[cpu][gic_intid(iar) & 7]++;
    gic_eoi(iar);
    (void)kind, (void)f;
}

static void wait_for(unsigned cpu, unsigned sgi, u32 n) {
    while (READ_ONCE(count[cpu][sgi]) < n) rt_wait_irq();
}

static void enable_sgis(void) {
    for (unsigned sgi = 0; sgi < 8; sgi++) gic_enable(sgi, 0x80);
}

void secondary_main(unsigned cpu) {
    gic_init_cpu();
    enable_sgis();
    gic_send_sgi(SGI_HELLO, 1);
    wait_for(cpu, SGI_PING, 1);
    gic_send_sgi(SGI_PONG, 1);
    wait_for(cpu, SGI_BROADCAST, 1);
    gic_send_sgi(SGI_DONE + cpu, 1);
}

void main(void) {
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    enable_sgis();
    unsigned ncpus = 1;
    for (unsigned cpu = 1; cpu < RT_MAX_CPUS; cpu++) {
        if (rt_psci(PSCI_AFFINITY_INFO, cpu, 0, 0) < 0) break;  // no such CPU
        ncpus++;
    }
    rt_printf("%u CPUs\n", ncpus);
    for (unsigned cpu = 1; cpu < ncpus; cpu++) {
        rt_printf("CPU_ON %u: %ld\n", cpu, rt_cpu_on(cpu));
        wait_for(0, SGI_HELLO, cpu);
        rt_printf("  hello: IAR %x\n", seen_by[0][SGI_HELLO]);
    }
    for (unsigned cpu = 1; cpu < ncpus; cpu++) {
        gic_send_sgi(SGI_PING, 1u << cpu);
        wait_for(0, SGI_PONG, cpu);
        rt_printf("ping CPU %u: it saw IAR %x, pong IAR %x\n", cpu, seen_by[cpu][SGI_PING], seen_by[0][SGI_PONG]);
    }
    gic_send_sgi(SGI_BROADCAST, ((1u << ncpus) - 1) & ~1u);
    for (unsigned cpu = 1; cpu < ncpus; cpu++) wait_for(0, SGI_DONE + cpu, 1);
    for (unsigned cpu = 1; cpu < ncpus; cpu++) {
        rt_wait_cpu_off(cpu);
        rt_printf("CPU %u: broadcast IAR %x, SGIs taken %u %u %u %u, now off\n", cpu, seen_by[cpu][SGI_BROADCAST],
                  count[cpu][0], count[cpu][1], count[cpu][2], count[cpu][3]);
    }
    rt_printf("CPU 0 took %u hello, %u pong, %u %u %u done, %u broadcast\n", count[0][SGI_HELLO], count[0][SGI_PONG],
              count[0][SGI_DONE + 1], count[0][SGI_DONE + 2], count[0][SGI_DONE + 3], count[0][SGI_BROADCAST]);
    rt_printf("done\n");
}
