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

#define for_each_irq_source(i, src)						\
	for (u32 i = 0; i < irqsim_workload.nr_irq_sources &&			\
	     ((src) = &irqsim_workload.irq_sources[i], 1); i++)

static int is_spi_source(const struct irqsim_irq_source *src)
{
	return src->kind == IRQSIM_IRQ_NETWORK || src->kind == IRQSIM_IRQ_USB;
}

/* The workload's source of `kind` (timer, reschedule: one each), or NULL. */
static const struct irqsim_irq_source *find_source(u32 kind)
{
	const struct irqsim_irq_source *src;

	for_each_irq_source(i, src)
		if (src->kind == kind)
			return src;
	return NULL;
}

void gic_dist_init(void)
{
	const struct irqsim_irq_source *src;
	int irq, cpu;

	*gicd(GICD_CTLR) = 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		for_each_irq_source(i, src) {
			if (!is_spi_source(src))
				continue;
			irq = SOURCE_SPI(cpu, i);
			gicd_set_byte(GICD_IPRIORITYR, irq, (u8)src->priority);
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
	const struct irqsim_irq_source *timer = find_source(IRQSIM_IRQ_TIMER);
	const struct irqsim_irq_source *resched = find_source(IRQSIM_IRQ_RESCHEDULE);

	for (int irq = 0; irq < 32; irq += 4)
		*gicd(GICD_IPRIORITYR + irq) = IRQ_PRIORITY * 0x01010101u;
	gicd_set_byte(GICD_IPRIORITYR, TIMER_PPI, (u8)timer->priority);
	if (resched)
		gicd_set_byte(GICD_IPRIORITYR, SGI_RESCHEDULE, (u8)resched->priority);
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
	const struct irqsim_irq_source *timer = find_source(IRQSIM_IRQ_TIMER);
	u32 period = timer->period;

	if (timer->jitter)
		period += (u32)(prandom() % timer->jitter);
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

/*
 * Raise each SPI source on this CPU with its chance: per timer tick
 * (rate_permille) or per NET_RX softirq run (from_softirq_permille, arriving
 * at once on the softirq's stack).
 */
void gic_raise_sources(int from_softirq)
{
	const struct irqsim_irq_source *src;
	int cpu = smp_processor_id();

	for_each_irq_source(i, src)
		if (is_spi_source(src) &&
		    chance(from_softirq ? src->from_softirq_permille : src->rate_permille))
			gic_raise_spi(SOURCE_SPI(cpu, i));
}

/* Some source fires from a NET_RX softirq (a nested IRQ) and something raises NET_RX. */
int nested_irqs_expected(void)
{
	const struct irqsim_irq_source *src;
	int from_softirq = 0, net_rx = 0;

	for_each_irq_source(i, src) {
		from_softirq |= is_spi_source(src) && src->from_softirq_permille;
		net_rx |= src->kind == IRQSIM_IRQ_NETWORK && src->rate_permille;
	}
	return from_softirq && net_rx;
}

/*
 * The handler's own work. A preemptible handler runs it with IRQs unmasked,
 * before its EOI: the GIC's running priority is this source's, so only a
 * source of higher priority preempts it (a nested IRQ).
 */
static void run_handler(const struct irqsim_irq_source *src)
{
	if (src->flags & IRQSIM_IRQ_PREEMPTIBLE)
		local_irq_enable();
	handler_work(src->handler_depth, src->handler_frame_bytes);
	if (src->flags & IRQSIM_IRQ_PREEMPTIBLE)
		local_irq_disable();
}

static void handle_timer(const struct irqsim_irq_source *src)
{
	int cpu = smp_processor_id();

	timer_program();
	/* max_ticks: from here on every task ends at its next syscall */
	if (cpu == 0 && ++irqsim_report.ticks == irqsim_workload.max_ticks)
		WRITE_ONCE(ticks_ran_out, 1);
	scheduler_tick();
	if (chance(irqsim_workload.softirq_permille))
		raise_softirq(SOFTIRQ_TIMER);
	gic_raise_sources(0);
	run_handler(src);
}

/* The source behind `irq` on this CPU, or NULL. */
static const struct irqsim_irq_source *irq_to_source(int irq, int cpu)
{
	u32 i = (u32)irq - SOURCE_SPI(cpu, 0);

	if (irq == TIMER_PPI)
		return find_source(IRQSIM_IRQ_TIMER);
	if (irq == SGI_RESCHEDULE)
		return find_source(IRQSIM_IRQ_RESCHEDULE);
	if (i < irqsim_workload.nr_irq_sources && is_spi_source(&irqsim_workload.irq_sources[i]))
		return &irqsim_workload.irq_sources[i];
	return NULL;
}

static void handle_irq(int irq)
{
	const struct irqsim_irq_source *src = irq_to_source(irq, smp_processor_id());

	if (irq == SGI_RESCHEDULE) {
		/* the waker set TIF_NEED_RESCHED; the way out acts on it */
		this_report()->sgis++;
		if (!src) {
			handler_work(1, 16);
			return;
		}
	}
	if (!src)
		return;
	switch (src->kind) {
	case IRQSIM_IRQ_TIMER:
		handle_timer(src);
		break;
	case IRQSIM_IRQ_NETWORK:
		run_handler(src);
		raise_softirq(SOFTIRQ_NET_RX);
		break;
	case IRQSIM_IRQ_USB:
		run_handler(src);
		if (chance(irqsim_workload.softirq_permille))
			raise_softirq(SOFTIRQ_TIMER);
		break;
	case IRQSIM_IRQ_RESCHEDULE:
		run_handler(src);
		break;
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
