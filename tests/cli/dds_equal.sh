#!/usr/bin/env bash
# `trilink run --bus dds` (each partner's node a process of its own on the
# secured DDS bus over loopback, fed in lockstep) gives the same picture as
# the in-process run: the same fused updates at every node, the same CAP
# messages, assessments, warned areas and launch report, byte for byte.
# The only figures allowed to differ are the launch assessments and alerts
# a node received: DDS keeps the last revision of each (keep-last 1), so a
# revision superseded before it was taken is never delivered.
set -euo pipefail
trilink=$1 scenario=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
"$trilink" run "$scenario" --samples 2 --out "$work/in-process" > "$work/in-process.txt"
"$trilink" run "$scenario" --samples 2 --bus dds --out "$work/dds" > "$work/dds.txt"
grep -q "DDS Security on with a throwaway PKI" "$work/dds.txt" ||
  { echo "FAIL: the DDS run did not say it ran secured"; exit 1; }
ls "$work/in-process/cap" | grep -q xml || { echo "FAIL: no CAP message to compare"; exit 1; }
status=0
for f in report.txt report.ja.txt report.json warnings.json assessments.json; do
  cmp "$work/in-process/$f" "$work/dds/$f" || { echo "FAIL: $f differs"; status=1; }
done
diff -r "$work/in-process/cap" "$work/dds/cap" || { echo "FAIL: the CAP messages differ"; status=1; }
nodes=$(ls "$work/in-process/nodes")
[ "$nodes" = "$(ls "$work/dds/nodes")" ] || { echo "FAIL: other nodes"; exit 1; }
for node in $nodes; do
  [ -s "$work/in-process/nodes/$node/fused.csv" ] || { echo "FAIL: $node fused nothing"; exit 1; }
  cmp "$work/in-process/nodes/$node/fused.csv" "$work/dds/nodes/$node/fused.csv" ||
    { echo "FAIL: $node's fused updates differ"; status=1; }
  diff <(grep -v '_received' "$work/in-process/nodes/$node/node.json") \
       <(grep -v '_received' "$work/dds/nodes/$node/node.json") ||
    { echo "FAIL: $node's counts or system tracks differ"; status=1; }
done
[ $status -eq 0 ] && echo "dds equal: $(echo $nodes | wc -w) nodes, $(ls "$work/dds/cap" | wc -l) CAP messages, identical"
exit $status
