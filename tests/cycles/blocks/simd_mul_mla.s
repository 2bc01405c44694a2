// vector integer multiplies and multiply-accumulates into v0
mul v1.4s, v2.4s, v3.4s
mla v0.4s, v1.4s, v4.4s
mul v5.4h, v6.4h, v7.4h
mla v0.4s, v8.4s, v9.s[1]
umull v10.4s, v5.4h, v6.4h
smlal v11.2d, v12.2s, v13.2s
