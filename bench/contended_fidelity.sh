#!/usr/bin/env bash
# contend against the minimal loop (bench/minimal_loop.cpp) at several thread counts, at several
# latency-sample spacings and without sampling, interleaved in rounds on the same PUs: a
# benchmark to read, not a test. Prints one line per measurement; bench/contended_fidelity.py
# summarizes them.
#
#   bench/contended_fidelity.sh BIN_DIR ROUNDS MS CASES THREADS [SPACINGS]
#   e.g. bench/contended_fidelity.sh build 5 300 atomic_add,stride:8 8,16 20us,50us,none
#
# SPACINGS: --sample-spacing values, "none" for --no-sampling (default: 20us,none); their order
# rotates from round to round. The minimal loop runs first in every round.
# BIN_DIR holds contend and minimal_loop. Each contend run measures 3 repetitions (each on
# fresh shared state, so three addresses of the contended line) after a 50 ms warm-up.
set -uo pipefail
bin=${1:?usage: contended_fidelity.sh BIN_DIR ROUNDS MS CASES THREADS}
rounds=${2:?} ms=${3:?} cases=${4:?} counts=${5:?} spacings=${6:-20us,none}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for threads in ${counts//,/ }; do
  cpus=$("$bin/contend" run --workload atomic_add --threads "$threads" --dry-run |
         sed -n 's/.*PUs \([0-9,]*\).*/\1/p' | head -n 1)
  for round in $(seq "$rounds"); do
    for case in ${cases//,/ }; do
      case $case in
        stride:*) args=(--workload false_sharing --param "stride=${case#stride:}") ;;
        *) args=(--workload "$case") ;;
      esac
      echo "minimal $case $threads $round $("$bin/minimal_loop" "$case" "$cpus" "$ms")"
      # The variants' order rotates with the round, so a drift within a round (a host that
      # speeds up once the load starts) does not favour whichever variant runs last.
      read -r -a order <<<"${spacings//,/ }"
      shift_by=$(( (round - 1) % ${#order[@]} ))
      order=("${order[@]:shift_by}" "${order[@]:0:shift_by}")
      for variant in "${order[@]}"; do
        extra=(--sample-spacing "$variant")
        [ "$variant" = none ] && extra=(--no-sampling)
        "$bin/contend" run "${args[@]}" --threads "$threads" --duration "${ms}ms" \
          --repetitions 3 --warmup 50ms "${extra[@]}" --out "$tmp/r.json" --force >/dev/null 2>&1
        echo "contend_$variant $case $threads $round $(tr -d '\n ' <"$tmp/r.json" |
          grep -o '"repetitions":\[{.*' | grep -o '"ops_per_sec":[0-9][0-9.e+]*' | cut -d: -f2 |
          paste -sd, -)"
      done
    done
  done
done
