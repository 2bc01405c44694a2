// Several sorting algorithms on the same pseudo-random arrays: insertion,
// quick, heap, merge and shell sort, on 32- and 64-bit keys, signed and
// unsigned. Each result is checked for order and compared with the others.
#include "rt.h"

#define N 3000

static void insertion_sort(i32* a, int n) {
    for (int i = 1; i < n; i++) {
        i32 v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quick_sort(i32* a, int lo, int hi) {
    while (lo < hi) {
        i32 p = a[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) {
                i32 t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - lo < hi - i) {  // recurse on the smaller half
            quick_sort(a, lo, j);
            lo = i;
        } else {
            quick_sort(a, i, hi);
            hi = j;
        }
    }
}

static void sift_down(u64* a, int start, int end) {
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1;
        if (child + 1 <= end && a[child] < a[child + 1]) child++;
        if (a[root] >= a[child]) return;
        u64 t = a[root];
        a[root] = a[child];
        a[child] = t;
        root = child;
    }
}
static void heap_sort(u64* a, int n) {
    for (int s = (n - 2) / 2; s >= 0; s--) sift_down(a, s, n - 1);
    for (int end = n - 1; end > 0; end--) {
        u64 t = a[end];
        a[end] = a[0];
        a[0] = t;
        sift_down(a, 0, end - 1);
    }
}

static i64 tmp64[N];
static void merge_sort(i64* a, int n) {
    if (n < 2) return;
    int h = n / 2;
    merge_sort(a, h);
    merge_sort(a + h, n - h);
    int i = 0, j = h, k = 0;
    while (i < h && j < n) tmp64[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < h) tmp64[k++] = a[i++];
    while (j < n) tmp64[k++] = a[j++];
    memcpy(a, tmp64, (size_t)n * sizeof *a);
}

static void shell_sort(u16* a, int n) {
    static const int gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (unsigned g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        int gap = gaps[g];
        for (int i = gap; i < n; i++) {
            u16 v = a[i];
            int j = i;
            for (; j >= gap && a[j - gap] > v; j -= gap) a[j] = a[j - gap];
            a[j] = v;
        }
    }
}

static i32 a1[N], a2[N];
static u64 b[N];
static i64 c[N];
static u16 d[N];

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 3);
    u64 seed = 42;
    u64 mix = RT_FNV_INIT;
    int bad = 0;
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++) {
            u64 v = rt_rand(&seed);
            a1[i] = a2[i] = (i32)v;
            b[i] = v;
            c[i] = (i64)v >> (v & 31);
            d[i] = (u16)(v >> 40);
        }
        insertion_sort(a1, N);
        quick_sort(a2, 0, N - 1);
        heap_sort(b, N);
        merge_sort(c, N);
        shell_sort(d, N);
        for (int i = 0; i < N; i++) {
            if (a1[i] != a2[i]) bad++;
            if (i && (a1[i - 1] > a1[i] || b[i - 1] > b[i] || c[i - 1] > c[i] || d[i - 1] > d[i])) bad++;
        }
        mix = rt_fnv(mix, a1, sizeof a1);
        mix = rt_fnv(mix, b, sizeof b);
        mix = rt_fnv(mix, c, sizeof c);
        mix = rt_fnv(mix, d, sizeof d);
        if (r == 0)
            rt_printf("min/max i32 %d %d u64 %016lx %016lx i64 %ld %ld u16 %u %u median %d\n", a1[0], a1[N - 1], b[0],
                      b[N - 1], c[0], c[N - 1], d[0], d[N - 1], a2[N / 2]);
    }
    rt_printf("rounds=%ld mix=%016lx disorder=%d\n", rounds, mix, bad);
    return bad ? 1 : 0;
}
