extr x0, x1, x2, #12
ror x3, x0, #7
extr w4, w5, w6, #3
ror w7, w4, #9
