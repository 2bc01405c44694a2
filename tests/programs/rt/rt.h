// A tiny freestanding runtime for the guest test programs: Linux syscalls,
// buffered stdout with a small printf, and the string functions GCC may emit
// calls to. Nothing here depends on a C library.
#pragma once

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char i8;
typedef short i16;
typedef int i32;
typedef long i64;
#define NULL ((void*)0)

// --- Linux syscalls (arch/arm64 uses the asm-generic numbers) -------------
long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f);
#define SYS_write 64
#define SYS_exit 93
#define SYS_exit_group 94
#define SYS_brk 214
#define SYS_munmap 215
#define SYS_mmap 222

ssize_t rt_write(int fd, const void* buf, size_t n);
void* rt_brk(void* addr);
void* rt_mmap_anon(size_t len);  // NULL on failure
int rt_munmap(void* p, size_t len);
__attribute__((noreturn)) void rt_exit(int status);  // flushes stdout first

// --- output ----------------------------------------------------------------
// printf subset: %d %i %u %x %X %o %c %s %p %%, flags - and 0, width,
// precision (for %s only, also .*), length modifiers l, ll, z, h, hh.
int rt_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void rt_puts(const char* s);  // with a newline
void rt_flush(void);

// --- strings ---------------------------------------------------------------
void* memcpy(void* d, const void* s, size_t n);
void* memmove(void* d, const void* s, size_t n);
void* memset(void* d, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
size_t strlen(const char* s);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);

// --- deterministic pseudo-random numbers (xorshift64*, Vigna 2016) --------
static inline u64 rt_rand(u64* state) {
    u64 x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DUL;
}

// FNV-1a over bytes, for printing short checksums of big results.
static inline u64 rt_fnv(u64 h, const void* p, size_t n) {
    const u8* b = (const u8*)p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3UL;
    return h;
}
#define RT_FNV_INIT 0xcbf29ce484222325UL

// Parses a decimal argument, or returns `dflt` when absent or malformed.
long rt_arg_long(int argc, char** argv, int index, long dflt);
