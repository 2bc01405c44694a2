mul x0, x1, x2
add x3, x0, #1
mul w4, w3, w5
add x6, x4, x3
umulh x7, x6, x1
