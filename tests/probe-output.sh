#!/bin/sh
# The probe's -o FILE: a file it creates gets mode 0644 whatever the umask,
# and anything that was already there keeps its mode.  eggasm-examples.sh
# writes to /dev/null, and a probe that changed the mode of what it opened
# turned the machine's /dev/null into 0644 on every make check as root.
# Here the same thing with nodes of our own: a FIFO (as a device node, not
# a regular file) and a private file.
top_builddir=${top_builddir:-.}
PROBE=$top_builddir/tests/probe
failures=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/probe-output.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# check NAME WANT GOT
check()
{
	if test "x$2" = "x$3"; then
		echo "ok: $1"
	else
		echo "FAIL: $1: expected [$2], got [$3]" >&2
		failures=$((failures + 1))
	fi
}

(umask 077 && "$PROBE" -o "$tmp/new")
check "a new file: the probe ran" 0 "$?"
check "a new file: mode 0644 despite umask 077" 644 "$(stat -c %a "$tmp/new")"

: >"$tmp/private"
chmod 0600 "$tmp/private"
"$PROBE" -o "$tmp/private"
check "an existing file: the probe ran" 0 "$?"
check "an existing file: its mode is kept" 600 "$(stat -c %a "$tmp/private")"
grep -q '^pid=' "$tmp/private" || { echo "FAIL: no snapshot in the existing file" >&2
	failures=$((failures + 1)); }

mkfifo -m 0666 "$tmp/fifo"
cat "$tmp/fifo" >/dev/null &
reader=$!
"$PROBE" -o "$tmp/fifo"
check "a FIFO: the probe ran" 0 "$?"
# A probe that never opened the FIFO would leave the reader waiting.
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
check "a FIFO: its mode is kept" 666 "$(stat -c %a "$tmp/fifo")"

test "$failures" = 0
