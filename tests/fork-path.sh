#!/bin/sh
# tests/fork-path with the fork path forced, with and without clone3.
set -u
top_builddir=${top_builddir:-.}
status=0
"$top_builddir/tests/fork-path" -f || status=1
"$top_builddir/tests/fork-path" -f -n || status=1
exit $status
