// The board's firmware services: PSCI over HVC (Arm DEN 0022, PSCI 1.1 as
// QEMU 7.2 reports it) and Arm semihosting over HLT #0xf000 (Arm IHI 0099).
#include <fmt/format.h>

#include <iostream>

#include "board/machine_impl.hpp"
#include "cpu/sysreg_table.hpp"

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
        // QEMU writes the semihosting console to stderr, apart from the UART.
        case kWriteC: {
            char ch;
            if (bus.copy_out(arg, &ch, 1)) m_.semihosting_console.put(ch);
            m_.semihosting_console.flush();
            return;
        }
        case kWrite0: {
            char ch;
            for (uint64_t a = arg; bus.copy_out(a, &ch, 1) && ch; ++a) m_.semihosting_console.put(ch);
            m_.semihosting_console.flush();
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
            (block[0] == 1 ? m_.console : m_.semihosting_console) << buf;
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
// MRS/MSR/SYS go through the shared table (src/cpu/sysreg_table.hpp); the
// board supplies the counter and the GIC/timer banks. A trap becomes the
// architecture's exception (EC 0x18, or 0x07 for FP) and moves the PC.
bool BoardCpu::resolve(Cpu& cpu, SysRegResult r) {
    switch (r) {
        case SysRegResult::Ok: return true;
        case SysRegResult::Undefined: return false;
        case SysRegResult::Trap:
        case SysRegResult::TrapFP: {
            uint32_t word = 0;
            cpu.bus().copy_out(cpu.pc, &word, 4);
            ExceptionEvent ev = qemu_event(1, "Undefined Instruction");  // QEMU raises these as EXCP_UDEF
            ev.syndrome = r == SysRegResult::Trap ? make_syndrome(ExceptionClass::SysRegTrap, sysreg_trap_iss(word))
                                                  : make_syndrome(ExceptionClass::FpAccessTrap, kFpTrapIss & 0x1ffffff);
            ev.preferred_return = cpu.pc;
            take_sync(cpu, ev);
            return true;
        }
    }
    return false;
}

bool BoardCpu::read_sysreg(Cpu& cpu, uint32_t e, uint64_t& v) {
    return resolve(cpu, sysreg_access(cpu, sysregs, e, true, v, cpu.el));
}

bool BoardCpu::write_sysreg(Cpu& cpu, uint32_t e, uint64_t v) {
    return resolve(cpu, sysreg_access(cpu, sysregs, e, false, v, cpu.el));
}

bool BoardCpu::write_pstate_field(Cpu& cpu, uint32_t op1_op2, uint32_t imm4) {
    return resolve(cpu, pstate_field_access(cpu, sysregs, op1_op2, imm4, cpu.el));
}

bool BoardCpu::system_instruction(Cpu& cpu, uint32_t encoding, uint64_t xt) {
    return resolve(cpu, sys_instruction_access(cpu, sysregs, encoding, xt, cpu.el));
}

}  // namespace irqsim
