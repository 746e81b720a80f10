#!/usr/bin/env bash
# The many-core checks of issue 14 (and the contended fidelity of issue 19 past two threads), as
# one script to run on a bigger machine and read, not a test: nothing here is asserted.
#
#   bench/many_core_check.sh BIN_DIR OUT_DIR
#
# BIN_DIR holds `contend` and `minimal_loop` (static builds travel best); OUT_DIR receives the
# results files and check.log. bench/many_core_report.py OUT_DIR turns them into the figures:
#   - a 1 ms critical section at every usable PU: each repetition's length against its duration,
#     and how long contend takes to stop after SIGTERM;
#   - c2c: SIGTERM mid-run (exit 130, a valid partial file), the absurd request refused (exit 2),
#     and the default schedule's median against --serial (one pair at a time);
#   - contend against the minimal loop (bench/minimal_loop.cpp) at 2..all PUs, interleaved;
#   - the memory home on every NUMA node.
# Needs bash and coreutils only (no Python on the machine).
set -uo pipefail
bin=${1:?usage: many_core_check.sh BIN_DIR OUT_DIR}
out=${2:?usage: many_core_check.sh BIN_DIR OUT_DIR}
mkdir -p "$out"
log="$out/check.log"
contend="$bin/contend"
say() { echo "== $*" | tee -a "$log"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
# SIGTERM to the last background job after $1 seconds; logs "$2 rc=EXIT stop_s=SECONDS".
terminate_after() {
  local pid=$! sent rc
  sleep "$1"
  sent=$(now)
  kill -TERM "$pid"
  wait "$pid"
  rc=$?
  echo "$2 rc=$rc stop_s=$(since "$sent")" | tee -a "$log"
}

say "machine"
{ uname -a; nproc; "$contend" --version; } >>"$log" 2>&1
"$contend" topo >"$out/topo.txt" 2>&1
pus=$(nproc)

say "long critical sections, $pus threads: repetitions and stop"
"$contend" run --workload std_mutex --param critical_ns=1000000 --threads "$pus" \
  --duration 100ms --repetitions 5 --warmup 0 --out "$out/long_cs.json" >>"$log" 2>&1
echo "long_cs rc=$?" >>"$log"
"$contend" run --workload std_mutex --param critical_ns=1000000 --threads "$pus" \
  --duration 1s --repetitions 30 --warmup 0 --out "$out/long_cs_sigterm.json" >>"$log" 2>&1 &
terminate_after 2.5 long_cs_sigterm

say "c2c: interrupt, absurd request, dry run"
"$contend" c2c --samples 2000 --round-trips 100000 --out "$out/c2c_sigterm.json" >>"$log" 2>&1 &
terminate_after 0.3 c2c_sigterm
"$contend" c2c --round-trips 1073741824 --samples 100000 >>"$log" 2>&1
echo "c2c_absurd rc=$?" | tee -a "$log"
"$contend" c2c --samples 300 --round-trips 1000 --dry-run >>"$log" 2>&1

say "c2c: default schedule against one pair at a time, twice each, alternating"
for round in 1 2; do
  for mode in default serial; do
    flag=()
    [ "$mode" = serial ] && flag=(--serial)
    start=$(now)
    "$contend" c2c --samples 300 --round-trips 1000 "${flag[@]}" \
      --out "$out/c2c_${mode}_$round.json" >>"$log" 2>&1
    echo "c2c_$mode round $round rc=$? wall_s=$(since "$start")" | tee -a "$log"
  done
done

say "contend against the minimal loop, interleaved, 3 rounds of 200 ms"
counts=""
for n in 2 4 8 16 32 64 128 256; do [ "$n" -lt "$pus" ] && counts="$counts $n"; done
for threads in $counts "$pus"; do
  cpus=$("$contend" run --workload atomic_add --threads "$threads" --dry-run |
         sed -n 's/.*PUs \([0-9,]*\).*/\1/p' | head -n 1)
  for round in 1 2 3; do
    for case in atomic_add stride:8 stride:64 cas_add; do
      echo "minimal $case $threads $round $("$bin/minimal_loop" "$case" "$cpus" 200)" >>"$out/fidelity.txt"
      case $case in
        stride:*) args=(--workload false_sharing --param "stride=${case#stride:}") ;;
        *) args=(--workload "$case") ;;
      esac
      "$contend" run "${args[@]}" --threads "$threads" --duration 200ms --repetitions 1 \
        --warmup 50ms --out "$out/fid_${case/:/_}_${threads}_$round.json" >/dev/null 2>>"$log"
    done
  done
done

say "memory home on every node"
homes="first,interleave"
for node in $(sed -n 's/.*NUMANode L#[0-9]* P#\([0-9]*\).*/\1/p' "$out/topo.txt"); do
  homes="$homes,node:$node"
done
"$contend" run --workload atomic_add --threads 2 --home "$homes" --duration 50ms \
  --repetitions 3 --warmup 10ms --out "$out/homes.json" >>"$log" 2>&1
echo "homes ($homes) rc=$?" | tee -a "$log"
say "done"
