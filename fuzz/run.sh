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
  "$build/fuzz/fuzz_$t" -max_total_time="$secs" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$art/$t-" -print_final_stats=1 "$scratch" "fuzz/corpus/$t" 2>&1 | tail -n 14
  if [[ $grow == --grow ]]; then
    "$build/fuzz/fuzz_$t" -merge=1 -max_len=$max_len "fuzz/corpus/$t" "$scratch" 2>&1 | tail -n 1
  fi
  rm -rf "$scratch"
done
