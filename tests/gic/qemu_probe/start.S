.global _start
_start: adrp x0, stack_top
 add x0, x0, :lo12:stack_top
 mov sp, x0
 bl main
1: b 1b
.bss
.balign 16
.space 8192
stack_top:
