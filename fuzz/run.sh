#!/usr/bin/env bash
# Runs every libFuzzer target for a short time on its corpus (CI), or grows
# the corpus kept in the repo.
#   fuzz/run.sh BUILD_DIR SECONDS          CI: new inputs go to a scratch dir
#   fuzz/run.sh BUILD_DIR SECONDS --grow   merge what was found into fuzz/corpus/
# A crash, leak, sanitizer report or timeout fails the run; the input is left
# in BUILD_DIR/fuzz/artifacts/ (add it to the target's regression test).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 secs=$2 grow=${3:-}
art=$build/fuzz/artifacts
mkdir -p "$art"
for t in elf workload code gdb; do
  # gdb: room for a packet longer than PacketSize (0x4000) and its framing.
  max_len=4096
  [[ $t == gdb ]] && max_len=17000
  scratch=$(mktemp -d)
  echo "fuzz/run.sh: fuzz_$t for ${secs}s on fuzz/corpus/$t ($(ls fuzz/corpus/$t | wc -l) inputs)"
  log=$scratch.log
  rc=0
  "$build/fuzz/fuzz_$t" -max_total_time="$secs" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$art/$t-" -print_final_stats=1 "$scratch" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  if ((rc != 0)); then
    # The report, from its first line (the progress lines before it say nothing).
    echo "fuzz/run.sh: fuzz_$t failed with status $rc; its report:"
    grep -n -m1 -E '^==[0-9]+==|terminate called|runtime error|^ALARM|^MS: ' "$log" | cut -d: -f1 |
      { read -r first || first=1; tail -n +"$((first > 3 ? first - 3 : 1))" "$log" | head -n 80; }
    echo "fuzz/run.sh: the input is in $art/ (e.g. $(ls -t "$art" | head -n 1))"
    rm -rf "$scratch" "$log"
    exit "$rc"
  fi
  tail -n 14 "$log"
  rm -f "$log"
  if [[ $grow == --grow ]]; then
    "$build/fuzz/fuzz_$t" -merge=1 -max_len=$max_len "fuzz/corpus/$t" "$scratch" 2>&1 | tail -n 1
  fi
  rm -rf "$scratch"
done
