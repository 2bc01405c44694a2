// SIMD&FP loads and stores, each addressing mode
ldr d0, [x1]
ldr q1, [x1, #16]
ldr s2, [x1, x2, lsl #2]
ldr q3, [x3], #16
fadd d4, d0, d0
str d4, [x0]
str q1, [x0, #16]
stur q3, [x0, #40]
str s2, [x5, #8]!
ldp d5, d6, [x6]
stp d5, d6, [x7], #16
