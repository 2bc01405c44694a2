cmp x0, x1
csel x2, x3, x4, lt
cmp x5, x6
csinc x7, x7, xzr, ne
adds x8, x8, #1
cset x9, eq
