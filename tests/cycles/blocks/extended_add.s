add x0, x0, w1, uxtw
add x2, x2, w3, sxtw #2
add x4, x4, w5, uxtb
sub x6, x6, w7, sxth #1
