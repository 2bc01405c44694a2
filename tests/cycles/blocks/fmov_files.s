// moves between the general and the SIMD&FP register files.
// `fmov v5.d[1], x4` writes only the top half, so it reads v5 (the Arm ARM
// keeps D[0]) and each iteration's waits for the last one's; LLVM 14 defines
// FMOVXDHighr's Vd as written only, so llvm-mca-14 sees no such dependency
// (a lone `fmov v5.d[1], x4` repeated: llvm-mca 107 cycles, irqsim 502 on the
// A57). irqsim keeps the architectural read; here it costs ~1.5%.
fmov d0, x1
fadd d1, d0, d0
fmov x2, d1
fmov s3, w2
fmov w4, s3
fmov v5.d[1], x4
fmov x6, v5.d[1]
add x7, x6, x2
