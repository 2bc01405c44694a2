ldr w0, [x10, #12]
and w1, w0, #0x3ff
cmp w1, #1020
csel w2, w1, wzr, lo
str w0, [x10, #16]
