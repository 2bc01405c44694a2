// Constants shared by start.S and rt.h.
#pragma once
#define RT_MAX_CPUS 4
#define RT_STACK_SHIFT 14       // 16 KiB per CPU
#define RT_FRAME_SIZE 272       // struct rt_frame: x0..x30, elr, spsr, pad
