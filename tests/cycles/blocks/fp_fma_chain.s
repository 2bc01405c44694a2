// a dot product: each fmadd accumulates into the last one's result
// (on the A57 the addend is forwarded from the previous fmadd)
fmadd d0, d1, d2, d0
fmadd d0, d3, d4, d0
fmadd d0, d5, d6, d0
fmsub d0, d7, d8, d0
