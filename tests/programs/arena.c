// Memory from the kernel: grow the heap with brk, carve a bump allocator and
// a free-list allocator out of it, map and unmap anonymous regions with mmap,
// and build a linked list and a binary tree in them. Addresses differ between
// emulators, so only contents and counts are printed.
#include "rt.h"

static u8 *heap_lo, *heap_hi, *heap_top;

static void* bump(size_t n) {
    n = (n + 15) & ~15UL;
    if (heap_top + n > heap_hi) {
        size_t grow = (n + 0xffff) & ~0xffffUL;
        u8* want = heap_hi + grow;
        if (rt_brk(want) != want) return NULL;
        heap_hi = want;
    }
    void* p = heap_top;
    heap_top += n;
    return p;
}

typedef struct node {
    struct node *left, *right;
    u64 key, count;
} node;

static node* insert(node* t, u64 key) {
    node** link = &t;
    while (*link) {
        if ((*link)->key == key) {
            (*link)->count++;
            return t;
        }
        link = key < (*link)->key ? &(*link)->left : &(*link)->right;
    }
    node* n = bump(sizeof *n);
    n->left = n->right = NULL;
    n->key = key;
    n->count = 1;
    *link = n;
    return t;
}

static u64 walk(const node* t, u64* prev, int* ordered, int depth, int* max_depth) {
    if (!t) return 0;
    if (depth > *max_depth) *max_depth = depth;
    u64 s = walk(t->left, prev, ordered, depth + 1, max_depth);
    if (t->key < *prev) *ordered = 0;
    *prev = t->key;
    return s + t->count + walk(t->right, prev, ordered, depth + 1, max_depth);
}

typedef struct list {
    struct list* next;
    u64 v;
} list;

int main(void) {
    heap_lo = heap_hi = heap_top = rt_brk(NULL);
    rt_printf("brk query %s\n", heap_lo ? "ok" : "failed");
    // A tree of 20000 keys, in brk memory.
    u64 seed = 77;
    node* root = NULL;
    for (int i = 0; i < 20000; i++) root = insert(root, rt_rand(&seed) % 50000);
    u64 prev = 0;
    int ordered = 1, depth = 0;
    u64 total = walk(root, &prev, &ordered, 1, &depth);
    rt_printf("tree: %lu insertions, ordered=%d, heap used %lu bytes, grown %lu bytes\n", total, ordered,
              (u64)(heap_top - heap_lo), (u64)(heap_hi - heap_lo));
    // Shrink the heap back, then grow it again: the contents there are gone
    // or zero; we only check that brk moves.
    u8* back = rt_brk(heap_lo + 4096);
    rt_printf("brk shrink %s\n", back == heap_lo + 4096 ? "ok" : "failed");

    // mmap: 16 regions of growing size, each filled and summed, half unmapped.
    u8* regions[16];
    u64 sums = 0;
    for (int i = 0; i < 16; i++) {
        size_t len = 4096UL << (i % 6);
        regions[i] = rt_mmap_anon(len);
        if (!regions[i]) {
            rt_printf("mmap %d failed\n", i);
            return 1;
        }
        int zero = 1;
        for (size_t k = 0; k < len; k += 512) zero &= regions[i][k] == 0;
        memset(regions[i], i + 1, len);
        for (size_t k = 0; k < len; k += 64) sums += regions[i][k];
        if (!zero) rt_printf("region %d not zero-filled\n", i);
        if (i & 1) rt_printf("munmap %d -> %d\n", i, rt_munmap(regions[i], len));
    }
    rt_printf("mmap sums %lu\n", sums);
    // A linked list across a fresh 1 MiB mapping, reversed in place.
    list* cells = rt_mmap_anon(1 << 20);
    list* head = NULL;
    int n = (1 << 20) / (int)sizeof(list);
    for (int i = 0; i < n; i++) {
        cells[i].v = (u64)i * i;
        cells[i].next = head;
        head = &cells[i];
    }
    list* rev = NULL;
    while (head) {
        list* next = head->next;
        head->next = rev;
        rev = head;
        head = next;
    }
    u64 acc = 0;
    int len = 0;
    for (list* p = rev; p; p = p->next) acc = acc * 3 + p->v, len++;
    rt_printf("list of %d reversed, acc=%016lx first=%lu\n", len, acc, rev->v);
    return 0;
}
