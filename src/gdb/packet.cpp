// Packet framing of the GDB remote protocol (GDB manual, "Overview" of the
// remote protocol): $data#cs with a modulo-256 checksum, '+'/'-' acks,
// 0x03 as an out-of-band interrupt, '}' escapes and '*' run-length encoding.
#include <fmt/format.h>

#include "gdb/hex.hpp"
#include "irqsim/gdb.hpp"

namespace irqsim::gdb {

namespace {
// A repeat count n is sent as the character n + 29 (so "0* " is "0000"):
// from ' ' (3 more) to '~' (97 more).
constexpr int kRepeatBias = 29, kMinRepeat = ' ' - kRepeatBias, kMaxRepeat = '~' - kRepeatBias;
// Decoded data may be longer than what came over the wire; bounded anyway.
constexpr size_t kMaxDecoded = 4 * kPacketSize;
}  // namespace

uint8_t checksum(std::string_view data) {
    uint8_t sum = 0;
    for (char c : data) sum = static_cast<uint8_t>(sum + static_cast<uint8_t>(c));
    return sum;
}

std::string escape_binary(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (char c : bytes) {
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            out += '}';
            out += static_cast<char>(c ^ 0x20);
        } else {
            out += c;
        }
    }
    return out;
}

std::string frame(std::string_view data, bool binary) {
    std::string body;
    body.reserve(data.size());
    for (size_t i = 0; i < data.size();) {
        char c = data[i];
        size_t run = 1;
        while (i + run < data.size() && data[i + run] == c) ++run;
        if (binary || run < 4) {
            body += c;
            ++i;
            continue;
        }
        // c then '*' then the count of further copies; counts 6 and 7 would
        // be sent as '#' and '$', which end or start a packet: use 5.
        int more = static_cast<int>(std::min<size_t>(run - 1, kMaxRepeat));
        if (more == '#' - kRepeatBias || more == '$' - kRepeatBias) more = '"' - kRepeatBias;
        body += c;
        body += '*';
        body += static_cast<char>(more + kRepeatBias);
        i += 1 + static_cast<size_t>(more);
    }
    return fmt::format("${}#{:02x}", body, checksum(body));
}

void PacketParser::feed(std::string_view bytes, std::vector<Event>& out) {
    using K = Event::Kind;
    for (char c : bytes) {
        switch (state_) {
            case State::Idle:
                if (c == '$') {
                    state_ = State::Data;
                    raw_.clear();
                    raw_length_ = 0;
                    sum_ = 0;
                } else if (c == '+') {
                    out.push_back({K::Ack, {}});
                } else if (c == '-') {
                    out.push_back({K::Nak, {}});
                } else if (c == '\x03') {
                    out.push_back({K::Interrupt, {}});
                }
                // Anything else between packets is line noise: dropped.
                break;
            case State::Data:
                if (c == '#') {
                    state_ = State::Check1;
                } else if (c == '$') {  // '$' cannot appear unescaped: the last packet was cut off
                    out.push_back({K::Truncated, {}});
                    raw_.clear();
                    raw_length_ = 0;
                    sum_ = 0;
                } else {
                    sum_ = static_cast<uint8_t>(sum_ + static_cast<uint8_t>(c));
                    if (raw_length_++ < kPacketSize) raw_ += c;
                }
                break;
            case State::Check1:
            case State::Check2: {
                int v = hex_digit(c);
                if (v < 0) {
                    out.push_back({K::BadChecksum, {}});
                    state_ = State::Idle;
                    if (c == '$') feed(std::string_view(&c, 1), out);  // the next packet starts here
                    break;
                }
                if (state_ == State::Check1) {
                    check_ = static_cast<uint8_t>(v << 4);
                    state_ = State::Check2;
                } else {
                    check_ = static_cast<uint8_t>(check_ | v);
                    state_ = State::Idle;
                    finish(out);
                }
                break;
            }
        }
    }
}

void PacketParser::finish(std::vector<Event>& out) {
    using K = Event::Kind;
    if (check_ != sum_) return out.push_back({K::BadChecksum, {}});
    if (raw_length_ > kPacketSize) return out.push_back({K::Oversized, {}});
    std::string data;
    data.reserve(raw_.size());
    for (size_t i = 0; i < raw_.size(); ++i) {
        char c = raw_[i];
        if (c == '}') {
            if (i + 1 == raw_.size()) return out.push_back({K::Malformed, "escape at the end"});
            data += static_cast<char>(raw_[++i] ^ 0x20);
        } else if (c == '*') {
            if (data.empty() || i + 1 == raw_.size()) return out.push_back({K::Malformed, "repeat without a byte"});
            int more = static_cast<uint8_t>(raw_[++i]) - kRepeatBias;
            if (more < kMinRepeat || more > kMaxRepeat) return out.push_back({K::Malformed, "bad repeat count"});
            data.append(static_cast<size_t>(more), data.back());
        } else {
            data += c;
        }
        if (data.size() > kMaxDecoded) return out.push_back({K::Oversized, {}});
    }
    out.push_back({K::Packet, std::move(data)});
}

}  // namespace irqsim::gdb
