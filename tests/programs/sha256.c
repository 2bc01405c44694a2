// SHA-256 (FIPS 180-4) of the standard test messages and of a generated
// megabyte, printed in hex. FIPS 180-4's examples give
// "abc" -> ba7816bf...f20015ad.
#include "rt.h"

typedef struct {
    u32 h[8];
    u8 block[64];
    u64 total;
    u32 fill;
} sha256;

static const u32 K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static u32 ror(u32 x, int n) { return (x >> n) | (x << (32 - n)); }

static void compress(sha256* s, const u8* p) {
    u32 w[64];
    for (int i = 0; i < 16; i++) w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        u32 s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        u32 s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    u32 a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        u32 t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        u32 t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d, s->h[4] += e, s->h[5] += f, s->h[6] += g, s->h[7] += h;
}

static void init(sha256* s) {
    static const u32 iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                              0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, iv, sizeof iv);
    s->total = 0;
    s->fill = 0;
}
static void update(sha256* s, const u8* p, size_t n) {
    s->total += n;
    while (n) {
        u32 take = 64 - s->fill;
        if (take > n) take = (u32)n;
        memcpy(s->block + s->fill, p, take);
        s->fill += take, p += take, n -= take;
        if (s->fill == 64) compress(s, s->block), s->fill = 0;
    }
}
static void final(sha256* s, u8 out[32]) {
    u64 bits = s->total * 8;
    u8 pad = 0x80, zero = 0;
    update(s, &pad, 1);
    while (s->fill != 56) update(s, &zero, 1);
    u8 len[8];
    for (int i = 0; i < 8; i++) len[i] = (u8)(bits >> (56 - 8 * i));
    update(s, len, 8);
    for (int i = 0; i < 32; i++) out[i] = (u8)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}
static void print_digest(const char* label, const u8 d[32]) {
    rt_printf("%-12s ", label);
    for (int i = 0; i < 32; i++) rt_printf("%02x", d[i]);
    rt_printf("\n");
}

static u8 big[1 << 20];

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 1);
    sha256 s;
    u8 d[32];
    static const char* const msgs[] = {"", "abc", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                                       "The quick brown fox jumps over the lazy dog"};
    for (int i = 0; i < 4; i++) {
        init(&s);
        update(&s, (const u8*)msgs[i], strlen(msgs[i]));
        final(&s, d);
        print_digest(i == 0 ? "(empty)" : i == 1 ? "abc" : i == 2 ? "448 bits" : "fox", d);
    }
    init(&s);
    for (int i = 0; i < 1000000 / 50; i++) update(&s, (const u8*)"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 50);
    final(&s, d);
    print_digest("million a", d);
    u64 seed = 17;
    for (size_t i = 0; i < sizeof big; i++) big[i] = (u8)(rt_rand(&seed) >> 56);
    for (long r = 0; r < rounds; r++) {
        init(&s);
        update(&s, big, sizeof big);
        if (r) update(&s, d, 32);  // chain the rounds
        final(&s, d);
    }
    print_digest("1 MiB chain", d);
    return 0;
}
