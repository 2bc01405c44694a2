// The packets of the remote protocol and their replies (GDB manual, "Packets",
// "Stop Reply Packets", "General Query Packets"). Threads are CPUs: thread id
// N is CPU N - 1 (ids 0 and -1 mean "any" and "all").
#include <fmt/format.h>

#include <algorithm>

#include "gdb/hex.hpp"
#include "irqsim/gdb.hpp"

namespace irqsim::gdb {

namespace {
using Reply = Session::Reply;

Reply error(int code) { return {fmt::format("E{:02x}", code)}; }
constexpr int kErrArgs = 1, kErrOversized = 2, kErrMalformed = 3, kErrFault = 0x0e;  // 14: EFAULT

// The longest memory read answered at once (two hex digits a byte); gdb
// asks again for the rest.
constexpr size_t kMaxMemoryRead = (kPacketSize - 8) / 2;

// "a,b" → (a, b) in hex.
std::optional<std::pair<uint64_t, uint64_t>> parse_pair(std::string_view s) {
    size_t comma = s.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto a = parse_hex(s.substr(0, comma)), b = parse_hex(s.substr(comma + 1));
    if (!a || !b) return std::nullopt;
    return std::pair{*a, *b};
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Every byte of [addr, addr+len) is RAM (checked page by page: it may span
// regions). Device registers are never read or written on gdb's behalf:
// a read can have effects (acknowledging an interrupt, popping a FIFO).
bool all_ram(Bus& bus, uint64_t addr, uint64_t len) {
    while (len) {
        uint64_t n = std::min(len, Bus::kPageSize - (addr & Bus::kPageMask));
        if (!bus.is_ram(addr, n)) return false;
        addr += n;
        len -= n;
    }
    return true;
}

std::string cpu_state(const Cpu& c) {
    return fmt::format("EL{}{}", static_cast<int>(c.el), c.el == ExceptionLevel::EL0 ? "t" : c.spsel ? "h" : "t");
}

// qXfer:OBJECT:read:ANNEX:offset,length on a document.
Reply xfer(const std::string& doc, std::string_view range) {
    auto r = parse_pair(range);
    if (!r) return error(kErrArgs);
    auto [offset, length] = *r;
    if (offset >= doc.size()) return {"l", true, true};
    // Escaping may double the chunk: keep the reply within PacketSize.
    uint64_t n = std::min<uint64_t>({length, doc.size() - offset, kPacketSize / 2 - 1});
    char more = offset + n < doc.size() ? 'm' : 'l';
    return {more + escape_binary(std::string_view(doc).substr(offset, n)), true, true};
}
}  // namespace

Session::Session(Target& target) : target_(target) {}

std::string Session::stop_reply() const {
    if (last_stop_.exited && last_stop_.term_signal) return fmt::format("X{:02x}", last_stop_.term_signal & 0xff);
    if (last_stop_.exited) return fmt::format("W{:02x}", last_stop_.exit_status & 0xff);
    std::string r = fmt::format("T{:02x}thread:{:x};", last_stop_.signal, last_stop_.cpu + 1);
    if (last_stop_.point) {
        switch (*last_stop_.point) {
            case PointKind::SoftwareBreak:
                if (swbreak_) r += "swbreak:;";
                break;
            case PointKind::HardwareBreak:
                if (hwbreak_) r += "hwbreak:;";
                break;
            case PointKind::WriteWatch: r += fmt::format("watch:{:x};", last_stop_.data_address); break;
            case PointKind::ReadWatch: r += fmt::format("rwatch:{:x};", last_stop_.data_address); break;
            case PointKind::AccessWatch: r += fmt::format("awatch:{:x};", last_stop_.data_address); break;
        }
    }
    // The PC (register 32) expedited: gdb need not ask for it.
    if (last_stop_.cpu < target_.cpu_count())
        r += fmt::format("20:{};", read_register(target_.cpu(last_stop_.cpu), 32));
    return r;
}

Reply Session::bad_packet(PacketParser::Event::Kind kind) const {
    using K = PacketParser::Event::Kind;
    switch (kind) {
        // With acks the server answers '-' and gdb sends the packet again.
        case K::BadChecksum:
        case K::Truncated: return {"E01", no_ack_};
        case K::Oversized: return error(kErrOversized);
        default: return error(kErrMalformed);
    }
}

std::optional<unsigned> Session::parse_thread(std::string_view tid, bool allow_all) const {
    // A multiprocess id pPID.TID is accepted for its TID.
    if (starts_with(tid, "p")) {
        size_t dot = tid.find('.');
        if (dot == std::string_view::npos) return std::nullopt;
        tid = tid.substr(dot + 1);
    }
    if (tid == "-1") return allow_all ? std::optional<unsigned>(~0u) : std::nullopt;
    auto n = parse_hex(tid);
    if (!n) return std::nullopt;
    if (*n == 0) return ~0u;  // any thread: the caller keeps its choice
    if (*n > target_.cpu_count()) return std::nullopt;
    return static_cast<unsigned>(*n - 1);
}

Reply Session::handle_packet(std::string_view p) {
    if (p.empty()) return {""};
    std::string_view args = p.substr(1);
    switch (p[0]) {
        case '?': return {stop_reply()};
        case 'g': return registers_all();
        case 'G': return write_registers_all(args);
        case 'p': {
            auto n = parse_hex(args);
            if (!n || *n >= register_count()) return error(kErrArgs);
            return {read_register(target_.cpu(g_cpu_), static_cast<unsigned>(*n))};
        }
        case 'P': {
            size_t eq = args.find('=');
            auto n = parse_hex(args.substr(0, eq));
            if (eq == std::string_view::npos || !n || *n >= register_count()) return error(kErrArgs);
            return write_register(target_.cpu(g_cpu_), static_cast<unsigned>(*n), args.substr(eq + 1))
                       ? Reply{"OK"}
                       : error(kErrArgs);
        }
        case 'm': return read_memory(args);
        case 'M': return write_memory(args, false);
        case 'X': return write_memory(args, true);
        case 'c':
        case 's': {
            std::optional<uint64_t> addr;
            if (!args.empty() && !(addr = parse_hex(args))) return error(kErrArgs);
            std::optional<unsigned> step;
            if (p[0] == 's') step = c_all_ ? last_stop_.cpu : c_cpu_;
            return resume(step, addr);
        }
        case 'C':
        case 'S': {  // with a signal: there are no signals to deliver here, as on bare metal
            size_t semi = args.find(';');
            std::optional<uint64_t> addr;
            if (!parse_hex(args.substr(0, semi))) return error(kErrArgs);
            if (semi != std::string_view::npos && !(addr = parse_hex(args.substr(semi + 1)))) return error(kErrArgs);
            std::optional<unsigned> step;
            if (p[0] == 'S') step = c_all_ ? last_stop_.cpu : c_cpu_;
            return resume(step, addr);
        }
        case 'Z':
        case 'z': return point(args, p[0] == 'Z');
        case 'H': {
            if (args.empty() || (args[0] != 'g' && args[0] != 'c')) return {""};
            auto t = parse_thread(args.substr(1), true);
            if (!t) return error(kErrArgs);
            if (args[0] == 'g') {
                if (*t != ~0u) g_cpu_ = *t;
            } else {
                c_all_ = *t == ~0u;
                if (!c_all_) c_cpu_ = *t;
            }
            return {"OK"};
        }
        case 'T': {
            auto t = parse_thread(args, false);
            return t && *t != ~0u ? Reply{"OK"} : error(kErrArgs);
        }
        case 'k':
            killed_ = true;
            return {"", false, false, true};
        case 'D':
            detached_ = true;
            target_.detach();
            return {"OK", true, false, true};
        case 'v':
            if (p == "vCont?") return {"vCont;c;C;s;S"};
            if (starts_with(p, "vCont;")) return vcont(p.substr(6));
            if (starts_with(p, "vKill")) {
                killed_ = true;
                return {"OK", true, false, true};
            }
            return {""};
        case 'q':
        case 'Q': return query(p);
        default: return {""};  // not supported: the empty reply
    }
}

Reply Session::registers_all() {
    std::string hex;
    const Cpu& c = target_.cpu(g_cpu_);
    for (unsigned i = 0; i < register_count(); ++i) hex += read_register(c, i);
    return {hex};
}

Reply Session::write_registers_all(std::string_view hex) {
    Cpu& c = target_.cpu(g_cpu_);
    std::vector<size_t> widths;
    size_t total = 0;
    for (unsigned i = 0; i < register_count(); ++i) total += widths.emplace_back(read_register(c, i).size());
    if (hex.size() != total) return error(kErrArgs);
    size_t at = 0;
    for (unsigned i = 0; i < register_count(); ++i) {
        if (!write_register(c, i, hex.substr(at, widths[i]))) return error(kErrArgs);
        at += widths[i];
    }
    return {"OK"};
}

Reply Session::read_memory(std::string_view args) {
    auto r = parse_pair(args);
    if (!r) return error(kErrArgs);
    auto [addr, len] = *r;
    len = std::min<uint64_t>(len, kMaxMemoryRead);
    if (len == 0) return {""};
    std::string bytes(len, '\0');
    Bus& bus = target_.bus();
    // The readable prefix: gdb takes a short read and asks again from there.
    uint64_t n = len;
    if (addr + len < addr || !all_ram(bus, addr, len)) {
        n = 0;
        while (n < len && addr + n >= addr && bus.is_ram(addr + n)) ++n;
    }
    if (n == 0 || !bus.copy_out(addr, bytes.data(), n)) return error(kErrFault);
    bytes.resize(n);
    return {encode_hex_bytes(bytes)};
}

Reply Session::write_memory(std::string_view args, bool binary) {
    size_t colon = args.find(':');
    if (colon == std::string_view::npos) return error(kErrArgs);
    auto r = parse_pair(args.substr(0, colon));
    if (!r) return error(kErrArgs);
    auto [addr, len] = *r;
    std::string_view data = args.substr(colon + 1);
    std::string bytes;
    if (binary) {
        bytes = data;
    } else if (auto decoded = decode_hex_bytes(data)) {
        bytes = std::move(*decoded);
    } else {
        return error(kErrArgs);
    }
    if (bytes.size() != len) return error(kErrArgs);
    if (len == 0) return {"OK"};  // gdb probes X support so
    if (addr + len < addr || !all_ram(target_.bus(), addr, len)) return error(kErrFault);
    // copy_in drops predecoded instructions of the pages it writes.
    if (!target_.bus().copy_in(addr, bytes.data(), len)) return error(kErrFault);
    return {"OK"};
}

Reply Session::point(std::string_view args, bool insert) {
    // type,addr,kind[;conditions]: no conditions were offered, none are kept.
    args = args.substr(0, args.find(';'));
    size_t comma = args.find(',');
    auto type = parse_hex(args.substr(0, comma));
    if (comma == std::string_view::npos || !type) return error(kErrArgs);
    if (*type > 4) return {""};
    auto r = parse_pair(args.substr(comma + 1));
    if (!r || r->second == 0 || r->second > 0x1000'0000) return error(kErrArgs);
    auto kind = static_cast<PointKind>(*type);
    bool ok = insert ? target_.insert_point(kind, r->first, r->second) : target_.remove_point(kind, r->first, r->second);
    return ok ? Reply{"OK"} : error(kErrArgs);
}

Reply Session::vcont(std::string_view actions) {
    // All-stop: one step action picks the CPU that steps (the others are
    // held); otherwise every CPU continues.
    std::optional<unsigned> step;
    if (actions.empty()) return error(kErrArgs);
    while (!actions.empty()) {
        size_t semi = actions.find(';');
        std::string_view a = actions.substr(0, semi);
        actions = semi == std::string_view::npos ? std::string_view{} : actions.substr(semi + 1);
        if (a.empty()) return error(kErrArgs);
        size_t colon = a.find(':');
        std::string_view what = a.substr(0, colon);
        if (what.empty()) return error(kErrArgs);
        std::optional<unsigned> thread;
        if (colon != std::string_view::npos) {
            thread = parse_thread(a.substr(colon + 1), true);
            if (!thread) return error(kErrArgs);
        }
        char op = what[0];
        if ((op == 'C' || op == 'S') && !parse_hex(what.substr(1))) return error(kErrArgs);
        if ((op == 'c' || op == 's') && what.size() != 1) return error(kErrArgs);
        if (op == 's' || op == 'S') {
            if (!step) step = thread && *thread != ~0u ? *thread : last_stop_.cpu;
        } else if (op != 'c' && op != 'C') {
            return error(kErrArgs);  // t, r: not offered in vCont?
        }
    }
    return resume(step, std::nullopt);
}

Reply Session::resume(std::optional<unsigned> step, std::optional<uint64_t> addr) {
    if (last_stop_.exited) return {stop_reply()};
    if (addr) target_.cpu(step ? *step : last_stop_.cpu).pc = *addr;
    last_stop_ = target_.resume(step, interrupted_);
    if (!last_stop_.exited) g_cpu_ = last_stop_.cpu;
    return {stop_reply()};
}

std::string Session::threads_xml() {
    std::string x = "<?xml version=\"1.0\"?>\n<threads>\n";
    for (unsigned i = 0; i < target_.cpu_count(); ++i)
        x += fmt::format("  <thread id=\"{:x}\" core=\"{}\" name=\"CPU {}\">{}</thread>\n", i + 1, i, i,
                         cpu_state(target_.cpu(i)));
    return x + "</threads>\n";
}

Reply Session::query(std::string_view p) {
    if (starts_with(p, "qSupported")) {
        std::string_view features = p.size() > 11 ? p.substr(11) : std::string_view{};
        swbreak_ = features.find("swbreak+") != std::string_view::npos;
        hwbreak_ = features.find("hwbreak+") != std::string_view::npos;
        return {fmt::format("PacketSize={:x};qXfer:features:read+;qXfer:threads:read+;QStartNoAckMode+;"
                            "swbreak+;hwbreak+;vContSupported+",
                            kPacketSize)};
    }
    if (p == "QStartNoAckMode") {
        no_ack_ = true;
        return {"OK"};
    }
    if (p == "qfThreadInfo") {
        std::string r = "m";
        for (unsigned i = 0; i < target_.cpu_count(); ++i) r += fmt::format("{}{:x}", i ? "," : "", i + 1);
        return {r};
    }
    if (p == "qsThreadInfo") return {"l"};
    if (p == "qC") return {fmt::format("QC{:x}", (last_stop_.exited ? 0 : last_stop_.cpu) + 1)};
    if (starts_with(p, "qAttached")) return {"1"};  // gdb detaches (not kills) when it quits
    if (starts_with(p, "qXfer:features:read:")) {
        std::string_view rest = p.substr(20);
        if (!starts_with(rest, "target.xml:")) return error(kErrArgs);
        return xfer(target_xml(), rest.substr(11));
    }
    if (starts_with(p, "qXfer:threads:read::")) return xfer(threads_xml(), p.substr(20));
    if (starts_with(p, "qThreadExtraInfo,")) {
        auto t = parse_thread(p.substr(17), false);
        if (!t || *t == ~0u) return error(kErrArgs);
        return {encode_hex_bytes(cpu_state(target_.cpu(*t)))};
    }
    if (starts_with(p, "qRcmd,")) {
        auto command = decode_hex_bytes(p.substr(6));
        if (!command) return error(kErrArgs);
        return monitor(*command);
    }
    return {""};
}

// `monitor cpus`: the simulator's own view of every CPU, straight from its
// fields (not through the register table), '*' on gdb's selected thread.
Reply Session::monitor(std::string_view command) {
    std::string out;
    if (command == "cpus") {
        for (unsigned i = 0; i < target_.cpu_count(); ++i) {
            const Cpu& c = target_.cpu(i);
            out += fmt::format("{}CPU {} {} pc={:#x} sp={:#x} SP_EL0={:#x} SP_EL1={:#x} ELR_EL1={:#x} "
                               "ESR_EL1={:#x} insns={}\n",
                               i == g_cpu_ ? '*' : ' ', i, cpu_state(c), c.pc, c.sp, c.sp_el(ExceptionLevel::EL0),
                               c.sp_el(ExceptionLevel::EL1), c.elr_el1, c.esr_el1, c.instructions_retired());
        }
    } else {
        out = "irqsim monitor commands:\n  cpus  every CPU's state as the simulator holds it\n";
    }
    return {encode_hex_bytes(out)};
}

}  // namespace irqsim::gdb
