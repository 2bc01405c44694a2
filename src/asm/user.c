/*
 * The EL0 tasks. This code runs at EL0 (the MMU is off, so it can read the
 * workload in place) and reaches the kernel only through SVC.
 */
#include <kernel.h>

static inline long svc3(long nr, u64 a, u64 b, u64 c)
{
	register long x8 asm("x8") = nr;
	register u64 x0 asm("x0") = a;
	register u64 x1 asm("x1") = b;
	register u64 x2 asm("x2") = c;

	asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return (long)x0;
}

void user_main(u64 pid)
{
	const struct irqsim_workload *w = &irqsim_workload;
	u64 seed = (w->seed ^ ((pid + 1) * 0x9E3779B97F4A7C15ULL)) | 1;

	for (u32 i = 0; i < w->iterations; i++) {
		if (svc3(__NR_deep, w->syscall_depth, w->syscall_frame_bytes, w->syscall_spin) < 0)
			break;	/* the run is stopping */
		if ((xorshift64star(&seed) >> 11) % 1000 < w->wakeup_permille)
			svc3(__NR_wake, xorshift64star(&seed), 0, 0);
		/* hotplug cycles spread evenly over task 0's iterations */
		for (u32 k = 1; pid == 0 && k <= w->hotplug; k++)
			if (i == (u32)((u64)k * w->iterations / (w->hotplug + 1)))
				svc3(__NR_hotplug, 0, 0, 0);
	}
	svc3(__NR_exit, 0, 0, 0);
}
