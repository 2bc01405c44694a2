// GIC driver for the images: GICv2 (GIC architecture spec IHI 0048B, ch. 4)
// or GICv3 (IHI 0069, ch. 12), picked by -DGIC_VERSION. The addresses are
// QEMU virt's (hw/arm/virt.c memory map).
#include "rt.h"

#define GICD 0x08000000ul
#define GICD_CTLR 0x000
#define GICD_IGROUPR 0x080
#define GICD_ISENABLER 0x100
#define GICD_ISPENDR 0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00

#if GIC_VERSION == 2
#define GICC 0x08010000ul
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_RPR 0x14

void gic_init_dist(void) { mmio_write32(GICD + GICD_CTLR, 1); }

void gic_init_cpu(void) {
    mmio_write32(GICC + GICC_PMR, 0xff);
    mmio_write32(GICC + GICC_BPR, 0);  // reads back as the minimum: group priority = most bits
    mmio_write32(GICC + GICC_CTLR, 1);
}

void gic_enable(u32 intid, u8 priority) {
    mmio_write8(GICD + GICD_IPRIORITYR + intid, priority);
    if (intid >= 32) mmio_write8(GICD + GICD_ITARGETSR + intid, 1);  // to CPU 0
    mmio_write32(GICD + GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

u32 gic_ack(void) { return mmio_read32(GICC + GICC_IAR); }
void gic_eoi(u32 iar) { mmio_write32(GICC + GICC_EOIR, iar); }
void gic_send_sgi(u32 intid, u32 cpu_mask) { mmio_write32(GICD + GICD_SGIR, (cpu_mask << 16) | intid); }
void gic_set_pmr(u8 pmr) { mmio_write32(GICC + GICC_PMR, pmr); }
u32 gic_running_priority(void) { return mmio_read32(GICC + GICC_RPR); }

void gic_init_fiq(void) {
    mmio_write32(GICD + GICD_CTLR, 3);         // EnableGrp0, EnableGrp1
    mmio_write32(GICC + GICC_CTLR, 0xf);       // EnableGrp0, EnableGrp1, AckCtl, FIQEn
}
u32 gic_ack_group0(void) { return gic_ack(); }
void gic_eoi_group0(u32 iar) { gic_eoi(iar); }

#elif GIC_VERSION == 3
#define GICD_CTLR_ARE 0x10
#define GICR 0x080a0000ul
#define GICR_STRIDE 0x20000ul
#define GICR_WAKER 0x14
#define GICR_SGI 0x10000ul  // the SGI_base frame
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_RPR_EL1 S3_0_C12_C11_3
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define ICC_IGRPEN0_EL1 S3_0_C12_C12_6
#define ICC_BPR0_EL1 S3_0_C12_C8_3
#define ICC_IAR0_EL1 S3_0_C12_C8_0
#define ICC_EOIR0_EL1 S3_0_C12_C8_1

static u64 redist(void) { return GICR + rt_cpu() * GICR_STRIDE; }

// Affinity routing on, both groups enabled. QEMU virt has no EL3 here, so the
// GIC has one security state (GICD_CTLR.DS reads 1) and Group 1 is IRQ.
void gic_init_dist(void) { mmio_write32(GICD + GICD_CTLR, GICD_CTLR_ARE | 0x3); }

void gic_init_cpu(void) {
    u64 rd = redist();
    mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~2u);  // ProcessorSleep = 0
    while (mmio_read32(rd + GICR_WAKER) & 4u) {                           // ChildrenAsleep
    }
    mmio_write32(rd + GICR_SGI + GICD_IGROUPR, ~0u);  // SGIs and PPIs in Group 1
    write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
    isb();
    write_sysreg(ICC_PMR_EL1, 0xff);
    write_sysreg(ICC_BPR1_EL1, 0);  // reads back as the minimum
    write_sysreg(ICC_IGRPEN1_EL1, 1);
    isb();
}

void gic_enable(u32 intid, u8 priority) {
    if (intid < 32) {
        u64 sgi = redist() + GICR_SGI;
        mmio_write8(sgi + GICD_IPRIORITYR + intid, priority);
        mmio_write32(sgi + GICD_ISENABLER, 1u << intid);
    } else {
        mmio_write32(GICD + GICD_IGROUPR + 4 * (intid / 32),
                     mmio_read32(GICD + GICD_IGROUPR + 4 * (intid / 32)) | 1u << (intid % 32));
        mmio_write8(GICD + GICD_IPRIORITYR + intid, priority);
        *(volatile u64*)(GICD + 0x6000 + 8 * intid) = 0;  // GICD_IROUTER: affinity 0.0.0.0
        mmio_write32(GICD + GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
    }
}

// An IAR value read: the INTID, ordered before what the handler does next.
static u32 acknowledged(u64 iar) {
    __asm__ volatile("dsb sy" ::: "memory");
    return iar & 0xffffff;
}
// EOIR written: the priority drop takes effect before what follows.
#define end_of_interrupt(eoir, intid) \
    do {                              \
        write_sysreg(eoir, intid);    \
        isb();                        \
    } while (0)

u32 gic_ack(void) { return acknowledged(read_sysreg(ICC_IAR1_EL1)); }
void gic_eoi(u32 intid) { end_of_interrupt(ICC_EOIR1_EL1, intid); }
void gic_send_sgi(u32 intid, u32 cpu_mask) {
    // Aff3..Aff1 = 0, TargetList = CPUs 0..15 of that cluster (IHI 0069 12.2.21).
    write_sysreg(ICC_SGI1R_EL1, ((u64)intid << 24) | cpu_mask);
    isb();
}
void gic_set_pmr(u8 pmr) {
    write_sysreg(ICC_PMR_EL1, pmr);
    isb();
}
u32 gic_running_priority(void) { return read_sysreg(ICC_RPR_EL1); }

// GICD_CTLR.DS reads 1 (no EL3): Group 0 is FIQ at EL1 once enabled.
void gic_init_fiq(void) {
    write_sysreg(ICC_BPR0_EL1, 0);
    write_sysreg(ICC_IGRPEN0_EL1, 1);
    isb();
}
u32 gic_ack_group0(void) { return acknowledged(read_sysreg(ICC_IAR0_EL1)); }
void gic_eoi_group0(u32 intid) { end_of_interrupt(ICC_EOIR0_EL1, intid); }
#else
#error "build with -DGIC_VERSION=2 or 3"
#endif

void gic_set_group(u32 intid, unsigned group) {
    u64 reg = GICD + GICD_IGROUPR + 4 * (intid / 32);
    u32 bit = 1u << (intid % 32);
    mmio_write32(reg, group ? mmio_read32(reg) | bit : mmio_read32(reg) & ~bit);
}

void gic_set_pending(u32 intid) {
    mmio_write32(GICD + GICD_ISPENDR + 4 * (intid / 32), 1u << (intid % 32));
}
