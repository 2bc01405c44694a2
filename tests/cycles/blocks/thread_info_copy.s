// copy a 48-byte thread_info to the IRQ stack base
and x1, x2, #~(16384 - 1)
ldp x3, x4, [x1]
ldp x5, x6, [x1, #16]
ldp x7, x8, [x1, #32]
stp x3, x4, [x0]
stp x5, x6, [x0, #16]
stp x7, x8, [x0, #32]
