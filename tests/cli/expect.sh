#!/usr/bin/env bash
# Runs a command and checks its exit status and what it printed.
#   expect.sh STATUS REGEX [--absent PATH] -- COMMAND...
# Passes when COMMAND exits with STATUS and its stdout+stderr match the
# extended regular expression REGEX (matched against the whole output joined
# into one line, so .* may span lines); with --absent, PATH must not exist
# afterwards (no half-written output).
set -u
want_status=$1 regex=$2
shift 2
absent=""
if [ "${1:-}" = "--absent" ]; then absent=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -ne "$want_status" ]; then
  echo "FAIL: exit status $status, expected $want_status" >&2; exit 1
fi
if ! printf '%s\n' "$output" | tr '\n' ' ' | grep -Eq -- "$regex"; then
  echo "FAIL: output does not match: $regex" >&2; exit 1
fi
if [ -n "$absent" ] && [ -e "$absent" ]; then
  echo "FAIL: $absent was left behind" >&2; exit 1
fi
exit 0
