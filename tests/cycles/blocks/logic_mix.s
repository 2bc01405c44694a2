and x0, x1, x2
orr x3, x4, x5
eor x6, x7, x8
bic x9, x10, x11
orn x12, x13, x14
eon x15, x16, x17
