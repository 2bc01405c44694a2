#!/usr/bin/env bash
# `irqsim compare --design sp_el0 --gdb 0` under gdb-multiarch: breakpoints
# on the phase labels compare's own accounting hooks sit on, a hardware
# breakpoint, a write watchpoint on the guest's IRQ count, then detach. The JSON
# report must be the same to the byte as a run with no gdb: every hook saw
# every instruction once and no stop moved the clock.
# Usage: gdb_compare.sh IRQSIM GDB IMAGE WORKDIR
set -euo pipefail
irqsim=$1 gdb=$2 image=$3 work=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$work"
cd "$work"
source "$here/lib.sh"

"$irqsim" compare --design sp_el0 --format json > plain.json || fail "irqsim compare without gdb failed"
start_with_gdb gdb.json "$irqsim" compare --design sp_el0 --format json

cat > cmds.gdb <<EOF
set pagination off
set confirm off
file $image
target remote 127.0.0.1:$port
break irq_phase_handler_el1
hbreak irq_phase_exit_el1
continue
continue
continue
continue
delete
watch irqsim_report.cpu[1].irqs
continue
delete
detach
EOF
timeout 120 "$gdb" -batch -nx -x cmds.gdb > gdb.out 2>&1 || fail "gdb-multiarch failed"
wait $pid || fail "irqsim compare --gdb exited with status $?"
trap - EXIT
grep -q "^Breakpoint 1 at 0x.*: file .*entry.S" gdb.out || fail "no breakpoint on irq_phase_handler_el1"
grep -q "hit Breakpoint 1, " gdb.out || fail "the breakpoint on irq_phase_handler_el1 was not hit"
grep -q "^Hardware assisted breakpoint 2 at " gdb.out || fail "no hardware breakpoint on irq_phase_exit_el1"
grep -q "hit Breakpoint 2, " gdb.out || fail "the hardware breakpoint on irq_phase_exit_el1 was not hit"
grep -q "hit Hardware watchpoint 3: irqsim_report.cpu\[1\].irqs" gdb.out || fail "the watchpoint on CPU 1's IRQ count was not hit"
grep -q "New value = " gdb.out || fail "the watchpoint did not report a new value"
cmp -s plain.json gdb.json || { diff plain.json gdb.json | head; fail "the report under gdb differs from the run without"; }
echo "PASS: compare --design sp_el0 under gdb: the same report ($(wc -c < gdb.json) bytes)"
