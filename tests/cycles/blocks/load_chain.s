// pointer chasing
ldr x0, [x0]
ldr x0, [x0, #8]
ldr x0, [x0, #16]
