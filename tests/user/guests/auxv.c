/* Prints what the process finds on its initial stack: argc, argv, envp, the
 * auxiliary vector entries whose values do not depend on where the stack
 * is, and the strings AT_EXECFN and AT_PLATFORM point to. Run under both
 * irqsim user and qemu-aarch64, the two outputs must match (the HWCAP line
 * is separate: qemu advertises FP/ASIMD, which irqsim does not have). */

typedef unsigned long u64;

static long sys3(long nr, long a0, long a1, long a2) {
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a0;
    register long x1 __asm__("x1") = a1;
    register long x2 __asm__("x2") = a2;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}

static char buf[4096];
static u64 len;

static void put(const char* s) {
    while (*s && len < sizeof buf) buf[len++] = *s++;
}
static void put_hex(u64 v) {
    char t[19];
    int n = 0;
    t[n++] = '0';
    t[n++] = 'x';
    int started = 0;
    for (int sh = 60; sh >= 0; sh -= 4) {
        unsigned d = (v >> sh) & 15;
        if (d || started || sh == 0) {
            t[n++] = "0123456789abcdef"[d];
            started = 1;
        }
    }
    t[n] = 0;
    put(t);
}
static void line(const char* key, u64 v) {
    put(key);
    put("=");
    put_hex(v);
    put("\n");
}

enum { AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9,
       AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17,
       AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31 };

static const struct { u64 key; const char* name; } shown[] = {
    {AT_PHDR, "AT_PHDR"},   {AT_PHENT, "AT_PHENT"}, {AT_PHNUM, "AT_PHNUM"},   {AT_PAGESZ, "AT_PAGESZ"},
    {AT_BASE, "AT_BASE"},   {AT_FLAGS, "AT_FLAGS"}, {AT_ENTRY, "AT_ENTRY"},   {AT_UID, "AT_UID"},
    {AT_EUID, "AT_EUID"},   {AT_GID, "AT_GID"},     {AT_EGID, "AT_EGID"},     {AT_CLKTCK, "AT_CLKTCK"},
    {AT_SECURE, "AT_SECURE"},
};

void start_c(u64* sp) {
    u64 argc = sp[0];
    char** argv = (char**)(sp + 1);
    char** envp = argv + argc + 1;
    line("sp_mod_16", (u64)sp & 15);
    line("argc", argc);
    for (u64 i = 0; i < argc; ++i) {
        put("argv: ");
        put(argv[i]);
        put("\n");
    }
    char** e = envp;
    for (; *e; ++e) {
        put("envp: ");
        put(*e);
        put("\n");
    }
    u64* auxv = (u64*)(e + 1);
    u64 hwcap = 0, random = 0;
    for (unsigned k = 0; k < sizeof shown / sizeof shown[0]; ++k)
        for (u64* a = auxv; a[0] != AT_NULL; a += 2)
            if (a[0] == shown[k].key) line(shown[k].name, a[1]);
    for (u64* a = auxv; a[0] != AT_NULL; a += 2) {
        if (a[0] == AT_EXECFN) {
            put("AT_EXECFN: ");
            put((const char*)a[1]);
            put("\n");
        }
        if (a[0] == AT_PLATFORM) {
            put("AT_PLATFORM: ");
            put((const char*)a[1]);
            put("\n");
        }
        if (a[0] == AT_HWCAP) hwcap = a[1];
        if (a[0] == AT_RANDOM) random = a[1];
    }
    line("AT_RANDOM_present", random != 0);
    /* Bits from Linux's uapi asm/hwcap.h. */
    put("hwcap: fp=");
    put_hex(hwcap & 1);
    put(" asimd=");
    put_hex((hwcap >> 1) & 1);
    put(" crc32=");
    put_hex((hwcap >> 7) & 1);
    put(" atomics=");
    put_hex((hwcap >> 8) & 1);
    put("\n");
    sys3(64, 1, (long)buf, (long)len);
    sys3(94, 0, 0, 0);
}

__asm__(".globl _start\n"
        "_start:\n"
        "  mov x0, sp\n"
        "  bl start_c\n");
