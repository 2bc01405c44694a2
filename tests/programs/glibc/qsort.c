/* qsort and bsearch: integers, doubles (with signed zeros), strings and
 * records sorted with several comparators and sizes that reach glibc's
 * merge sort and its quicksort fallback; every element then searched for,
 * present or not. A fixed LCG makes the data. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x243f6a8885a308d3ull;
static uint32_t rnd(void) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(state >> 33);
}

static int cmp_int(const void* a, const void* b) {
    int x = *(const int*)a, y = *(const int*)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void* a, const void* b) { return cmp_int(b, a); }
static int cmp_double(const void* a, const void* b) {
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void* a, const void* b) { return strcmp(*(const char* const*)a, *(const char* const*)b); }

struct rec {
    uint32_t key;
    char name[13];
    uint16_t order;
};
static int cmp_rec(const void* a, const void* b) {
    const struct rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return strcmp(x->name, y->name);
}

static uint64_t hash_bytes(const void* p, size_t n) {
    const unsigned char* s = p;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

static void ints(size_t n, int modulo) {
    int* a = malloc(n * sizeof *a);
    for (size_t i = 0; i < n; ++i) a[i] = modulo ? (int)(rnd() % (unsigned)modulo) - modulo / 2 : (int)rnd();
    qsort(a, n, sizeof *a, cmp_int);
    int sorted = 1;
    for (size_t i = 1; i < n; ++i) sorted &= a[i - 1] <= a[i];
    size_t found = 0, missing = 0;
    for (int probe = -modulo / 2 - 2; modulo && probe < modulo / 2 + 2; ++probe) {
        int* hit = bsearch(&probe, a, n, sizeof *a, cmp_int);
        if (hit) {
            found++;
            if (*hit != probe) printf("bsearch returned %d for %d\n", *hit, probe);
        } else {
            missing++;
        }
    }
    for (size_t i = 0; i < n; ++i)
        if (!bsearch(&a[i], a, n, sizeof *a, cmp_int)) printf("bsearch lost %d\n", a[i]);
    printf("ints n=%zu mod=%d sorted=%d found=%zu missing=%zu min=%d max=%d hash=%016llx\n", n, modulo, sorted,
           found, missing, n ? a[0] : 0, n ? a[n - 1] : 0, (unsigned long long)hash_bytes(a, n * sizeof *a));
    qsort(a, n, sizeof *a, cmp_int_desc);
    printf("  desc first=%d last=%d hash=%016llx\n", n ? a[0] : 0, n ? a[n - 1] : 0,
           (unsigned long long)hash_bytes(a, n * sizeof *a));
    free(a);
}

int main(void) {
    const size_t sizes[] = {0, 1, 2, 3, 7, 8, 16, 31, 100, 1000, 5000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; ++i) {
        ints(sizes[i], 0);
        ints(sizes[i], 10);
        ints(sizes[i], 1000);
    }

    double d[64];
    for (int i = 0; i < 64; ++i) d[i] = ((int)(rnd() % 2001) - 1000) / 8.0;
    d[5] = 0.0;
    d[6] = -0.0;
    qsort(d, 64, sizeof *d, cmp_double);
    for (int i = 0; i < 64; ++i) printf("%g%c", d[i], i % 16 == 15 ? '\n' : ' ');

    static char words[300][12];
    const char* ptrs[300];
    for (int i = 0; i < 300; ++i) {
        int len = 1 + (int)(rnd() % 10);
        for (int j = 0; j < len; ++j) words[i][j] = (char)('a' + rnd() % 6);
        words[i][len] = 0;
        ptrs[i] = words[i];
    }
    qsort(ptrs, 300, sizeof *ptrs, cmp_str);
    for (int i = 0; i < 300; i += 10) printf("%s ", ptrs[i]);
    const char* key = "abc";
    const char** hit = bsearch(&key, ptrs, 300, sizeof *ptrs, cmp_str);
    printf("\nbsearch(abc) %s\n", hit ? "found" : "not found");

    struct rec* r = malloc(2000 * sizeof *r);
    for (int i = 0; i < 2000; ++i) {
        r[i].key = rnd() % 50;
        snprintf(r[i].name, sizeof r[i].name, "n%u", rnd() % 100000);
        r[i].order = (uint16_t)i;
    }
    qsort(r, 2000, sizeof *r, cmp_rec);
    for (int i = 0; i < 2000; i += 97) printf("%u:%s:%u ", r[i].key, r[i].name, r[i].order);
    struct rec probe = {.key = 25};
    strcpy(probe.name, r[1000].name);
    probe.key = r[1000].key;
    struct rec* f = bsearch(&probe, r, 2000, sizeof *r, cmp_rec);
    printf("\nrecord %s hash=%016llx\n", f ? f->name : "missing", (unsigned long long)hash_bytes(r, 2000 * sizeof *r));
    free(r);
    return 0;
}
