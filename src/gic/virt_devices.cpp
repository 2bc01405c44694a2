// VirtDevices: the GIC, the generic timer wired to its PPIs, and the PL011.
#include "irqsim/virt_devices.hpp"

namespace irqsim {

VirtDevices::VirtDevices(GicVersion version, unsigned num_cpus, Pl011::Sink console)
    : gic_(GicConfig{version, num_cpus}),
      timer_(num_cpus, [this](unsigned cpu, unsigned ppi, bool level) { gic_.set_ppi_level(cpu, ppi, level); }),
      uart_(std::move(console)) {}

void VirtDevices::map(Bus& bus) {
    gic_.map(bus);
    bus.map_device(virt_map::kUart, virt_map::kUartSize, &uart_);
}

uint64_t VirtDevices::next_event_ns() const {
    auto deadline = timer_.next_deadline();
    return deadline ? ns_from_ticks(*deadline) : ~uint64_t{0};
}

void VirtDevices::timer_registers_changed(unsigned cpu, uint64_t now_ns) {
    advance_to_ns(now_ns);
    timer_.refresh(cpu);
}

bool VirtDevices::sysreg(unsigned cpu, uint32_t encoding, bool is_read, uint64_t& value) {
    return is_read ? gic_.icc_read(cpu, encoding, value) : gic_.icc_write(cpu, encoding, value);
}

}  // namespace irqsim
