#!/usr/bin/env bash
# A packet capture of a secured run holds none of the plain payload: the
# nodes of `trilink run --bus dds` exchange over loopback while tcpdump
# records every UDP packet on lo; the capture must not contain the CAP
# text the warning node sent (its XML namespace, a CAP identifier, an area
# it warned) nor the type names of the endpoints (discovery is encrypted).
# The topic names do cross in clear, inside the permissions documents the
# participants exchange while authenticating (DDS Security 1.1, §9.4: the
# permissions are signed, not secret), so they are not searched for. The
# same run with --insecure is the control: its capture must contain every
# searched text, or the search proves nothing.
# Skipped (77) without tcpdump or the right to capture on lo.
set -uo pipefail
trilink=$1 scenario=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
command -v tcpdump > /dev/null || { echo "SKIP: no tcpdump (scripts/setup.sh installs it)"; exit 77; }
capture() {  # capture NAME RUN-FLAGS...
  local name=$1; shift
  tcpdump -i lo -U -n -w "$work/$name.pcap" udp 2> "$work/$name.tcpdump.log" &
  local pid=$!
  for _ in $(seq 100); do grep -q "listening on" "$work/$name.tcpdump.log" && break; sleep 0.05; done
  if ! grep -q "listening on" "$work/$name.tcpdump.log"; then
    kill $pid 2> /dev/null; echo "SKIP: cannot capture on lo: $(cat "$work/$name.tcpdump.log")"; exit 77
  fi
  "$trilink" run "$scenario" --samples 10 --bus dds "$@" --out "$work/$name" > "$work/$name.txt" ||
    { kill $pid; echo "FAIL: the $name run failed"; cat "$work/$name.txt"; exit 1; }
  sleep 0.5; kill -INT $pid; wait $pid
}
capture secured
capture plain --insecure
identifier=$(ls "$work/secured/cap" | head -1 | sed 's/^[0-9]*-//; s/\.xml$//')
area=$(grep -o '<areaDesc>[^<]*</areaDesc>' "$work/secured/cap/"*.xml | head -1 | sed 's/.*<areaDesc>//; s/<.*//')
[ -n "$identifier" ] && [ -n "$area" ] || { echo "FAIL: no CAP message to look for"; exit 1; }
status=0
for text in "urn:oasis:names:tc:emergency:cap:1.2" "$identifier" "<areaDesc>$area" \
            "trilink_msg::Track" "trilink_msg::Alert"; do
  grep -aqF -- "$text" "$work/plain.pcap" ||
    { echo "FAIL (control): '$text' is not in the plain run's capture"; status=1; }
  if grep -aqF -- "$text" "$work/secured.pcap"; then
    echo "FAIL: '$text' crossed the wire in clear in the secured run"; status=1
  fi
done
[ $status -eq 0 ] && echo "capture: $(stat -c %s "$work/secured.pcap") bytes secured, none of the CAP text ($identifier, $area) or the type names in clear; all of it in the plain run's capture"
exit $status
