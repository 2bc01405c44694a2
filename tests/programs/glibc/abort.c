/* abort(): what was flushed reaches stdout and stderr, then SIGABRT ends
 * the process (glibc's abort unblocks SIGABRT and raises it with tgkill),
 * with the exit status and the message the emulator gives for an uncaught
 * signal. Buffered output that was not flushed is lost, as on Linux. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("before abort, flushed\n");
    fflush(stdout);
    fprintf(stderr, "abort: about to call abort()\n");
    printf("buffered, never written\n");
    abort();
}
