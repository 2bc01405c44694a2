// scalar FP multiplies, each on the last, then an add of the product
fmul d0, d0, d1
fmul d0, d0, d2
fnmul d0, d0, d3
fadd d4, d0, d5
