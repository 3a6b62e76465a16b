#!/bin/sh
# The main job, for a first look: start a command the way a service
# manager would, under examples/daemon.s, and show what the egg did to it.
# Run from the top of a built tree: sh tools/eggasm/demo.sh.  EGGASM names
# the eggasm to use (default: the in-tree build's tools/eggasm/eggasm).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
EGGASM=${EGGASM:-$top/tools/eggasm/eggasm}
if [ ! -x "$EGGASM" ]; then
	echo "demo: no $EGGASM; build first (make), or set EGGASM" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/eggasm-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log=$tmp/exampled.log

# What a process sees of itself: its session, its fds, its limits.  find
# lists the fds of the shell that runs it, which opens nothing for it (the
# "; true" keeps the shell from exec'ing find, which has fds of its own).
report='read -r stat </proc/$$/stat; set -- $stat
echo "  pid $1, process group $5, session $6"
echo "  cwd $(pwd), umask $(umask)"
echo "  fd limit: $(ulimit -Sn) soft, $(ulimit -Hn) hard"
echo "  open fds:"
find /proc/$$/fd -mindepth 1 -printf "    %f -> %l\n"; true'

# The example writes to /var/log; here the log goes to a temporary file.
sed "s,/var/log/exampled.log,$log," "$top/examples/daemon.s" >"$tmp/daemon.s"

echo "== The egg: examples/daemon.s, as eggasm -d prints it back"
"$EGGASM" -d "$tmp/daemon.s" | sed 's/^/  /'
echo
echo "== The shell that starts the command (fds 7 and 9 opened on purpose)"
exec 7</dev/null 9>"$tmp/stray"
sh -c "$report"
echo
echo "== eggasm run daemon.s -- sh -c '...': the same report, from the"
echo "   command the egg set up.  Its output went to the log:"
"$EGGASM" run "$tmp/daemon.s" -- sh -c "$report; echo '  (and this line went to stderr)' >&2"
cat "$log"
echo
echo "   A session of its own, /dev/null for stdin, stdout and stderr in the"
echo "   log, no fd 7 or 9 (nor any other the shell had), / as cwd, umask"
echo "   027 and the fd limit the egg set."
echo
echo "== When an op fails, eggasm says which line of the source it was:"
sed "s,$log,/nonexistent/exampled.log," "$tmp/daemon.s" >"$tmp/broken.s"
status=0
"$EGGASM" run "$tmp/broken.s" -- true 2>&1 | sed "s,$tmp/,," || true
"$EGGASM" run "$tmp/broken.s" -- true 2>/dev/null || status=$?
echo "   and exits with $status, like env(1); the command never ran."
