ldp x0, x1, [x10]
add x2, x0, x1
ldp w3, w4, [x10, #16]
add w5, w3, w4
