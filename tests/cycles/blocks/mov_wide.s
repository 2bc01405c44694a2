movz x0, #0x1234
movk x0, #0x5678, lsl #16
movk x0, #0x9abc, lsl #32
movk x0, #0xdef0, lsl #48
add x1, x1, x0
