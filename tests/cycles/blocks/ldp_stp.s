ldp x0, x1, [x10]
ldp x2, x3, [x10, #16]
stp x0, x1, [x11]
stp x2, x3, [x11, #16]
