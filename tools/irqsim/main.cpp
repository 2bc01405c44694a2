#include <cstdio>
int main() {
    std::fprintf(stderr, "irqsim: no commands yet\n");
    return 2;
}
