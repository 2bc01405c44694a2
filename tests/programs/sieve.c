// Sieve of Eratosthenes on a bit array (odd numbers only) up to 2,000,000,
// then prime counts by decade, twin primes, the largest gap and the sum.
#include "rt.h"

#define LIMIT 2000000UL
static u64 bits[(LIMIT / 2) / 64 + 1];  // bit i set: 2i+1 is composite

static int composite(u64 n) { return (bits[n / 2 / 64] >> ((n / 2) % 64)) & 1; }
static int is_prime(u64 n) { return n == 2 || (n > 2 && (n & 1) && !composite(n)); }

int main(int argc, char** argv) {
    long rounds = rt_arg_long(argc, argv, 1, 1);
    u64 count = 0, sum = 0, twins = 0, gap = 0, gap_at = 0, last = 2;
    for (long r = 0; r < rounds; r++) {
        memset(bits, 0, sizeof bits);
        bits[0] |= 1;  // 1 is not prime
        for (u64 i = 3; i * i <= LIMIT; i += 2)
            if (!composite(i))
                for (u64 j = i * i; j <= LIMIT; j += 2 * i) bits[j / 2 / 64] |= 1UL << ((j / 2) % 64);
    }
    u64 decade = 10;
    for (u64 n = 2; n <= LIMIT; n++) {
        if (is_prime(n)) {
            count++;
            sum += n;
            if (n - last == 2) twins++;
            if (n - last > gap) {
                gap = n - last;
                gap_at = last;
            }
            last = n;
        }
        if (n == decade) {
            rt_printf("pi(%lu) = %lu\n", decade, count);
            decade *= 10;
        }
    }
    rt_printf("pi(%lu) = %lu sum=%lu twins=%lu largest gap %lu after %lu, last prime %lu\n", LIMIT, count, sum, twins,
              gap, gap_at, last);
    return 0;
}
