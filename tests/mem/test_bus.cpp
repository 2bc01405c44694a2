// The bus's RAM queries that system calls rely on (read, write, writev check
// a guest buffer before touching it).
#include <catch2/catch.hpp>

#include "irqsim/memory.hpp"

using namespace irqsim;

TEST_CASE("a range is RAM across two adjacent regions, not across a gap or past the end", "[mem]") {
    Bus bus;
    bus.map_ram(0x10000, 0x1000, "first");
    bus.map_ram(0x11000, 0x1000, "second");  // right after: a heap grown by a second region
    bus.map_ram(0x13000, 0x1000, "after a gap");
    CHECK(bus.is_ram(0x10f90, 0x100));      // crosses from first into second
    CHECK(bus.is_ram(0x10000, 0x2000));     // both, exactly
    CHECK_FALSE(bus.is_ram(0x10000, 0x2001));  // one byte into the gap
    CHECK_FALSE(bus.is_ram(0x11f00, 0x1200));  // over the gap into the third
    CHECK(bus.is_ram(0x13000, 0x1000));
    CHECK_FALSE(bus.is_ram(0x13fff, 2));
    CHECK(bus.is_ram(0x10000, 0));  // an empty range at RAM
    CHECK_FALSE(bus.is_ram(0x12000, 0));
    uint8_t in[0x100], out[0x100];
    for (unsigned i = 0; i < sizeof in; ++i) in[i] = static_cast<uint8_t>(i * 7);
    REQUIRE(bus.copy_in(0x10f90, in, sizeof in));
    REQUIRE(bus.copy_out(0x10f90, out, sizeof out));
    CHECK(std::equal(in, in + sizeof in, out));
}
