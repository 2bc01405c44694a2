// Reads its command line and environment as the kernel laid them out on the
// stack. Only the variables named IRQSIM_TEST_* are printed, so whatever the
// emulator adds to the environment does not matter.
#include "rt.h"

int main(int argc, char** argv, char** envp) {
    rt_printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) rt_printf("argv[%d]=\"%s\" (%lu bytes)\n", i, argv[i], strlen(argv[i]));
    if (argv[argc] != NULL) rt_printf("argv is not NULL-terminated\n");
    int n = 0;
    u64 h = RT_FNV_INIT;
    for (char** e = envp; *e; e++) {
        if (strncmp(*e, "IRQSIM_TEST_", 12) == 0) {
            rt_printf("env %s\n", *e);
            h = rt_fnv(h, *e, strlen(*e));
            n++;
        }
    }
    rt_printf("%d IRQSIM_TEST_ variables, hash %016lx\n", n, h);
    // argv strings are contiguous and NUL-terminated in the kernel's layout.
    int contiguous = 1;
    for (int i = 1; i < argc; i++)
        if (argv[i] != argv[i - 1] + strlen(argv[i - 1]) + 1) contiguous = 0;
    rt_printf("argv strings contiguous: %d\n", contiguous);
    return argc;
}
