// Shared vocabulary of the Unicorn differential suite: the memory layout both
// engines use, the architectural state that is compared, and a generated
// instruction sequence.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace irqsim::diff {

// Both engines map the same two RAM regions. The data region sits just above
// the code so that LDR (literal), whose reach is +-1 MiB, can point into it.
inline constexpr uint64_t kCodeBase = 0x40000000, kCodeSize = 0x10000;
inline constexpr uint64_t kDataBase = 0x40010000, kDataSize = 0x10000;
// Where a sequence starts. Unicorn runs a CLREX at kSeqBase - 4 first (see
// harness.cpp); irqsim's monitor is cleared directly.
inline constexpr uint64_t kSeqBase = kCodeBase + 0x100;
// The word after every sequence: UDF #0, always unallocated, so irqsim stops
// there; Unicorn is given its address as the `until` address.
inline constexpr uint32_t kEndWord = 0x00000000;

struct ArchState {
    std::array<uint64_t, 31> x{};  // X0-X30
    uint64_t sp = 0, pc = 0;
    uint32_t nzcv = 0;  // bits [31:28]
    std::array<std::array<uint64_t, 2>, 32> v{};  // V0-V31, [0] = bits [63:0]
    uint64_t fpcr = 0, fpsr = 0;
    bool operator==(const ArchState&) const = default;
};

// How a run ended, in categories both engines can report.
enum class Outcome : uint8_t {
    Ran,             // reached the end or the instruction budget
    DataAbort,       // load/store to an address with nothing behind it
    AlignmentFault,  // misaligned exclusive, atomic or acquire/release access
    FetchAbort,      // branch to an address with nothing behind it
    PcAlignment,     // branch to a misaligned address
    Undefined,       // UNDEFINED instruction before the end
    Other,           // any other exception (not expected: such rows are not generated)
};
const char* outcome_name(Outcome o);

// Instruction classes the suite reports counts for (branches are split out of
// InsnClass::BranchSys, which is otherwise not generated).
enum class DiffClass : uint8_t { DataProcImm, DataProcReg, Branch, LoadStore, Atomic, FpLoadStore, Fp, Simd, Setup, kCount };
const char* class_name(DiffClass c);

struct Slot {
    uint32_t word;
    uint16_t row;  // decode_table() index
    bool setup;    // emitted by the generator to point a register somewhere
};

struct Sequence {
    uint64_t seed = 0, index = 0;
    std::vector<Slot> code;  // placed at kSeqBase, followed by kEndWord
    ArchState init;
    uint64_t max_insns = 0;  // loops are possible: both engines stop after this many
    uint64_t end() const { return kSeqBase + 4 * code.size(); }
};

}  // namespace irqsim::diff
