/*
 * GICv2 (distributor + memory-mapped CPU interface, GIC architecture
 * specification v2, chapter 4) and the EL1 virtual timer (Arm ARM D11).
 */
#include <kernel.h>

#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_ISPENDR		0x200
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800
#define GICD_ICFGR		0xc00
#define GICD_SGIR		0xf00

#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10

#define IRQ_PRIORITY		0xa0
#define SPURIOUS_IRQ		1020

static inline volatile u32 *gicd(u32 off) { return (volatile u32 *)(GICD_BASE + off); }
static inline volatile u32 *gicc(u32 off) { return (volatile u32 *)(GICC_BASE + off); }

/* One byte of a byte-per-interrupt register array, written as a 32-bit word. */
static void gicd_set_byte(u32 base, int irq, u8 val)
{
	volatile u32 *reg = gicd(base + (irq & ~3));
	int shift = (irq & 3) * 8;

	*reg = (*reg & ~(0xffu << shift)) | ((u32)val << shift);
}

void gic_dist_init(void)
{
	int irq, cpu;

	*gicd(GICD_CTLR) = 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		int spis[2] = { NET_IRQ(cpu), USB_IRQ(cpu) };

		for (int i = 0; i < 2; i++) {
			irq = spis[i];
			gicd_set_byte(GICD_IPRIORITYR, irq, IRQ_PRIORITY);
			gicd_set_byte(GICD_ITARGETSR, irq, 1 << cpu);
			/* edge-triggered (Int_config 0b10), so a write to ISPENDR is one event */
			*gicd(GICD_ICFGR + (irq / 16) * 4) |= 2u << ((irq % 16) * 2);
			*gicd(GICD_ISENABLER + (irq / 32) * 4) = 1u << (irq % 32);
		}
	}
	*gicd(GICD_CTLR) = 1;
}

/* Banked per CPU: SGI/PPI priorities and enables, and the CPU interface. */
void gic_cpu_init(int cpu)
{
	for (int irq = 0; irq < 32; irq += 4)
		*gicd(GICD_IPRIORITYR + irq) = IRQ_PRIORITY * 0x01010101u;
	*gicd(GICD_ISENABLER) = (1u << SGI_RESCHEDULE) | (1u << TIMER_PPI);
	*gicc(GICC_PMR) = 0xf0;
	*gicc(GICC_BPR) = 0;
	*gicc(GICC_CTLR) = 1;
}

void gic_cpu_exit(void)
{
	*gicc(GICC_CTLR) = 0;
}

void gic_send_sgi(int cpu, int sgi)
{
	dsb(ish);	/* the flag the SGI announces is visible first */
	*gicd(GICD_SGIR) = (1u << (16 + cpu)) | (u32)sgi;
}

void gic_raise_spi(int irq)
{
	*gicd(GICD_ISPENDR + (irq / 32) * 4) = 1u << (irq % 32);
}

static u32 gic_ack(void) { return *gicc(GICC_IAR); }
static void gic_eoi(u32 iar) { *gicc(GICC_EOIR) = iar; }

/* --- the EL1 virtual timer: CNTV_CTL_EL0.ENABLE, interrupt not masked --- */
static void timer_program(void)
{
	u32 period = irqsim_workload.timer_period;

	if (irqsim_workload.timer_jitter)
		period += (u32)(prandom() % irqsim_workload.timer_jitter);
	write_sysreg(period, cntv_tval_el0);
	write_sysreg(1, cntv_ctl_el0);
	isb();
}

void timer_init_cpu(void)
{
	timer_program();
}

void timer_stop_cpu(void)
{
	write_sysreg(0, cntv_ctl_el0);
	isb();
}

static void handle_timer(void)
{
	int cpu = smp_processor_id();

	timer_program();
	if (cpu == 0)
		irqsim_report.ticks++;
	scheduler_tick();
	if (chance(irqsim_workload.softirq_permille))
		raise_softirq(SOFTIRQ_TIMER);
	if (chance(irqsim_workload.device_irq_permille))
		gic_raise_spi(prandom() & 1 ? NET_IRQ(cpu) : USB_IRQ(cpu));
	handler_work(irqsim_workload.handler_depth, irqsim_workload.handler_frame_bytes);
}

static void handle_irq(int irq)
{
	int cpu = smp_processor_id();

	if (irq == TIMER_PPI) {
		handle_timer();
	} else if (irq == SGI_RESCHEDULE) {
		/* the waker set TIF_NEED_RESCHED; the way out acts on it */
		this_report()->sgis++;
		handler_work(1, irqsim_workload.handler_frame_bytes);
	} else if (irq == NET_IRQ(cpu)) {
		handler_work(irqsim_workload.handler_depth, irqsim_workload.handler_frame_bytes);
		raise_softirq(SOFTIRQ_NET_RX);
	} else if (irq == USB_IRQ(cpu)) {
		handler_work(irqsim_workload.handler_depth, irqsim_workload.handler_frame_bytes);
		if (chance(irqsim_workload.softirq_permille))
			raise_softirq(SOFTIRQ_TIMER);
	}
}

/* Acknowledge, handle and end every pending interrupt. */
void gic_handle_irqs(void)
{
	for (;;) {
		u32 iar = gic_ack();
		int irq = iar & 0x3ff;

		if (irq >= SPURIOUS_IRQ)
			break;
		handle_irq(irq);
		gic_eoi(iar);
	}
}
