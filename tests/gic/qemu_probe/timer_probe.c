#include <stdint.h>
#define R32(a) (*(volatile uint32_t *)(uintptr_t)(a))
static void putc_(char c) { R32(0x09000000) = c; }
static void puts_(const char *s) { while (*s) putc_(*s++); }
static void hex(const char *name, uint64_t v) {
    puts_(name); puts_("=0x");
    for (int i = 60; i >= 0; i -= 4) { int d = (v >> i) & 15; if (v >> i || i == 0) putc_(d < 10 ? '0' + d : 'a' + d - 10); }
    putc_('\n');
}
#define MRS(name) ({ uint64_t v_; __asm__ volatile("isb; mrs %0, " name : "=r"(v_)); v_; })
#define MSR(name, v) __asm__ volatile("msr " name ", %0; isb" ::"r"((uint64_t)(v)))
void main(void) {
    MSR("cntp_cval_el0", 0); MSR("cntp_ctl_el0", 1); hex("ctl_en_expired", MRS("cntp_ctl_el0"));
    MSR("cntp_ctl_el0", 0); hex("ctl_disabled_expired", MRS("cntp_ctl_el0"));
    MSR("cntp_ctl_el0", 3); hex("ctl_masked", MRS("cntp_ctl_el0"));
    MSR("cntp_ctl_el0", 0xff); hex("ctl_ff", MRS("cntp_ctl_el0"));
    uint64_t now = MRS("cntpct_el0");
    MSR("cntp_cval_el0", now + 0x100000000ull); hex("tval_far", MRS("cntp_tval_el0"));
    MSR("cntp_tval_el0", 0xffffff00); hex("cval_minus_diff", now - MRS("cntp_cval_el0"));
    hex("cntfrq", MRS("cntfrq_el0"));
    register uint64_t x0 __asm__("x0") = 0x84000008;
    __asm__ volatile("hvc #0" ::"r"(x0));
    for (;;) {}
}
