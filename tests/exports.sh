#!/bin/sh
# The shared library exports exactly what lib/libegg.sym lists, each at the
# version of the node that lists it: nothing internal leaks into the ABI,
# nothing listed is missing, and nothing moves between versions.  The
# script itself is kept sorted, with no wildcard but the local one.
set -eu
: "${top_builddir:?}" "${top_srcdir:?}"
so=$top_builddir/lib/.libs/libegg.so
# A static build (the aarch64 lane's) has no shared library to look at.
if [ ! -e "$so" ] || ! command -v nm >/dev/null 2>&1; then
	echo "SKIP: exports: no $so or no nm here (a static build?)"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sym=$top_srcdir/lib/libegg.sym
# Each node's names sorted (C locale), so a merge cannot hide a duplicate;
# no wildcard but "local: *;", which would export whatever the compiler
# left visible.
for node in $(awk '/^[A-Z_0-9.]+ *\{/ { print $1 }' "$sym"); do
	awk -v n="$node" '$1 == n { in_node = 1; next } /^\}/ { in_node = 0 }
	     in_node && /^[[:space:]]+[a-z_0-9]+;$/ { sub(/;$/, "", $1); print $1 }' \
		"$sym" >"$tmp/$node"
	if ! LC_ALL=C sort -c "$tmp/$node"; then
		echo "FAIL: lib/libegg.sym: $node is not sorted"
		exit 1
	fi
done
if awk '/^[[:space:]]+(global|local):/ { scope = $1 }
	/^[[:space:]]+\*;$/ && scope != "local:" { found = 1 } END { exit !found }' "$sym"; then
	echo "FAIL: lib/libegg.sym: a wildcard outside local:"
	exit 1
fi
# "name@@NODE" for each symbol the version script lists.
awk '/^[A-Z_0-9.]+ *\{/ { node = $1 }
     /^[[:space:]]+[a-z_0-9]+;$/ { sub(/;$/, "", $1); print $1 "@@" node }' \
	"$sym" | sort >"$tmp/want"
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "B" { print $3 }' |
	sort >"$tmp/got"
if ! diff -u "$tmp/want" "$tmp/got"; then
	echo "FAIL: exports differ from lib/libegg.sym (- listed, + exported)"
	exit 1
fi
echo "PASS: $(wc -l <"$tmp/got") symbols, each at its node's version"
