/* setjmp/longjmp and sigsetjmp/siglongjmp: jumps out of deep recursion,
 * back into a loop many times, with callee-saved integer and FP registers
 * live across the jump (the values volatile locals keep), and nested jump
 * buffers. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf outer, inner;
static sigjmp_buf sig;
static int depth_reached;

static int descend(int depth, int target) {
    volatile int local = depth * 3;
    depth_reached = depth;
    if (depth >= target) longjmp(outer, depth + 1000);
    if (depth > 100000) return local; /* not reached: every target is below */
    return descend(depth + 1, target) + local;
}

static double fp_work(double x, int jump) {
    double a = x * 1.5, b = x / 3.0, c = a * b + 0.25;
    if (jump) longjmp(inner, (int)c);
    return a + b + c;
}

int main(void) {
    for (volatile int target = 0; target < 2000; target += 397) {
        int r = setjmp(outer);
        int t = target;
        if (r == 0) {
            descend(0, t);
            printf("not reached\n");
        } else {
            printf("target %d: longjmp value %d, depth %d\n", t, r, depth_reached);
        }
    }
    /* A zero longjmp value arrives as 1. */
    if (setjmp(outer) == 0) longjmp(outer, 0);
    else printf("longjmp(0) returned nonzero\n");

    volatile int count = 0;
    volatile double acc = 0.5;
    double keep = 2.0; /* in a callee-saved FP register, not changed after setjmp */
    long keep_int = 123456789;
    int v = setjmp(inner);
    if (count < 50) {
        count = count + 1;
        acc = acc * 1.0625 + v;
        fp_work(acc, 1);
    }
    printf("count %d acc %.17g %a keep %g %ld\n", count, acc, acc, keep, keep_int);
    printf("fp_work %a\n", fp_work(acc, 0));

    volatile int stage = 0;
    if (sigsetjmp(sig, 1) == 0) {
        stage = 1;
        siglongjmp(sig, 7);
    }
    printf("sigsetjmp stage %d\n", stage);
    return 0;
}
