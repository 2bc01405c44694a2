// scalar FP adds, each on the last: the FP add latency
fadd d0, d0, d1
fadd d0, d0, d2
fadd d0, d0, d3
fsub d0, d0, d4
