#!/usr/bin/env bash
# The nodes over a bad network: a network namespace of the test's own whose
# loopback delays every packet 20 ms ± 10 ms, loses 5 %, duplicates 5 % and
# reorders 10 % (tc netem); `trilink run --bus dds` inside it must still give
# the in-process picture byte for byte (tests/cli/dds_equal.sh): DDS's
# reliable delivery repairs the losses, the lockstep feed makes timing
# irrelevant. Skipped (77), saying why, where namespaces or netem are not
# available (no CAP_NET_ADMIN, or a kernel without sch_netem).
set -uo pipefail
trilink=$1 scenario=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
ns="trilink-netem-$$"
command -v ip > /dev/null && command -v tc > /dev/null ||
  { echo "SKIP: no ip/tc (Debian's iproute2)"; exit 77; }
if ! error=$(ip netns add "$ns" 2>&1); then echo "SKIP: cannot make a network namespace: $error"; exit 77; fi
trap 'ip netns del "$ns" 2> /dev/null' EXIT
ip netns exec "$ns" ip link set lo up || { echo "FAIL: cannot bring lo up in $ns"; exit 1; }
if ! error=$(ip netns exec "$ns" tc qdisc add dev lo root netem delay 20ms 10ms loss 5% \
               duplicate 5% reorder 10% 2>&1); then
  echo "SKIP: tc netem is not available here: $error"; exit 77
fi
ip netns exec "$ns" tc qdisc show dev lo
ip netns exec "$ns" "$here/dds_equal.sh" "$trilink" "$scenario" "$work"
