#!/usr/bin/env bash
# Runs trilink's libFuzzer targets (fuzz/) and prints what each did.
#
#   scripts/fuzz.sh [--no-build] [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); TARGETs default to all four. Builds the
# `fuzz` preset first (clang with AddressSanitizer and UBSan; `apt-get
# install clang libclang-rt-14-dev` if missing, scripts/setup.sh installs
# them). Each target starts from a scratch copy of its seeds in
# fuzz/corpus/<target>/ (the repository's seeds stay small) and keeps what it
# found in build-fuzz/corpus/<target>/ for the next run; crashes, hangs (over
# 10 s for one input) and memory blow-ups (over 2 GiB) are written to
# build-fuzz/artifacts/<target>/ and listed at the end. Logs in
# build-fuzz/logs/<target>.log. Exit status 1 when any target found a defect.
set -euo pipefail
cd "$(dirname "$0")/.."
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi  # two runs at once share one build
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario detections_csv track_json areas_geojson)
fi

if [ "$build" = 1 ]; then
  cmake --preset fuzz > /dev/null
  cmake --build --preset fuzz
fi

declare -A dictionary=([scenario]=scenario [detections_csv]=csv [track_json]=json [areas_geojson]=json)
declare -A max_len=([scenario]=16384 [detections_csv]=16384 [track_json]=8192 [areas_geojson]=65536)
status=0
for target in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$target"
  artifacts="build-fuzz/artifacts/$target"
  log="build-fuzz/logs/$target.log"
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  cp -n fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "fuzz: $target for ${seconds} s (log $log)"
  if ! build-fuzz/fuzz/fuzz_"$target" "$corpus" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len="${max_len[$target]}" -dict=fuzz/dict/"${dictionary[$target]}".dict \
      -artifact_prefix="$artifacts"/ -print_final_stats=1 > "$log" 2>&1; then
    status=1
  fi
  # The last status line: executions, coverage (cov: edges, ft: features), corpus.
  grep -E "^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)" "$log" | tail -1 || true
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$log" || true
  if ls "$artifacts"/* > /dev/null 2>&1; then
    echo "fuzz: $target: defects found:"
    ls -l "$artifacts"/
    status=1
  fi
done
exit $status
