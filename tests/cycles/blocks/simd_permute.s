// permutes: dup (element and general), ext, zip, uzp, trn
dup v0.4s, v1.s[1]
ext v2.16b, v0.16b, v3.16b, #4
zip1 v4.16b, v2.16b, v3.16b
zip2 v5.8b, v2.8b, v3.8b
uzp1 v6.4s, v4.4s, v5.4s
trn2 v7.4s, v6.4s, v0.4s
dup v8.8h, w2
