/* The string and memory functions glibc optimises (memcpy, memmove, memset,
 * memcmp, memchr, memrchr, rawmemchr, strlen, strnlen, strchr, strchrnul,
 * strrchr, strcmp, strncmp, strcpy, stpcpy, strncpy, strcat, strstr,
 * strspn, strcspn, strpbrk) on every length 0..300 at every source and
 * destination misalignment 0..15, each result checked against a plain
 * byte loop and folded into a per-function digest. A page-end buffer
 * catches reads past the terminator that would cross into unmapped memory. */
#define _GNU_SOURCE
#pragma GCC diagnostic ignored "-Wstringop-truncation" /* strncpy is what is under test */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAXLEN 300
#define BUF (MAXLEN + 64)

static unsigned char src_buf[BUF + 32], dst_buf[BUF + 32], ref_buf[BUF + 32];
static unsigned long errors;
static uint64_t digest[32];

static void fold(int which, uint64_t v) { digest[which] = (digest[which] ^ v) * 0x100000001b3ull + 0x9e37; }

static void fail(const char* fn, size_t len, int sa, int da) {
    if (errors++ < 20) printf("MISMATCH %s len=%zu src_align=%d dst_align=%d\n", fn, len, sa, da);
}

static void pattern(unsigned char* p, size_t n, unsigned seed) {
    for (size_t i = 0; i < n; ++i) p[i] = (unsigned char)(1 + (i * 131 + seed * 17) % 251);
}

static int ref_memcmp(const unsigned char* a, const unsigned char* b, size_t n) {
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}
static int sign(int v) { return (v > 0) - (v < 0); }

static void mem_tests(size_t len, int sa, int da) {
    unsigned char* s = src_buf + 16 + sa;
    unsigned char* d = dst_buf + 16 + da;

    pattern(src_buf, sizeof src_buf, (unsigned)len);
    memset(dst_buf, 0xee, sizeof dst_buf);
    memcpy(d, s, len);
    if (ref_memcmp(d, s, len) || d[-1] != 0xee || d[len] != 0xee) fail("memcpy", len, sa, da);
    fold(0, d[len ? len - 1 : 0] + len);

    memset(dst_buf, 0xee, sizeof dst_buf);
    void* r = memset(d, sa * 16 + da, len);
    int ok = r == d && d[-1] == 0xee && d[len] == 0xee;
    for (size_t i = 0; i < len; ++i) ok &= d[i] == (unsigned char)(sa * 16 + da);
    if (!ok) fail("memset", len, sa, da);
    fold(1, len * 3 + sa);

    /* memmove both ways within one buffer. */
    pattern(ref_buf, sizeof ref_buf, 3);
    memcpy(dst_buf, ref_buf, sizeof dst_buf);
    memmove(dst_buf + 16 + da, dst_buf + 16 + sa, len);
    memmove(ref_buf + 16 + da, ref_buf + 16 + sa, 0); /* no-op */
    unsigned char tmp[BUF];
    for (size_t i = 0; i < len; ++i) tmp[i] = ref_buf[16 + sa + i];
    for (size_t i = 0; i < len; ++i) ref_buf[16 + da + i] = tmp[i];
    if (ref_memcmp(dst_buf, ref_buf, sizeof dst_buf)) fail("memmove", len, sa, da);
    fold(2, dst_buf[16 + da + len / 2]);

    /* memcmp: equal, then a difference at every few positions. */
    memcpy(d, s, len);
    if (memcmp(d, s, len) != 0) fail("memcmp=", len, sa, da);
    for (size_t at = 0; at < len; at += 1 + len / 7) {
        unsigned char old = d[at];
        d[at] = (unsigned char)(old + 1 + at % 3 * 100);
        if (sign(memcmp(d, s, len)) != ref_memcmp(d, s, len) || sign(memcmp(s, d, len)) != ref_memcmp(s, d, len))
            fail("memcmp", len, sa, da);
        fold(3, (uint64_t)(sign(memcmp(d, s, len)) + 2) * (at + 1));
        d[at] = old;
    }

    /* memchr / memrchr for a byte at each position and one that is absent. */
    for (size_t at = 0; at < len; at += 1 + len / 5) {
        unsigned char c = s[at];
        size_t first = 0;
        while (s[first] != c) first++;
        size_t last = len - 1;
        while (s[last] != c) last--;
        if (memchr(s, c, len) != s + first) fail("memchr", len, sa, da);
        if (memrchr(s, c, len) != s + last) fail("memrchr", len, sa, da);
        if (rawmemchr(s, c) != s + first) fail("rawmemchr", len, sa, da);
        fold(4, first * 1000 + last);
    }
    if (memchr(s, 0, len) != NULL) fail("memchr absent", len, sa, da);
}

