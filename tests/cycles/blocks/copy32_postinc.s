ldp x2, x3, [x1], #16
ldp x4, x5, [x1], #16
stp x2, x3, [x0], #16
stp x4, x5, [x0], #16
