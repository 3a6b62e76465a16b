#!/bin/sh
# Spawning under valgrind, which turns vfork into fork.  The library must
# notice: sfork() refuses with EOPNOTSUPP and egg_spawn() takes its fork
# path.  tests/fork-path checks statuses, fault reports and leaks, and
# counts the runs (nothing may run twice); then the op suites named as
# arguments (tests/egg-ops-order if none; .ci/extra adds egg-ops-fds) must
# pass as they do without valgrind.  The others look at what valgrind
# itself changes in the caller (the rlimits, a signal it keeps), and
# valgrind 3.19 fails execveat(2) of a relative path with EBADF, which
# egg-spawn-faults tries: those are left out.
set -u
top_builddir=${top_builddir:-.}
if ! command -v valgrind >/dev/null; then
	echo "SKIP: valgrind not installed"
	exit 77
fi
if [ -n "${SANITIZER_CFLAGS:-}" ]; then
	echo "SKIP: a sanitizer build; valgrind and AddressSanitizer do not mix"
	exit 77
fi
[ $# -gt 0 ] || set -- egg-ops-order
# Its own exit code, so that a failed check is not taken for a finding.
VG_FOUND=99
vg="valgrind -q --error-exitcode=$VG_FOUND"
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs a program under valgrind; it must exit 0.
run() {
	what=$1
	shift
	rc=0
	# libtool runs the real binary, not its wrapper script.
	# shellcheck disable=SC2086 # vg is a command line
	"$top_builddir/libtool" --mode=execute $vg "$@" >"$tmp/out" 2>&1 || rc=$?
	if [ "$rc" = 0 ]; then
		echo "valgrind-spawn: ok: $what"
	else
		echo "valgrind-spawn: FAIL (exit $rc): $what"
		cat "$tmp/out"
		status=1
	fi
}

run "tests/fork-path" --leak-check=full --errors-for-leak-kinds=definite,indirect \
	"$top_builddir/tests/fork-path"
# Check's forked runner leaves its allocations at each case's exit: no
# leak check for the suite.
for suite in "$@"; do
	run "tests/$suite" "$top_builddir/tests/$suite"
done
exit $status
