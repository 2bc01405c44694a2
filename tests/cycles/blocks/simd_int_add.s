// vector integer adds: a chain through v0 and independent ones beside it
add v0.4s, v0.4s, v1.4s
add v2.4s, v8.4s, v9.4s
sub v3.8h, v8.8h, v10.8h
add v0.4s, v0.4s, v2.4s
add v4.2s, v11.2s, v12.2s
add d5, d13, d14
add v0.4s, v0.4s, v3.4s
