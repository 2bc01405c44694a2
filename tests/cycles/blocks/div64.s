udiv x0, x1, x2
sdiv x3, x0, x4
