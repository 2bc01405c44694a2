ldr x0, [x10, #8]!
ldr x1, [x10, #8]!
add x2, x0, x1
