// four independent fmadd streams and a multiply feeding an addend
fmadd d0, d8, d9, d0
fmadd d1, d8, d10, d1
fmadd s2, s8, s11, s2
fnmsub s3, s8, s12, s3
fmul d4, d13, d14
fmadd d5, d15, d16, d4
