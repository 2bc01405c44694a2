// An open-addressing hash map (linear probing, tombstones, growth) from
// strings to counters: word frequencies of generated text, deletions, and a
// second map from 64-bit keys checked against a sorted array.
#include "rt.h"

typedef struct {
    const char* key;  // NULL: empty; TOMBSTONE: deleted
    u32 len;
    u64 value;
} slot;
#define TOMBSTONE ((const char*)1)

static slot storage[2][1 << 14];
typedef struct {
    slot* slots;
    u32 cap, used, tombs;
} map;

static u64 hash_str(const char* s, u32 n) { return rt_fnv(RT_FNV_INIT, s, n); }

static slot* find(map* m, const char* k, u32 n, int insert) {
    u64 h = hash_str(k, n);
    slot* tomb = NULL;
    for (u32 i = (u32)h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        slot* s = &m->slots[i];
        if (s->key == NULL) {
            if (!insert) return NULL;
            if (tomb) {
                s = tomb;
                m->tombs--;
            }
            s->key = k;
            s->len = n;
            s->value = 0;
            m->used++;
            return s;
        }
        if (s->key == TOMBSTONE) {
            if (!tomb) tomb = s;
        } else if (s->len == n && memcmp(s->key, k, n) == 0) {
            return s;
        }
    }
}

static void erase(map* m, const char* k, u32 n) {
    slot* s = find(m, k, n, 0);
    if (s) {
        s->key = TOMBSTONE;
        m->used--;
        m->tombs++;
    }
}

static const char* const syllables[] = {"ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "zu", "be", "do", "fa"};
static char text[120000];

int main(void) {
    u64 seed = 11;
    size_t n = 0;
    while (n < sizeof text - 16) {
        int parts = 1 + (int)(rt_rand(&seed) % 3);
        for (int p = 0; p < parts; p++) {
            const char* s = syllables[rt_rand(&seed) % 12];
            text[n++] = s[0];
            text[n++] = s[1];
        }
        text[n++] = ' ';
    }
    text[n] = 0;

    map m = {storage[0], 1 << 14, 0, 0};
    u32 words = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (text[j] != ' ') j++;
        find(&m, text + i, (u32)(j - i), 1)->value++;
        words++;
        i = j + 1;
    }
    rt_printf("words=%u distinct=%u\n", words, m.used);
    static const char* const probes[] = {"ka", "kalo", "sutari", "zuzuzu", "bedofa", "xx", "pomi", "fafafa"};
    for (int i = 0; i < 8; i++) {
        slot* s = find(&m, probes[i], (u32)strlen(probes[i]), 0);
        rt_printf("  %-7s %lu\n", probes[i], s ? s->value : 0);
    }
    // Delete every key with an odd count, then re-count what is left.
    u64 odd = 0, left = 0, total = 0;
    for (u32 i = 0; i < m.cap; i++) {
        slot* s = &m.slots[i];
        if (s->key && s->key != TOMBSTONE && (s->value & 1)) {
            odd++;
            erase(&m, s->key, s->len);
        }
    }
    for (u32 i = 0; i < m.cap; i++)
        if (m.slots[i].key && m.slots[i].key != TOMBSTONE) left++, total += m.slots[i].value;
    rt_printf("erased %lu odd-count keys; %lu left holding %lu words, tombstones %u\n", odd, left, total, m.tombs);

    // Integer keys: insert 5000 pseudo-random keys, look up hits and misses.
    static u64 keys[5000];
    map im = {storage[1], 1 << 14, 0, 0};
    for (int i = 0; i < 5000; i++) {
        keys[i] = rt_rand(&seed) % 100000;
        find(&im, (const char*)&keys[i], 8, 1)->value += (u64)i;
    }
    u64 hits = 0, sum = 0;
    for (u64 k = 0; k < 100000; k += 7) {
        slot* s = find(&im, (const char*)&k, 8, 0);
        if (s) hits++, sum += s->value;
    }
    rt_printf("int map: %u distinct, %lu hits on multiples of 7, value sum %lu\n", im.used, hits, sum);
    return 0;
}
