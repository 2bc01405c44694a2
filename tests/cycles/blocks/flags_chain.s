adds x0, x0, #1
adcs x1, x1, xzr
adcs x2, x2, xzr
adc x3, x3, xzr
