ubfx x0, x1, #4, #8
sbfx x2, x3, #2, #10
lsl x4, x5, #7
lsr x6, x7, #9
asr x8, x9, #3
bfi x10, x11, #8, #4
