ldr x0, [x10]
ldr x1, [x10, #8]
ldr x2, [x10, #16]
ldr x3, [x10, #24]
