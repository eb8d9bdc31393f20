#!/usr/bin/env bash
# The same scenario and seed give byte-identical outputs; --out replaces an
# existing folder whole.
set -eu
trilink=$1 scenario=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
"$trilink" run "$scenario" --out "$work/a" --samples 2 > /dev/null
"$trilink" run "$scenario" --out "$work/b" --samples 2 > /dev/null
diff -r "$work/a" "$work/b"
touch "$work/a/stale-file"
"$trilink" run "$scenario" --out "$work/a" --samples 2 > /dev/null
[ ! -e "$work/a/stale-file" ] || { echo "FAIL: --out did not replace the folder"; exit 1; }
ls "$work" | grep -q partial && { echo "FAIL: a temporary folder was left"; exit 1; }
for f in summary.json salvo-A-1.csv salvo-A-1.json tracking.json detections.csv tracks.csv truth.csv; do [ -s "$work/a/$f" ] || { echo "FAIL: missing $f"; exit 1; }; done
echo "deterministic: identical outputs"
