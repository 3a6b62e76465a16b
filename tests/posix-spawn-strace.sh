#!/bin/sh
# A program's posix_spawn under LD_PRELOAD=libegg-spawn.so goes through
# libegg's sfork: strace shows a clone3 with CLONE_VM|CLONE_VFORK and no
# stack of its own (the child runs on the caller's), where glibc's gives
# its child a stack.  The same program without the preload is the control.
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
if ! command -v strace >/dev/null 2>&1; then
	echo "strace is not installed (Debian: apt-get install strace)"; exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! strace -o /dev/null true 2>"$tmp/err"; then
	echo "strace cannot trace here: $(cat "$tmp/err")"; exit 77
fi

trace()
{
	strace -f -qq -e trace=clone,clone3,vfork -o "$tmp/$1" env ${2:+LD_PRELOAD="$2"} \
		"$prog" --spawn-true
	# Leave out libegg's one-time check that a vfork child shares our
	# memory (lib/vmshare.c): a clone with no exit signal, not a spawn.
	grep -Ev '^[0-9]+ +clone\(child_stack=0x[0-9a-f]+, flags=CLONE_VM\|CLONE_VFORK\) =' \
		"$tmp/$1" >"$tmp/$1.spawns" || true
	mv "$tmp/$1.spawns" "$tmp/$1"
	cat "$tmp/$1"
}

trace glibc.log ""
if grep -q 'CLONE_VFORK.*stack=NULL' "$tmp/glibc.log"; then
	echo "FAIL: glibc's posix_spawn looks like libegg's: the check tells nothing"; exit 1
fi
grep -q 'CLONE_VFORK' "$tmp/glibc.log" || { echo "FAIL: no vfork-like clone from glibc"; exit 1; }

trace egg.log "$so"
if ! grep -q '^[0-9]* *clone3({flags=CLONE_VM|CLONE_VFORK[^}]*stack=NULL' "$tmp/egg.log"; then
	echo "FAIL: no clone3 on the caller's stack under the preload"; exit 1
fi
if grep 'CLONE_VFORK' "$tmp/egg.log" | grep -qv 'stack=NULL'; then
	echo "FAIL: glibc's spawn ran too under the preload"; exit 1
fi
echo "the preloaded posix_spawn went through libegg's clone3"
