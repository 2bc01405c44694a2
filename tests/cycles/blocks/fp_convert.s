// int -> fp -> int round trips and precision changes
scvtf d0, x1
fcvt s2, d0
fcvtzs w3, s2
ucvtf s4, w3
fcvtzu x5, s4
frintm d6, d0
add x6, x5, #1
