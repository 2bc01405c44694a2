mul x0, x1, x2
mul x3, x4, x5
mul x6, x7, x8
mul w9, w10, w11
mul w12, w13, w14
