lsl x0, x0, #1
ubfx x0, x0, #1, #40
lsr x0, x0, #2
orr x0, x0, #1
