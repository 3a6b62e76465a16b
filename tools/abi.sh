#!/bin/sh
# libegg's ABI against the baseline of the last release, abi/libegg.abi: the
# exported functions with their types and symbol versions, as libabigail
# reads them from a libegg.so built with -g.
#
#   abi.sh baseline   write abi/libegg.abi from the built library (at a release)
#   abi.sh check      compare the built library with abi/libegg.abi
#
# check fails on any change but an addition (a symbol removed or moved to
# another version, a public type or prototype changed), and on a symbol
# added to a node the baseline already has: a released node never grows.
# Additions (a new node, an enumerator at the end) pass and are printed.
# HACKING (The ABI) says what to do when it fails.
set -eu
: "${top_builddir:?}" "${top_srcdir:?}"
so=$top_builddir/lib/.libs/libegg.so
baseline=$top_srcdir/abi/libegg.abi

die() {
	echo "abi: $*" >&2
	exit 1
}

# --drop-undefined-syms: without it, libabigail 2.2 keeps the declaration
# of a function another file of lib/ calls (egg_validate, egg_spawnx) in
# place of its definition, and stops checking its prototype.
abi_dump() {
	abidw --headers-dir "$top_srcdir/include" --headers-dir "$top_builddir/include" \
		--drop-private-types --drop-undefined-syms --no-corpus-path \
		--no-comp-dir-path --no-show-locs --out-file "$1" "$so"
}

# "name@version" of each symbol an ABI file describes.
abi_symbols() {
	sed -n "s/.*<elf-symbol name='\([^']*\)' version='\([^']*\)'.*/\1@\2/p" "$1" | sort -u
}

# The architecture an ABI file describes, "elf-amd-x86_64" for example.
abi_arch() {
	sed -n "1s/.* architecture='\([^']*\)'.*/\1/p" "$1"
}

# A symbol new since the baseline, in a node the baseline has, makes a
# released version mean two things.
check_released_nodes() {
	abi_symbols "$baseline" >"$tmp/old"
	abi_symbols "$tmp/current.abi" >"$tmp/new"
	sed 's/.*@//' "$tmp/old" | sort -u >"$tmp/released"
	comm -13 "$tmp/old" "$tmp/new" | while IFS=@ read -r name node; do
		if grep -qx "$node" "$tmp/released"; then
			echo "abi: $name added to $node, which is released: give it a new node"
		fi
	done >"$tmp/grown"
	if [ -s "$tmp/grown" ]; then
		cat "$tmp/grown" >&2
		return 1
	fi
}

# abidiff's status is a bit set: 1 error, 2 usage, 4 a change, 8 a change
# known to be incompatible.  A public struct that grows is "a change" only,
# so anything but an addition fails: --no-added-syms leaves those out.
abi_check() {
	[ -f "$baseline" ] || die "no baseline $baseline (make abi-baseline at a release)"
	abi_dump "$tmp/current.abi"
	# Types and their sizes can differ between architectures: compare like
	# with like (the baseline is taken on x86_64, as CI runs it).
	base_arch=$(abi_arch "$baseline")
	[ "$(abi_arch "$tmp/current.abi")" = "$base_arch" ] ||
		die "the baseline is of $base_arch, this build of $(abi_arch "$tmp/current.abi")"
	status=0
	abidiff --no-added-syms "$baseline" "$tmp/current.abi" >"$tmp/report" || status=$?
	[ $((status & 3)) -eq 0 ] || die "abidiff failed (status $status)"
	if [ $((status & 12)) -ne 0 ]; then
		cat "$tmp/report"
		[ $((status & 8)) -eq 0 ] || die "an incompatible change (see HACKING, The ABI)"
		die "a change that is not an addition (see HACKING, The ABI)"
	fi
	status=0
	abidiff "$baseline" "$tmp/current.abi" >"$tmp/report" || status=$?
	[ $((status & 3)) -eq 0 ] || die "abidiff failed (status $status)"
	check_released_nodes || die "a released node changed (see HACKING, The ABI)"
	if [ "$status" -ne 0 ]; then
		cat "$tmp/report"
		echo "abi: compatible with abi/libegg.abi: additions only"
	else
		echo "abi: the same as abi/libegg.abi"
	fi
}

command -v abidw >/dev/null && command -v abidiff >/dev/null ||
	die "needs abidw and abidiff (Debian: abigail-tools)"
[ -e "$so" ] || die "no $so: build the shared library first"
# Without DWARF abidw sees only symbol names, not types.
readelf -S "$so" | grep -q '\.debug_info' || die "$so has no debug info: build with -g"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case ${1:-} in
baseline)
	mkdir -p "$top_srcdir/abi"
	abi_dump "$baseline"
	echo "abi: wrote $baseline ($(abi_symbols "$baseline" | wc -l) symbols)"
	;;
check)
	abi_check
	;;
*)
	die "usage: abi.sh baseline|check"
	;;
esac
