cmp x0, x1
csel x2, x0, x1, lo
cmp x2, x3
csel x2, x2, x3, lo
cmp x2, x4
csel x2, x2, x4, lo
