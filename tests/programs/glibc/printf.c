/* printf and snprintf in every conversion: integers of every length
 * modifier, strings, characters, pointers and doubles (%f %e %g %a, upper
 * and lower case) under widths, precisions and the flags "-+ #0", with
 * values chosen to reach rounding boundaries, subnormals, infinities and
 * NaNs. Compared byte for byte with qemu-aarch64, a wrong FP bit shows. */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char* const int_formats[] = {
    "%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-+8.3d|", "%u", "%x", "%X", "%#x",
    "%#X", "%o", "%#o", "%#.0o", "%.0d", "%08.3x", "%#010x", "%-#10o|", "%hhd", "%hhu", "%hd", "%hu", "%hx",
};
static const int ints[] = {0, 1, -1, 7, -7, 42, 255, 256, -256, 65535, 65536, 123456789, INT_MAX, INT_MIN};

static const char* const long_formats[] = {
    "%ld", "%lu", "%lx", "%#lo", "%lld", "%llx", "%20lld", "%-20lld|", "%+.25lld", "%jd", "%zu", "%tx",
};
static const long longs[] = {0, 1, -1, 0x7fffffffL, 0x80000000L, -0x80000000L, 1234567890123456789L, LONG_MAX, LONG_MIN};

static const char* const double_formats[] = {
    "%f", "%.0f", "%.1f", "%.3f", "%.10f", "%#.0f", "%+f", "% f", "%12.4f", "%-12.4f|", "%012.4f", "%e", "%.0e",
    "%.3e", "%#.0e", "%E", "%+.12e", "%15.3e", "%g", "%.0g", "%.1g", "%.3g", "%.10g", "%#g", "%#.3g", "%G",
    "%.17g", "%a", "%A", "%.0a", "%.3a", "%20a", "%-+20.5a|", "%#a", "%.20f", "%.40e",
};
static const double doubles[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.125, 0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 3.14159265358979323846,
    2.718281828459045, 9.5, 10.5, 99.95, 999.5, 0.000123456, 1e-5, 1e-300, 1e300, 123456789.0, 1e15, 1e16, 1e17,
    1e21, 1e22, 1e23, 4.35, 0.045, 5e-324, 2.2250738585072009e-308, DBL_MIN, DBL_MAX, DBL_EPSILON, -1.25e-7,
    65536.0 + 0.5, 9007199254740993.0, 0.999999999, 9.9999999e9,
};

static void emit(const char* fmt, const char* s) { printf("[%s] -> [%s]\n", fmt, s); }

int main(void) {
    char buf[512];
    for (size_t f = 0; f < sizeof int_formats / sizeof *int_formats; ++f)
        for (size_t i = 0; i < sizeof ints / sizeof *ints; ++i) {
            snprintf(buf, sizeof buf, int_formats[f], ints[i]);
            emit(int_formats[f], buf);
        }
    for (size_t f = 0; f < sizeof long_formats / sizeof *long_formats; ++f)
        for (size_t i = 0; i < sizeof longs / sizeof *longs; ++i) {
            snprintf(buf, sizeof buf, long_formats[f], longs[i]);
            emit(long_formats[f], buf);
        }
    printf("%" PRId8 " %" PRIu16 " %" PRIx32 " %" PRIo64 " %" PRIdMAX "\n", (int8_t)-128, (uint16_t)65535,
           (uint32_t)0xdeadbeef, (uint64_t)01234567012345670123ULL, INTMAX_MIN);

    for (size_t f = 0; f < sizeof double_formats / sizeof *double_formats; ++f)
        for (size_t i = 0; i < sizeof doubles / sizeof *doubles; ++i) {
            snprintf(buf, sizeof buf, double_formats[f], doubles[i]);
            emit(double_formats[f], buf);
            snprintf(buf, sizeof buf, double_formats[f], -doubles[i]);
            emit(double_formats[f], buf);
        }
    const double specials[] = {INFINITY, -INFINITY, NAN, -NAN};
    const char* const special_formats[] = {"%f", "%F", "%e", "%E", "%g", "%G", "%a", "%A", "%10f|", "%-10e|", "%+g", "%010f"};
    for (size_t f = 0; f < sizeof special_formats / sizeof *special_formats; ++f)
        for (size_t i = 0; i < 4; ++i) {
            snprintf(buf, sizeof buf, special_formats[f], specials[i]);
            emit(special_formats[f], buf);
        }
    /* Powers of two and ten across the whole exponent range. */
    for (int e = -1074; e <= 1023; e += 37) printf("2^%d = %.17g = %a\n", e, ldexp(1.0, e), ldexp(1.0, e));
    for (int e = -320; e <= 308; e += 29) {
        char t[32];
        snprintf(t, sizeof t, "1e%d", e);
        printf("%s %.17e %.3g\n", t, pow(10.0, e) * 1.0, 1.0 / 3.0 * pow(10.0, e));
    }
    printf("float promoted: %.9g %a %f\n", (double)1.1f, (double)FLT_MAX, (double)FLT_MIN);
    printf("long double: %Lf %.20Le %La %Lg\n", 1.0L / 3.0L, 2.0L / 3.0L, 0.1L, 1e4000L);

    /* Strings, characters, pointers, %n and %%. */
    const char* strs[] = {"", "a", "hello", "hello, world", "a longer string that exceeds the widths"};
    const char* str_formats[] = {"%s", "%10s|", "%-10s|", "%.3s", "%10.3s|", "%-10.0s|", "%.*s"};
    for (size_t f = 0; f < sizeof str_formats / sizeof *str_formats; ++f)
        for (size_t i = 0; i < 5; ++i) {
            if (f == 6)
                snprintf(buf, sizeof buf, str_formats[f], (int)i * 2, strs[i]);
            else
                snprintf(buf, sizeof buf, str_formats[f], strs[i]);
            emit(str_formats[f], buf);
        }
    for (int c = 32; c < 127; c += 5) printf("[%c][%3c][%-3c]", c, c, c);
    printf("\n%p %p %20p| %-20p|\n", (void*)0, (void*)0x1234, (void*)0xdeadbeefcafe, (void*)0x10);
    int n1 = 0, n2 = 0;
    printf("abc%n defgh%n %%\n", &n1, &n2);
    printf("n1=%d n2=%d\n", n1, n2);
    printf("%*d|%-*d|%.*f|%*.*e\n", 8, 42, 8, 42, 3, 3.14159, 12, 2, 12345.678);
    printf("%2$s %1$s %3$d\n", "world", "hello", 3);

    /* snprintf truncation and return values. */
    for (size_t size = 0; size < 14; ++size) {
        char small[16];
        memset(small, '#', sizeof small);
        int r = snprintf(small, size, "%s=%d", "value", 123456);
        printf("size %zu: r=%d [%.*s] tail=%c\n", size, r, (int)sizeof small, small, small[15]);
    }
    int r = snprintf(NULL, 0, "%.100f", 1.0);
    printf("snprintf(NULL, 0) = %d\n", r);
    return 0;
}
