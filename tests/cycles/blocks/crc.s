crc32x w0, w0, x1
crc32w w0, w0, w2
crc32cb w3, w3, w4
crc32ch w3, w3, w5
