// String processing: word and line counts, reversal, palindromes, case
// conversion, naive and Knuth-Morris-Pratt search, integer parsing and
// formatting round trips, and a run-length encoder/decoder.
#include "rt.h"

static const char text[] =
    "It was the best of times, it was the worst of times, it was the age of wisdom,\n"
    "it was the age of foolishness, it was the epoch of belief, it was the epoch of\n"
    "incredulity, it was the season of Light, it was the season of Darkness, it was\n"
    "the spring of hope, it was the winter of despair. A man, a plan, a canal: Panama!\n"
    "Was it a car or a cat I saw? Never odd or even. 12321 racecar level rotor noon\n";

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }
static char upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 32) : c; }

static int palindrome(const char* s, size_t n) {
    size_t i = 0, j = n;
    while (i < j) {
        while (i < j && !is_alpha(s[i]) && !(s[i] >= '0' && s[i] <= '9')) i++;
        while (i < j && !is_alpha(s[j - 1]) && !(s[j - 1] >= '0' && s[j - 1] <= '9')) j--;
        if (i < j && lower(s[i]) != lower(s[j - 1])) return 0;
        i++;
        j--;
    }
    return 1;
}

static long naive_count(const char* h, const char* needle) {
    long n = 0;
    size_t m = strlen(needle);
    for (const char* p = h; *p; p++)
        if (strncmp(p, needle, m) == 0) n++;
    return n;
}

static long kmp_count(const char* h, const char* needle) {
    int fail[64];
    int m = (int)strlen(needle);
    fail[0] = 0;
    for (int i = 1, k = 0; i < m; i++) {
        while (k && needle[i] != needle[k]) k = fail[k - 1];
        if (needle[i] == needle[k]) k++;
        fail[i] = k;
    }
    long n = 0;
    for (int i = 0, k = 0; h[i]; i++) {
        while (k && h[i] != needle[k]) k = fail[k - 1];
        if (h[i] == needle[k]) k++;
        if (k == m) {
            n++;
            k = fail[k - 1];
        }
    }
    return n;
}

static i64 parse_int(const char** s) {
    int neg = 0;
    if (**s == '-') neg = 1, (*s)++;
    i64 v = 0;
    while (**s >= '0' && **s <= '9') v = v * 10 + (*(*s)++ - '0');
    return neg ? -v : v;
}

static size_t format_int(char* out, i64 v) {
    char tmp[24];
    size_t n = 0, k = 0;
    u64 u = v < 0 ? -(u64)v : (u64)v;
    do tmp[n++] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) out[k++] = '-';
    while (n) out[k++] = tmp[--n];
    out[k] = 0;
    return k;
}

static size_t rle_encode(const char* in, size_t n, u8* out) {
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t run = 1;
        while (i + run < n && in[i + run] == in[i] && run < 255) run++;
        out[k++] = (u8)run;
        out[k++] = (u8)in[i];
        i += run;
    }
    return k;
}

static char buf[1024], buf2[1024];
static u8 rle[2048];

int main(void) {
    size_t n = strlen(text);
    int words = 0, lines = 0, in_word = 0, letters[26] = {0};
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '\n') lines++;
        if (is_alpha(text[i])) {
            letters[lower(text[i]) - 'a']++;
            if (!in_word) words++;
            in_word = 1;
        } else {
            in_word = 0;
        }
    }
    rt_printf("chars=%lu words=%d lines=%d\nletters:", n, words, lines);
    for (int i = 0; i < 26; i++) rt_printf(" %c%d", 'a' + i, letters[i]);
    rt_printf("\n");

    // Each sentence: palindrome?
    const char* start = text;
    int sentence = 0;
    for (const char* p = text; *p; p++) {
        if (*p == '.' || *p == '!' || *p == '?' || *p == '\n') {
            size_t len = (size_t)(p - start);
            if (len > 3 && palindrome(start, len)) {
                memcpy(buf, start, len);
                buf[len] = 0;
                rt_printf("palindrome %d: \"%s\"\n", sentence, buf);
            }
            sentence++;
            start = p + 1;
        }
    }
    for (const char* p = "12321 racecar level rotor noon"; *p;) {
        const char* q = p;
        while (*q && *q != ' ') q++;
        rt_printf("word \"%.*s\" palindrome=%d\n", (int)(q - p), p, palindrome(p, (size_t)(q - p)));
        p = *q ? q + 1 : q;
    }

    static const char* const needles[] = {"it was", "the", "of times", "a", "ss", "season of"};
    for (int i = 0; i < 6; i++)
        rt_printf("\"%s\": naive %ld kmp %ld\n", needles[i], naive_count(text, needles[i]), kmp_count(text, needles[i]));

    for (size_t i = 0; i < n; i++) buf[n - 1 - i] = upper(text[i]);
    buf[n] = 0;
    rt_printf("reversed upper head: %.20s\n", buf);
    u64 h = rt_fnv(RT_FNV_INIT, buf, n);

    // Integer round trips.
    u64 seed = 3;
    int bad = 0;
    for (int i = 0; i < 1000; i++) {
        i64 v = (i64)rt_rand(&seed) >> (i % 64);
        if (i & 1) v = -v;
        format_int(buf2, v);
        const char* s = buf2;
        if (parse_int(&s) != v || *s) bad++;
        h = rt_fnv(h, buf2, strlen(buf2));
    }
    size_t k = rle_encode("aaaabbbcccccccccccd  eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeef", 54, rle);
    size_t m = 0;
    for (size_t i = 0; i < k; i += 2)
        for (int r = 0; r < rle[i]; r++) buf2[m++] = (char)rle[i + 1];
    buf2[m] = 0;
    rt_printf("rle %lu -> %lu bytes, back: %s\n", (size_t)54, k, buf2);
    rt_printf("hash=%016lx round-trip errors=%d\n", h, bad);
    return bad;
}
