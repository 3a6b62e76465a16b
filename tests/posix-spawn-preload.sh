#!/bin/sh
# libegg-spawn.so: it exports posix_spawn and posix_spawnp at glibc's
# versions for this architecture and nothing else, and a program run with
# it preloaded gets them (tests/posix-spawn-preload.c says what is checked).
set -eu
: "${top_builddir:?}"
so=$top_builddir/preload/.libs/libegg-spawn.so
if [ ! -f "$so" ]; then
	echo "SKIP: no $so: a build without shared libraries (--disable-shared) has no preload"; exit 77
fi
if [ -n "${SANITIZER_CFLAGS:-}" ]; then
	echo "SKIP: an ASan-built libegg-spawn.so cannot be preloaded into a program"
	echo "built without ASan (its run-time must come first)"; exit 77
fi
prog=$top_builddir/tests/posix-spawn-preload
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

case $(uname -m) in
x86_64)
	want='posix_spawn@@GLIBC_2.15
posix_spawn@GLIBC_2.2.5
posix_spawnp@@GLIBC_2.15
posix_spawnp@GLIBC_2.2.5' ;;
aarch64)
	want='posix_spawn@@GLIBC_2.17
posix_spawnp@@GLIBC_2.17' ;;
*)
	echo "no known glibc versions for $(uname -m)"; exit 77 ;;
esac
got=$(nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | sort)
if [ "$got" != "$want" ]; then
	echo "FAIL: $so exports:"; echo "$got"; echo "want:"; echo "$want"
	exit 1
fi
echo "exports: $(echo "$got" | tr '\n' ' ')"

LD_PRELOAD=$so "$prog" libegg-spawn.so "$tmp"
