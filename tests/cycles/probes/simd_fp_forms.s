// One line per SIMD&FP instruction form the interpreter implements, for the
// per-instruction check in test_llvm_mca.cpp (uops, latency, RThroughput as
// llvm-mca-14 prints them in its Instruction Info view, per core).
fadd s0, s1, s2
fadd d0, d1, d2
fsub d0, d1, d2
fmul s0, s1, s2
fmul d0, d1, d2
fnmul d0, d1, d2
fmadd s0, s1, s2, s3
fmadd d0, d1, d2, d3
fdiv s0, s1, s2
fdiv d0, d1, d2
fsqrt s0, s1
fsqrt d0, d1
fabs d0, d1
fneg d0, d1
fmov d0, d1
fmax d0, d1, d2
fminnm d0, d1, d2
frintn d0, d1
fcvt d0, s1
fcvt s0, d1
fcvtzs x0, d1
fcvtzs w0, s1
scvtf d0, x1
ucvtf s0, w1
scvtf d0, x1, #4
fcvtzs x0, d1, #4
fmov x0, d1
fmov d0, x1
fmov w0, s1
fmov s0, w1
fmov x0, v1.d[1]
fmov v0.d[1], x1
fmov d0, #1.0
fmov s0, #1.0
fcmp d0, d1
fcmp s0, #0.0
fcmpe d0, d1
fccmp d0, d1, #0, eq
fcsel d0, d1, d2, eq
add v0.8b, v1.8b, v2.8b
add v0.16b, v1.16b, v2.16b
sub v0.4s, v1.4s, v2.4s
add d0, d1, d2
and v0.16b, v1.16b, v2.16b
eor v0.8b, v1.8b, v2.8b
orr v0.16b, v1.16b, v2.16b
bsl v0.16b, v1.16b, v2.16b
bsl v0.8b, v1.8b, v2.8b
bif v0.16b, v1.16b, v2.16b
cmeq v0.4s, v1.4s, v2.4s
cmeq v0.2s, v1.2s, v2.2s
cmgt v0.4s, v1.4s, #0
uqadd v0.16b, v1.16b, v2.16b
shadd v0.8h, v1.8h, v2.8h
smax v0.4s, v1.4s, v2.4s
umin v0.8b, v1.8b, v2.8b
sabd v0.4s, v1.4s, v2.4s
saba v0.4s, v1.4s, v2.4s
uaba v0.8b, v1.8b, v2.8b
mul v0.4s, v1.4s, v2.4s
mul v0.4h, v1.4h, v2.4h
mla v0.4s, v1.4s, v2.4s
mla v0.2s, v1.2s, v2.2s
mul v0.4s, v1.4s, v2.s[1]
mla v0.4s, v1.4s, v2.s[1]
smull v0.4s, v1.4h, v2.4h
umlal v0.2d, v1.2s, v2.2s
addp v0.4s, v1.4s, v2.4s
addp v0.2s, v1.2s, v2.2s
addp d0, v1.2d
addv s0, v1.4s
addv b0, v1.16b
addv h0, v1.4h
umaxv b0, v1.16b
uaddlv h0, v1.16b
abs v0.4s, v1.4s
neg v0.2d, v1.2d
cnt v0.8b, v1.8b
cnt v0.16b, v1.16b
rev64 v0.16b, v1.16b
xtn v0.8b, v1.8h
sqxtn v0.8b, v1.8h
uaddlp v0.8h, v1.16b
uadalp v0.8h, v1.16b
shl v0.4s, v1.4s, #3
ushr v0.2d, v1.2d, #3
sshr v0.8b, v1.8b, #3
ssra v0.4s, v1.4s, #3
sshll v0.4s, v1.4h, #2
shrn v0.8b, v1.8h, #4
sli v0.4s, v1.4s, #3
ushl v0.4s, v1.4s, v2.4s
ushl v0.2s, v1.2s, v2.2s
saddl v0.4s, v1.4h, v2.4h
saddw v0.4s, v1.4s, v2.4h
addhn v0.8b, v1.8h, v2.8h
zip1 v0.16b, v1.16b, v2.16b
zip1 v0.8b, v1.8b, v2.8b
uzp2 v0.4s, v1.4s, v2.4s
trn1 v0.4s, v1.4s, v2.4s
trn1 v0.2s, v1.2s, v2.2s
ext v0.16b, v1.16b, v2.16b, #3
ext v0.8b, v1.8b, v2.8b, #3
tbl v0.16b, {v1.16b}, v2.16b
tbl v0.8b, {v1.16b}, v2.8b
tbl v0.16b, {v1.16b, v2.16b}, v3.16b
tbx v0.16b, {v1.16b}, v2.16b
dup v0.4s, v1.s[1]
dup v0.2s, v1.s[1]
dup v0.4s, w1
dup v0.2d, x1
dup v0.8b, w1
mov s0, v1.s[1]
ins v0.s[1], w1
ins v0.d[1], x1
ins v0.s[1], v1.s[0]
umov w0, v1.s[1]
umov x0, v1.d[1]
smov x0, v1.h[1]
movi v0.16b, #7
movi v0.2d, #0
movi d0, #0
mvni v0.4s, #1
orr v0.4s, #1
fmov v0.4s, #1.0
fadd v0.4s, v1.4s, v2.4s
fadd v0.2s, v1.2s, v2.2s
fadd v0.2d, v1.2d, v2.2d
fmul v0.4s, v1.4s, v2.4s
fmul v0.2s, v1.2s, v2.2s
fmla v0.4s, v1.4s, v2.4s
fmla v0.2s, v1.2s, v2.2s
fmla v0.4s, v1.4s, v2.s[1]
fmul v0.4s, v1.4s, v2.s[1]
fmla s0, s1, v2.s[1]
fmul d0, d1, v2.d[1]
fdiv v0.4s, v1.4s, v2.4s
fdiv v0.2s, v1.2s, v2.2s
fdiv v0.2d, v1.2d, v2.2d
fsqrt v0.4s, v1.4s
fsqrt v0.2d, v1.2d
fcvtzs v0.4s, v1.4s
fcvtzs v0.2s, v1.2s
scvtf v0.2d, v1.2d
fcvtzs s0, s1
scvtf d0, d1
fcvtl v0.2d, v1.2s
fcvtn v0.2s, v1.2d
fcmeq v0.4s, v1.4s, v2.4s
fcmgt v0.2s, v1.2s, #0.0
fcmeq d0, d1, d2
fabs v0.4s, v1.4s
fneg v0.2s, v1.2s
fmax v0.4s, v1.4s, v2.4s
fmaxnm v0.2d, v1.2d, v2.2d
faddp v0.4s, v1.4s, v2.4s
faddp v0.2s, v1.2s, v2.2s
faddp s0, v1.2s
faddp d0, v1.2d
fmaxv s0, v1.4s
fminnmv s0, v1.4s
frintn v0.4s, v1.4s
fabd v0.4s, v1.4s, v2.4s
fmulx v0.4s, v1.4s, v2.4s
fmls v0.2d, v1.2d, v2.2d
not v0.16b, v1.16b
rbit v0.8b, v1.8b
clz v0.4s, v1.4s
cmtst v0.4s, v1.4s, v2.4s
sqadd s0, s1, s2
ushr d0, d1, #3
shl d0, d1, #3
scvtf v0.4s, v1.4s, #3
fcvtzs v0.4s, v1.4s, #3
umaxp v0.4s, v1.4s, v2.4s
fcvtzs x0, d1
ldr s0, [x1]
ldr d0, [x1]
ldr q0, [x1]
ldr b0, [x1]
ldr h0, [x1]
ldur q0, [x1, #-16]
ldur d0, [x1, #-8]
ldr q0, [x1], #16
ldr d0, [x1], #16
ldr q0, [x1, #16]!
ldr d0, [x1, #16]!
ldr q0, [x1, x2]
ldr d0, [x1, x2, lsl #3]
ldr s0, [x1, w2, uxtw #2]
str s0, [x1]
str d0, [x1]
str q0, [x1]
stur q0, [x1, #-16]
stur d0, [x1, #-8]
str q0, [x1], #16
str d0, [x1], #16
str q0, [x1, #16]!
str d0, [x1, #16]!
str q0, [x1, x2]
str d0, [x1, x2, lsl #3]
str b0, [x1, x2]
ldp s0, s1, [x1]
ldp d0, d1, [x1]
ldp q0, q1, [x1]
ldp q0, q1, [x1], #32
ldp q0, q1, [x1, #32]!
ldp d0, d1, [x1], #16
ldp d0, d1, [x1, #16]!
ldnp q0, q1, [x1]
ldnp d0, d1, [x1]
stp s0, s1, [x1]
stp d0, d1, [x1]
stp q0, q1, [x1]
stp q0, q1, [x1], #32
stp q0, q1, [x1, #32]!
stp d0, d1, [x1], #16
stp d0, d1, [x1, #16]!
stp s0, s1, [x1, #8]!
stnp q0, q1, [x1]
stnp d0, d1, [x1]
ld1 {v0.16b}, [x1]
ld1 {v0.8b}, [x1]
ld1 {v0.16b, v1.16b}, [x1]
ld1 {v0.8b, v1.8b}, [x1]
ld1 {v0.16b, v1.16b, v2.16b}, [x1]
ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1]
ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64
ld1 {v0.16b}, [x1], #16
ld1 {v0.16b}, [x1], x2
ld1 {v0.4s, v1.4s}, [x1], #32
st1 {v0.16b}, [x1]
st1 {v0.8b}, [x1]
st1 {v0.16b, v1.16b}, [x1]
st1 {v0.16b, v1.16b, v2.16b}, [x1]
st1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1]
st1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64
st1 {v0.16b}, [x1], #16
ld2 {v0.4s, v1.4s}, [x1]
ld2 {v0.2s, v1.2s}, [x1]
ld3 {v0.4s, v1.4s, v2.4s}, [x1]
ld4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x1]
st2 {v0.4s, v1.4s}, [x1]
st2 {v0.2s, v1.2s}, [x1]
st3 {v0.4s, v1.4s, v2.4s}, [x1]
st4 {v0.4s, v1.4s, v2.4s, v3.4s}, [x1]
ld1r {v0.4s}, [x1]
ld1 {v0.s}[1], [x1]
ld1 {v0.d}[1], [x1]
st1 {v0.s}[1], [x1]
st1 {v0.d}[1], [x1]
ld1 {v0.s}[1], [x1], #4
tbl v0.8b, {v1.16b, v2.16b}, v3.8b
tbl v0.8b, {v1.16b, v2.16b, v3.16b}, v4.8b
tbl v0.8b, {v1.16b, v2.16b, v3.16b, v4.16b}, v5.8b
tbx v0.16b, {v1.16b, v2.16b, v3.16b}, v4.16b
tbl v0.16b, {v1.16b, v2.16b, v3.16b, v4.16b}, v5.16b
ld1 {v0.8b, v1.8b}, [x1], #16
ld1 {v0.8b, v1.8b, v2.8b}, [x1], x3
ld1 {v0.2d, v1.2d, v2.2d}, [x1], #48
ld1 {v0.1d, v1.1d, v2.1d, v3.1d}, [x1], #32
st1 {v0.8b}, [x1], #8
st1 {v0.8b, v1.8b}, [x1], #16
st1 {v0.16b, v1.16b}, [x1], #32
st1 {v0.8b, v1.8b, v2.8b}, [x1], #24
st1 {v0.16b, v1.16b, v2.16b}, [x1], #48
st1 {v0.8b, v1.8b, v2.8b, v3.8b}, [x1], #32
st1 {v0.d}[1], [x1], #8
st1 {v0.b}[1], [x1], #1
ld1r {v0.2d}, [x1]
ld1r {v0.1d}, [x1], #8
ld1r {v0.8b}, [x1], #1
str h0, [x1, x2]
ldr h0, [x1, x2]
ld2 {v0.8b, v1.8b}, [x1]
ld2 {v0.16b, v1.16b}, [x1], #32
ld2 {v0.2d, v1.2d}, [x1]
ld3 {v0.4h, v1.4h, v2.4h}, [x1], x2
ld3 {v0.8h, v1.8h, v2.8h}, [x1]
ld3 {v0.2d, v1.2d, v2.2d}, [x1], #48
ld4 {v0.2s, v1.2s, v2.2s, v3.2s}, [x1]
ld4 {v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64
ld4 {v0.2d, v1.2d, v2.2d, v3.2d}, [x1]
st2 {v0.4h, v1.4h}, [x1], #16
st2 {v0.8h, v1.8h}, [x1]
st2 {v0.2d, v1.2d}, [x1]
st3 {v0.8b, v1.8b, v2.8b}, [x1]
st3 {v0.16b, v1.16b, v2.16b}, [x1], #48
st3 {v0.2d, v1.2d, v2.2d}, [x1]
st4 {v0.4h, v1.4h, v2.4h, v3.4h}, [x1]
st4 {v0.8h, v1.8h, v2.8h, v3.8h}, [x1], #64
st4 {v0.2d, v1.2d, v2.2d, v3.2d}, [x1], #64
ld2 {v0.b, v1.b}[3], [x1]
ld2 {v0.h, v1.h}[3], [x1], #4
ld2 {v0.s, v1.s}[1], [x1]
ld2 {v0.d, v1.d}[1], [x1], x2
ld2r {v0.8b, v1.8b}, [x1]
ld2r {v0.1d, v1.1d}, [x1]
ld2r {v0.4s, v1.4s}, [x1], #8
ld2r {v0.2d, v1.2d}, [x1]
ld3 {v0.b, v1.b, v2.b}[3], [x1]
ld3 {v0.s, v1.s, v2.s}[1], [x1], #12
ld3 {v0.d, v1.d, v2.d}[1], [x1]
ld3r {v0.4h, v1.4h, v2.4h}, [x1]
ld3r {v0.1d, v1.1d, v2.1d}, [x1]
ld3r {v0.16b, v1.16b, v2.16b}, [x1]
ld3r {v0.2d, v1.2d, v2.2d}, [x1], #24
ld4 {v0.h, v1.h, v2.h, v3.h}[3], [x1]
ld4 {v0.s, v1.s, v2.s, v3.s}[1], [x1]
ld4 {v0.d, v1.d, v2.d, v3.d}[1], [x1], #32
ld4r {v0.2s, v1.2s, v2.2s, v3.2s}, [x1]
ld4r {v0.1d, v1.1d, v2.1d, v3.1d}, [x1]
ld4r {v0.8h, v1.8h, v2.8h, v3.8h}, [x1]
ld4r {v0.2d, v1.2d, v2.2d, v3.2d}, [x1], x3
st2 {v0.b, v1.b}[3], [x1]
st2 {v0.s, v1.s}[1], [x1], #8
st2 {v0.d, v1.d}[1], [x1]
st2 {v0.d, v1.d}[1], [x1], #16
st3 {v0.h, v1.h, v2.h}[3], [x1]
st3 {v0.s, v1.s, v2.s}[1], [x1]
st3 {v0.d, v1.d, v2.d}[1], [x1], #24
st4 {v0.b, v1.b, v2.b, v3.b}[3], [x1], #4
st4 {v0.s, v1.s, v2.s, v3.s}[1], [x1]
st4 {v0.d, v1.d, v2.d, v3.d}[1], [x1]
st1 {v0.s}[1], [x1], #4
ld1r {v0.4s}, [x1], #4
