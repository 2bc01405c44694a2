// Integer matrix multiplication: 64x64 int32 with wrap-around, int64 with
// a transposed operand, uint16 modular, and powers of a 2x2 matrix (Fibonacci
// numbers modulo a prime). Prints traces and checksums.
#include "rt.h"

#define N 64
static i32 a[N][N], b[N][N], c[N][N];
static i64 la[N][N], lbt[N][N], lc[N][N];
static u16 ha[N][N], hb[N][N], hc[N][N];

static void mat2_mul(u64 r[2][2], u64 x[2][2], u64 y[2][2], u64 mod) {
    u64 t[2][2];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) t[i][j] = (x[i][0] * y[0][j] % mod + x[i][1] * y[1][j] % mod) % mod;
    memcpy(r, t, sizeof t);
}

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 2);
    u64 seed = 1234;
    u64 mix = RT_FNV_INIT;
    for (long r = 0; r < rounds; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                u64 v = rt_rand(&seed);
                a[i][j] = (i32)v;
                b[i][j] = (i32)(v >> 32);
                la[i][j] = (i64)(v % 2000001) - 1000000;
                lbt[j][i] = (i64)((v >> 21) % 2001) - 1000;
                ha[i][j] = (u16)v;
                hb[i][j] = (u16)(v >> 48);
            }
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                u32 s = 0;
                i64 ls = 0;
                u16 hs = 0;
                for (int k = 0; k < N; k++) {
                    s += (u32)a[i][k] * (u32)b[k][j];
                    ls += la[i][k] * lbt[j][k];
                    hs = (u16)(hs + ha[i][k] * hb[k][j]);
                }
                c[i][j] = (i32)s;
                lc[i][j] = ls;
                hc[i][j] = hs;
            }
        i64 tr = 0, ltr = 0;
        u64 htr = 0;
        for (int i = 0; i < N; i++) tr += c[i][i], ltr += lc[i][i], htr += hc[i][i];
        mix = rt_fnv(mix, c, sizeof c);
        mix = rt_fnv(mix, lc, sizeof lc);
        mix = rt_fnv(mix, hc, sizeof hc);
        if (r < 2) rt_printf("round %ld: trace i32 %ld i64 %ld u16 %lu corner %d %ld %u\n", r, tr, ltr, htr, c[N - 1][0],
                             lc[0][N - 1], hc[N / 2][N / 3]);
    }
    const u64 mod = 1000000007;
    u64 res[2][2] = {{1, 0}, {0, 1}}, base[2][2] = {{1, 1}, {1, 0}};
    for (u64 e = 1000000000000UL; e; e >>= 1) {  // fib(10^12) mod p
        if (e & 1) mat2_mul(res, res, base, mod);
        mat2_mul(base, base, base, mod);
    }
    rt_printf("fib(10^12) mod 1e9+7 = %lu\nrounds=%ld mix=%016lx\n", res[0][1], rounds, mix);
    return 0;
}
