#!/bin/sh
# make install DESTDIR=..., then build a program outside the tree against
# the installed copy with pkg-config --cflags --libs libegg, and run it.
set -eu
: "${top_builddir:?}" "${top_srcdir:?}"
cc=${CC:-cc}
for tool in make pkg-config "${cc%% *}"; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		# The aarch64 lane's guest: the build host's make check runs this.
		echo "SKIP: install-pkgconfig: no $tool here"
		exit 77
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

make -s -C "$top_builddir" install DESTDIR="$dest" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; echo "FAIL: make install"; exit 1; }

prefix=$(sed -n 's/^prefix=//p' "$top_builddir/libegg.pc")
libdir=$(PKG_CONFIG_PATH= pkg-config --variable=libdir "$top_builddir/libegg.pc")
root=$dest$prefix
for f in include/sfork.h include/egg.h include/egg-version.h; do
	[ -f "$root/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
for f in libegg.so libegg.a pkgconfig/libegg.pc; do
	[ -e "$dest$libdir/$f" ] || { echo "FAIL: $libdir/$f not installed"; exit 1; }
done
if [ -f "$top_srcdir/man/sfork.3" ]; then
	for f in man3/sfork.3 man3/egg_spawn.3 man7/egg.7; do
		[ -f "$root/share/man/$f" ] || { echo "FAIL: man page $f not installed"; exit 1; }
	done
	# Every other name of a page (man/aliases.sh), as a link to it.
	sh "$top_srcdir/man/aliases.sh" list "$top_srcdir"/man/*.3 >"$tmp/aliases"
	[ -s "$tmp/aliases" ] || { echo "FAIL: man/aliases.sh lists no alias"; exit 1; }
	while read -r alias page; do
		[ "$(readlink "$root/share/man/man3/$alias.3")" = "$page" ] &&
			[ -f "$root/share/man/man3/$alias.3" ] ||
			{ echo "FAIL: man page alias $alias.3 not installed"; exit 1; }
	done <"$tmp/aliases"
fi

cat >"$tmp/user.c" <<'PROG'
#include <egg.h>
#include <sfork.h>
#include <stdio.h>
#include <sys/wait.h>

int main(void)
{
	char *argv[] = { "true", NULL };
	struct egg *egg = egg_new();
	int st, pid, err;

	if (!egg || egg_setsid(egg) || egg_version() != EGG_VERSION_NUMBER)
		return 1;
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv, NULL, NULL);
	if (err || waitpid(pid, &st, 0) != pid || st != 0)
		return 2;
	if (sfork() != 0)
		return 3;
	pid = sfork_exit(7);
	if (waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != 7)
		return 4;
	egg_free(egg);
	puts("ok");
	return 0;
}
PROG

export PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR="$dest$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
cflags=$(pkg-config --cflags libegg)
libs=$(pkg-config --libs libegg)
# A sanitizer build's library needs its run-time linked into the program.
san=${SANITIZER_CFLAGS:-}
${CC:-cc} $san $cflags -o "$tmp/user" "$tmp/user.c" $libs
out=$(LD_LIBRARY_PATH="$dest$libdir" "$tmp/user")
[ "$out" = ok ] || { echo "FAIL: shared: $out"; exit 1; }
# It must have run against the installed copy, not another one.
LD_LIBRARY_PATH="$dest$libdir" ldd "$tmp/user" | grep -q "$dest$libdir/libegg.so" ||
	{ echo "FAIL: not linked against the installed libegg"; exit 1; }

if [ -n "$san" ]; then
	echo "NOTE: static link not checked: sanitizers ($san) cannot link -static"
else
	${CC:-cc} -static $cflags -o "$tmp/user-static" "$tmp/user.c" \
		$(pkg-config --static --libs libegg)
	[ "$("$tmp/user-static")" = ok ] || { echo "FAIL: static"; exit 1; }
fi
echo "PASS: installed headers, library, pkg-config file and man pages work"
