// Reads its command line and environment as the kernel laid them out on the
// stack. Only the variables named IRQSIM_TEST_* are printed, so whatever the
// emulator adds to the environment does not matter, and they are printed
// sorted: qemu-aarch64 7.2 hands the environment over in reverse order (its
// envlist), where Linux keeps the order execve was given.
#include "rt.h"

int main(int argc, char** argv, char** envp) {
    rt_printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++) rt_printf("argv[%d]=\"%s\" (%lu bytes)\n", i, argv[i], strlen(argv[i]));
    if (argv[argc] != NULL) rt_printf("argv is not NULL-terminated\n");
    const char* mine[32];
    int n = 0;
    for (char** e = envp; *e && n < 32; e++)
        if (strncmp(*e, "IRQSIM_TEST_", 12) == 0) mine[n++] = *e;
    for (int i = 1; i < n; i++)  // insertion sort
        for (int j = i; j > 0 && strcmp(mine[j - 1], mine[j]) > 0; j--) {
            const char* t = mine[j];
            mine[j] = mine[j - 1];
            mine[j - 1] = t;
        }
    u64 h = RT_FNV_INIT;
    for (int i = 0; i < n; i++) {
        rt_printf("env %s\n", mine[i]);
        h = rt_fnv(h, mine[i], strlen(mine[i]));
    }
    rt_printf("%d IRQSIM_TEST_ variables, hash %016lx\n", n, h);
    // argv strings are contiguous and NUL-terminated in the kernel's layout.
    int contiguous = 1;
    for (int i = 1; i < argc; i++)
        if (argv[i] != argv[i - 1] + strlen(argv[i - 1]) + 1) contiguous = 0;
    rt_printf("argv strings contiguous: %d\n", contiguous);
    return argc;
}
