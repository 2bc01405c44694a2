ldr x0, [x10, x1]
ldr x2, [x10, x3, lsl #3]
ldr w4, [x10, w5, uxtw #2]
ldr x6, [x10, w7, sxtw]
