// PMCCNTR_EL0 and the cycle-driven clock on `irqsim boot`, from the guest's
// side (tests/cycles/test_pmu_clock.cpp reads what it prints and holds it to
// the Arm ARM, llvm-mca-14 and first principles). The PMU is set up as real
// software must (DDI 0487 D7.4, D13.3): PMCNTENSET_EL0.C enables the cycle
// counter, PMCR_EL0.E enables the PMU, PMCR_EL0.C zeroes the counter.
#include "rt.h"
#include "timer.h"

#define PMCR_E 1ul
#define PMCR_C 4ul
#define PMCNTEN_C (1ul << 31)

static inline u64 pmccntr(void) { return read_sysreg(pmccntr_el0); }

// Work the counter can see.
static void burn(unsigned n) {
    for (volatile unsigned i = 0; i < n; i++) {
    }
}

// A straight-line chain of N dependent instructions between two PMCCNTR_EL0
// reads (the host gives llvm-mca-14 the same N lines), after ISBs as
// benchmark code does so that older work cannot overlap it (the ISB's own
// cost drops out of the host's difference of two N). The caller runs each
// twice and keeps the second count: the first pays the instruction-cache
// misses. Not inlined, so both runs are the same code.
#define CHAIN(name, insn, n)                                                                             \
    __attribute__((noinline)) static u64 name(void) {                                                    \
        u64 a, b, x = 1, y = 3;                                                                          \
        __asm__ volatile("isb\nmrs %0, pmccntr_el0\nisb\n.rept " #n "\n" insn "\n.endr\nmrs %1, pmccntr_el0" \
                         : "=&r"(a), "=&r"(b), "+r"(x)                                                   \
                         : "r"(y));                                                                      \
        return b - a;                                                                                    \
    }
static u64 warm(u64 (*chain)(void)) {
    chain();
    return chain();
}
CHAIN(add_100, "add %2, %2, #1", 100)
CHAIN(add_300, "add %2, %2, #1", 300)
CHAIN(mul_100, "mul %2, %2, %3", 100)
CHAIN(mul_300, "mul %2, %2, %3", 300)

static volatile u64 irq_cycles, irq_ticks;
static void on_irq(unsigned kind, struct rt_frame* f) {
    irq_cycles = pmccntr();
    irq_ticks = read_sysreg(cntvct_el0);
    timer_on_irq(kind, f);
}

void main(void) {
    // Enable the cycle counter, then the PMU, zeroing the count.
    write_sysreg(pmcntenset_el0, PMCNTEN_C);
    write_sysreg(pmcr_el0, PMCR_E | PMCR_C);
    isb();
    rt_printf("pmcr %lx pmcntenset %lx\n", read_sysreg(pmcr_el0), read_sysreg(pmcntenset_el0));

    // PMCR_EL0.C resets the count.
    burn(1000);
    u64 before = pmccntr();
    write_sysreg(pmcr_el0, PMCR_E | PMCR_C);
    isb();
    u64 after = pmccntr();
    rt_printf("reset: before %lu after %lu\n", before, after);

    // A written value sticks and counting goes on from it.
    write_sysreg(pmccntr_el0, 1ul << 40);
    isb();
    u64 written = pmccntr();
    rt_printf("write: %lu\n", written - (1ul << 40));

    // PMCNTENCLR_EL0.C stops it; PMCNTENSET_EL0.C starts it again.
    write_sysreg(pmcntenclr_el0, PMCNTEN_C);
    isb();
    u64 stopped0 = pmccntr();
    burn(1000);
    u64 stopped1 = pmccntr();
    write_sysreg(pmcntenset_el0, PMCNTEN_C);
    isb();
    burn(100);
    rt_printf("stopped: %lu %lu then %lu\n", stopped0, stopped1, pmccntr());

    // Monotonic over many reads with work between them.
    unsigned decreases = 0;
    u64 last = pmccntr();
    for (unsigned i = 0; i < 1000; i++) {
        burn(i % 7);
        u64 now = pmccntr();
        decreases += now < last;
        last = now;
    }
    rt_printf("monotonic: %u decreases in 1000 reads\n", decreases);

    rt_printf("chain add 100: %lu\n", warm(add_100));
    rt_printf("chain add 300: %lu\n", warm(add_300));
    rt_printf("chain mul 100: %lu\n", warm(mul_100));
    rt_printf("chain mul 300: %lu\n", warm(mul_300));

    // The generic timer's count against the cycle count over a loop of a
    // known number of instructions: 1 (mov) + 2000 * 22 + 2 (the reads
    // after t0 up to t1, t1's own included as QEMU's -icount counts it).
    u64 c0, t0, c1, t1, k = 2000, acc = 0;
    __asm__ volatile(
        "mrs %0, pmccntr_el0\n"
        "mrs %1, cntvct_el0\n"
        "mov x9, %5\n"
        "1:\n.rept 20\nadd %4, %4, #1\n.endr\n"
        "subs x9, x9, #1\n"
        "b.ne 1b\n"
        "mrs %2, pmccntr_el0\n"
        "mrs %3, cntvct_el0\n"
        : "=&r"(c0), "=&r"(t0), "=&r"(c1), "=&r"(t1), "+r"(acc)
        : "r"(k)
        : "x9", "cc");
    rt_printf("clock: cycles %lu ticks %lu insns %lu\n", c1 - c0, t1 - t0, 1 + k * 22 + 2);

    // The virtual timer 500 ticks ahead, interrupting a busy loop: the IRQ
    // is taken when the count reaches CVAL. Twice; the second is printed
    // (the first runs the vectors and the handler with cold caches).
    rt_irq_handler = on_irq;
    gic_init_dist();
    gic_init_cpu();
    gic_enable(TIMER_PPI_VIRT, 0x80);
    u64 ticks = 500;
    for (int pass = 0; pass < 2; pass++) {
        irq_cycles = 0;
        u64 start_cycles = pmccntr(), start_ticks = read_sysreg(cntvct_el0);
        write_sysreg(cntv_cval_el0, start_ticks + ticks);
        write_sysreg(cntv_ctl_el0, 1);
        isb();
        irq_unmask();
        u64 spins = 0;
        while (!irq_cycles) spins++;
        irq_mask();
        if (pass == 1)
            rt_printf("timer: ticks %lu intid %u cycles %lu at %lu spins %lu\n", ticks, timer_last_intid,
                      irq_cycles - start_cycles, irq_ticks - start_ticks, spins);
    }
    rt_printf("done\n");
}
