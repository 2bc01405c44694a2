add x0, x1, x2, lsl #2
add x3, x4, x5, lsl #3
sub x6, x7, x8, asr #1
eor x9, x10, x11, ror #5
