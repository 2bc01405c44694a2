// independent scalar FP adds, single and double: the FP pipes' throughput
fadd d0, d8, d9
fadd d1, d8, d10
fadd s2, s8, s11
fsub s3, s8, s12
fmax d4, d8, d13
fminnm d5, d8, d14
