// Exits through exit_group with a status computed from its work (the sum of
// the digits of 2^100 modulo 256 is 115), after writing to stdout with the
// raw write syscall rather than the buffered printf.
#include "rt.h"

int main(void) {
    u32 digits[40] = {1};  // little-endian decimal digits of 2^100
    int n = 1;
    for (int k = 0; k < 100; k++) {
        u32 carry = 0;
        for (int i = 0; i < n; i++) {
            u32 v = digits[i] * 2 + carry;
            digits[i] = v % 10;
            carry = v / 10;
        }
        if (carry) digits[n++] = carry;
    }
    char line[64];
    int len = 0;
    u32 sum = 0;
    for (int i = n - 1; i >= 0; i--) line[len++] = (char)('0' + digits[i]), sum += digits[i];
    line[len++] = '\n';
    rt_write(1, "2^100 = ", 8);
    rt_write(1, line, (size_t)len);
    rt_syscall6(SYS_exit_group, (long)(sum % 256), 0, 0, 0, 0, 0);
    return 0;  // not reached
}
