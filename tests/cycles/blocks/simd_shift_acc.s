// vector shifts: by immediate, narrowing, widening, shift-and-accumulate
ushr v0.4s, v1.4s, #3
shl v2.8h, v3.8h, #2
ssra v4.4s, v0.4s, #1
sshll v5.4s, v6.4h, #4
xtn v7.4h, v5.4s
sqxtn v8.8b, v9.8h
ushl v10.4s, v11.4s, v12.4s
