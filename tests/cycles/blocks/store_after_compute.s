add x0, x0, #1
str x0, [x10]
mul x1, x0, x0
str x1, [x10, #8]
strb w1, [x10, #16]
