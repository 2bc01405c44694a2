// PL011 transmit side, with expectations from the PrimeCell UART (PL011)
// Technical Reference Manual (Arm DDI 0183G), chapter 3.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "irqsim/uart.hpp"

using namespace irqsim;

TEST_CASE("bytes written to UARTDR reach the output sink", "[uart]") {
    std::string out;
    Pl011 uart([&](char c) { out += c; });
    for (char c : std::string("hi\n")) uart.mmio_write(0x000, 4, static_cast<uint8_t>(c), 0);
    CHECK(out == "hi\n");
}

TEST_CASE("the ostream sink receives the same bytes", "[uart]") {
    std::ostringstream os;
    Pl011 uart(os);
    uart.mmio_write(0x000, 1, 'A', 0);
    CHECK(os.str() == "A");
}

TEST_CASE("UARTFR reports the transmit FIFO empty and not full", "[uart]") {
    // DDI 0183G 3.3.3: TXFE [7], TXFF [5], RXFE [4], BUSY [3].
    Pl011 uart([](char) {});
    uint64_t fr = uart.mmio_read(0x018, 4, 0);
    CHECK(fr >> 7 & 1);
    CHECK_FALSE(fr >> 5 & 1);
    CHECK(fr >> 4 & 1);
    CHECK_FALSE(fr >> 3 & 1);
}

TEST_CASE("the PrimeCell identification registers identify a PL011", "[uart]") {
    // DDI 0183G 3.3.14-3.3.15: UARTPeriphID0-3 give part number 0x011 and
    // designer 0x41 (Arm); UARTPCellID0-3 read 0x0D, 0xF0, 0x05, 0xB1.
    Pl011 uart([](char) {});
    auto id = [&](unsigned off) { return uart.mmio_read(off, 4, 0); };
    unsigned part = static_cast<unsigned>(id(0xFE0) | (id(0xFE4) & 0xf) << 8);
    unsigned designer = static_cast<unsigned>(id(0xFE4) >> 4 | (id(0xFE8) & 0xf) << 4);
    CHECK(part == 0x011);
    CHECK(designer == 0x41);
    CHECK(id(0xFF0) == 0x0D);
    CHECK(id(0xFF4) == 0xF0);
    CHECK(id(0xFF8) == 0x05);
    CHECK(id(0xFFC) == 0xB1);
}
