// GIC priorities: of several pending interrupts the CPU interface signals the
// highest priority (lowest value) first; the priority mask holds back those
// not strictly higher than it; the running priority is the active one's
// (GICv2 IHI 0048B 3.3, GICv3 IHI 0069 4.8). SGIs to self and an SPI made
// pending by a distributor write, all taken through rt_wait_irq.
#include "rt.h"

#define SPI 40

static u32 order[8], rpr[8], n;

static void on_irq(unsigned kind, struct rt_frame* f) {
    u32 iar = gic_ack();
    order[n] = gic_intid(iar);
    rpr[n++] = gic_running_priority();
    gic_eoi(iar);
    (void)kind, (void)f;
}

static void take(unsigned count) {
    n = 0;
    while (n < count) rt_wait_irq();  // several may be taken back to back at its resume point
    for (unsigned i = 0; i < n; i++) rt_printf("  INTID %u at running priority %x\n", order[i], rpr[i]);
}

void main(void) {
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(1, 0xa0);
    gic_enable(2, 0x40);
    gic_enable(3, 0x80);
    gic_enable(4, 0xc0);
    gic_enable(SPI, 0x60);
    rt_printf("idle running priority %x\n", gic_running_priority());

    rt_printf("SGIs 1 (0xa0), 2 (0x40), 3 (0x80), 4 (0xc0) and SPI %u (0x60) pending together\n", SPI);
    gic_send_sgi(1, 1);
    gic_send_sgi(2, 1);
    gic_send_sgi(3, 1);
    gic_send_sgi(4, 1);
    gic_set_pending(SPI);
    take(5);

    rt_printf("priority mask 0x80: SGI 2 (0x40) is taken, SGIs 3 (0x80) and 1 (0xa0) wait\n");
    gic_set_pmr(0x80);
    gic_send_sgi(1, 1);
    gic_send_sgi(3, 1);
    gic_send_sgi(2, 1);
    take(1);
    rt_printf("priority mask 0xff: the rest\n");
    gic_set_pmr(0xff);
    take(2);

    rt_printf("an SGI pended twice before it is taken is taken once\n");
    gic_send_sgi(3, 1);
    gic_send_sgi(3, 1);
    gic_send_sgi(4, 1);
    take(2);
    rt_printf("done\n");
}
