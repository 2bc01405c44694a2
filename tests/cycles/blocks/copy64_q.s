// a 64-byte copy through q registers
ldp q0, q1, [x1]
ldp q2, q3, [x1, #32]
stp q0, q1, [x0]
stp q2, q3, [x0, #32]
