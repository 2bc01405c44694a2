// lanes to and from general registers: ins, umov, smov, dup (general)
ins v0.s[1], w1
umov w2, v0.s[1]
add w3, w2, #1
ins v0.s[2], w3
mov v1.s[0], v0.s[2]
smov x4, v1.h[1]
dup v2.2d, x4
