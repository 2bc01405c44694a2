lslv x0, x1, x2
lsrv x3, x0, x4
asrv x5, x3, x6
rorv x7, x5, x8
