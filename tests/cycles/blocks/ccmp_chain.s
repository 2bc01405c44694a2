cmp x0, #5
ccmp x1, #3, #4, ne
ccmp x2, x3, #0, eq
cset x4, gt
add x5, x5, x4