static void str_tests(size_t len, int sa, int da) {
    char* s = (char*)src_buf + 16 + sa;
    char* d = (char*)dst_buf + 16 + da;
    pattern(src_buf, sizeof src_buf, (unsigned)len * 5 + 1);
    s[len] = 0;

    if (strlen(s) != len) fail("strlen", len, sa, da);
    if (strnlen(s, len / 2) != len / 2 || strnlen(s, len + 10) != len) fail("strnlen", len, sa, da);
    memset(dst_buf, 0xee, sizeof dst_buf);
    if (strcpy(d, s) != d || strcmp(d, s) != 0 || (unsigned char)d[len + 1] != 0xee) fail("strcpy", len, sa, da);
    memset(dst_buf, 0xee, sizeof dst_buf);
    if (stpcpy(d, s) != d + len || d[len] != 0) fail("stpcpy", len, sa, da);
    memset(dst_buf, 0xee, sizeof dst_buf);
    strncpy(d, s, len + 5);
    int ok = d[len] == 0 && d[len + 4] == 0 && (unsigned char)d[len + 5] == 0xee;
    if (!ok || memcmp(d, s, len)) fail("strncpy", len, sa, da);
    strncpy(d, s, len / 2);
    if (memcmp(d, s, len / 2)) fail("strncpy short", len, sa, da);

    /* strcmp / strncmp with a difference at each position, both signs. */
    strcpy(d, s);
    for (size_t at = 0; at < len; at += 1 + len / 6) {
        char old = d[at];
        d[at] = (char)((unsigned char)old ^ 0x80);
        int want = (unsigned char)d[at] < (unsigned char)s[at] ? -1 : 1;
        if (sign(strcmp(d, s)) != want || sign(strcmp(s, d)) != -want) fail("strcmp", len, sa, da);
        if (sign(strncmp(d, s, len)) != want || strncmp(d, s, at) != 0) fail("strncmp", len, sa, da);
        fold(5, at * 2 + (want > 0));
        d[at] = old;
    }
    if (strcmp(d, s) || strncmp(d, s, len + 100)) fail("strcmp=", len, sa, da);
    d[len] = 'x';
    d[len + 1] = 0;
    if (sign(strcmp(d, s)) != 1 || sign(strncmp(s, d, len + 1)) != -1) fail("strcmp prefix", len, sa, da);

    /* strchr / strrchr / strchrnul for present, absent and NUL. */
    for (size_t at = 0; at < len; at += 1 + len / 5) {
        char c = s[at];
        const char* first = s;
        while (*first != c) first++;
        const char* last = s + len - 1;
        while (*last != c) last--;
        if (strchr(s, c) != first || strrchr(s, c) != last || strchrnul(s, c) != first) fail("strchr", len, sa, da);
        fold(6, (uint64_t)(first - s) * 977 + (uint64_t)(last - s));
    }
    if (strchr(s, 0) != s + len || strrchr(s, 0) != s + len) fail("strchr NUL", len, sa, da);
    if (strchr(s, 0xff) || strchrnul(s, 0xff) != s + len) fail("strchr absent", len, sa, da);

    /* strcat, strstr, strspn, strcspn, strpbrk. */
    if (len < MAXLEN / 2) {
        strcpy(d, s);
        strcat(d, s);
        if (strlen(d) != 2 * len || memcmp(d + len, s, len)) fail("strcat", len, sa, da);
    }
    if (len >= 4) {
        char needle[8];
        memcpy(needle, s + len - 4, 4);
        needle[4] = 0;
        char* hit = strstr(s, needle);
        const char* ref = NULL;
        for (size_t i = 0; i + 4 <= len && !ref; ++i)
            if (!memcmp(s + i, needle, 4)) ref = s + i;
        if (hit != ref) fail("strstr", len, sa, da);
        fold(7, hit ? (uint64_t)(hit - s) : 9999);
    }
    const char* set = "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a";
    size_t span = strspn(s, set), cspan = strcspn(s, "\x80\x81\x82"), ref_span = 0, ref_cspan = 0;
    while (ref_span < len && s[ref_span] > 0 && s[ref_span] <= 10) ref_span++;
    while (ref_cspan < len && (unsigned char)s[ref_cspan] != 0x80 && (unsigned char)s[ref_cspan] != 0x81 &&
           (unsigned char)s[ref_cspan] != 0x82)
        ref_cspan++;
    if (span != ref_span || cspan != ref_cspan) fail("strspn", len, sa, da);
    char* pb = strpbrk(s, "\x80\x81\x82");
    if ((pb ? (size_t)(pb - s) : len) != ref_cspan) fail("strpbrk", len, sa, da);
    fold(8, span * 1000 + cspan);
}

/* Strings that end at the last byte of a page followed by an inaccessible
 * page: the word-at-a-time functions must not fault. */
static void page_end_tests(void) {
    long page = 4096;
    unsigned char* m = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + page, page, PROT_NONE)) {
        printf("mmap/mprotect failed\n");
        return;
    }
    uint64_t acc = 0;
    for (size_t len = 0; len < 80; ++len) {
        char* s = (char*)m + page - 1 - len;
        memset(s, 'a' + len % 26, len);
        s[len] = 0;
        acc = acc * 31 + strlen(s) + (strchr(s, 'z') != NULL) + (strrchr(s, s[0]) - s) + (memchr(s, 0, len + 1) != NULL);
        acc = acc * 31 + (uint64_t)strcmp(s, s) + strnlen(s, 1000) + (rawmemchr(s, 0) == s + len);
    }
    munmap(m, 2 * page);
    printf("page end digest %016llx\n", (unsigned long long)acc);
}

int main(void) {
    for (size_t len = 0; len <= MAXLEN; ++len) {
        for (int sa = 0; sa < 16; ++sa)
            for (int da = 0; da < 16; da += (len > 64 ? 5 : 1)) {
                mem_tests(len, sa, da);
                str_tests(len, sa, da);
            }
        if (len % 50 == 0 || len < 20)
            printf("len %3zu: %016llx %016llx %016llx\n", len, (unsigned long long)digest[0],
                   (unsigned long long)digest[3], (unsigned long long)digest[5]);
    }
    const char* names[] = {"memcpy", "memset", "memmove", "memcmp", "memchr", "strcmp", "strchr", "strstr", "strspn"};
    for (int i = 0; i < 9; ++i) printf("%-8s %016llx\n", names[i], (unsigned long long)digest[i]);
    page_end_tests();
    printf("errors %lu\n", errors);
    return errors != 0;
}
