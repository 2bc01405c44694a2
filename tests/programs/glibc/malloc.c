/* malloc, calloc, realloc and free churn: thousands of blocks of sizes from
 * 0 to past the mmap threshold, grown and shrunk with realloc, freed in a
 * shuffled order, with every byte checked against a pattern so a block
 * that moved or overlapped shows. Prints only what does not depend on
 * addresses (plus alignment checks). */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 88172645463325252ull;
static uint64_t rnd(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

#define SLOTS 512
static unsigned char* block[SLOTS];
static size_t size[SLOTS];
static unsigned char tag[SLOTS];

static size_t pick_size(void) {
    uint64_t r = rnd() % 100;
    if (r < 60) return rnd() % 64;
    if (r < 90) return rnd() % 2048;
    if (r < 98) return rnd() % 65536;
    return 128 * 1024 + rnd() % (512 * 1024); /* above M_MMAP_THRESHOLD */
}

static void fill(int i) {
    for (size_t k = 0; k < size[i]; ++k) block[i][k] = (unsigned char)(tag[i] + k * 7);
}
static int check(int i, size_t n) {
    for (size_t k = 0; k < n; ++k)
        if (block[i][k] != (unsigned char)(tag[i] + k * 7)) return 0;
    return 1;
}

int main(void) {
    unsigned long bad = 0, misaligned = 0, allocs = 0, reallocs = 0, frees = 0;
    unsigned long long live_bytes_max = 0;
    for (int round = 0; round < 40000; ++round) {
        int i = (int)(rnd() % SLOTS);
        uint64_t op = rnd() % 10;
        if (!block[i]) {
            size[i] = pick_size();
            tag[i] = (unsigned char)rnd();
            block[i] = op < 3 ? calloc(1, size[i] ? size[i] : 1) : malloc(size[i]);
            if (!block[i]) {
                printf("allocation of %zu failed\n", size[i]);
                return 1;
            }
            if (op < 3)
                for (size_t k = 0; k < size[i]; ++k) bad += block[i][k] != 0;
            misaligned += ((uintptr_t)block[i] & 15) != 0;
            fill(i);
            allocs++;
        } else if (op < 4) {
            size_t n = pick_size();
            size_t keep = n < size[i] ? n : size[i];
            unsigned char* p = realloc(block[i], n ? n : 1);
            if (!p) {
                printf("realloc to %zu failed\n", n);
                return 1;
            }
            block[i] = p;
            bad += !check(i, keep);
            misaligned += ((uintptr_t)p & 15) != 0;
            size[i] = n;
            fill(i);
            reallocs++;
        } else {
            bad += !check(i, size[i]);
            free(block[i]);
            block[i] = NULL;
            frees++;
        }
        if (round % 1000 == 999) {
            unsigned long long live = 0;
            for (int k = 0; k < SLOTS; ++k)
                if (block[k]) live += size[k];
            if (live > live_bytes_max) live_bytes_max = live;
            printf("round %d: allocs=%lu reallocs=%lu frees=%lu live=%llu bad=%lu misaligned=%lu\n", round + 1,
                   allocs, reallocs, frees, live, bad, misaligned);
        }
    }
    for (int i = 0; i < SLOTS; ++i)
        if (block[i]) {
            bad += !check(i, size[i]);
            free(block[i]);
        }
    /* A linked list built and torn down, and posix_memalign/aligned_alloc. */
    struct node {
        struct node* next;
        int v;
    }* head = NULL;
    for (int i = 0; i < 10000; ++i) {
        struct node* n = malloc(sizeof *n);
        n->v = i;
        n->next = head;
        head = n;
    }
    long sum = 0;
    while (head) {
        struct node* n = head->next;
        sum += head->v;
        free(head);
        head = n;
    }
    for (size_t align = 16; align <= 65536; align *= 4) {
        void* p = NULL;
        int rc = posix_memalign(&p, align, 1000);
        void* q = aligned_alloc(align, align * 2);
        printf("align %zu: rc=%d ok=%d ok=%d\n", align, rc, ((uintptr_t)p % align) == 0, ((uintptr_t)q % align) == 0);
        free(p);
        free(q);
    }
    printf("list sum=%ld bad=%lu misaligned=%lu max live=%llu\n", sum, bad, misaligned, live_bytes_max);
    return bad != 0;
}
