// Prints the state a generated sequence left (see seqgen.cpp and glue.S):
// one line per sequence with the row name and word, X0-X30, SP, NZCV and,
// after loads and stores, a hash of the data buffer.
#include "rt.h"

#define BUFFER_BYTES (66 * 1024)
// Aligned so that base registers at 16-byte offsets suit every access size.
u8 seq_buffer[BUFFER_BYTES] __attribute__((aligned(4096)));
extern u64 seq_state[33];  // X0-X30, SP, NZCV
extern const char* const seq_desc[];
extern void run_sequences(void);

void seq_dump(u32 code) {
    u32 index = code >> 1;
    rt_printf("%u %s:", index, seq_desc[index]);
    for (int r = 0; r < 31; r++) rt_printf(" x%d=%lx", r, seq_state[r]);
    rt_printf(" sp=%lx nzcv=%lx", seq_state[31], seq_state[32] >> 28);
    if (code & 1) {
        u64 h = RT_FNV_INIT;
        const u64* w = (const u64*)seq_buffer;
        for (size_t i = 0; i < BUFFER_BYTES / 8; i++) h = (h ^ w[i]) * 0x100000001b3UL;
        rt_printf(" mem=%lx", h);
    }
    rt_printf("\n");
}

void seq_done(u32 count) {
    rt_printf("%u sequences\n", count);
    rt_exit(0);
}

int main(void) {
    u64 seed = 0x5eed;
    for (size_t i = 0; i < BUFFER_BYTES; i += 8) {
        u64 v = rt_rand(&seed);
        memcpy(seq_buffer + i, &v, 8);
    }
    run_sequences();
    return 1;  // not reached
}
