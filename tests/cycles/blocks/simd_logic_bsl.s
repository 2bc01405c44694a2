// vector logic, bitwise selects and immediates
movi v0.16b, #0xff
and v1.16b, v2.16b, v0.16b
orr v3.16b, v1.16b, v4.16b
eor v5.8b, v6.8b, v7.8b
bsl v8.16b, v1.16b, v3.16b
bit v9.8b, v5.8b, v6.8b
cmeq v10.4s, v8.4s, v11.4s
not v12.16b, v10.16b
