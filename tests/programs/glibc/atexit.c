/* exit() runs the atexit and on_exit handlers in reverse order, flushes
 * stdio (stdout fully buffered to a file or pipe, stderr unbuffered, so the
 * interleaving shows), and the status reaches the parent. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit handler registered first runs last\n"); }
static void second(void) { printf("atexit handler registered second\n"); }
static void with_arg(int status, void* arg) { printf("on_exit: status %d arg %s\n", status, (const char*)arg); }

int main(int argc, char** argv) {
    atexit(first);
    atexit(second);
    on_exit(with_arg, "hello");
    printf("main: argc %d argv[1] %s\n", argc, argc > 1 ? argv[1] : "(none)");
    fprintf(stderr, "stderr is unbuffered\n");
    setvbuf(stderr, NULL, _IOFBF, 64);
    fprintf(stderr, "now buffered stderr, flushed at exit\n");
    printf("exiting with 42\n");
    exit(42);
}
