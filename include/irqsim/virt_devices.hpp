// The QEMU virt board's devices as one unit, shaped for the board's seam
// (Machine::Impl: irq_line, fiq_line, next_device_event, advance_devices,
// device_sysreg). Time is in guest nanoseconds (1 ns per instruction, as
// QEMU's -icount shift=0); the counter conversion is timer.hpp's.
//
//   VirtDevices dev(config.gic, config.cpus, [&](char c) { console.put(c); });
//   dev.map(bus);
//   dev.set_line_callback([&](unsigned cpu) { slots[cpu].cpu->request_exit(); });
//   per CPU, when its sysreg table owns CNTP/CNTV_CTL/CVAL:
//     dev.timer().bind(i, {&s.cntp_ctl_el0, &s.cntp_cval_el0, &s.cntv_ctl_el0, &s.cntv_cval_el0});
//     TimerHooks::timer_changed -> dev.timer_registers_changed(i, exact_now_ns)
//   irq_line = dev.irq_line; fiq_line = dev.fiq_line;
//   next_device_event = dev.next_event_ns; advance_devices = dev.advance_to_ns;
//   device_sysreg = dev.sysreg (the GICv3 ICC_* registers)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "irqsim/gic.hpp"
#include "irqsim/timer.hpp"
#include "irqsim/uart.hpp"

namespace irqsim {

class VirtDevices {
public:
    VirtDevices(GicVersion version, unsigned num_cpus, Pl011::Sink console);

    // The GIC regions and the PL011 at their virt addresses.
    void map(Bus& bus);

    Gic& gic() { return gic_; }
    GenericTimer& timer() { return timer_; }
    Pl011& uart() { return uart_; }

    bool irq_line(unsigned cpu) const { return gic_.irq_asserted(cpu); }
    bool fiq_line(unsigned cpu) const { return gic_.fiq_asserted(cpu); }
    void set_line_callback(std::function<void(unsigned cpu)> cb) { gic_.set_line_callback(std::move(cb)); }

    // Brings the timers up to `now_ns` (time never moves back).
    void advance_to_ns(uint64_t now_ns) { timer_.set_counter(ticks_from_ns(now_ns)); }
    // The first nanosecond at which a timer output will rise, or ~0 if none is armed.
    uint64_t next_event_ns() const;
    // A CPU's timer registers changed (an MSR to CNTP_* / CNTV_*) at `now_ns`.
    void timer_registers_changed(unsigned cpu, uint64_t now_ns);

    // System registers the devices implement: the GICv3 ICC_* registers.
    // false: not a device register (let the CPU's table answer).
    bool sysreg(unsigned cpu, uint32_t encoding, bool is_read, uint64_t& value);

private:
    Gic gic_;
    GenericTimer timer_;
    Pl011 uart_;
};

}  // namespace irqsim
