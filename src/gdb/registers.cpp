// The registers gdb sees, as one table: gdb's aarch64 core feature (x0-x30,
// sp, pc, cpsr: numbers 0-33), its FP/SIMD feature (v0-v31, fpsr, fpcr:
// 34-67) and a feature of EL0/EL1 system registers under their
// architectural names (Arm ARM D17), read from and written to the CPU's
// own fields.
#include <fmt/format.h>

#include "gdb/hex.hpp"
#include "irqsim/gdb.hpp"

namespace irqsim::gdb {

namespace {

enum class Feature : uint8_t { Core, Fpu, System };

struct RegisterDef {
    std::string name;
    unsigned bits;
    const char* type;
    const char* group;  // nullptr: gdb's default for the feature
    Feature feature;
    uint64_t (*read)(const Cpu&, unsigned n);
    // Null: read-only. False: the value is not allowed there.
    bool (*write)(Cpu&, unsigned n, uint64_t);
    unsigned n = 0;  // x<n>, v<n>
    bool vector = false;  // v<n>: 128 bits, Cpu::v[n] (read/write unused)
};

// cpsr holds PSTATE as SPSR_EL1 does (Arm ARM C5.2.18): only AArch64 EL0t,
// EL1t and EL1h exist here (M[4] = 0, M[3:2] <= 1, EL0 with SP_EL0).
bool write_cpsr(Cpu& c, unsigned, uint64_t v) {
    unsigned el = (v >> 2) & 3;
    if ((v & 0x10) || (v & 2) || el > 1 || (el == 0 && (v & 1))) return false;
    c.set_pstate(v);
    return true;
}

std::vector<RegisterDef> make_registers() {
    std::vector<RegisterDef> r;
    for (unsigned i = 0; i < 31; ++i)
        r.push_back({fmt::format("x{}", i), 64, "int", nullptr, Feature::Core,
                     [](const Cpu& c, unsigned n) { return c.x[n]; },
                     [](Cpu& c, unsigned n, uint64_t v) {
                         c.x[n] = v;
                         return true;
                     },
                     i});
    // A register that is a plain field of the CPU.
#define IRQSIM_FIELD_REG(NAME, FIELD, BITS, TYPE, GROUP, FEATURE)                                     \
    r.push_back({NAME, BITS, TYPE, GROUP, Feature::FEATURE, [](const Cpu& c, unsigned) -> uint64_t { \
                     return c.FIELD;                                                               \
                 },                                                                                \
                 [](Cpu& c, unsigned, uint64_t v) {                                                \
                     c.FIELD = v;                                                                  \
                     return true;                                                                  \
                 }})
    IRQSIM_FIELD_REG("sp", sp, 64, "data_ptr", nullptr, Core);
    IRQSIM_FIELD_REG("pc", pc, 64, "code_ptr", nullptr, Core);
    r.push_back({"cpsr", 32, "cpsr_flags", nullptr, Feature::Core, [](const Cpu& c, unsigned) { return c.pstate(); },
                 write_cpsr});
    // gdb's aarch64 FP/SIMD feature: V0-V31 (gdb makes q/d/s/h/b of them),
    // then FPSR and FPCR as 32-bit registers (their upper halves are RES0).
    for (unsigned i = 0; i < 32; ++i)
        r.push_back({fmt::format("v{}", i), 128, "aarch64v", nullptr, Feature::Fpu, nullptr, nullptr, i, true});
    IRQSIM_FIELD_REG("fpsr", fpsr, 32, "int", nullptr, Fpu);
    IRQSIM_FIELD_REG("fpcr", fpcr, 32, "int", nullptr, Fpu);
    // The system registers: a debugger may write what MSR may at EL1.
    r.push_back({"SP_EL0", 64, "data_ptr", "system", Feature::System,
                 [](const Cpu& c, unsigned) { return c.sp_el(ExceptionLevel::EL0); },
                 [](Cpu& c, unsigned, uint64_t v) {
                     c.set_sp_el(ExceptionLevel::EL0, v);
                     return true;
                 }});
    r.push_back({"SP_EL1", 64, "data_ptr", "system", Feature::System,
                 [](const Cpu& c, unsigned) { return c.sp_el(ExceptionLevel::EL1); },
                 [](Cpu& c, unsigned, uint64_t v) {
                     c.set_sp_el(ExceptionLevel::EL1, v);
                     return true;
                 }});
    IRQSIM_FIELD_REG("ELR_EL1", elr_el1, 64, "code_ptr", "system", System);
    IRQSIM_FIELD_REG("SPSR_EL1", spsr_el1, 64, "int", "system", System);
    IRQSIM_FIELD_REG("ESR_EL1", esr_el1, 64, "int", "system", System);
    IRQSIM_FIELD_REG("FAR_EL1", far_el1, 64, "data_ptr", "system", System);
    // VBAR_EL1 bits [10:0] are RES0 (Arm ARM, the VBAR_EL1 description).
    r.push_back({"VBAR_EL1", 64, "code_ptr", "system", Feature::System, [](const Cpu& c, unsigned) { return c.vbar_el1; },
                 [](Cpu& c, unsigned, uint64_t v) {
                     c.vbar_el1 = v & ~uint64_t{0x7ff};
                     return true;
                 }});
    IRQSIM_FIELD_REG("SCTLR_EL1", sctlr_el1, 64, "int", "system", System);
    IRQSIM_FIELD_REG("TPIDR_EL0", tpidr_el0, 64, "data_ptr", "system", System);
    IRQSIM_FIELD_REG("TPIDRRO_EL0", tpidrro_el0, 64, "data_ptr", "system", System);
    IRQSIM_FIELD_REG("TPIDR_EL1", tpidr_el1, 64, "data_ptr", "system", System);
#undef IRQSIM_FIELD_REG
    // CurrentEL: EL in bits [3:2]; no MSR writes it (the EL changes through
    // cpsr, as ERET changes it through SPSR).
    r.push_back({"CurrentEL", 64, "int", "system", Feature::System,
                 [](const Cpu& c, unsigned) { return uint64_t{static_cast<uint8_t>(c.el)} << 2; }, nullptr});
    return r;
}

const std::vector<RegisterDef>& registers() {
    static const std::vector<RegisterDef> r = make_registers();
    return r;
}

// V registers as gdb shows them: a union of every arrangement.
constexpr const char* kVectorTypes =
    "    <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
    "    <vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
    "    <vector id=\"v2i\" type=\"int64\" count=\"2\"/>\n"
    "    <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
    "    <vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
    "    <vector id=\"v4i\" type=\"int32\" count=\"4\"/>\n"
    "    <vector id=\"v8f\" type=\"ieee_half\" count=\"8\"/>\n"
    "    <vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
    "    <vector id=\"v8i\" type=\"int16\" count=\"8\"/>\n"
    "    <vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
    "    <vector id=\"v16i\" type=\"int8\" count=\"16\"/>\n"
    "    <vector id=\"v1u\" type=\"uint128\" count=\"1\"/>\n"
    "    <vector id=\"v1i\" type=\"int128\" count=\"1\"/>\n"
    "    <union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/>"
    "<field name=\"s\" type=\"v2i\"/></union>\n"
    "    <union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/>"
    "<field name=\"s\" type=\"v4i\"/></union>\n"
    "    <union id=\"vnh\"><field name=\"f\" type=\"v8f\"/><field name=\"u\" type=\"v8u\"/>"
    "<field name=\"s\" type=\"v8i\"/></union>\n"
    "    <union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>\n"
    "    <union id=\"vnq\"><field name=\"u\" type=\"v1u\"/><field name=\"s\" type=\"v1i\"/></union>\n"
    "    <union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
    "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/></union>\n";

std::string make_target_xml() {
    std::string x =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
        "  <architecture>aarch64</architecture>\n  <feature name=\"org.gnu.gdb.aarch64.core\">\n"
        // PSTATE fields in their SPSR positions.
        "    <flags id=\"cpsr_flags\" size=\"4\">\n"
        "      <field name=\"SP\" start=\"0\" end=\"0\"/>\n      <field name=\"EL\" start=\"2\" end=\"3\"/>\n"
        "      <field name=\"nRW\" start=\"4\" end=\"4\"/>\n      <field name=\"F\" start=\"6\" end=\"6\"/>\n"
        "      <field name=\"I\" start=\"7\" end=\"7\"/>\n      <field name=\"A\" start=\"8\" end=\"8\"/>\n"
        "      <field name=\"D\" start=\"9\" end=\"9\"/>\n      <field name=\"V\" start=\"28\" end=\"28\"/>\n"
        "      <field name=\"C\" start=\"29\" end=\"29\"/>\n      <field name=\"Z\" start=\"30\" end=\"30\"/>\n"
        "      <field name=\"N\" start=\"31\" end=\"31\"/>\n    </flags>\n";
    Feature in = Feature::Core;
    const auto& regs = registers();
    for (unsigned i = 0; i < regs.size(); ++i) {
        const RegisterDef& r = regs[i];
        if (r.feature != in) {
            in = r.feature;
            x += in == Feature::Fpu ? "  </feature>\n  <feature name=\"org.gnu.gdb.aarch64.fpu\">\n" + std::string(kVectorTypes)
                                    : "  </feature>\n  <feature name=\"org.irqsim.aarch64.sysregs\">\n";
        }
        x += fmt::format("    <reg name=\"{}\" bitsize=\"{}\" type=\"{}\" regnum=\"{}\"", r.name, r.bits, r.type, i);
        if (r.group) x += fmt::format(" group=\"{}\"", r.group);
        if (!r.write) x += " save-restore=\"no\"";
        x += "/>\n";
    }
    x += "  </feature>\n</target>\n";
    return x;
}

}  // namespace

const std::string& target_xml() {
    static const std::string x = make_target_xml();
    return x;
}

unsigned register_count() { return static_cast<unsigned>(registers().size()); }

std::string read_register(const Cpu& cpu, unsigned regnum) {
    if (regnum >= registers().size()) return {};
    const RegisterDef& r = registers()[regnum];
    std::string bytes;
    auto put = [&bytes](uint64_t v, unsigned n) {
        for (unsigned b = 0; b < n; ++b) bytes += static_cast<char>(v >> (8 * b));
    };
    if (r.vector) {
        put(cpu.v[r.n][0], 8);  // bits [63:0] first: the register is little-endian
        put(cpu.v[r.n][1], 8);
    } else {
        put(r.read(cpu, r.n), r.bits / 8);
    }
    return encode_hex_bytes(bytes);
}

bool write_register(Cpu& cpu, unsigned regnum, std::string_view hex) {
    if (regnum >= registers().size()) return false;
    const RegisterDef& r = registers()[regnum];
    auto bytes = decode_hex_bytes(hex);
    if (!bytes || bytes->size() != r.bits / 8) return false;
    auto word = [&bytes](size_t from, size_t n) {
        uint64_t v = 0;
        for (size_t b = 0; b < n; ++b) v |= uint64_t{static_cast<uint8_t>((*bytes)[from + b])} << (8 * b);
        return v;
    };
    if (r.vector) {
        cpu.v[r.n] = {word(0, 8), word(8, 8)};
        return true;
    }
    uint64_t v = word(0, bytes->size());
    if (v == r.read(cpu, r.n)) return true;  // unchanged (a G packet rewrites everything)
    return r.write && r.write(cpu, r.n, v);
}

}  // namespace irqsim::gdb
