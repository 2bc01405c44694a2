ldrb w0, [x10], #1
add w1, w1, w0
eor w2, w2, w0, lsl #3
subs x3, x3, #1
