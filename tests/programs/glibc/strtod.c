/* strtod, strtof, strtold, strtol, strtoul, strtoll, strtoull and atoi on
 * tricky inputs: halfway cases, long digit strings, subnormals, overflow
 * and underflow (errno), hex floats, inf/nan spellings, leading blanks and
 * signs, bases 0..36, and where parsing stops (endptr). Results printed
 * with %a and %.17g so a wrong last bit shows. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char* const floats[] = {
    "0", "-0", "+0.0", "1", "-1", "0.1", "0.2", "0.3", "1e23", "8.589973e9", "2.2250738585072011e-308",
    "2.2250738585072012e-308", "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "1e-400", "-1e-400", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309",
    "-1e309", "9007199254740993", "9007199254740992.9999999999999999999", "9007199254740993.0000000000000000001",
    "0.500000000000000166533453693773481063544750213623046875",
    "3.14159265358979323846264338327950288419716939937510582097494459", "123456789012345678901234567890",
    "0x1p-1074", "0x1.fffffffffffffp1023", "0x1.0000000000000801p0", "0X1.8P+1", "0x.8", "0x", "0xg", "  \t\n 42.5xyz",
    "inf", "-INF", "infinity", "InFiNiTy!", "infin", "nan", "-NaN", "nan(123)", "nan(abc", ".", "-.", ".5", "5.", "e5",
    "1e", "1e+", "1e-5x", "00000000000000000000000001.5", "1.000000000000000000000000000000000000000000000000001",
    "0.0000000000000000000000000000000000000000000000000000001e56", "1_000", "1,5", "   -  1", "",
    "6.92949564460092e-310", "1.00000000000000011102230246251565404236316680908203125",
    "1.00000000000000011102230246251565404236316680908203124", "1.00000000000000011102230246251565404236316680908203126",
};

static const char* const ints[] = {
    "0", "-0", "123", "-123", "+7", "  42", "0x1f", "0X1F", "017", "08", "0b101", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
    "18446744073709551616", "-1", "2147483647", "2147483648", "zz", "Zz", "  +0x", "- 5", "", "1234abc", "0x7fffffffffffffff",
    "0xffffffffffffffffff", "-0x8000000000000000", "777777777777777777777", "1777777777777777777777",
};

int main(void) {
    for (size_t i = 0; i < sizeof floats / sizeof *floats; ++i) {
        const char* s = floats[i];
        char* end;
        errno = 0;
        double d = strtod(s, &end);
        int e = errno;
        errno = 0;
        float f = strtof(s, NULL);
        int ef = errno;
        long double ld = strtold(s, NULL);
        printf("\"%s\": %.17g %a errno=%d end=+%d | f %.9g %a errno=%d | ld %.21Lg\n", s, d, d, e, (int)(end - s), (double)f,
               (double)f, ef, ld);
    }
    const int bases[] = {0, 2, 8, 10, 16, 36};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; ++i)
        for (size_t b = 0; b < sizeof bases / sizeof *bases; ++b) {
            const char* s = ints[i];
            char* end;
            errno = 0;
            long l = strtol(s, &end, bases[b]);
            int e = errno;
            errno = 0;
            unsigned long ul = strtoul(s, NULL, bases[b]);
            int eu = errno;
            errno = 0;
            long long ll = strtoll(s, NULL, bases[b]);
            unsigned long long ull = strtoull(s, NULL, bases[b]);
            printf("\"%s\" base %d: %ld errno=%d end=+%d | %lu errno=%d | %lld %llu\n", s, bases[b], l, e, (int)(end - s), ul,
                   eu, ll, ull);
        }
    errno = 0;
    long bad = strtol("5", NULL, 1);
    printf("base 1: %ld errno=%d\n", bad, errno);
    errno = 0;
    bad = strtol("5", NULL, 37);
    printf("base 37: %ld errno=%d\n", bad, errno);
    printf("atoi %d %d %d atol %ld atof %.17g\n", atoi("  -17xyz"), atoi("2147483647"), atoi(""), atol("-99999999999"),
           atof("2.5e-3"));

    /* Round trips: every %.17g of a sequence of doubles parses back to itself. */
    unsigned long mismatches = 0;
    double v = 1.0;
    for (int i = 0; i < 2000; ++i) {
        char buf[64];
        v = v * 1.37 + 1e-3 / (i + 1);
        if (v > 1e300) v = 1e-300;
        snprintf(buf, sizeof buf, "%.17g", v);
        if (strtod(buf, NULL) != v) mismatches++;
        snprintf(buf, sizeof buf, "%a", -v);
        if (strtod(buf, NULL) != -v) mismatches++;
    }
    printf("round trip mismatches %lu, last %.17g\n", mismatches, v);
    return 0;
}
