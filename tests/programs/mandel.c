// A Mandelbrot set in 16.16 fixed point (no floating point: the guests are
// built with -mgeneral-regs-only), printed as ASCII art, plus the total
// iteration count. Multiplications use 64-bit products and arithmetic shifts.
#include "rt.h"

#define FIX(x) ((i64)((x) * 65536))

static int escape(i64 cr, i64 ci, int limit) {
    i64 zr = 0, zi = 0;
    int k = 0;
    for (; k < limit; k++) {
        i64 zr2 = (zr * zr) >> 16, zi2 = (zi * zi) >> 16;
        if (zr2 + zi2 > FIX(4)) break;
        zi = ((2 * zr * zi) >> 16) + ci;
        zr = zr2 - zi2 + cr;
    }
    return k;
}

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 1);
    const int w = 72, h = 28;
    u64 total = 0;
    for (long r = 0; r < rounds; r++) {
        for (int y = 0; y < h; y++) {
            char line[80];
            for (int x = 0; x < w; x++) {
                i64 cr = FIX(-2.2) + (FIX(3.0) * x) / w;
                i64 ci = FIX(-1.2) + (FIX(2.4) * y) / h;
                int k = escape(cr, ci, 200);
                total += (u64)k;
                line[x] = " .:-=+*#%@"[k >= 200 ? 9 : k % 9];
            }
            line[w] = 0;
            if (r == 0) rt_printf("%s\n", line);
        }
    }
    rt_printf("rounds=%ld iterations=%lu\n", rounds, total);
    return 0;
}
