madd x0, x1, x2, x0
madd x0, x3, x4, x0
madd x0, x5, x6, x0
msub x0, x7, x8, x0
