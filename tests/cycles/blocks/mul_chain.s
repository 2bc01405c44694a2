mul x0, x0, x1
mul x0, x0, x2
mul x0, x0, x3
