#!/usr/bin/env bash
# A node killed (SIGKILL, no goodbye) and restarted in the middle of a run
# rejoins and recovers the current picture, while the others keep tracking
# and warning: three `trilink node` processes on the secured DDS bus over
# loopback, fed the seed scenario at 30 times real time; KR is killed 12 s
# in and started again 4 s later. Whenever exactly that falls, the checks
# hold: the warning node JP reports every launched missile once and warns
# the areas the undisturbed in-process run warns; the restarted KR fuses
# its partners' tracks before any of its own (the current picture came to it
# from the partners' writers, transient-local); no node has a partner's track
# in two system tracks.
set -euo pipefail
trilink=$1 scenario=$2 work=$3
rm -rf "$work"; mkdir -p "$work/nodes"
cd "$work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
"$trilink" run "$scenario" --out in-process > /dev/null
"$trilink" pki init pki --partners US,JP,KR > /dev/null
tag="restart-test-$$"
for p in US JP KR; do
  others=$(for q in US JP KR; do if [ $q != $p ]; then printf '"%s",' $q; fi; done)
  {
    echo "partner = \"$p\""
    echo "partners = [${others%,}]"
    echo "out = \"out/$p\""
    printf '[dds]\ntag = "%s"\npki = "../pki"\n' "$tag"
    if [ $p = JP ]; then
      printf '[warning]\ncountry = "JPN"\ncountry_name = "Japan"\nrun_id = "seed20260310"\n'
    fi
  } > nodes/$p.toml
done
start_node() { "$trilink" node --config nodes/$1.toml > $1.log 2>&1 & pids+=($!); eval "pid_$1=$!"; }
for p in US JP KR; do start_node $p; done
"$trilink" feed "$scenario" --pki pki --tag "$tag" --speed 30 > feed.log 2>&1 & feed=$!
sleep 12
kill -9 "$pid_KR"
sleep 4
start_node KR
wait "$feed" || { echo "FAIL: the feed failed"; cat feed.log US.log JP.log KR.log; exit 1; }
for p in US JP KR; do wait "$(eval echo \$pid_$p)" || { echo "FAIL: node $p failed"; cat $p.log; exit 1; }; done
grep -q "restarted: KR" feed.log || { echo "FAIL: the feed did not see KR restart"; cat feed.log; exit 1; }
status=0
[ "$(grep -c '^Missile ' nodes/out/JP/report.txt)" = "$(grep -c '^Missile ' in-process/report.txt)" ] ||
  { echo "FAIL: JP reported other missiles than launched"; cat nodes/out/JP/report.txt; status=1; }
areas() { grep -o '"area": "[^"]*"' "$1" | sort -u; }
diff <(areas in-process/warnings.json) <(areas nodes/out/JP/warnings.json) ||
  { echo "FAIL: JP warned other areas than the undisturbed run"; status=1; }
# KR's first fused update: a partner's track, not its own.
first=$(sed -n 2p nodes/out/KR/fused.csv)
echo "$first" | grep -qE ',(JP|US)/[0-9]+$' ||
  { echo "FAIL: the restarted KR's first fused update is not a partner's: $first"; status=1; }
grep -q '"tracks_received": 0,' nodes/out/KR/node.json && { echo "FAIL: KR received nothing"; status=1; }
for p in US JP KR; do
  # A contributor (partner/track) in two system tracks' lists.
  dup=$(grep -o '"[A-Z][A-Z]/[0-9]*#*[0-9]*"' nodes/out/$p/node.json | sort | uniq -d | head -1)
  [ -z "$dup" ] || { echo "FAIL: $p has $dup in two system tracks"; status=1; }
done
[ $status -eq 0 ] && echo "restart: KR killed and restarted; JP reported $(grep -c '^Missile ' nodes/out/JP/report.txt) missiles, warned the same areas; KR's first partner update: $first"
exit $status
