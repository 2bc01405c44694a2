// vector FP multiply-accumulate chains, Q and D forms, and a feeding fmul
fmul v1.4s, v2.4s, v3.4s
fmla v0.4s, v1.4s, v4.4s
fmla v0.4s, v5.4s, v6.s[1]
fmla v7.2s, v8.2s, v9.2s
fmla v7.2s, v10.2s, v11.2s
fmul v12.2d, v13.2d, v14.2d
