// The cycle profile (--profile): every instruction's cycles, as each CPU's
// cost model reports them (CpuCycleModel::set_sink), summed per PC and per
// phase while the run goes, then per ELF symbol at the end. Costs nothing
// unless attached.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "cycles/cpu_model.hpp"
#include "irqsim/cycles.hpp"
#include "irqsim/elf.hpp"

namespace irqsim::cycles {

class Profiler {
public:
    Profiler(const ElfImage& image, std::function<unsigned(unsigned cpu)> phase);
    void attach(CpuCycleModel& model, unsigned cpu);
    CycleProfile result(const std::string& core) const;

private:
    struct Counts {
        uint64_t instructions = 0;
        std::array<uint64_t, CycleProfile::kReasons> cycles{};
    };
    struct CpuCtx {
        Profiler* self;
        unsigned cpu;
    };
    static void sink(void* ctx, uint64_t pc, unsigned insns, uint64_t cycles, Stall why);
    Counts& at(uint64_t pc);

    const ElfImage& image_;
    std::function<unsigned(unsigned)> phase_;
    // Per PC: a dense array over the image's executable segments, a map
    // for code anywhere else.
    uint64_t text_lo_ = 0;
    std::vector<Counts> text_;
    std::unordered_map<uint64_t, Counts> other_;
    std::array<Counts, CycleProfile::kPhases> phases_{};
    std::vector<std::unique_ptr<CpuCtx>> cpus_;
};

}  // namespace irqsim::cycles
