umulh x0, x1, x2
smulh x3, x0, x4
smaddl x5, w3, w6, x5
umaddl x7, w5, w8, x7
