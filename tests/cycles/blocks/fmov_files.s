// moves between the general and the SIMD&FP register files
fmov d0, x1
fadd d1, d0, d0
fmov x2, d1
fmov s3, w2
fmov w4, s3
fmov v5.d[1], x4
fmov x6, v5.d[1]
add x7, x6, x2
