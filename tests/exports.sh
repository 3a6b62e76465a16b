#!/bin/sh
# The shared library exports exactly what lib/libegg.sym lists, at EGG_0.1:
# nothing internal leaks into the ABI, and nothing listed is missing.
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
sed -n 's/^[[:space:]]*\([a-z_0-9]*\);$/\1/p' "$top_srcdir/lib/libegg.sym" | sort >"$tmp/want"
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "B" { print $3 }' \
	>"$tmp/versioned"
sed 's/@.*//' "$tmp/versioned" | sort >"$tmp/got"
if ! diff -u "$tmp/want" "$tmp/got"; then
	echo "FAIL: exported symbols differ from lib/libegg.sym (- listed, + exported)"
	exit 1
fi
grep -v '@@EGG_0\.1$' "$tmp/versioned" >"$tmp/unversioned" || true
if [ -s "$tmp/unversioned" ]; then
	echo "FAIL: exported without the EGG_0.1 version:"; cat "$tmp/unversioned"; exit 1
fi
echo "PASS: $(wc -l <"$tmp/got") symbols, all at EGG_0.1"
