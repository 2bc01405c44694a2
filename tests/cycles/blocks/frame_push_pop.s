stp x29, x30, [sp, #-32]!
mov x29, sp
str x19, [sp, #16]
ldr x19, [sp, #16]
ldp x29, x30, [sp], #32
