str x0, [x10]
str x1, [x10, #8]
str x2, [x10, #16]
str x3, [x10, #24]
