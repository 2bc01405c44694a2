// A memcpy-heavy program: copies and moves blocks of every size from 1 to
// 4 KiB at every source and destination alignment modulo 8 through a 256 KiB
// arena, and checks the result by FNV-1a. It exercises the runtime's word
// and byte copy loops (rt.c), i.e. loads and stores back to back.
#include "rt.h"

#define ARENA (256 * 1024)
static u8 src[ARENA], dst[ARENA];

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 1);
    u64 seed = 7, mix = RT_FNV_INIT;
    for (int i = 0; i < ARENA; i++) src[i] = (u8)rt_rand(&seed);
    for (long r = 0; r < rounds; r++) {
        u64 at = 0;
        for (unsigned size = 1; size <= 4096; size = size * 5 / 4 + 1) {
            for (unsigned sa = 0; sa < 8; sa++) {
                for (unsigned da = 0; da < 8; da++) {
                    u64 s = (at + sa) % (ARENA - 8192), d = (at * 3 + da) % (ARENA - 8192);
                    memcpy(dst + d, src + s, size);
                    memmove(dst + d + 1, dst + d, size);  // overlapping, backwards
                    mix = rt_fnv(mix, dst + d + size / 2, 8);
                    at += size + 13;
                }
            }
        }
        src[r % ARENA] ^= (u8)mix;
    }
    mix = rt_fnv(mix, dst, ARENA);
    rt_printf("memcopy rounds=%ld fnv=%016lx\n", rounds, (unsigned long)mix);
    return 0;
}
