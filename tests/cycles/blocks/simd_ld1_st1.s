// LD1/ST1 multiple structures: one to four registers, D and Q
ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1]
ld1 {v4.8b, v5.8b}, [x2]
ld1 {v6.16b}, [x3]
st1 {v0.16b, v1.16b}, [x0]
st1 {v4.8b, v5.8b, v6.8b}, [x4]
st1 {v2.16b, v3.16b, v4.16b, v5.16b}, [x5]
