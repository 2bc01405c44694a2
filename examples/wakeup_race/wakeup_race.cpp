// wakeup_race: the copy design's lost update, found by a search over
// interleavings. A remote CPU wakes a task by setting TIF_NEED_RESCHED in
// the thread_info that task->stack points at. Under `copy`, while the target
// CPU handles an IRQ the live thread_info is the copy on its IRQ stack; a
// flag set on the task stack's own thread_info then is overwritten by the
// write-back, and one set on the copy after the write-back read it is never
// seen. Whether a wake-up lands in that window depends on how the CPUs'
// instructions interleave: this searches the board's interleave seeds under
// two workload seeds on workloads/wakeup-race.toml, prints the seeds that
// lose an update and what the thread_info checker saw, re-runs the first one
// to show it reproduces exactly, and runs the other designs under the same
// seeds: they keep a single thread_info and lose nothing.
//
//   wakeup_race [KERNEL_DIR] [--seeds N]   (N interleave seeds per workload seed, default 3)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "irqsim/compare.hpp"

using namespace irqsim;

int main(int argc, char** argv) {
    CompareOptions opt;
    unsigned count = 3;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seeds") == 0 && i + 1 < argc) count = static_cast<unsigned>(std::atoi(argv[++i]));
        else opt.kernel_dir = argv[i];
    }
    try {
        opt.workload = find_workload("wakeup-race");
        const std::vector<uint64_t> seeds = {opt.workload.seed, opt.workload.seed + 1};
        const unsigned trials = count * static_cast<unsigned>(seeds.size());
        std::printf("The copy design's lost wake-up: workload '%s' (%u CPUs, wake-up chance %u per mille per syscall,\n"
                    "the waker spends %u loops between reading task->stack and setting the flag),\n"
                    "seeds %llu and %llu, interleave seeds 1..%u under each\n\n",
                    opt.workload.origin.name.c_str(), opt.workload.cpus, opt.workload.wakeup_permille,
                    opt.workload.wake_delay, static_cast<unsigned long long>(seeds[0]),
                    static_cast<unsigned long long>(seeds[1]), count);

        std::vector<RaceTrial> copy = search_race("copy", opt, seeds, 1, count, false);
        const RaceTrial *found = nullptr, *stale = nullptr;
        unsigned losing = 0;
        for (const RaceTrial& t : copy) {
            std::printf("copy, seed %llu, interleave seed %llu: %llu flag update(s) lost (the guest's own count: %llu), "
                        "%llu thread_info copies, %llu flag sets by other CPUs on them, %zu read(s) of a stale copy\n",
                        static_cast<unsigned long long>(t.seed), static_cast<unsigned long long>(t.interleave_seed),
                        static_cast<unsigned long long>(t.report.lost_flag_updates),
                        static_cast<unsigned long long>(t.report.guest_lost_wakeups),
                        static_cast<unsigned long long>(t.report.thread_info_copies),
                        static_cast<unsigned long long>(t.report.remote_flag_sets), t.report.stale_reads.size());
            if (!stale && !t.report.stale_reads.empty()) stale = &t;
            if (t.report.lost_flag_updates) {
                ++losing;
                if (!found) found = &t;
            }
        }
        std::printf("\n%u of %u interleavings lose an update under copy\n", losing, trials);
        if (!found) {
            std::printf("no lost update found in this search; try more seeds (--seeds N)\n");
            return 1;
        }

        std::printf("\nFirst found: seed %llu, interleave seed %llu. What the thread_info checker saw:\n",
                    static_cast<unsigned long long>(found->seed),
                    static_cast<unsigned long long>(found->interleave_seed));
        for (const ThreadInfoLoss& l : found->report.lost_updates) std::printf("  %s\n", l.what().c_str());
        CompareOptions again = opt;
        again.workload.seed = found->seed;
        again.interleave_seed = found->interleave_seed;
        DesignReport r = run_design("copy", again);
        bool same = r.lost_updates.size() == found->report.lost_updates.size() &&
                    r.instructions == found->report.instructions;
        for (size_t i = 0; same && i < r.lost_updates.size(); ++i)
            same = r.lost_updates[i].what() == found->report.lost_updates[i].what();
        std::printf("Run again with the same seeds: %llu lost, %s\n",
                    static_cast<unsigned long long>(r.lost_flag_updates),
                    same ? "the same updates at the same instructions" : "DIFFERENT (not deterministic)");
        std::printf("Reproduce: irqsim compare --designs copy --workload wakeup-race --seed %llu --interleave-seed %llu\n",
                    static_cast<unsigned long long>(found->seed),
                    static_cast<unsigned long long>(found->interleave_seed));
        if (stale) {
            // A CPU that looks at its thread_info while the copy is live can
            // read the copy that lacks a flag set on the task stack's one.
            std::printf("\nReads of a stale thread_info (seed %llu, interleave seed %llu):\n",
                        static_cast<unsigned long long>(stale->seed),
                        static_cast<unsigned long long>(stale->interleave_seed));
            for (const ThreadInfoLoss& l : stale->report.stale_reads) std::printf("  %s\n", l.what().c_str());
        }

        std::printf("\nThe other designs under the same %u interleavings:\n", trials);
        bool others_clean = true;
        for (const char* d : {"task", "sp_el0", "mainline"}) {
            uint64_t lost = 0, guest_lost = 0;
            for (const RaceTrial& t : search_race(d, opt, seeds, 1, count, false)) {
                lost += t.report.lost_flag_updates;
                guest_lost += t.report.guest_lost_wakeups;
            }
            std::printf("%s: %llu flag update(s) lost, the guest's own count %llu\n", d,
                        static_cast<unsigned long long>(lost), static_cast<unsigned long long>(guest_lost));
            others_clean = others_clean && lost == 0 && guest_lost == 0;
        }
        std::printf("\n%s\n", others_clean
                                  ? "Only copy keeps a second thread_info, so only copy can lose a flag set on the "
                                    "stale one;\nsp_el0 and mainline find thread_info through SP_EL0 and never copy it."
                                  : "ANOTHER DESIGN LOST AN UPDATE");
        return same && others_clean ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "wakeup_race: %s\n", e.what());
        return 2;
    }
}
