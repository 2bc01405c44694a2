/*
 * System calls from the EL0 tasks. sys_deep is the interesting one: a kernel
 * path `depth` calls deep with `frame_bytes` of on-stack array per call, that
 * spins at the bottom with IRQs enabled, so interrupts land on a deep stack.
 */
#include <kernel.h>

static noinline long deep_path(u32 depth, u32 frame_bytes, u32 spin)
{
	u8 buf[frame_bytes + 16];
	long sum;

	memset(buf, (int)depth, sizeof(buf));
	if (depth) {
		sum = deep_path(depth - 1, frame_bytes, spin);
	} else {
		for (u32 i = 0; i < spin; i++)
			barrier();
		sum = 0;
	}
	asm volatile("" :: "r"(buf) : "memory");
	return sum + buf[frame_bytes];
}

static long sys_deep(u64 depth, u64 frame_bytes, u64 spin)
{
	this_report()->syscalls++;
	if (system_stopping || READ_ONCE(ticks_ran_out))
		return -1;	/* the task ends its loop and exits */
	return deep_path((u32)depth, (u32)frame_bytes, (u32)spin);
}

static long sys_yield(u64 a, u64 b, u64 c)
{
	this_report()->syscalls++;
	schedule();
	return 0;
}

static long sys_wake(u64 hint, u64 b, u64 c)
{
	this_report()->syscalls++;
	return wake_remote(hint);
}

static long sys_exit(u64 a, u64 b, u64 c)
{
	this_report()->syscalls++;
	sys_exit_task();
}

static long sys_hotplug(u64 a, u64 b, u64 c)
{
	this_report()->syscalls++;
	return cpu_hotplug_cycle(nr_cpus - 1);
}

long do_ni_syscall(struct pt_regs *regs)
{
	printk("unknown syscall %lu\n", regs->syscallno);
	return -38;	/* ENOSYS */
}

typedef long (*syscall_fn_t)(u64, u64, u64);
const syscall_fn_t sys_call_table[__NR_syscalls] = {
	[__NR_deep]	= sys_deep,
	[__NR_yield]	= sys_yield,
	[__NR_wake]	= sys_wake,
	[__NR_exit]	= sys_exit,
	[__NR_hotplug]	= sys_hotplug,
};
