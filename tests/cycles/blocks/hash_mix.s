eor x0, x0, x0, lsr #33
mul x0, x0, x1
eor x0, x0, x0, lsr #29
mul x0, x0, x2
eor x0, x0, x0, lsr #32
