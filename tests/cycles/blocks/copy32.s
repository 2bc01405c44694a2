// a 32-byte copy
ldp x2, x3, [x1]
ldp x4, x5, [x1, #16]
stp x2, x3, [x0]
stp x4, x5, [x0, #16]
