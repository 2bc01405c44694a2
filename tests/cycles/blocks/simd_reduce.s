// across-lane reductions and the pairwise adds
addv s0, v1.4s
addv b2, v3.16b
umaxv h4, v5.4h
uaddlv h6, v7.16b
addp v8.4s, v9.4s, v10.4s
faddp v11.4s, v12.4s, v13.4s
fmaxv s14, v15.4s
