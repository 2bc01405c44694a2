udiv w0, w1, w2
add x3, x3, #1
add x4, x4, #1
mul x5, x5, x6
add x7, x7, x3
