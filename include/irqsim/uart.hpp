// The PL011 UART of the QEMU virt board (Arm DDI 0183G, PrimeCell UART
// PL011 TRM), transmit side only: what a simple polling driver uses.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>

#include "irqsim/memory.hpp"

namespace irqsim {

class Pl011 final : public MmioDevice {
public:
    using Sink = std::function<void(char)>;
    explicit Pl011(Sink sink) : sink_(std::move(sink)) {}
    // Characters written to UARTDR go to `out` (flushed at each newline).
    explicit Pl011(std::ostream& out);

    uint64_t mmio_read(uint64_t offset, unsigned size, unsigned accessor) override;
    void mmio_write(uint64_t offset, unsigned size, uint64_t value, unsigned accessor) override;
    std::string name() const override { return "pl011"; }

private:
    Sink sink_;
    // Registers a driver programs and reads back; they have no effect here.
    uint32_t ibrd_ = 0, fbrd_ = 0, lcr_h_ = 0, cr_ = 0x300, ifls_ = 0x12, imsc_ = 0;
};

}  // namespace irqsim
