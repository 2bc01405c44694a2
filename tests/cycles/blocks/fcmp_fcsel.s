// FP compares set NZCV for fcsel, fccmp and cset
fcmp d0, d1
fcsel d2, d0, d1, gt
fccmp d2, d3, #0, ne
fcsel d4, d2, d3, mi
fcmp s5, #0.0
cset x6, eq
fmov d7, #1.0
fcsel d8, d7, d4, ge
