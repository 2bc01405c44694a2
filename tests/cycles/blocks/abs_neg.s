cmp x0, #0
cneg x1, x0, lt
negs x2, x1
csneg x3, x2, x1, pl
csinv x4, x3, xzr, eq
