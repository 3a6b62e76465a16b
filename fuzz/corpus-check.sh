#!/bin/sh
# The checked-in seeds of fuzz-decode are what fuzz/gen-corpus makes today
# (so an encoding change shows), and every file of each corpus, seeds and
# inputs found by fuzzing alike, passes its target's checks.
set -e
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
corpus="$top_srcdir/fuzz/corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$top_builddir/fuzz/gen-corpus" "$tmp"
status=0
for f in "$tmp"/*; do
	if ! cmp -s "$f" "$corpus/decode/${f##*/}"; then
		echo "corpus-check: ${f##*/} differs from the generator's (make fuzz-corpus)"
		status=1
	fi
done
"$top_builddir/fuzz/replay-decode" "$corpus"/decode/* || status=1
"$top_builddir/fuzz/replay-eggasm" "$corpus"/eggasm/* || status=1
exit $status
