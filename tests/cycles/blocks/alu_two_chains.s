add x0, x0, x1
add x2, x2, x3
add x0, x0, #4
add x2, x2, #4
orr x0, x0, x4
and x2, x2, x5
