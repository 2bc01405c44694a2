// C4.1.88 Loads and Stores: semantics and decode.
#include "cpu/exec.hpp"

namespace irqsim {
namespace {

template <typename T>
bool exec_str_uimm(Cpu& c, const DecodedInsn& d) {
    uint64_t addr = XSP(c, d.rn) + static_cast<uint64_t>(d.imm);
    return store<T>(c, addr, static_cast<T>(X(c, d.rd))) ? kNext : kJump;
}
template <typename T>
bool exec_ldr_uimm(Cpu& c, const DecodedInsn& d) {
    uint64_t addr = XSP(c, d.rn) + static_cast<uint64_t>(d.imm);
    T v;
    if (!load<T>(c, addr, v)) return kJump;
    set_X(c, d.rd, v);
    return kNext;
}

}  // namespace

bool dec_ldst_uimm(uint32_t w, DecodedInsn& d) {
    unsigned size = bits(w, 31, 30);
    d.imm = int64_t{bits(w, 21, 10)} << size;
    bool is_load = bit(w, 22);
    static constexpr ExecFn loads[4] = {exec_ldr_uimm<uint8_t>, exec_ldr_uimm<uint16_t>, exec_ldr_uimm<uint32_t>,
                                        exec_ldr_uimm<uint64_t>};
    static constexpr ExecFn stores[4] = {exec_str_uimm<uint8_t>, exec_str_uimm<uint16_t>, exec_str_uimm<uint32_t>,
                                         exec_str_uimm<uint64_t>};
    d.exec = is_load ? loads[size] : stores[size];
    return true;
}

}  // namespace irqsim
