#!/bin/sh
# The shared library exports exactly what lib/libegg.sym lists, each at the
# version of the node that lists it: nothing internal leaks into the ABI,
# nothing listed is missing, and nothing moves between versions.
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
# "name@@NODE" for each symbol the version script lists.
awk '/^[A-Z_0-9.]+ *\{/ { node = $1 }
     /^[[:space:]]+[a-z_0-9]+;$/ { sub(/;$/, "", $1); print $1 "@@" node }' \
	"$top_srcdir/lib/libegg.sym" | sort >"$tmp/want"
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "B" { print $3 }' |
	sort >"$tmp/got"
if ! diff -u "$tmp/want" "$tmp/got"; then
	echo "FAIL: exports differ from lib/libegg.sym (- listed, + exported)"
	exit 1
fi
echo "PASS: $(wc -l <"$tmp/got") symbols, each at its node's version"
