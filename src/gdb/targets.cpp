// What the stub debugs: breakpoints as PC hooks on every CPU, watchpoints as
// the bus's debug watches (DebugTarget); the board (MachineTarget) and Linux
// user mode (UserTarget) resumed and stepped on their own schedulers, so the
// simulated clock runs only while gdb lets the target run.
#include <cstdio>

#include "irqsim/gdb.hpp"
#include "irqsim/linux_user.hpp"

namespace irqsim::gdb {

namespace {
bool is_watch(PointKind k) { return k != PointKind::SoftwareBreak && k != PointKind::HardwareBreak; }
constexpr int kSigInt = 2, kSigSegv = 11;
}  // namespace

// --- breakpoints and watchpoints ------------------------------------------------
bool DebugTarget::insert_point(PointKind kind, uint64_t addr, uint64_t length) {
    auto key = std::tuple{kind, addr, length};
    if (points_.count(key)) return true;  // gdb may insert one twice
    Point p;
    if (!is_watch(kind)) {
        if (addr & 3) return false;  // A64 instructions are word aligned
        for (unsigned i = 0; i < cpu_count(); ++i)
            p.hooks.push_back(cpu(i).add_pc_hook(addr, [this, kind](Cpu& c) {
                StopInfo s;
                s.cpu = c.index();
                s.point = kind;
                hit_ = s;
                return Cpu::HookAction::Stop;
            }));
    } else {
        if (addr + length < addr) return false;
        unsigned on = kind == PointKind::WriteWatch  ? Bus::kWatchStores
                      : kind == PointKind::ReadWatch ? Bus::kWatchLoads
                                                     : Bus::kWatchLoads | Bus::kWatchStores;
        p.watch = bus().add_debug_watch(addr, length, on, [this, kind, addr](uint64_t a, unsigned, bool, unsigned who) {
            if (static_cast<int>(who) == skip_cpu_ && cpu(who).instructions_now() == skip_insn_) return false;
            StopInfo s;
            s.cpu = who;
            s.point = kind;
            // An address inside the watched range, so gdb finds the watchpoint.
            s.data_address = std::max(a, addr);
            hit_ = s;
            return true;
        });
    }
    points_.emplace(key, std::move(p));
    return true;
}

bool DebugTarget::remove_point(PointKind kind, uint64_t addr, uint64_t length) {
    auto it = points_.find(std::tuple{kind, addr, length});
    if (it == points_.end()) return false;
    for (unsigned i = 0; i < it->second.hooks.size(); ++i) cpu(i).remove_pc_hook(it->second.hooks[i]);
    if (it->second.watch) bus().remove_debug_watch(it->second.watch);
    points_.erase(it);
    return true;
}

void DebugTarget::remove_all() {
    while (!points_.empty()) {
        auto [kind, addr, length] = points_.begin()->first;
        remove_point(kind, addr, length);
    }
}

void DebugTarget::detach() { remove_all(); }

DebugTarget::~DebugTarget() = default;

StopInfo DebugTarget::stop_for(std::optional<unsigned> step, int stopped_cpu, unsigned running_cpu) {
    // A breakpoint at the PC a step starts from was stepped over, not hit.
    if (step && hit_ && !is_watch(*hit_->point)) hit_.reset();
    StopInfo s;
    if (hit_) {
        s = *hit_;
        if (is_watch(*s.point)) {
            skip_cpu_ = static_cast<int>(s.cpu);
            skip_insn_ = cpu(s.cpu).instructions_now();
        }
    } else if (step) {
        s.cpu = *step;
    } else if (stopped_cpu >= 0) {
        s.cpu = static_cast<unsigned>(stopped_cpu);  // someone else's hook stopped it
    } else {
        s.cpu = running_cpu;
        s.signal = kSigInt;
    }
    hit_.reset();
    return s;
}

// --- the board ------------------------------------------------------------------
MachineTarget::MachineTarget(Machine& machine, uint64_t max_insns)
    : machine_(machine), start_(machine.instructions()), max_insns_(max_insns) {}

MachineTarget::~MachineTarget() { remove_all(); }

uint64_t MachineTarget::remaining() const {
    uint64_t used = machine_.instructions() - start_;
    return max_insns_ > used ? max_insns_ - used : 0;
}

StopInfo MachineTarget::resume(std::optional<unsigned> step, const std::function<bool()>& interrupted) {
    StopInfo exited;
    exited.exited = true;
    if (result_) {
        exited.exit_status = result_->exit_status;
        return exited;
    }
    hit_.reset();
    RunResult r;
    if (remaining() == 0) {
        r = machine_.run(0);  // ends it: InsnLimit
    } else if (step) {
        r = machine_.step_cpu(*step);
    } else {
        // Ask gdb about Ctrl-C every 64 chunks (a chunk is at most a quantum).
        struct Poll {
            const std::function<bool()>& interrupted;
            unsigned calls = 0;
        } poll{interrupted};
        machine_.set_stop_poll([](void* ctx) {
            auto& p = *static_cast<Poll*>(ctx);
            return ++p.calls % 64 == 0 && p.interrupted();
        }, &poll);
        r = machine_.run(remaining());
        machine_.set_stop_poll(nullptr, nullptr);
    }
    if (r.outcome == RunOutcome::Stopped) return stop_for(step, machine_.stopped_cpu(), machine_.bus().accessor());
    result_ = r;
    if (r.outcome == RunOutcome::GuestFault) {
        // Stop at the fault first (SIGSEGV), with the state to look at; the
        // next resume reports the end.
        std::fputs(machine_.fault_report().c_str(), stderr);
        StopInfo s;
        s.cpu = machine_.bus().accessor();
        s.signal = kSigSegv;
        return s;
    }
    exited.exit_status = r.exit_status;
    return exited;
}

RunResult MachineTarget::finish() {
    if (!result_) result_ = machine_.run(remaining());
    return *result_;
}

// --- Linux user mode --------------------------------------------------------------
UserTarget::UserTarget(LinuxUserSystem& system, uint64_t max_insns)
    : system_(system), start_(system.cpu().instructions_retired()), max_insns_(max_insns) {}

UserTarget::~UserTarget() { remove_all(); }

Cpu& UserTarget::cpu(unsigned) { return system_.cpu(); }
Bus& UserTarget::bus() { return system_.bus(); }

uint64_t UserTarget::used() const { return system_.cpu().instructions_retired() - start_; }

StopInfo UserTarget::resume(std::optional<unsigned> step, const std::function<bool()>& interrupted) {
    StopInfo exited;
    exited.exited = true;
    auto ended = [&exited](const UserRunResult& r) {
        exited.exit_status = r.exit == UserExit::Exited ? r.status : 3;
        if (r.exit == UserExit::Signaled) exited.term_signal = r.signal;
        return exited;
    };
    if (result_) return ended(*result_);
    hit_.reset();
    // Runs in slices, asking about Ctrl-C between them: a run cut into
    // slices is the same run (nothing but the instruction count is time).
    constexpr uint64_t kSlice = 1 << 16;
    UserRunResult r;
    for (int attempt = 0;; ++attempt) {
        uint64_t left = max_insns_ > used() ? max_insns_ - used() : 0;
        if (left == 0) {
            r.exit = UserExit::OutOfBudget;
            break;
        }
        r = system_.run(step ? 1 : std::min(left, kSlice));
        if (r.exit == UserExit::Stopped) {
            // A step that a breakpoint at its own PC stopped: run it (once).
            if (step && r.insns == 0 && attempt == 0 && hit_ && !is_watch(*hit_->point)) continue;
            return stop_for(step, 0, 0);
        }
        if (r.exit != UserExit::OutOfBudget) break;
        if (step) return stop_for(step, 0, 0);
        if (interrupted()) return stop_for(std::nullopt, -1, 0);
    }
    r.insns = used();
    result_ = std::make_unique<UserRunResult>(r);
    if (r.exit == UserExit::Fault) {
        std::fputs(r.report.c_str(), stderr);
        StopInfo s;
        s.signal = kSigSegv;
        return s;
    }
    return ended(r);
}

UserRunResult UserTarget::finish() {
    if (!result_) {
        uint64_t left = max_insns_ > used() ? max_insns_ - used() : 0;
        UserRunResult r = system_.run(left);
        r.insns = used();
        result_ = std::make_unique<UserRunResult>(r);
    }
    return *result_;
}

// --- the command line's entry points ------------------------------------------------
RunResult debug_machine(Server& server, Machine& machine, uint64_t max_insns) {
    MachineTarget target(machine, max_insns);
    std::fprintf(stderr, "waiting for gdb on 127.0.0.1:%u\n", server.port());
    if (server.serve(target) == Server::End::Killed) return {RunOutcome::Stopped, 0};
    return target.finish();
}

UserRunResult debug_user(Server& server, LinuxUserSystem& system, uint64_t max_insns) {
    UserTarget target(system, max_insns);
    std::fprintf(stderr, "waiting for gdb on 127.0.0.1:%u\n", server.port());
    if (server.serve(target) == Server::End::Killed) {
        UserRunResult r;
        r.exit = UserExit::OutOfBudget;
        return r;
    }
    return target.finish();
}

}  // namespace irqsim::gdb
