/* Reads its standard input (the test feeds it a file): fgets lines,
 * counts lines, words and bytes like wc, parses numbers with sscanf, sums
 * them, and echoes every line reversed; then getc/ungetc and feof/ferror
 * at the end of the input, and a read(2) that returns 0. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char line[1024];
    long lines = 0, words = 0, bytes = 0, numbers = 0;
    double sum = 0;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        bytes += (long)n;
        lines += n && line[n - 1] == '\n';
        int in_word = 0;
        for (size_t i = 0; i < n; ++i) {
            if (isspace((unsigned char)line[i])) in_word = 0;
            else if (!in_word) in_word = 1, words++;
        }
        char* p = line;
        double v;
        int used;
        while (*p) {
            if (sscanf(p, "%lf%n", &v, &used) == 1) {
                sum += v;
                numbers++;
                p += used;
            } else {
                p++;
            }
        }
        if (n && line[n - 1] == '\n') line[--n] = 0;
        for (size_t i = 0; i < n / 2; ++i) {
            char t = line[i];
            line[i] = line[n - 1 - i];
            line[n - 1 - i] = t;
        }
        printf("%4ld: %s\n", lines, line);
    }
    printf("lines %ld words %ld bytes %ld numbers %ld sum %.17g\n", lines, words, bytes, numbers, sum);
    int c = getc(stdin);
    printf("after end: getc %d feof %d ferror %d\n", c, feof(stdin) != 0, ferror(stdin) != 0);
    clearerr(stdin);
    char b[16];
    printf("read(0) at end = %zd\n", read(0, b, sizeof b));
    fprintf(stderr, "stdin: %ld lines\n", lines);
    return 0;
}
