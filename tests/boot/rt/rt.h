// A tiny runtime for the bare-metal test images (tests/boot/README.md):
// exception frames and dispatch, PL011 output, PSCI, system registers and a
// GIC driver for the version the image is built for (GIC_VERSION 2 or 3).
#pragma once
#include "rt_asm.h"

typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long i64;

// --- exceptions --------------------------------------------------------------
struct rt_frame {
    u64 x[31];
    u64 elr;
    u64 spsr;
    u64 pad;
};
_Static_assert(sizeof(struct rt_frame) == RT_FRAME_SIZE, "rt_frame matches start.S");

// Vector entry index = offset / 0x80 (Arm ARM D1.10.2, table D1-7).
enum { RT_SYNC = 0, RT_IRQ = 1, RT_FIQ = 2, RT_SERROR = 3 };
enum { RT_CUR_SP0 = 0, RT_CUR_SPX = 4, RT_LOWER_A64 = 8, RT_LOWER_A32 = 12 };

// Handlers an image installs; kind = vector index. Unset ones end the run
// with a message. rt_sync_handler gets ESR_EL1 already read.
extern void (*rt_sync_handler)(unsigned kind, struct rt_frame* f, u64 esr);
extern void (*rt_irq_handler)(unsigned kind, struct rt_frame* f);
extern void (*rt_fiq_handler)(unsigned kind, struct rt_frame* f);

// Each image defines main (CPU 0) and, when it starts others, secondary_main.
void main(void);
void secondary_main(unsigned cpu);

// Sleep with IRQs masked until one is pending, then take it at
// rt_wait_irq_resume (start.S): the IRQ's ELR is the same on any timing.
void rt_wait_irq(void);
extern char rt_wait_irq_resume[];
extern char rt_vectors[];

// EL0 tasks: run entry(arg) at EL0t on sp_el0 until a handler calls
// rt_el0_exit(frame, status) for it (one task at a time, on CPU 0).
u64 rt_run_el0(void (*entry)(u64), void* sp_el0, u64 arg);
extern char rt_el0_return[];
static inline void rt_el0_exit(struct rt_frame* f, u64 status) {
    f->elr = (u64)rt_el0_return;
    f->spsr = 0x3c5;  // EL1h, DAIF masked
    f->x[0] = status;
}

// --- system registers --------------------------------------------------------
// Two levels so that a macro naming a register (ICC_PMR_EL1 -> S3_0_C4_C6_0)
// is expanded before it is turned into a string.
#define read_sysreg(r) read_sysreg_(r)
#define read_sysreg_(r) ({ u64 v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) write_sysreg_(r, v)
#define write_sysreg_(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((u64)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb() __asm__ volatile("dsb sy" ::: "memory")
#define irq_mask() __asm__ volatile("msr daifset, #2" ::: "memory")
#define irq_unmask() __asm__ volatile("msr daifclr, #2" ::: "memory")

static inline u32 mmio_read32(u64 a) { return *(volatile u32*)a; }
static inline void mmio_write32(u64 a, u32 v) { *(volatile u32*)a = v; }
static inline void mmio_write8(u64 a, u8 v) { *(volatile u8*)a = v; }

// --- output (PL011 data register at 0x09000000) -------------------------------
// %s %c %d %u %x %lx %ld %lu and %%, no widths: enough for these images.
void rt_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// --- PSCI over HVC #0 (Arm DEN 0022, "Power State Coordination Interface") ---
#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0xC4000003u
#define PSCI_AFFINITY_INFO 0xC4000004u
#define PSCI_SYSTEM_OFF 0x84000008u
i64 rt_psci(u64 fn, u64 a1, u64 a2, u64 a3);
__attribute__((noreturn)) void rt_system_off(void);
i64 rt_cpu_on(unsigned cpu);  // enters secondary_main(cpu) on that CPU
__attribute__((noreturn)) void rt_cpu_off(void);
void rt_wait_cpu_off(unsigned cpu);  // AFFINITY_INFO until it reports OFF
unsigned rt_cpu(void);              // MPIDR_EL1.Aff0: QEMU virt numbers CPUs so

// --- GIC (the version comes from -DGIC_VERSION=2|3) ---------------------------
#define TIMER_PPI_PHYS 30  // EL1 physical timer (QEMU virt, Linux's DT binding)
#define TIMER_PPI_VIRT 27
void gic_init_dist(void);           // CPU 0, once
void gic_init_cpu(void);            // every CPU: its interface (and redistributor)
void gic_enable(u32 intid, u8 priority);
void gic_set_pending(u32 intid);    // SPIs (32+)
u32 gic_ack(void);                  // the IAR value: INTID (GICv2 SGIs: | source CPU << 10)
void gic_eoi(u32 iar);              // writes back what gic_ack returned
#define gic_intid(iar) ((iar) & 0x3ff)
void gic_send_sgi(u32 intid, u32 cpu_mask);
void gic_set_pmr(u8 pmr);
// Group 0 as FIQ (QEMU virt has no EL3: the GIC has one security state):
// GICv2 with GICC_CTLR.FIQEn (and AckCtl, so GICC_IAR still acknowledges
// Group 1), GICv3 with ICC_IGRPEN0_EL1. Group 0 is acknowledged and ended
// with gic_ack_group0/gic_eoi_group0 (GICC_IAR/EOIR, ICC_IAR0/EOIR0_EL1).
void gic_init_fiq(void);
void gic_set_group(u32 intid, unsigned group);  // SPIs (32+)
u32 gic_ack_group0(void);
void gic_eoi_group0(u32 iar);
u32 gic_running_priority(void);

// --- small things --------------------------------------------------------------
#define barrier() __asm__ volatile("" ::: "memory")
#define READ_ONCE(x) (*(volatile __typeof__(x)*)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x)*)&(x) = (v))
