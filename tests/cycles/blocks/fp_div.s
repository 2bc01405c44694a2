// FP divides and square roots: the divider is not pipelined
fdiv d0, d1, d2
fdiv s3, s4, s5
fadd d6, d0, d7
fsqrt d8, d9
fsqrt s10, s11
