udiv w0, w1, w2
add w3, w0, #1
sdiv w4, w5, w6
