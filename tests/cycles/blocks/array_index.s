ldr w0, [x10, w1, uxtw #2]
add w1, w1, #1
ldr w2, [x10, w1, uxtw #2]
add w3, w0, w2
str w3, [x11, w1, uxtw #2]
