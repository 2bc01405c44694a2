// The board's firmware services: PSCI over HVC (Arm DEN 0022, PSCI 1.1 as
// QEMU 7.2 reports it) and Arm semihosting over HLT #0xf000 (Arm IHI 0099).
#include <fmt/format.h>

#include <iostream>

#include "board/machine_impl.hpp"

namespace irqsim {

namespace psci {
// Function IDs (SMC32 and SMC64 calling conventions) and return codes.
constexpr uint32_t kVersion = 0x84000000, kCpuSuspend32 = 0x84000001, kCpuSuspend64 = 0xC4000001,
                   kCpuOff = 0x84000002, kCpuOn32 = 0x84000003, kCpuOn64 = 0xC4000003,
                   kAffinityInfo32 = 0x84000004, kAffinityInfo64 = 0xC4000004, kMigrateInfoType = 0x84000006,
                   kSystemOff = 0x84000008, kSystemReset = 0x84000009, kFeatures = 0x8400000A;
constexpr int64_t kSuccess = 0, kNotSupported = -1, kInvalidParameters = -2, kAlreadyOn = -4;
constexpr uint64_t kVersion1_1 = 0x00010001;
}  // namespace psci

void BoardCpu::psci_call(Cpu& cpu) {
    using namespace psci;
    uint32_t fn = static_cast<uint32_t>(cpu.x[0]);
    int64_t ret = kNotSupported;
    switch (fn) {
        case kVersion: ret = kVersion1_1; break;
        case kMigrateInfoType: ret = 2; break;  // no Trusted OS: migration not required
        case kFeatures: {
            uint32_t q = static_cast<uint32_t>(cpu.x[1]);
            bool known = q == kVersion || q == kCpuSuspend32 || q == kCpuSuspend64 || q == kCpuOff || q == kCpuOn32 ||
                         q == kCpuOn64 || q == kAffinityInfo32 || q == kAffinityInfo64 || q == kMigrateInfoType ||
                         q == kSystemOff || q == kSystemReset || q == kFeatures;
            ret = known ? kSuccess : kNotSupported;
            break;
        }
        case kCpuOn32:
        case kCpuOn64: {
            int target = m_.cpu_by_mpidr(cpu.x[1]);
            if (target < 0) {
                ret = kInvalidParameters;
            } else if (m_.slots[target].sys->power == PowerState::On) {
                ret = kAlreadyOn;
            } else {
                uint64_t entry = fn == kCpuOn32 ? static_cast<uint32_t>(cpu.x[2]) : cpu.x[2];
                m_.power_on(static_cast<unsigned>(target), entry, cpu.x[3]);
                ret = kSuccess;
            }
            break;
        }
        case kCpuOff:
            power = PowerState::Off;
            waiting = false;
            cpu.request_exit();
            return;  // does not return to the caller
        case kAffinityInfo32:
        case kAffinityInfo64: {
            int target = m_.cpu_by_mpidr(cpu.x[1]);
            ret = target < 0 ? kInvalidParameters : (m_.slots[target].sys->power == PowerState::On ? 0 : 1);
            break;
        }
        case kCpuSuspend32:
        case kCpuSuspend64:
            // A power-down state is not modelled: a standby state is a WFI.
            wait_for_interrupt(cpu);
            ret = kSuccess;
            break;
        case kSystemOff:
        case kSystemReset:  // no reboot: the run ends as QEMU's -no-reboot would
            m_.finish(RunOutcome::PoweredOff, 0);
            return;
        default: break;
    }
    cpu.x[0] = static_cast<uint64_t>(ret);
}

void BoardCpu::semihosting_call(Cpu& cpu) {
    // A64 semihosting: operation in W0, parameter (or parameter block) in X1,
    // result in X0.
    constexpr uint32_t kWriteC = 0x03, kWrite0 = 0x04, kWrite = 0x05, kExit = 0x18, kExitExtended = 0x20;
    constexpr uint64_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit
    Bus& bus = cpu.bus();
    uint32_t op = static_cast<uint32_t>(cpu.x[0]);
    uint64_t arg = cpu.x[1];
    switch (op) {
        case kWriteC: {
            char ch;
            if (bus.copy_out(arg, &ch, 1)) m_.console.put(ch);
            m_.console.flush();
            return;
        }
        case kWrite0: {
            char ch;
            for (uint64_t a = arg; bus.copy_out(a, &ch, 1) && ch; ++a) m_.console.put(ch);
            m_.console.flush();
            return;
        }
        case kWrite: {
            uint64_t block[3];  // handle, buffer, length
            if (!bus.copy_out(arg, block, sizeof block)) {
                cpu.x[0] = ~uint64_t{0};
                return;
            }
            std::string buf(block[2], '\0');
            if (!bus.copy_out(block[1], buf.data(), buf.size())) {
                cpu.x[0] = block[2];
                return;
            }
            (block[0] == 2 ? std::cerr : m_.console) << buf;
            m_.console.flush();
            cpu.x[0] = 0;  // bytes not written
            return;
        }
        case kExit:
        case kExitExtended: {
            uint64_t block[2] = {0, 0};  // reason, subcode
            bus.copy_out(arg, block, sizeof block);
            int status = block[0] == kApplicationExit ? static_cast<int>(block[1]) : 1;
            m_.finish(RunOutcome::Exited, status);
            return;
        }
        default:
            cpu.x[0] = ~uint64_t{0};  // -1: not supported here
            return;
    }
}

// --- system registers ----------------------------------------------------------
// Interim EL1 register access until the shared system-register table lands.
namespace {
constexpr uint32_t enc(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}
}  // namespace

bool BoardCpu::read_sysreg(Cpu& cpu, uint32_t e, uint64_t& v) {
    if (m_.device_sysreg(index_, e, true, v)) return true;
    bool el1 = cpu.el == ExceptionLevel::EL1;
    switch (e) {
        case enc(3, 3, 4, 2, 0): v = cpu.nzcv; return true;
        case enc(3, 3, 4, 2, 1): v = cpu.daif; return el1 || (cpu.sctlr_el1 & (1u << 9));
        case enc(3, 3, 13, 0, 2): v = cpu.tpidr_el0; return true;
        case enc(3, 3, 13, 0, 3): v = cpu.tpidrro_el0; return true;
        case enc(3, 3, 14, 0, 0): v = virt_map::kCntFrqHz; return true;
        case enc(3, 3, 14, 0, 1):
        case enc(3, 3, 14, 0, 2): v = m_.counter_ticks(); return true;
        default: break;
    }
    if (!el1) return false;
    switch (e) {
        case enc(3, 0, 4, 2, 2): v = uint64_t{1} << 2; return true;  // CurrentEL
        case enc(3, 0, 4, 2, 0): v = cpu.spsel; return true;
        case enc(3, 0, 4, 1, 0): v = cpu.sp_el(ExceptionLevel::EL0); return true;
        case enc(3, 0, 4, 0, 0): v = cpu.spsr_el1; return true;
        case enc(3, 0, 4, 0, 1): v = cpu.elr_el1; return true;
        case enc(3, 0, 5, 2, 0): v = cpu.esr_el1; return true;
        case enc(3, 0, 6, 0, 0): v = cpu.far_el1; return true;
        case enc(3, 0, 12, 0, 0): v = cpu.vbar_el1; return true;
        case enc(3, 0, 1, 0, 0): v = cpu.sctlr_el1; return true;
        case enc(3, 0, 13, 0, 4): v = cpu.tpidr_el1; return true;
        case enc(3, 0, 0, 0, 5): v = m_.mpidr(index_); return true;
        case enc(3, 0, 0, 0, 0): v = 0x411fd070; return true;  // MIDR_EL1: Cortex-A57 r1p0, as QEMU
        default: return false;
    }
}

bool BoardCpu::write_sysreg(Cpu& cpu, uint32_t e, uint64_t v) {
    if (m_.device_sysreg(index_, e, false, v)) return true;
    bool el1 = cpu.el == ExceptionLevel::EL1;
    switch (e) {
        case enc(3, 3, 4, 2, 0): cpu.nzcv = static_cast<uint32_t>(v) & 0xf0000000u; return true;
        case enc(3, 3, 4, 2, 1):
            if (!el1 && !(cpu.sctlr_el1 & (1u << 9))) return false;
            cpu.daif = static_cast<uint32_t>(v) & 0x3c0u;
            cpu.request_exit();
            return true;
        case enc(3, 3, 13, 0, 2): cpu.tpidr_el0 = v; return true;
        default: break;
    }
    if (!el1) return false;
    switch (e) {
        case enc(3, 0, 4, 2, 0): cpu.select_stack(cpu.el, v & 1); return true;
        case enc(3, 0, 4, 1, 0): cpu.set_sp_el(ExceptionLevel::EL0, v); return true;
        case enc(3, 0, 4, 0, 0): cpu.spsr_el1 = v; return true;
        case enc(3, 0, 4, 0, 1): cpu.elr_el1 = v; return true;
        case enc(3, 0, 5, 2, 0): cpu.esr_el1 = v; return true;
        case enc(3, 0, 6, 0, 0): cpu.far_el1 = v; return true;
        case enc(3, 0, 12, 0, 0): cpu.vbar_el1 = v & ~uint64_t{0x7ff}; return true;
        case enc(3, 0, 1, 0, 0): cpu.sctlr_el1 = v; return true;
        case enc(3, 0, 13, 0, 4): cpu.tpidr_el1 = v; return true;
        case enc(3, 3, 13, 0, 3): cpu.tpidrro_el0 = v; return true;
        default: return false;
    }
}

}  // namespace irqsim
