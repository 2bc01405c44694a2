// PL011 transmit side (DDI 0183G 3.3): the FIFO never fills, so FR always
// reports transmit empty and not full, and receive empty.
#include "irqsim/uart.hpp"

#include <ostream>

namespace irqsim {

namespace {
enum : uint64_t {
    kDR = 0x000,
    kFR = 0x018,
    kIBRD = 0x024,
    kFBRD = 0x028,
    kLCR_H = 0x02C,
    kCR = 0x030,
    kIFLS = 0x034,
    kIMSC = 0x038,
    kPeriphID0 = 0xFE0,
};
// UARTFR (3.3.3): TXFE [7], RXFE [4]; TXFF [5] and BUSY [3] stay clear.
constexpr uint32_t kFrTxEmptyRxEmpty = 1u << 7 | 1u << 4;
// UARTPeriphID0-3 and UARTPCellID0-3 (3.3.14, 3.3.15), as QEMU's pl011 reports them.
constexpr uint8_t kIds[8] = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
}  // namespace

Pl011::Pl011(std::ostream& out)
    : sink_([&out](char ch) {
          out.put(ch);
          if (ch == '\n') out.flush();
      }) {}

uint64_t Pl011::mmio_read(uint64_t offset, unsigned, unsigned) {
    switch (offset) {
    case kFR: return kFrTxEmptyRxEmpty;
    case kIBRD: return ibrd_;
    case kFBRD: return fbrd_;
    case kLCR_H: return lcr_h_;
    case kCR: return cr_;
    case kIFLS: return ifls_;
    case kIMSC: return imsc_;
    }
    if (offset >= kPeriphID0 && offset < kPeriphID0 + 0x20 && offset % 4 == 0) return kIds[(offset - kPeriphID0) / 4];
    return 0;  // DR (nothing received), status and interrupt registers
}

void Pl011::mmio_write(uint64_t offset, unsigned, uint64_t value, unsigned) {
    uint32_t v = static_cast<uint32_t>(value);
    switch (offset) {
    case kDR:
        if (sink_) sink_(static_cast<char>(v & 0xff));
        break;
    case kIBRD: ibrd_ = v & 0xffff; break;
    case kFBRD: fbrd_ = v & 0x3f; break;
    case kLCR_H: lcr_h_ = v & 0xff; break;
    case kCR: cr_ = v & 0xffff; break;
    case kIFLS: ifls_ = v & 0x3f; break;
    case kIMSC: imsc_ = v & 0x7ff; break;
    }
}

}  // namespace irqsim
