/*
 * The GIC and the EL1 virtual timer (Arm ARM D11). Either GIC of QEMU's
 * virt board, picked at boot from ID_AA64PFR0_EL1.GIC:
 *  - GICv2 (IHI 0048, chapter 4): distributor + memory-mapped CPU interface;
 *    SGIs and PPIs are banked in the distributor.
 *  - GICv3 (IHI 0069, chapter 12) with affinity routing and one security
 *    state (no EL3 on virt): SGIs and PPIs live in each CPU's redistributor,
 *    SPIs are routed by affinity, the CPU interface is the ICC_* system
 *    registers. Everything is Group 1 (IRQ, not FIQ).
 * The per-interrupt handling above the GIC is the same for both.
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

#define GICD_IGROUPR		0x080
#define GICD_IROUTER		0x6000		/* GICv3, 64 bits per SPI */
#define GICD_CTLR_ARE		(1u << 4)	/* GICv3 (DS = 1): affinity routing */

#define GICR_TYPER		0x0008		/* [63:32] the CPU's affinity, [4] Last */
#define GICR_WAKER		0x0014		/* [1] ProcessorSleep, [2] ChildrenAsleep */
#define GICR_STRIDE		0x20000		/* RD_base + SGI_base frames */
#define GICR_SGI_BASE		0x10000		/* the SGI/PPI registers, at GICD offsets */

#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_SGI1R_EL1		S3_0_C12_C11_5
#define ICC_SRE_EL1		S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7

#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10

#define IRQ_PRIORITY		0xa0
#define SPURIOUS_IRQ		1020

static int gic_v3;		/* set once by gic_dist_init() on the boot CPU */
static unsigned long gicr_sgi[NR_CPUS];	/* each CPU's redistributor SGI_base (GICv3) */

static inline volatile u32 *gicd(u32 off) { return (volatile u32 *)(GICD_BASE + off); }
static inline volatile u32 *gicc(u32 off) { return (volatile u32 *)(GICC_BASE + off); }

/* This CPU's SGI/PPI registers: banked in the distributor, or its redistributor. */
static inline volatile u32 *gic_banked(u32 off)
{
	if (gic_v3)
		return (volatile u32 *)(gicr_sgi[smp_processor_id()] + off);
	return gicd(off);
}

/* The redistributor whose GICR_TYPER affinity is this CPU's MPIDR (IHI 0069 9.1). */
static unsigned long gicr_find(void)
{
	u64 aff = read_sysreg(mpidr_el1);
	unsigned long rd = GICR_BASE;

	aff = (aff & 0xffffff) | ((aff >> 32 & 0xff) << 24);
	for (;;) {
		u64 typer = *(volatile u64 *)(rd + GICR_TYPER);

		if (typer >> 32 == aff)
			return rd;
		if (typer & (1u << 4)) {	/* Last: the board has none for us */
			printk("irqsim: no GICv3 redistributor for MPIDR %lx\n", read_sysreg(mpidr_el1));
			printk("irqsim: result FAIL\n");
			system_off();
		}
		rd += GICR_STRIDE;
	}
}

/* One byte of a byte-per-interrupt register array, written as a 32-bit word. */
static void set_byte(volatile u32 *array, int irq, u8 val)
{
	volatile u32 *reg = array + irq / 4;
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

	gic_v3 = (read_sysreg(id_aa64pfr0_el1) >> 24 & 0xf) != 0;
	*gicd(GICD_CTLR) = 0;
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		for_each_irq_source(i, src) {
			if (!is_spi_source(src))
				continue;
			irq = SOURCE_SPI(cpu, i);
			set_byte(gicd(GICD_IPRIORITYR), irq, (u8)src->priority);
			if (gic_v3) {
				/* Group 1; routed to Aff0 = cpu, as virt numbers its CPUs */
				*gicd(GICD_IGROUPR + (irq / 32) * 4) |= 1u << (irq % 32);
				*(volatile u64 *)(GICD_BASE + GICD_IROUTER + 8 * irq) = (u64)cpu;
			} else {
				set_byte(gicd(GICD_ITARGETSR), irq, 1 << cpu);
			}
			/* edge-triggered (Int_config 0b10), so a write to ISPENDR is one event */
			*gicd(GICD_ICFGR + (irq / 16) * 4) |= 2u << ((irq % 16) * 2);
			*gicd(GICD_ISENABLER + (irq / 32) * 4) = 1u << (irq % 32);
		}
	}
	*gicd(GICD_CTLR) = gic_v3 ? GICD_CTLR_ARE | 2 : 1;	/* v3: EnableGrp1 is bit 1 */
}

