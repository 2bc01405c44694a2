// one dependent chain of adds
add x0, x0, #1
add x0, x0, x1
sub x0, x0, #3
eor x0, x0, x2
