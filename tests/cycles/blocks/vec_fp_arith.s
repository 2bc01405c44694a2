// vector FP arithmetic, compares, rounding and conversions
fadd v0.4s, v1.4s, v2.4s
fmax v3.2d, v4.2d, v5.2d
fcmgt v6.4s, v0.4s, v7.4s
frintn v8.2s, v9.2s
fcvtzs v10.4s, v0.4s
fabd v11.2s, v12.2s, v13.2s
fneg v14.4s, v0.4s
