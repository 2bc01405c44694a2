#!/usr/bin/env bash
# End to end: `irqsim boot IMAGE --smp 2 --gdb 0` driven by gdb-multiarch in
# batch mode. gdb breaks at el1_irq, continues, reads SP_EL0 and ELR_EL1,
# steps, switches CPU thread and reads memory at SP. What gdb prints is
# checked against what does not come through the stub:
#   - addresses and instructions from the ELF (nm, objdump);
#   - the guest's own record: thread_info->cpu at SP_EL0 (the sp_el0
#     design keeps thread_info there) names the CPU gdb says stopped;
#   - the simulator's own state (`monitor cpus` prints the CPU fields
#     directly, not through the register table);
#   - the architecture: `sub sp, sp, #N` then `stp x0, x1, [sp]` leave the
#     x0 and x1 gdb wrote at the new SP (then gdb writes everything back);
#   - and a run without gdb: after gdb detaches the run goes on, and its
#     output is the same to the byte (a stopped simulation's clock stands).
# Usage: gdb_e2e.sh IRQSIM GDB NM OBJDUMP IMAGE WORKDIR
set -euo pipefail
irqsim=$1 gdb=$2 nm=$3 objdump=$4 image=$5 work=$6
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$work"
cd "$work"
source "$here/lib.sh"

# The reference: the same run with no debugger.
"$irqsim" boot "$image" --smp 2 > plain.out 2> plain.err || fail "irqsim boot without gdb failed"
start_with_gdb gdb_run.out "$irqsim" boot "$image" --smp 2

cat > cmds.gdb <<EOF
set pagination off
set confirm off
set architecture aarch64
file $image
target remote 127.0.0.1:$port
break el1_irq
continue
printf "STOP pc=%#lx thread=%d\n", \$pc, \$_thread
printf "REGS x0=%#lx x1=%#lx sp=%#lx\n", \$x0, \$x1, \$sp
printf "SYS SP_EL0=%#lx ELR_EL1=%#lx CurrentEL=%#lx\n", \$SP_EL0, \$ELR_EL1, \$CurrentEL
printf "TI cpu=%d\n", ((struct thread_info *)\$SP_EL0)->cpu
info symbol \$ELR_EL1
monitor cpus
delete
set \$orig_x0 = \$x0
set \$orig_x1 = \$x1
set \$x0 = 0x1122334455667788
set \$x1 = 0x99aabbccddeeff00
stepi
printf "STEP1 pc=%#lx sp=%#lx\n", \$pc, \$sp
stepi
printf "STEP2 pc=%#lx\n", \$pc
x/2gx \$sp
printf "MEM %#lx %#lx\n", *(unsigned long *)\$sp, *(unsigned long *)(\$sp + 8)
set *(unsigned long *)\$sp = \$orig_x0
set *(unsigned long *)(\$sp + 8) = \$orig_x1
set \$x0 = \$orig_x0
set \$x1 = \$orig_x1
printf "RESTORED %#lx %#lx x0=%#lx x1=%#lx\n", *(unsigned long *)\$sp, *(unsigned long *)(\$sp + 8), \$x0, \$x1
info threads
if \$_thread == 1
  thread 2
else
  thread 1
end
printf "OTHER thread=%d pc=%#lx sp=%#lx\n", \$_thread, \$pc, \$sp
info symbol \$pc
monitor cpus
detach
EOF
timeout 120 "$gdb" -batch -nx -x cmds.gdb > gdb.out 2>&1 || fail "gdb-multiarch failed"
wait $pid || fail "irqsim boot --gdb exited with status $?"
trap - EXIT

field() { sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" gdb.out | head -1; }
hex() { printf '%d' "$1"; }

# Where gdb stopped: el1_irq, by the ELF's symbol table.
el1_irq=0x$("$nm" "$image" | awk '$3 == "el1_irq" { print $1 }')
[[ $(hex "$(field STOP pc)") == $(hex "$el1_irq") ]] || fail "stopped at $(field STOP pc), el1_irq is $el1_irq"
stop_thread=$(field STOP thread)
# gdb names thread N "CPU N-1"; the stub's CPU marked '*' is gdb's selection.
sel_line=$(grep -m1 '^\*CPU ' gdb.out) || fail "no monitor line for the selected CPU"
sel_cpu=$(sed 's/^\*CPU \([0-9]*\) .*/\1/' <<< "$sel_line")
grep -Eq "^\* +$stop_thread +Thread [0-9]+ \"CPU $sel_cpu\"" gdb.out || fail "gdb's thread $stop_thread is not CPU $sel_cpu"

# SP_EL0 holds the current thread_info (sp_el0 design): the guest's own
# thread_info->cpu is the CPU that stopped, and it sits at a THREAD_SIZE
# (16 KiB) aligned stack base.
sp_el0=$(field SYS SP_EL0)
[[ $(field TI cpu) == "$sel_cpu" ]] || fail "thread_info->cpu at SP_EL0 is $(field TI cpu), CPU $sel_cpu stopped"
(( ($(hex "$sp_el0") & 0x3fff) == 0 )) || fail "SP_EL0 $sp_el0 is not a THREAD_SIZE-aligned thread_info"
[[ $(hex "$(field SYS CurrentEL)") == 4 ]] || fail "CurrentEL is $(field SYS CurrentEL), not EL1"

# ELR_EL1 (the interrupted PC) lies inside a function: the one nm puts below
# it, which gdb's `info symbol` names too.
elr=$(field SYS ELR_EL1)
func=""
while read -r addr type name; do
    [[ $type == [tT] ]] || continue
    (( 16#$addr <= $(hex "$elr") )) || break
    func=$name
done < <("$nm" -n "$image")
[[ -n $func ]] || fail "no function below ELR_EL1 $elr"
grep -q "^$func + [0-9]* in section\|^$func in section" gdb.out || fail "gdb's info symbol for ELR_EL1 $elr is not in $func"

# gdb's registers equal the simulator's own fields for the stopped CPU.
for f in pc sp SP_EL0 ELR_EL1; do
    want=$(sed -n "s/.* $f=\([^ ]*\).*/\1/p" <<< "$sel_line")
    case $f in
        pc) got=$(field STOP pc) ;; sp) got=$(field REGS sp) ;; *) got=$(field SYS $f) ;;
    esac
    [[ $(hex "$got") == $(hex "$want") ]] || fail "$f: gdb says $got, the simulator holds $want"
