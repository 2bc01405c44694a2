ldr x0, [x10]
add x1, x0, #1
ldr x2, [x10, #8]
add x3, x2, x1
ldrb w4, [x10, #3]
add x5, x4, x3
