#!/bin/sh
# The fork path, forced by the test hook: tests/fork-path with and without
# clone3, and egg-spawn-ops without clone3 (make check runs it with clone3
# as tests/egg-spawn-ops-forkpath), where the child resets the caller's
# handlers itself.
set -u
top_builddir=${top_builddir:-.}
status=0
"$top_builddir/tests/fork-path" -f || status=1
"$top_builddir/tests/fork-path" -f -n || status=1
EGG_TEST_NO_CLONE3=1 "$top_builddir/tests/egg-spawn-ops-forkpath" || status=1
exit $status