done

# The step: objdump says el1_irq starts `sub sp, sp, #N; stp x0, x1, [sp]`.
insns=$("$objdump" -d --start-address="$el1_irq" --stop-address=$(printf '%#x' $(($(hex "$el1_irq") + 8))) "$image" |
        grep -E '^ +[0-9a-f]+:')
frame=$(sed -n '1s/.*sub[[:space:]]*sp, sp, #\(0x[0-9a-f]*\).*/\1/p' <<< "$insns")
[[ -n $frame ]] || fail "el1_irq does not start with sub sp, sp, #N: $insns"
sed -n 2p <<< "$insns" | grep -q 'stp[[:space:]]*x0, x1, \[sp\]' || fail "el1_irq's second instruction is not stp x0, x1, [sp]"
sp=$(field REGS sp)
[[ $(hex "$(field STEP1 pc)") == $(( $(hex "$el1_irq") + 4 )) ]] || fail "stepi went to $(field STEP1 pc)"
[[ $(hex "$(field STEP1 sp)") == $(( $(hex "$sp") - $(hex "$frame") )) ]] || fail "sp after sub is $(field STEP1 sp)"
[[ $(hex "$(field STEP2 pc)") == $(( $(hex "$el1_irq") + 8 )) ]] || fail "second stepi went to $(field STEP2 pc)"
# gdb wrote x0 and x1 before the step: memory at SP holds them as
# pt_regs->regs[0..1]. Then gdb wrote memory and registers back.
read -r m0 m1 < <(sed -n 's/^MEM \([^ ]*\) \([^ ]*\)$/\1 \2/p' gdb.out)
[[ $m0 == 0x1122334455667788 && $m1 == 0x99aabbccddeeff00 ]] || fail "memory at SP is $m0 $m1, not the x0 x1 gdb set"
read -r r0 r1 < <(sed -n 's/^RESTORED \([^ ]*\) \([^ ]*\) .*/\1 \2/p' gdb.out)
[[ $(hex "$r0") == $(hex "$(field REGS x0)") && $(hex "$r1") == $(hex "$(field REGS x1)") ]] ||
    fail "memory at SP after writing it back is $r0 $r1"
[[ $(hex "$(field RESTORED x0)") == $(hex "$(field REGS x0)") ]] || fail "x0 not written back"

# The other CPU: another thread, its PC as the simulator holds it, in a function.
other=$(field OTHER thread)
[[ -n $other && $other != "$stop_thread" ]] || fail "thread switch did not happen"
# gdb thread N is CPU N-1. (Which CPU the stub marks '*' after the switch
# is not checked: gdb sends no Hg for a thread whose registers it already
# fetched for `info threads`, so the stub's selection may lag gdb's.)
other_line=$(grep "^[ *]CPU $((other - 1)) " gdb.out | tail -1)
[[ -n $other_line && $other_line != "$sel_line" ]] || fail "no monitor line for CPU $((other - 1))"
want=$(sed -n 's/.* pc=\([^ ]*\).*/\1/p' <<< "$other_line")
[[ $(hex "$(field OTHER pc)") == $(hex "$want") ]] || fail "other thread's pc $(field OTHER pc), simulator holds $want"
[[ $(grep -c ' in section ' gdb.out) -ge 2 ]] || fail "the other CPU's PC is in no symbol"

# The run went on after detach and printed exactly what a run without gdb does.
cmp -s plain.out gdb_run.out || { diff plain.out gdb_run.out | head; fail "the run under gdb differs from the run without"; }
grep -q "irqsim: result PASS" gdb_run.out || fail "the guest did not pass its checks"
echo "PASS: stopped CPU $sel_cpu at el1_irq $el1_irq, ELR_EL1 $elr in $func, SP_EL0 $sp_el0, frame $frame, other thread $other"
