// CycleSystem (include/irqsim/cycles.hpp).
#include "irqsim/cycles.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <vector>

#include "cycles/cpu_model.hpp"
#include "cycles/profile.hpp"
#include "irqsim/exception.hpp"
#include "irqsim/machine.hpp"

namespace irqsim {

struct CycleSystem::Impl final : ExceptionObserver {
    Machine& m;
    bool cold;
    std::shared_ptr<cycles::Cache> l2;
    std::vector<std::unique_ptr<cycles::CpuCycleModel>> cpus;
    std::unique_ptr<cycles::Profiler> profiler;

    Impl(Machine& machine, bool cold_irqs) : m(machine), cold(cold_irqs) {}
    Machine::CycleClock clock(uint64_t hz);
    void exception_taken(Cpu& cpu, const ExceptionEntryRecord& rec) override {
        bool irq = rec.event->kind == ExceptionKind::Irq || rec.event->kind == ExceptionKind::Fiq;
        if (cold && irq) cpus[cpu.index()]->flush_caches(true);
    }
    void exception_returned(Cpu&, ExceptionLevel, ExceptionLevel, uint64_t) override {}
};

CycleSystem::CycleSystem(Machine& m, const std::string& core, bool cold_irqs) : impl_(std::make_unique<Impl>(m, cold_irqs)) {
    auto kind = cycles::parse_core(core);
    if (!kind) throw std::invalid_argument("unknown core model '" + core + "' (a53, a57, a72)");
    const cycles::CoreModel& model = cycles::core_model(*kind);
    impl_->l2 = std::make_shared<cycles::Cache>(model.l2);
    for (unsigned c = 0; c < m.cpu_count(); ++c)
        impl_->cpus.push_back(std::make_unique<cycles::CpuCycleModel>(m.cpu(c), model, impl_->l2));
    m.add_exception_observer(impl_.get());
    m.set_cycle_clock(impl_->clock(0));
}

Machine::CycleClock CycleSystem::Impl::clock(uint64_t hz) {
    return {.cycles = [this](const Cpu& c) { return cpus[c.index()]->cycles(); },
            .stop_at = [this](const Cpu& c, uint64_t cycle) { cpus[c.index()]->stop_at(cycle); },
            .hz = hz};
}

CycleSystem::~CycleSystem() {
    impl_->m.set_cycle_clock({});
    impl_->m.remove_exception_observer(impl_.get());
}

void CycleSystem::drive_clock(uint64_t hz) { impl_->m.set_cycle_clock(impl_->clock(hz)); }

uint64_t CycleSystem::cycles(unsigned cpu) const { return impl_->cpus.at(cpu)->cycles(); }

uint64_t CycleSystem::total_cycles() const {
    uint64_t sum = 0;
    for (const auto& c : impl_->cpus) sum += c->cycles();
    return sum;
}

// Each core's clock in a board one can buy (docs/cycles.md cites them):
// Raspberry Pi 3 Model B (BCM2837, four Cortex-A53 at 1.2 GHz), NVIDIA
// Jetson Nano (Tegra X1's four Cortex-A57 at 1.43 GHz), Raspberry Pi 4
// Model B as launched (BCM2711, four Cortex-A72 at 1.5 GHz).
uint64_t core_clock_hz(const std::string& core) {
    auto kind = cycles::parse_core(core);
    if (!kind) throw std::invalid_argument("unknown core model '" + core + "' (a53, a57, a72)");
    switch (*kind) {
        case cycles::CoreKind::A53: return 1'200'000'000;
        case cycles::CoreKind::A57: return 1'430'000'000;
        case cycles::CoreKind::A72: return 1'500'000'000;
    }
    return 0;
}

std::string CycleSystem::stall_summary(unsigned cpu) const {
    const auto& s = impl_->cpus.at(cpu)->stats();
    std::string o;
    for (unsigned k = 0; k < s.stall_cycles.size(); ++k)
        o += fmt::format("{}{}={}", o.empty() ? "" : " ",
                         k == 0 ? "execute" : cycles::stall_name(static_cast<cycles::Stall>(k)), s.stall_cycles[k]);
    return o;
}

void CycleSystem::enable_profile(const ElfImage& image, std::function<unsigned(unsigned)> phase) {
    impl_->profiler = std::make_unique<cycles::Profiler>(image, std::move(phase));
    for (unsigned c = 0; c < impl_->cpus.size(); ++c) impl_->profiler->attach(*impl_->cpus[c], c);
}

CycleProfile CycleSystem::profile() const {
    if (!impl_->profiler) return {};
    return impl_->profiler->result(cycles::core_name(impl_->cpus.front()->model().kind));
}

}  // namespace irqsim
