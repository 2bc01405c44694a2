// Table-driven CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) and
// CRC-32C (Castagnoli, 0x82F63B78), byte-wise and slicing-by-4, over fixed
// strings and a pseudo-random buffer. The check values of "123456789" are
// 0xCBF43926 and 0xE3069283 (Williams, "A painless guide to CRC").
#include "rt.h"

static u32 table[4][256], table_c[256];

static void make_tables(void) {
    for (u32 i = 0; i < 256; i++) {
        u32 c = i, d = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            d = (d & 1) ? 0x82F63B78u ^ (d >> 1) : d >> 1;
        }
        table[0][i] = c;
        table_c[i] = d;
    }
    for (u32 i = 0; i < 256; i++)
        for (int t = 1; t < 4; t++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

static u32 crc32_bytes(const u8* p, size_t n, const u32* tab) {
    u32 c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) c = tab[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

static u32 crc32_slice4(const u8* p, size_t n) {
    u32 c = 0xffffffffu;
    for (; n >= 4; n -= 4, p += 4) {
        c ^= (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
        c = table[3][c & 0xff] ^ table[2][(c >> 8) & 0xff] ^ table[1][(c >> 16) & 0xff] ^ table[0][c >> 24];
    }
    while (n--) c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static u8 buf[1 << 16];

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 4);
    make_tables();
    static const char* const strings[] = {"", "a", "abc", "123456789", "The quick brown fox jumps over the lazy dog",
                                          "irqsim: comparing arm64 IRQ stack designs"};
    for (unsigned i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const u8* s = (const u8*)strings[i];
        size_t n = strlen(strings[i]);
        rt_printf("crc32=%08x crc32c=%08x slice4=%08x \"%s\"\n", crc32_bytes(s, n, table[0]),
                  crc32_bytes(s, n, table_c), crc32_slice4(s, n), strings[i]);
    }
    u64 seed = 5;
    u32 acc = 0;
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < sizeof buf; i += 8) {
            u64 v = rt_rand(&seed);
            memcpy(buf + i, &v, 8);
        }
        u32 a = crc32_bytes(buf, sizeof buf, table[0]);
        u32 b = crc32_slice4(buf + 1, sizeof buf - 1);  // unaligned start
        u32 c = crc32_bytes(buf, sizeof buf, table_c);
        acc = acc * 33 + (a ^ b ^ c);
        if (r < 2) rt_printf("buffer %ld: crc32=%08x slice4(+1)=%08x crc32c=%08x\n", r, a, b, c);
    }
    rt_printf("rounds=%ld acc=%08x\n", rounds, acc);
    return 0;
}