/* GICv3: wake this CPU's redistributor, then turn on the system-register interface. */
static void gicv3_cpu_interface_init(int cpu)
{
	unsigned long rd = gicr_find();
	volatile u32 *waker = (volatile u32 *)(rd + GICR_WAKER);

	gicr_sgi[cpu] = rd + GICR_SGI_BASE;
	*waker &= ~2u;			/* ProcessorSleep = 0 */
	while (*waker & 4u)		/* ChildrenAsleep */
		cpu_relax();
	*gic_banked(GICD_IGROUPR) = ~0u;	/* SGIs and PPIs: Group 1 */
	write_sysreg(read_sysreg(ICC_SRE_EL1) | 1, ICC_SRE_EL1);
	isb();
}

/* Banked per CPU: SGI/PPI priorities and enables, and the CPU interface. */
void gic_cpu_init(int cpu)
{
	const struct irqsim_irq_source *timer = find_source(IRQSIM_IRQ_TIMER);
	const struct irqsim_irq_source *resched = find_source(IRQSIM_IRQ_RESCHEDULE);

	if (gic_v3)
		gicv3_cpu_interface_init(cpu);
	for (int irq = 0; irq < 32; irq += 4)
		*gic_banked(GICD_IPRIORITYR + irq) = IRQ_PRIORITY * 0x01010101u;
	set_byte(gic_banked(GICD_IPRIORITYR), TIMER_PPI, (u8)timer->priority);
	if (resched)
		set_byte(gic_banked(GICD_IPRIORITYR), SGI_RESCHEDULE, (u8)resched->priority);
	*gic_banked(GICD_ISENABLER) = (1u << SGI_RESCHEDULE) | (1u << TIMER_PPI);
	if (gic_v3) {
		write_sysreg(0xf0, ICC_PMR_EL1);
		write_sysreg(0, ICC_BPR1_EL1);
		write_sysreg(1, ICC_IGRPEN1_EL1);
		isb();
		return;
	}
	*gicc(GICC_PMR) = 0xf0;
	*gicc(GICC_BPR) = 0;
	*gicc(GICC_CTLR) = 1;
}

void gic_cpu_exit(void)
{
	if (gic_v3) {
		write_sysreg(0, ICC_IGRPEN1_EL1);
		isb();
		return;
	}
	*gicc(GICC_CTLR) = 0;
}

void gic_send_sgi(int cpu, int sgi)
{
	dsb(ish);	/* the flag the SGI announces is visible first */
	if (gic_v3) {
		/* INTID [27:24], Aff1..3 = 0, TargetList [15:0]: Aff0 = cpu */
		write_sysreg(((u64)sgi << 24) | (1u << cpu), ICC_SGI1R_EL1);
		isb();
		return;
	}
	*gicd(GICD_SGIR) = (1u << (16 + cpu)) | (u32)sgi;
}

void gic_raise_spi(int irq)
{
	*gicd(GICD_ISPENDR + (irq / 32) * 4) = 1u << (irq % 32);
}

static u32 gic_ack(void)
{
	if (gic_v3) {
		u32 iar = (u32)read_sysreg(ICC_IAR1_EL1);

		dsb(sy);	/* the acknowledge completes before the handler's accesses */
		return iar;
	}
	return *gicc(GICC_IAR);
}

static void gic_eoi(u32 iar)
{
	if (gic_v3) {
		write_sysreg(iar, ICC_EOIR1_EL1);
		isb();		/* the priority drop is seen before what follows */
		return;
	}
	*gicc(GICC_EOIR) = iar;
}

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
