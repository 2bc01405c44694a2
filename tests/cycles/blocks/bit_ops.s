rbit x0, x1
clz x2, x0
rev x3, x2
cls x4, x3
rev16 x5, x4
rev32 x6, x5
