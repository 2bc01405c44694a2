// The runtime's C half: output, exception dispatch, PSCI (rt.h).
#include "rt.h"

#include <stdarg.h>

#define UART_DR 0x09000000ul  // PL011 UARTDR on QEMU virt

void (*rt_sync_handler)(unsigned, struct rt_frame*, u64);
void (*rt_irq_handler)(unsigned, struct rt_frame*);
void (*rt_fiq_handler)(unsigned, struct rt_frame*);

static void put_char(char c) { mmio_write8(UART_DR, (u8)c); }

static void put_unsigned(u64 v, unsigned base) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n) put_char(buf[--n]);
}

void rt_printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put_char(*fmt);
            continue;
        }
        int is_long = 0;
        if (fmt[1] == 'l') is_long = 1, fmt++;
        switch (*++fmt) {
            case 's':
                for (const char* s = va_arg(ap, const char*); *s; s++) put_char(*s);
                break;
            case 'c': put_char((char)va_arg(ap, int)); break;
            case 'd': {
                i64 v = is_long ? va_arg(ap, i64) : va_arg(ap, int);
                if (v < 0) put_char('-'), v = -v;
                put_unsigned((u64)v, 10);
                break;
            }
            case 'u': put_unsigned(is_long ? va_arg(ap, u64) : va_arg(ap, unsigned), 10); break;
            case 'x': put_char('0'), put_char('x'), put_unsigned(is_long ? va_arg(ap, u64) : va_arg(ap, unsigned), 16); break;
            default: put_char('%'), put_char(*fmt); break;
        }
    }
    va_end(ap);
}

static const char* const kind_names[4] = {"Synchronous", "IRQ", "FIQ", "SError"};

// Called from every vector entry (start.S).
void rt_exception(unsigned kind, struct rt_frame* f) {
    if ((kind & 3) == RT_SYNC && rt_sync_handler) {
        rt_sync_handler(kind, f, read_sysreg(esr_el1));
        return;
    }
    if ((kind & 3) == RT_IRQ && rt_irq_handler) {
        rt_irq_handler(kind, f);
        return;
    }
    if ((kind & 3) == RT_FIQ && rt_fiq_handler) {
        rt_fiq_handler(kind, f);
        return;
    }
    rt_printf("unexpected %s exception at vector %x: ESR %lx ELR %lx\n", kind_names[kind & 3], kind * 0x80,
              read_sysreg(esr_el1), f->elr);
    rt_system_off();
}

i64 rt_psci(u64 fn, u64 a1, u64 a2, u64 a3) {
    register u64 x0 __asm__("x0") = fn;
    register u64 x1 __asm__("x1") = a1;
    register u64 x2 __asm__("x2") = a2;
    register u64 x3 __asm__("x3") = a3;
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
    return (i64)x0;
}

void rt_system_off(void) {
    rt_psci(PSCI_SYSTEM_OFF, 0, 0, 0);
    for (;;) __asm__ volatile("wfi");
}

extern char rt_secondary_entry[];
i64 rt_cpu_on(unsigned cpu) { return rt_psci(PSCI_CPU_ON, cpu, (u64)rt_secondary_entry, cpu); }

void rt_cpu_off(void) {
    rt_psci(PSCI_CPU_OFF, 0, 0, 0);
    for (;;) __asm__ volatile("wfi");
}

void rt_wait_cpu_off(unsigned cpu) {
    while (rt_psci(PSCI_AFFINITY_INFO, cpu, 0, 0) != 1) {  // 1 = OFF
    }
}

unsigned rt_cpu(void) { return read_sysreg(mpidr_el1) & 0xff; }

__attribute__((weak)) void secondary_main(unsigned cpu) {
    rt_printf("cpu %u started without a secondary_main\n", cpu);
    rt_system_off();
}

// start.S: every CPU, on its own stack with VBAR_EL1 set.
void rt_cpu_main(unsigned cpu) {
    if (cpu == 0) {
        main();
        rt_system_off();
    }
    secondary_main(cpu);
    rt_cpu_off();
}
