// The floating-point opcodes of the Advanced SIMD classes whose rows are
// shared with the integer operations (table_simd.inc): simd_int.cpp's decode
// functions hand these words to simd_fp.cpp.
#pragma once

#include "cpu/decoder.hpp"

namespace irqsim {

bool dec_simd_fp_3same(uint32_t w, DecodedInsn& d);
bool dec_simd_fp_2misc(uint32_t w, DecodedInsn& d);
bool dec_simd_fp_across(uint32_t w, DecodedInsn& d);
bool dec_simd_fp_pair_scalar(uint32_t w, DecodedInsn& d);
bool dec_simd_fp_shift(uint32_t w, DecodedInsn& d);
bool dec_simd_fp_elem(uint32_t w, DecodedInsn& d);

}  // namespace irqsim
