add x1, x10, x2, lsl #3
ldr x0, [x1]
add x3, x10, #64
ldr x4, [x3, #8]
adrp x5, .
add x5, x5, #16
