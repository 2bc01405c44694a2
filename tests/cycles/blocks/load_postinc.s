ldr x0, [x10], #8
ldr x1, [x10], #8
ldr x2, [x10], #8
add x3, x0, x1
