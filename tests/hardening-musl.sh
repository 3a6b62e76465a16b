#!/bin/sh
# libegg with musl (Debian's musl-tools): configure with musl-gcc for
# config.h, compile every library source with it into a static archive,
# link tests/hardening-musl.c and tests/hardening-builder.c against it,
# statically, and run them.
#
#   tests/hardening-musl.sh [BUILD_DIR]     (default: build-musl)
#
# Not built: lib/captext.c (egg_caps_from_text, egg_capset_text), which
# needs libcap, and Debian has no libcap for musl.  The sections of
# builder_ops.c that refer to it are dropped at link time (--gc-sections).
# Check has no musl build either, so the Check tests do not run here.
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build-musl}
if ! command -v musl-gcc >/dev/null; then
	echo "SKIP: musl-gcc not found (Debian: apt-get install musl-tools)"
	exit 77
fi
arch=$(uname -m)
multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$arch-linux-gnu")
mkdir -p "$out/khdr"
out=$(cd "$out" && pwd)
# musl-gcc sees musl's headers only; the library needs the kernel's too.
for d in linux asm-generic; do ln -sfn "/usr/include/$d" "$out/khdr/$d"; done
ln -sfn "/usr/include/$multiarch/asm" "$out/khdr/asm"

cd "$out"
# The pkg-config checks are for Check and libcap, neither of which is used.
CC=musl-gcc "$srcdir/configure" -q CPPFLAGS="-I$out/khdr" \
	CHECK_CFLAGS=' ' CHECK_LIBS=' ' LIBCAP_CFLAGS=' ' LIBCAP_LIBS=' '

cflags="-O2 -g -Wall -Wextra -Wno-unused-parameter -Werror -ffunction-sections -fdata-sections"
cppflags="-I$out/khdr -I$srcdir/include -I$out/include"
libflags="-fvisibility=hidden -I$srcdir/lib -I$srcdir/lib/arch/$arch -include $out/config.h"
rm -rf obj libegg-musl.a
mkdir obj
for src in "$srcdir"/lib/*.c "$srcdir"/lib/arch/"$arch"/*.S; do
	case $src in */captext.c) continue ;; esac
	# shellcheck disable=SC2086 # flag lists
	musl-gcc $cflags $cppflags $libflags -c "$src" -o "obj/$(basename "$src").o"
done
ar rcs libegg-musl.a obj/*.o
echo "hardening-musl: library built by musl-gcc (gcc $(musl-gcc -dumpversion)), \
musl $(dpkg-query -W -f='${Version}' musl 2>/dev/null || echo '?')"

status=0
for prog in hardening-musl hardening-builder; do
	# shellcheck disable=SC2086
	musl-gcc $cflags $cppflags -static -Wl,--gc-sections "$srcdir/tests/$prog.c" \
		libegg-musl.a -o "$prog"
	file "$prog" | grep -q 'statically linked'
	echo "== $prog (musl, static)"
	"./$prog" || status=1
done
exit $status
