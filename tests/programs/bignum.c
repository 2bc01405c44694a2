// Arbitrary-precision arithmetic on 32-bit limbs: 200!, Fibonacci(1500),
// 2^1000, a multiply of two big numbers checked by dividing back, and long
// division by one limb. Results are printed in decimal.
#include "rt.h"

#define LIMBS 200  // 6400 bits

typedef struct {
    int n;  // limbs in use; 0 means zero
    u32 d[LIMBS];
} big;

static void big_set(big* a, u32 v) {
    a->n = v ? 1 : 0;
    a->d[0] = v;
}
static void big_trim(big* a) {
    while (a->n && !a->d[a->n - 1]) a->n--;
}
static void big_mul_small(big* a, u32 m) {
    u64 carry = 0;
    for (int i = 0; i < a->n; i++) {
        u64 t = (u64)a->d[i] * m + carry;
        a->d[i] = (u32)t;
        carry = t >> 32;
    }
    if (carry) a->d[a->n++] = (u32)carry;
    big_trim(a);
}
static void big_add(big* r, const big* a, const big* b) {  // r may alias a or b
    int n = a->n > b->n ? a->n : b->n;
    u64 carry = 0;
    for (int i = 0; i < n; i++) {
        u64 t = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        r->d[i] = (u32)t;
        carry = t >> 32;
    }
    r->n = n;
    if (carry) r->d[r->n++] = (u32)carry;
}
static int big_cmp(const big* a, const big* b) {
    if (a->n != b->n) return a->n < b->n ? -1 : 1;
    for (int i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}
static void big_mul(big* r, const big* a, const big* b) {
    static u32 t[2 * LIMBS];
    memset(t, 0, sizeof t);
    for (int i = 0; i < a->n; i++) {
        u64 carry = 0;
        for (int j = 0; j < b->n; j++) {
            u64 x = (u64)a->d[i] * b->d[j] + t[i + j] + carry;
            t[i + j] = (u32)x;
            carry = x >> 32;
        }
        t[i + b->n] = (u32)carry;
    }
    r->n = a->n + b->n;
    if (r->n > LIMBS) r->n = LIMBS;
    memcpy(r->d, t, (size_t)r->n * 4);
    big_trim(r);
}
// Divides in place by a one-limb divisor; returns the remainder.
static u32 big_div_small(big* a, u32 m) {
    u64 rem = 0;
    for (int i = a->n - 1; i >= 0; i--) {
        u64 cur = (rem << 32) | a->d[i];
        a->d[i] = (u32)(cur / m);
        rem = cur % m;
    }
    big_trim(a);
    return (u32)rem;
}
// Schoolbook long division, bit by bit: q = a / b, r = a % b.
static void big_shl1(big* a, u32 in) {
    u32 carry = in;
    for (int i = 0; i < a->n; i++) {
        u32 top = a->d[i] >> 31;
        a->d[i] = (a->d[i] << 1) | carry;
        carry = top;
    }
    if (carry) a->d[a->n++] = carry;
}
static void big_sub(big* a, const big* b) {  // a -= b, a >= b
    i64 borrow = 0;
    for (int i = 0; i < a->n; i++) {
        i64 t = (i64)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
        borrow = t < 0;
        a->d[i] = (u32)t;
    }
    big_trim(a);
}
static void big_divmod(big* q, big* r, const big* a, const big* b) {
    big_set(q, 0);
    big_set(r, 0);
    q->n = a->n;
    memset(q->d, 0, sizeof q->d);
    for (int i = a->n * 32 - 1; i >= 0; i--) {
        big_shl1(r, (a->d[i / 32] >> (i % 32)) & 1);
        if (big_cmp(r, b) >= 0) {
            big_sub(r, b);
            q->d[i / 32] |= 1u << (i % 32);
        }
    }
    big_trim(q);
}

static void big_print(const char* label, const big* a) {
    static big t;
    static char digits[LIMBS * 10 + 2];
    t = *a;
    int n = 0;
    do {
        u32 rem = big_div_small(&t, 1000000000u);
        for (int k = 0; k < 9; k++) {
            digits[n++] = (char)('0' + rem % 10);
            rem /= 10;
        }
    } while (t.n);
    while (n > 1 && digits[n - 1] == '0') n--;
    rt_printf("%s (%d digits) = ", label, n);
    for (int i = n - 1; i >= 0; i--) rt_printf("%c", digits[i]);
    rt_printf("\n");
}

static big fact, f0, f1, p2, x, y, prod, q, r, tmp;

int main(int argc, char** argv) {
    // argv[1]: how many times the multiply-and-divide-back check runs (the
    // benchmark's knob; the output is the same for any count).
    long rounds = rt_arg_long(argc, argv, 1, 1);
    big_set(&fact, 1);
    for (u32 i = 2; i <= 200; i++) big_mul_small(&fact, i);
    big_print("200!", &fact);

    big_set(&f0, 0);
    big_set(&f1, 1);
    for (int i = 0; i < 1500; i++) {
        big_add(&f0, &f0, &f1);
        tmp = f0;
        f0 = f1;
        f1 = tmp;
    }
    big_print("fib(1500)", &f0);

    big_set(&p2, 1);
    for (int i = 0; i < 1000; i++) big_mul_small(&p2, 2);
    big_print("2^1000", &p2);

    // x = 3^300 + 17, y = 7^150 + 5; prod = x*y; check prod / y == x, prod % y == 0.
    big_set(&x, 1);
    for (int i = 0; i < 300; i++) big_mul_small(&x, 3);
    big_set(&tmp, 17);
    big_add(&x, &x, &tmp);
    big_set(&y, 1);
    for (int i = 0; i < 150; i++) big_mul_small(&y, 7);
    big_set(&tmp, 5);
    big_add(&y, &y, &tmp);
    int ok = 1;
    for (long i = 0; i < rounds; i++) {
        big_mul(&prod, &x, &y);
        big_divmod(&q, &r, &prod, &y);
        ok &= big_cmp(&q, &x) == 0 && r.n == 0;
    }
    big_print("(3^300+17)*(7^150+5)", &prod);
    big_divmod(&q, &r, &fact, &p2);  // 200! / 2^1000 is 0 rem 200!
    big_divmod(&q, &r, &p2, &fact);
    big_print("2^1000 / 200!", &q);
    big_print("2^1000 % 200!", &r);
    // Digit sum of 200! by repeated division by 10.
    tmp = fact;
    u32 digit_sum = 0;
    while (tmp.n) digit_sum += big_div_small(&tmp, 10);
    rt_printf("digit sum of 200! = %u, divide-back %s\n", digit_sum, ok ? "ok" : "WRONG");
    return ok ? 0 : 1;
}
