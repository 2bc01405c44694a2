// The guest runtime: see rt.h.
#include "rt.h"

#include <stdarg.h>

long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f) {
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5) : "memory");
    return x0;
}

ssize_t rt_write(int fd, const void* buf, size_t n) {
    const char* p = (const char*)buf;
    size_t done = 0;
    while (done < n) {
        long r = rt_syscall6(SYS_write, fd, (long)(p + done), (long)(n - done), 0, 0, 0);
        if (r <= 0) return done ? (ssize_t)done : r;
        done += (size_t)r;
    }
    return (ssize_t)done;
}

void* rt_brk(void* addr) { return (void*)rt_syscall6(SYS_brk, (long)addr, 0, 0, 0, 0, 0); }

void* rt_mmap_anon(size_t len) {
    // PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, fd -1.
    long r = rt_syscall6(SYS_mmap, 0, (long)len, 3, 0x22, -1, 0);
    return (r < 0 && r > -4096) ? NULL : (void*)r;
}

int rt_munmap(void* p, size_t len) { return (int)rt_syscall6(SYS_munmap, (long)p, (long)len, 0, 0, 0, 0); }

// --- buffered stdout ----------------------------------------------------------
static char out_buf[4096];
static size_t out_len;

void rt_flush(void) {
    if (out_len) rt_write(1, out_buf, out_len);
    out_len = 0;
}

static void out_char(char c) {
    if (out_len == sizeof out_buf) rt_flush();
    out_buf[out_len++] = c;
}

static void out_str(const char* s, size_t n) {
    for (size_t i = 0; i < n; i++) out_char(s[i]);
}

void rt_exit(int status) {
    rt_flush();
    for (;;) rt_syscall6(SYS_exit_group, status, 0, 0, 0, 0, 0);
}

void rt_puts(const char* s) {
    out_str(s, strlen(s));
    out_char('\n');
}

// Formats `v` in `base` into the end of buf; returns the start.
static char* format_unsigned(char* end, u64 v, unsigned base, int upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char* p = end;
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v);
    return p;
}

static void out_padded(const char* s, size_t n, int width, int left, char pad) {
    if (pad == '0' && !left && n && (*s == '-')) {  // sign before zero padding
        out_char('-');
        s++;
        n--;
        width--;
    }
    if (!left)
        for (int i = (int)n; i < width; i++) out_char(pad);
    out_str(s, n);
    if (left)
        for (int i = (int)n; i < width; i++) out_char(' ');
}

int rt_printf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (const char* f = fmt; *f; f++) {
        if (*f != '%') {
            out_char(*f);
            continue;
        }
        f++;
        int left = 0;
        char pad = ' ';
        for (;; f++) {
            if (*f == '-')
                left = 1;
            else if (*f == '0')
                pad = '0';
            else
                break;
        }
        int width = 0;
        while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
        int precision = -1;  // only %s uses it: at most that many characters
        if (*f == '.') {
            f++;
            precision = 0;
            if (*f == '*') {
                precision = va_arg(ap, int);
                f++;
            }
            while (*f >= '0' && *f <= '9') precision = precision * 10 + (*f++ - '0');
        }
        int longs = 0, shorts = 0;
        for (;; f++) {
            if (*f == 'l' || *f == 'z')
                longs++;
            else if (*f == 'h')
                shorts++;
            else
                break;
        }
        char buf[24];
        char* end = buf + sizeof buf;
        char* s;
        switch (*f) {
        case 'd':
        case 'i': {
            i64 v = longs ? va_arg(ap, i64) : va_arg(ap, int);
            if (shorts == 1) v = (i16)v;
            if (shorts >= 2) v = (i8)v;
            u64 mag = v < 0 ? -(u64)v : (u64)v;
            s = format_unsigned(end, mag, 10, 0);
            if (v < 0) *--s = '-';
            out_padded(s, (size_t)(end - s), width, left, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            u64 v = longs ? va_arg(ap, u64) : va_arg(ap, unsigned);
            if (shorts == 1) v = (u16)v;
            if (shorts >= 2) v = (u8)v;
            unsigned base = *f == 'u' ? 10 : *f == 'o' ? 8 : 16;
            s = format_unsigned(end, v, base, *f == 'X');
            out_padded(s, (size_t)(end - s), width, left, pad);
            break;
        }
        case 'p': {
            s = format_unsigned(end, (u64)va_arg(ap, void*), 16, 0);
            *--s = 'x';
            *--s = '0';
            out_padded(s, (size_t)(end - s), width, left, pad);
            break;
        }
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            out_padded(buf, 1, width, left, ' ');
            break;
        case 's': {
            const char* str = va_arg(ap, const char*);
            if (!str) str = "(null)";
            size_t len = strlen(str);
            if (precision >= 0 && (size_t)precision < len) len = (size_t)precision;
            out_padded(str, len, width, left, ' ');
            break;
        }
        case '%':
            out_char('%');
            break;
        default:  // unknown conversion: print it verbatim
            out_char('%');
            if (!*f) goto done;
            out_char(*f);
        }
    }
done:
    va_end(ap);
    return 0;
}

// --- strings ------------------------------------------------------------------
// GCC would otherwise recognise these loops as memset/memcpy and call them.
#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

NO_LIBCALL void* memcpy(void* d, const void* s, size_t n) {
    u8* dp = (u8*)d;
    const u8* sp = (const u8*)s;
    if ((((u64)dp | (u64)sp) & 7) == 0) {
        for (; n >= 8; n -= 8, dp += 8, sp += 8) *(u64*)dp = *(const u64*)sp;
    }
    while (n--) *dp++ = *sp++;
    return d;
}

NO_LIBCALL void* memmove(void* d, const void* s, size_t n) {
    u8* dp = (u8*)d;
    const u8* sp = (const u8*)s;
    if (dp <= sp || dp >= sp + n) return memcpy(d, s, n);
    while (n--) dp[n] = sp[n];
    return d;
}

NO_LIBCALL void* memset(void* d, int c, size_t n) {
    u8* dp = (u8*)d;
    if (((u64)dp & 7) == 0) {
        u64 v = (u8)c * 0x0101010101010101UL;
        for (; n >= 8; n -= 8, dp += 8) *(u64*)dp = v;
    }
    while (n--) *dp++ = (u8)c;
    return d;
}

int memcmp(const void* a, const void* b, size_t n) {
    const u8 *x = (const u8*)a, *y = (const u8*)b;
    for (size_t i = 0; i < n; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

NO_LIBCALL size_t strlen(const char* s) {
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strcmp(const char* a, const char* b) {
    while (*a && *a == *b) a++, b++;
    return (u8)*a - (u8)*b;
}

int strncmp(const char* a, const char* b, size_t n) {
    for (; n; n--, a++, b++) {
        if (*a != *b) return (u8)*a - (u8)*b;
        if (!*a) return 0;
    }
    return 0;
}

long rt_arg_long(int argc, char** argv, int index, long dflt) {
    if (index >= argc) return dflt;
    const char* s = argv[index];
    long v = 0;
    if (!*s) return dflt;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return dflt;
        v = v * 10 + (*s - '0');
    }
    return v;
}

// --- libgcc helpers ---------------------------------------------------------
// Without SIMD registers GCC cannot use CNT for popcount, so it calls these
// libgcc routines; we do not link libgcc (it may use SIMD), so provide them.
int __popcountdi2(long v) {
    u64 x = (u64)v;
    x = x - ((x >> 1) & 0x5555555555555555UL);
    x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fUL;
    return (int)((x * 0x0101010101010101UL) >> 56);
}
int __paritydi2(long v) { return __popcountdi2(v) & 1; }
