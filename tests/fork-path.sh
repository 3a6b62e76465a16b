#!/bin/sh
# The fork path, forced by the test hook: tests/fork-path with and without
# clone3, and the op suites without clone3 (make check runs them with
# clone3 as tests/egg-ops-*-forkpath), where the child resets the caller's
# handlers itself.
set -u
top_builddir=${top_builddir:-.}
status=0
"$top_builddir/tests/fork-path" -f || status=1
"$top_builddir/tests/fork-path" -f -n || status=1
for group in fds process limits signals order; do
	EGG_TEST_NO_CLONE3=1 "$top_builddir/tests/egg-ops-$group-forkpath" || status=1
done
exit $status
