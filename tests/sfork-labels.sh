#!/bin/sh
# The map and the code agree: every step label that lib/arch/README's sfork
# timeline names is a label of both sfork.S files, and they have no other
# (the same for egg__aclone's part and the aclone.S files), so that a step
# renamed or added on one architecture alone, or left out of the timeline,
# fails here.  Each .S file also points to the README.
set -eu
: "${top_srcdir:?}"
arch=$top_srcdir/lib/arch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# The .L names in one part of the README: the sfork timeline is what comes
# before the egg__aclone heading, egg__aclone's part what follows it.
readme_labels() {
	awk -v part="$1" '/^egg__aclone$/ { in_aclone = 1 }
		(part == "aclone") == (in_aclone == 1)' "$arch/README" |
		grep -o '\.L[a-z_0-9]*' | sort -u
}

# The labels a .S file defines.
defined_labels() {
	sed -n 's/^\(\.L[a-z_0-9]*\):.*/\1/p' "$1" | sort -u
}

for f in sfork aclone; do
	readme_labels "$f" >"$tmp/want"
	if [ ! -s "$tmp/want" ]; then
		echo "FAIL: lib/arch/README names no label for $f"
		fail=1
	fi
	for a in x86_64 aarch64; do
		s=$arch/$a/$f.S
		defined_labels "$s" >"$tmp/got"
		if ! diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then
			cat "$tmp/diff"
			echo "FAIL: $a/$f.S's labels (+) differ from lib/arch/README's (-)"
			fail=1
		fi
		if ! grep -q 'lib/arch/README' "$s"; then
			echo "FAIL: $a/$f.S does not point to lib/arch/README"
			fail=1
		fi
	done
done
[ "$fail" -eq 0 ] || exit 1
echo "PASS: both architectures mark the steps lib/arch/README names," \
	"$(readme_labels sfork | wc -l) for sfork, $(readme_labels aclone | wc -l) for aclone"
