/* libm: sqrt, cbrt, exp, exp2, expm1, log, log2, log10, log1p, sin, cos,
 * tan, asin, acos, atan, atan2, sinh, cosh, tanh, pow, hypot, fmod,
 * remainder, fma, frexp/ldexp/modf, and the rounding functions floor, ceil,
 * round, trunc, rint, nearbyint, lround, llrint, under every rounding mode
 * fesetround allows, on values that reach the edges (signed zeros, halfway
 * points, subnormals, infinities, NaN). Printed with %a so one wrong bit
 * shows. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static const double xs[] = {
    0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.5, -2.5, 3.5, 0.1, 0.7, 2.0, 3.0, 10.0, 100.0, 1e-10, 1e10, 709.0,
    710.0, -745.0, -746.0, 1e-310, -1e-310, 4503599627370495.5, 4503599627370496.5, 9007199254740993.0, 1e300,
    3.141592653589793, 1.5707963267948966, 0.7853981633974483, 1e22, INFINITY, -INFINITY, NAN,
};
#define NX (sizeof xs / sizeof *xs)

static void p(const char* name, double x, double r) { printf("%-9s(%a) = %a %.17g\n", name, x, r, r); }

int main(void) {
    static const struct {
        const char* name;
        double (*fn)(double);
    } unary[] = {
        {"sqrt", sqrt}, {"cbrt", cbrt}, {"exp", exp}, {"exp2", exp2}, {"expm1", expm1}, {"log", log}, {"log2", log2},
        {"log10", log10}, {"log1p", log1p}, {"sin", sin}, {"cos", cos}, {"tan", tan}, {"asin", asin}, {"acos", acos},
        {"atan", atan}, {"sinh", sinh}, {"cosh", cosh}, {"tanh", tanh}, {"fabs", fabs}, {"erf", erf}, {"tgamma", tgamma},
        {"lgamma", lgamma},
    };
    for (size_t f = 0; f < sizeof unary / sizeof *unary; ++f)
        for (size_t i = 0; i < NX; ++i) p(unary[f].name, xs[i], unary[f].fn(xs[i]));

    static const struct {
        const char* name;
        double (*fn)(double, double);
    } binary[] = {{"atan2", atan2}, {"pow", pow}, {"hypot", hypot}, {"fmod", fmod}, {"remainder", remainder},
                  {"fmin", fmin}, {"fmax", fmax}, {"copysign", copysign}, {"nextafter", nextafter}, {"fdim", fdim}};
    for (size_t f = 0; f < sizeof binary / sizeof *binary; ++f)
        for (size_t i = 0; i < NX; i += 2)
            for (size_t j = 1; j < NX; j += 3) {
                double r = binary[f].fn(xs[i], xs[j]);
                printf("%s(%a, %a) = %a\n", binary[f].name, xs[i], xs[j], r);
            }
    for (size_t i = 0; i < NX; i += 3)
        for (size_t j = 0; j < NX; j += 4)
            for (size_t k = 0; k < NX; k += 5) printf("fma(%a, %a, %a) = %a\n", xs[i], xs[j], xs[k], fma(xs[i], xs[j], xs[k]));
    /* fma's single rounding is visible here: x*x - x*x exactly. */
    double a = 1.0 + 0x1p-30;
    printf("fma exact residue %a vs %a\n", fma(a, a, -(a * a)), a * a - a * a);

    static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    static const char* const mode_names[] = {"nearest", "down", "up", "zero"};
    for (int m = 0; m < 4; ++m) {
        fesetround(modes[m]);
        printf("mode %s (fegetround ok %d)\n", mode_names[m], fegetround() == modes[m]);
        for (size_t i = 0; i < NX; ++i) {
            double x = xs[i];
            printf("  %a: floor %a ceil %a round %a trunc %a rint %a nearbyint %a lround %ld llrint %lld\n", x, floor(x),
                   ceil(x), round(x), trunc(x), rint(x), nearbyint(x), isfinite(x) && fabs(x) < 1e18 ? lround(x) : 0L,
                   isfinite(x) && fabs(x) < 1e18 ? llrint(x) : 0LL);
        }
        /* Division, square root and conversion round by the mode too. */
        volatile double one = 1.0, three = 3.0, two = 2.0;
        printf("  1/3 %a sqrt2 %a (float)0.1 %a 1e308*10 %a\n", one / three, sqrt(two), (double)(float)(one / 10.0),
               1e308 * (three * 3.3333));
    }
    fesetround(FE_TONEAREST);

    /* Exception flags. */
    feclearexcept(FE_ALL_EXCEPT);
    volatile double z = 0.0, big = 1e308, tiny = 1e-308;
    volatile double r1 = 1.0 / z;
    printf("1/0=%g divbyzero=%d\n", r1, fetestexcept(FE_DIVBYZERO) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r1 = big * big;
    printf("overflow=%d inexact=%d\n", fetestexcept(FE_OVERFLOW) != 0, fetestexcept(FE_INEXACT) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r1 = tiny * tiny;
    printf("underflow=%d\n", fetestexcept(FE_UNDERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r1 = sqrt(-z - 1.0);
    printf("invalid=%d %g\n", fetestexcept(FE_INVALID) != 0, r1);

    for (size_t i = 0; i < NX; ++i) {
        int e;
        double ip;
        double fr = frexp(xs[i], &e);
        double fp = modf(xs[i], &ip);
        printf("frexp %a = %a * 2^%d, modf %a + %a, ldexp %a ilogb %d\n", xs[i], fr, isfinite(xs[i]) ? e : 0, ip, fp,
               ldexp(xs[i], -1000), isfinite(xs[i]) && xs[i] != 0 ? ilogb(xs[i]) : 0);
    }
    float ff = 0.1f;
    printf("sqrtf %a sinf %a expf %a powf %a\n", (double)sqrtf(ff), (double)sinf(ff), (double)expf(ff), (double)powf(ff, 3.3f));
    return 0;
}
