#include "user/insn_text.hpp"

#include <capstone/capstone.h>
#include <fmt/format.h>

namespace irqsim {

std::string insn_text(uint32_t word, uint64_t pc) {
    // One handle per thread: opening Capstone costs far more than a decode,
    // and --trace calls this once per instruction.
    struct Handle {
        csh h = 0;
        bool ok = cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h) == CS_ERR_OK;
        ~Handle() {
            if (ok) cs_close(&h);
        }
    };
    thread_local Handle cs;
    cs_insn* insn = nullptr;
    uint8_t bytes[4] = {uint8_t(word), uint8_t(word >> 8), uint8_t(word >> 16), uint8_t(word >> 24)};
    if (!cs.ok || cs_disasm(cs.h, bytes, 4, pc, 1, &insn) != 1) return fmt::format(".inst {:#010x}", word);
    std::string text = insn->op_str[0] ? fmt::format("{} {}", insn->mnemonic, insn->op_str) : insn->mnemonic;
    cs_free(insn, 1);
    return text;
}

}  // namespace irqsim
