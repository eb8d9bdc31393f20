#!/usr/bin/env bash
# Line coverage of the readers by the fuzz corpora (docs/robustness.md).
#
#   scripts/fuzz-coverage.sh
#
# Builds the fuzz targets' replay programs with gcov instrumentation
# (build-coverage/, GCC, -O0), replays each target's corpus (what
# scripts/fuzz.sh kept in build-fuzz/corpus/<target>/, or the seeds in
# fuzz/corpus/<target>/ if there is none) and its regressions, and prints
# gcov's line coverage of each reader's source files.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cmake -S . -B build-coverage -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="--coverage -O0" \
  -DTRILINK_BUILD_BENCHMARKS=OFF -DTRILINK_WERROR=OFF -DCMAKE_CXX_COMPILER_LAUNCHER= > /dev/null
targets=(scenario detections_csv track_json areas_geojson)
# shellcheck disable=SC2046
cmake --build build-coverage -j2 --target $(printf 'fuzz_%s_replay ' "${targets[@]}")
find build-coverage -name '*.gcda' -delete

declare -A sources=(
  [scenario]="src/scenario/scenario.cc"
  [detections_csv]="src/app/csv.cc src/app/detection_files.cc"
  [track_json]="src/app/track_json.cc"
  [areas_geojson]="src/geo/areas.cc src/geo/polygon_locator.cc")
for target in "${targets[@]}"; do
  corpus="build-fuzz/corpus/$target"
  [ -d "$corpus" ] || corpus="fuzz/corpus/$target"
  inputs=$(find "$corpus" -type f | wc -l)
  build-coverage/fuzz/fuzz_${target}_replay "$corpus" "fuzz/regressions/$target" > /dev/null
  for source in ${sources[$target]}; do
    object=$(find build-coverage -name "$(basename "$source").o" -path "*$(dirname "$source" | sed 's|src/||')*" | head -1)
    line=$(cd "$(dirname "$object")" && gcov -n -o "$(basename "$object")" "$root/$source" 2>/dev/null |
           grep -A1 "File '$root/$source'" | grep "Lines executed" || true)
    echo "$target ($inputs inputs): $source: ${line:-no data}"
  done
done
