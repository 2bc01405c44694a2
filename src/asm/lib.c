/*
 * Library: UART output and printk, memcpy/memset, the per-CPU PRNG, a bump
 * page allocator, stack painting, PSCI calls.
 */
#include <stdarg.h>
#include <kernel.h>

/* --- PL011 UART: DR at +0x00, FR at +0x18 (TXFF is bit 5) --- */
#define UART_DR		0x00
#define UART_FR		0x18
#define UART_FR_TXFF	(1 << 5)

static spinlock_t printk_lock;

void uart_putc(char c)
{
	volatile u32 *uart = (volatile u32 *)UART_BASE;

	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (u8)c;
}

static void put_num(u64 v, unsigned int base, int width, char pad)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n < width--)
		uart_putc(pad);
	while (n)
		uart_putc(buf[--n]);
}

/* %d %u %x %s %c with optional width, zero padding and l/ll. */
static void vprintk(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int width = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			if (*fmt == '\n')
				uart_putc('\r');
			uart_putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0) {
				uart_putc('-');
				v = -v;
			}
			put_num((u64)v, 10, width, pad);
			break;
		}
		case 'u':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 10, width, pad);
			break;
		case 'x':
			put_num(lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 16, width, pad);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			while (*s)
				uart_putc(*s++);
			break;
		}
		case 'c':
			uart_putc((char)va_arg(ap, int));
			break;
		default:
			uart_putc(*fmt);
		}
	}
}

void printk(const char *fmt, ...)
{
	unsigned long flags = local_irq_save();
	va_list ap;

	spin_lock(&printk_lock);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	spin_unlock(&printk_lock);
	local_irq_restore(flags);
}

/*
 * The compiler may turn struct copies and loops into calls to these; they are
 * built with -fno-tree-loop-distribute-patterns so they do not call themselves.
 */
/*
 * memcpy/memset a doubleword pair at a time, as arch/arm64/lib/memcpy.S and
 * memset.S do with ldp/stp: a byte loop would make every on-stack array a
 * store per byte, which no kernel pays (and it would dominate the handler's
 * instruction count). Accesses stay naturally aligned: with the MMU off all
 * data accesses are Device-nGnRnE, where an unaligned access faults.
 */
void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	if ((((unsigned long)dp ^ (unsigned long)sp) & 7) == 0) {
		while (n && ((unsigned long)dp & 7)) {
			*dp++ = *sp++;
			n--;
		}
		for (; n >= 16; n -= 16, dp += 16, sp += 16) {
			u64 a = ((const u64 *)sp)[0], b = ((const u64 *)sp)[1];

			((u64 *)dp)[0] = a;
			((u64 *)dp)[1] = b;
		}
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;
	u64 v = 0x0101010101010101ull * (u8)c;

	while (n && ((unsigned long)dp & 7)) {
		*dp++ = (u8)c;
		n--;
	}
	for (; n >= 16; n -= 16, dp += 16) {
		((u64 *)dp)[0] = v;
		((u64 *)dp)[1] = v;
	}
	while (n--)
		*dp++ = (u8)c;
	return d;
}

/* --- xorshift64* per CPU, seeded from the workload --- */
DEFINE_PER_CPU(u64, prng_state);

u64 prandom(void)
{
	return xorshift64star(this_cpu_ptr(&prng_state));
}

int chance(u32 permille)
{
	return permille && (prandom() >> 11) % 1000 < permille;
}

/* --- memory: a bump allocator over the RAM after the image --- */
extern char _end[];
#define HEAP_SIZE	(8UL << 20)
static unsigned long heap_next;
static spinlock_t heap_lock;

void *alloc_pages_aligned(size_t size, size_t align)
{
	unsigned long p;

	spin_lock(&heap_lock);
	if (!heap_next)
		heap_next = (unsigned long)_end;
	p = (heap_next + align - 1) & ~(align - 1);
	heap_next = p + size;
	spin_unlock(&heap_lock);
	if (heap_next > (unsigned long)_end + HEAP_SIZE) {
		printk("out of memory\n");
		system_off();
	}
	memset((void *)p, 0, size);
	return (void *)p;
}

/*
 * A stack of `size` (<= THREAD_SIZE) at a STACK_ALIGN boundary, painted. With
 * CONFIG_VMAP_STACK it is the top `size` bytes of a THREAD_SIZE slot, and the
 * THREAD_SIZE below the slot is a guard nothing else uses.
 */
void *alloc_stack(size_t size)
{
#ifdef CONFIG_VMAP_STACK
	u8 *block = alloc_pages_aligned(3 * THREAD_SIZE, STACK_ALIGN);

	paint_stack(block + THREAD_SIZE, THREAD_SIZE);	/* the guard, to see how far an overflow went */
	block += 3 * THREAD_SIZE - size;
#else
	u8 *block = alloc_pages_aligned(size, STACK_ALIGN);
#endif
	paint_stack(block, size);
	return block;
}

/* Stacks are painted so their high-water mark can be read back at the end. */
#define STACK_PAINT	0x5a

void paint_stack(void *base, size_t size)
{
	memset(base, STACK_PAINT, size);
}

/* Bytes used from the top: the lowest byte above `skip` that is not paint. */
u32 stack_used(const void *base, size_t size, size_t skip)
{
	const u8 *p = (const u8 *)base + skip;
	const u8 *top = (const u8 *)base + size;

	while (p < top && *p == STACK_PAINT)
		p++;
	return (u32)(top - p);
}

/* --- PSCI 0.2 over HVC (SMC Calling Convention: x4-x17 may be clobbered) --- */
#define PSCI_CPU_OFF	0x84000002UL
#define PSCI_SYSTEM_OFF	0x84000008UL
#define PSCI_CPU_ON_64	0xC4000003UL

static long psci_call(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
		       "x13", "x14", "x15", "x16", "x17", "memory");
	return (long)x0;
}

long psci_cpu_on(u64 mpidr, u64 entry, u64 context)
{
	return psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
}

void psci_cpu_off(void)
{
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}

void system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}
