// Capstone 4, ARM64 mode, loaded with dlopen on the first disassembly (most
// runs disassemble nothing, and a linked Capstone costs each process its
// relocations: CMakeLists.txt). Opening a handle costs far more than decoding
// one instruction, so each thread opens one on first use and keeps it, with
// one preallocated cs_insn for cs_disasm_iter (no allocation per call).
#include "cpu/disasm.hpp"

#include <capstone/capstone.h>
#include <dlfcn.h>
#include <fmt/format.h>

namespace irqsim {
namespace {

// The five Capstone calls, from the library the build found, or all null
// when it cannot be loaded (disassemble() then names only what it knows).
struct CapstoneApi {
    decltype(&cs_open) open = nullptr;
    decltype(&cs_malloc) malloc = nullptr;
    decltype(&cs_disasm_iter) disasm_iter = nullptr;
    decltype(&cs_free) free = nullptr;
    decltype(&cs_close) close = nullptr;

    static const CapstoneApi& get() {
        static const CapstoneApi api = load();
        return api;
    }

private:
    static CapstoneApi load() {
        CapstoneApi a;
        void* lib = dlopen(IRQSIM_CAPSTONE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
        if (!lib) lib = dlopen("libcapstone.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!lib) return a;
        a.open = reinterpret_cast<decltype(a.open)>(dlsym(lib, "cs_open"));
        a.malloc = reinterpret_cast<decltype(a.malloc)>(dlsym(lib, "cs_malloc"));
        a.disasm_iter = reinterpret_cast<decltype(a.disasm_iter)>(dlsym(lib, "cs_disasm_iter"));
        a.free = reinterpret_cast<decltype(a.free)>(dlsym(lib, "cs_free"));
        a.close = reinterpret_cast<decltype(a.close)>(dlsym(lib, "cs_close"));
        if (!a.open || !a.malloc || !a.disasm_iter || !a.free || !a.close) return CapstoneApi{};
        return a;  // the library stays loaded for the process
    }
};

class Disassembler {
public:
    Disassembler() : cs_(CapstoneApi::get()) {
        if (!cs_.open || cs_.open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &handle_) != CS_ERR_OK) return;
        insn_ = cs_.malloc(handle_);
    }
    ~Disassembler() {
        if (insn_) cs_.free(insn_, 1);
        if (handle_) cs_.close(&handle_);
    }
    Disassembler(const Disassembler&) = delete;
    Disassembler& operator=(const Disassembler&) = delete;

    bool available() const { return insn_ != nullptr; }
    // False when Capstone is unavailable or knows no instruction here.
    bool decode(uint32_t word, uint64_t pc, std::string& out) {
        if (!insn_) return false;
        uint8_t bytes[4] = {static_cast<uint8_t>(word), static_cast<uint8_t>(word >> 8),
                            static_cast<uint8_t>(word >> 16), static_cast<uint8_t>(word >> 24)};
        const uint8_t* code = bytes;
        size_t size = sizeof bytes;
        if (!cs_.disasm_iter(handle_, &code, &size, &pc, insn_)) return false;
        out = insn_->op_str[0] ? fmt::format("{} {}", insn_->mnemonic, insn_->op_str) : insn_->mnemonic;
        return true;
    }

private:
    const CapstoneApi& cs_;
    csh handle_ = 0;
    cs_insn* insn_ = nullptr;
};

// Capstone 4 predates ARMv8.1, so it knows no LSE instruction; we execute
// them, so they are named here, as the Arm ARM spells them (C6.2 CAS*, CASP*,
// LD<op>*, ST<op>*, SWP*), with the operands in objdump's order.
std::string reg(bool x, unsigned n) {
    if (n == 31) return x ? "xzr" : "wzr";
    return fmt::format("{}{}", x ? 'x' : 'w', n);
}
std::string base(unsigned n) { return n == 31 ? "[sp]" : fmt::format("[x{}]", n); }
const char* size_suffix(unsigned size) { return size == 0 ? "b" : size == 1 ? "h" : ""; }

bool lse(uint32_t w, std::string& out) {
    unsigned size = w >> 30, rs = (w >> 16) & 31, rn = (w >> 5) & 31, rt = w & 31;
    bool x = size == 3;
    if ((w & 0x3fa07c00u) == 0x08a07c00u) {  // CAS: size 001000 1 L 1 Rs o0 11111 Rn Rt
        bool acquire = (w >> 22) & 1, release = (w >> 15) & 1;
        out = fmt::format("cas{}{}{} {}, {}, {}", acquire ? "a" : "", release ? "l" : "", size_suffix(size),
                          reg(x, rs), reg(x, rt), base(rn));
        return true;
    }
    if ((w & 0xbfa07c00u) == 0x08207c00u) {  // CASP: 0 sz 001000 0 L 1 Rs o0 11111 Rn Rt
        bool acquire = (w >> 22) & 1, release = (w >> 15) & 1, px = (w >> 30) & 1;
        out = fmt::format("casp{}{} {}, {}, {}, {}, {}", acquire ? "a" : "", release ? "l" : "", reg(px, rs),
                          reg(px, rs + 1), reg(px, rt), reg(px, rt + 1), base(rn));
        return true;
    }
    if ((w & 0x3f200c00u) == 0x38200000u) {  // size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt
        static const char* ops[8] = {"add", "clr", "eor", "set", "smax", "smin", "umax", "umin"};
        bool acquire = (w >> 23) & 1, release = (w >> 22) & 1, o3 = (w >> 15) & 1;
        unsigned opc = (w >> 12) & 7;
        if (o3 && opc != 0) return false;  // LDAPR (ARMv8.3) and unallocated
        const char* a = acquire ? "a" : "";
        const char* l = release ? "l" : "";
        if (o3)
            out = fmt::format("swp{}{}{} {}, {}, {}", a, l, size_suffix(size), reg(x, rs), reg(x, rt), base(rn));
        else if (rt == 31 && !acquire)  // ST<op>: the alias when the old value is discarded
            out = fmt::format("st{}{}{} {}, {}", ops[opc], l, size_suffix(size), reg(x, rs), base(rn));
        else
            out = fmt::format("ld{}{}{}{} {}, {}, {}", ops[opc], a, l, size_suffix(size), reg(x, rs), reg(x, rt),
                              base(rn));
        return true;
    }
    return false;
}

}  // namespace

std::string disassemble(uint32_t word, uint64_t pc) {
    thread_local Disassembler d;
    std::string text;
    if (d.decode(word, pc, text) || lse(word, text)) return text;
    // UDF #imm16 (permanently undefined, C6.2.335): Capstone 4 has no name
    // for it; the GNU disassembler's is used.
    if ((word >> 16) == 0) return fmt::format("udf #{}", word & 0xffff);
    // Without Capstone (its library could not be loaded) nothing more is known.
    if (!d.available()) return fmt::format(".inst {:#010x}", word);
    return fmt::format(".inst {:#010x} (unallocated)", word);
}

}  // namespace irqsim
