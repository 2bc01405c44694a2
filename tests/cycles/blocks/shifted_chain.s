add x0, x1, x0, lsl #2
add x0, x2, x0, lsl #3
sub x0, x3, x0, lsr #1
