#include <stdint.h>
#define R32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define R8(a) (*(volatile uint8_t *)(uintptr_t)(a))
static void putc_(char c) { R32(0x09000000) = c; }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void hex(const char *name, uint64_t v) {
    puts_(name); puts_("=0x");
    for (int i = 60; i >= 0; i -= 4) { int d = (v >> i) & 15; if (v >> i || i == 0) putc_(d < 10 ? '0' + d : 'a' + d - 10); }
    putc_('\n');
}
#define GICD 0x08000000
#define GICC 0x08010000
#define GICR 0x080A0000
#define SGI (GICR + 0x10000)
#define MRS(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " name : "=r"(v_)); v_; })
#define MSR(name, v) __asm__ volatile("msr " name ", %0; isb" ::"r"((uint64_t)(v)))
void main(void) {
#ifdef V3
    hex("GICD_CTLR", R32(GICD)); hex("GICD_TYPER", R32(GICD + 4)); hex("GICD_PIDR2", R32(GICD + 0xffe8));
    hex("GICR_TYPER_lo", R32(GICR + 8)); hex("GICR_TYPER_hi", R32(GICR + 12)); hex("GICR_WAKER", R32(GICR + 0x14));
    hex("GICR_PIDR2", R32(GICR + 0xffe8));
    hex("GICR_ICFGR0", R32(SGI + 0xc00)); hex("GICR_ICFGR1", R32(SGI + 0xc04));
    R32(GICR + 0x14) = 0; hex("GICR_WAKER2", R32(GICR + 0x14));
    hex("ICC_SRE", MRS("S3_0_C12_C12_5")); hex("ICC_CTLR", MRS("S3_0_C12_C12_4"));
    hex("ICC_BPR0", MRS("S3_0_C12_C8_3")); hex("ICC_BPR1", MRS("S3_0_C12_C12_3"));
    MSR("S3_0_C4_C6_0", 0xff); hex("ICC_PMR", MRS("S3_0_C4_C6_0"));
    hex("ICC_RPR", MRS("S3_0_C12_C11_3")); hex("IAR1_none", MRS("S3_0_C12_C12_0"));
    R32(GICD) = 3 | 0x10; hex("GICD_CTLR2", R32(GICD));
    R32(GICD + 0x80 + 4) = ~0u;  /* SPIs 32-63 group 1 */
    R8(GICD + 0x400 + 40) = 0xff; hex("IPRIO_ff", R8(GICD + 0x400 + 40));
    R8(GICD + 0x400 + 40) = 0x50; R8(GICD + 0x400 + 41) = 0x40;
    *(volatile uint64_t *)(GICD + 0x6000 + 8 * 40) = 0; *(volatile uint64_t *)(GICD + 0x6000 + 8 * 41) = 0;
    hex("IROUTER40", *(volatile uint64_t *)(GICD + 0x6000 + 8 * 40));
    R32(GICD + 0x100 + 4) = 3 << 8;
    MSR("S3_0_C12_C12_7", 1);
    MSR("S3_0_C12_C12_3", 5); hex("ICC_BPR1_5", MRS("S3_0_C12_C12_3"));
    R32(GICD + 0x200 + 4) = 1 << 8;
    hex("IAR1_a", MRS("S3_0_C12_C12_0")); hex("RPR_a", MRS("S3_0_C12_C11_3"));
    R32(GICD + 0x200 + 4) = 1 << 9;
    hex("HPPIR1", MRS("S3_0_C12_C12_2")); hex("IAR1_b", MRS("S3_0_C12_C12_0"));
    MSR("S3_0_C12_C12_3", 4); hex("IAR1_c", MRS("S3_0_C12_C12_0")); hex("RPR_c", MRS("S3_0_C12_C11_3"));
    MSR("S3_0_C12_C12_1", 41); hex("RPR_d", MRS("S3_0_C12_C11_3"));
    MSR("S3_0_C12_C12_1", 40); hex("RPR_e", MRS("S3_0_C12_C11_3"));
    /* SGI to self via IRM=0, Aff0 list bit 0 */
    R32(SGI + 0x100) = 0xffff; R32(SGI + 0x80) = 0xffffffff;
    MSR("S3_0_C12_C11_5", (3ull << 24) | 1); hex("IAR1_sgi", MRS("S3_0_C12_C12_0"));
    hex("GICR_ISPENDR0", R32(SGI + 0x200));
#else
    hex("GICD_TYPER", R32(GICD + 4)); hex("GICD_IIDR", R32(GICD + 8)); hex("ICPIDR2", R32(GICD + 0xfe8));
    hex("ITARGETSR0", R32(GICD + 0x800)); hex("ICFGR0", R32(GICD + 0xc00)); hex("ICFGR1", R32(GICD + 0xc04));
    hex("GICC_IIDR", R32(GICC + 0xfc)); hex("GICC_BPR", R32(GICC + 8)); hex("GICC_ABPR", R32(GICC + 0x1c));
    hex("GICC_PMR0", R32(GICC + 4));
    R32(GICC + 4) = 0xff; hex("GICC_PMR", R32(GICC + 4));
    R8(GICD + 0x400 + 40) = 0xff; hex("IPRIO_ff", R8(GICD + 0x400 + 40));
    hex("RPR_idle", R32(GICC + 0x14)); hex("IAR_none", R32(GICC + 0xc));
    R32(GICD) = 1; R32(GICC) = 1;
    R8(GICD + 0x400 + 40) = 0x44; R8(GICD + 0x400 + 41) = 0x40;
    R8(GICD + 0x800 + 40) = 1; R8(GICD + 0x800 + 41) = 1;
    R32(GICD + 0x100 + 4) = 3 << 8;
    R32(GICC + 8) = 2; hex("GICC_BPR2", R32(GICC + 8));
    R32(GICD + 0x200 + 4) = 1 << 8;
    hex("IAR_a", R32(GICC + 0xc)); hex("RPR_a", R32(GICC + 0x14));
    R32(GICD + 0x200 + 4) = 1 << 9;
    hex("HPPIR", R32(GICC + 0x18)); hex("IAR_b", R32(GICC + 0xc));
    R32(GICC + 8) = 1; hex("IAR_c", R32(GICC + 0xc)); hex("RPR_c", R32(GICC + 0x14));
    R32(GICC + 0x10) = 41; hex("RPR_d", R32(GICC + 0x14));
    R32(GICC + 0x10) = 40; hex("RPR_e", R32(GICC + 0x14));
    R32(GICD + 0x100) = 0xffff;
    R32(GICD + 0xf00) = (2u << 24) | 5; hex("SPENDSGIR1", R32(GICD + 0xf24)); hex("IAR_sgi", R32(GICC + 0xc));
    R32(GICD + 0xf00) = (1u << 16) | 6; hex("SPENDSGIR1b", R32(GICD + 0xf24));
    hex("ISPENDR0", R32(GICD + 0x200));
    R32(GICD + 0x280) = 0xffffffff; hex("ISPENDR0_after_ic", R32(GICD + 0x200));
#endif
    register uint64_t x0 __asm__("x0") = 0x84000008;
    __asm__ volatile("hvc #0" ::"r"(x0));
    for (;;) {}
}
