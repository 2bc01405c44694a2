// Executes an UNDEFINED encoding at EL0: irqsim user must end with status 4
// and name this PC (the label, as nm reads it, is the test's oracle).
    .text
    .globl _start
_start:
    nop
    .globl undef_here
undef_here:
    .inst 0x00000000    // UDF #0: permanently UNDEFINED (C6.2.386)
