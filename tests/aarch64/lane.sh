#!/bin/sh
# The aarch64 lane: libegg and its whole test suite built for aarch64
# (static), packed with a static busybox into an initramfs, and run on a
# real arm64 Debian kernel under qemu-system-aarch64 (TCG), twice: as is,
# and with clone3 made ENOSYS by seccomp.  Prints PASS/FAIL/SKIP per test
# and "N passed, N failed, N skipped"; exits 1 if any test failed or the
# guest did not finish.  Run from anywhere: sh tests/aarch64/lane.sh
# (make check-aarch64 does).  Needs gcc-aarch64-linux-gnu, the arm64
# libc6-dev, libcap-dev, check and libsubunit-dev, busybox-static:arm64,
# qemu-system-arm, cpio, and apt's arm64 lists for the kernel (see README).
#
# Environment: LANE_DIR where it builds (default build-aarch64 in the
# source tree), LANE_KERNEL an arm64 kernel image to boot instead of the
# Debian one, LANE_TIMEOUT the limit for the whole boot in seconds,
# LANE_TESTS the tests to run (e.g. "tests/sfork-flow tests/exports.sh")
# instead of all of them.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${LANE_DIR:-$src/build-aarch64}
mkdir -p "$work"
work=$(cd "$work" && pwd)
tree=$work/tree
jobs=$(nproc)
host=aarch64-linux-gnu
t0=$(date +%s)

say() { printf '==== lane: %s [%d s] ====\n' "$*" "$(($(date +%s) - t0))"; }

# A busybox built for arm64: busybox-static:arm64 replaces the amd64 one,
# so /bin/busybox is checked rather than trusted.
busybox=${LANE_BUSYBOX:-/bin/busybox}
if ! file -L "$busybox" | grep -q 'ARM aarch64.*statically linked'; then
	echo "lane: $busybox is not a static arm64 busybox (apt-get install busybox-static:arm64)" >&2
	exit 1
fi

say "sources"
# The sources alone, as git has them (or as make distdir would), laid over
# the previous copy so that an unchanged file keeps its time and a second
# run rebuilds only what changed.
mkdir -p "$tree"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		grep -z -v '^build-' | tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
		tar -C "$tree" -xf -
else
	(cd "$src" && tar --exclude='./build-*' -cf - .) | tar -C "$tree" -xf -
fi

say "build for $host"
cd "$tree"
# A changed configure.ac is handled here, not by make's rebuild rules,
# which would run configure again with the -all-static below.
if [ -f config.status ] &&
	{ [ configure.ac -nt config.status ] || [ configure -nt config.status ]; }; then
	rm -f configure config.status Makefile
fi
[ -x configure ] || ./autogen.sh >/dev/null 2>&1
if [ ! -f Makefile ]; then
	PKG_CONFIG_LIBDIR=/usr/lib/$host/pkgconfig:/usr/share/pkgconfig \
		./configure -q --host=$host --disable-shared --enable-werror
fi
# -all-static: libtool links every program fully static, so the guest
# needs no loader and no shared libraries.
if ! { make -s -j"$jobs" LDFLAGS=-all-static all &&
	make -s -j"$jobs" LDFLAGS=-all-static check TESTS=; } >"$work/build.log" 2>&1; then
	tail -n 40 "$work/build.log"
	echo "lane: the aarch64 build failed (all of it in $work/build.log)"
	exit 1
fi
if [ -n "${LANE_TESTS:-}" ]; then
	printf '%s\n' $LANE_TESTS >tests/aarch64/tests.list
else
	make -s lane-print-tests >tests/aarch64/tests.list
fi
echo "lane: $(wc -w <tests/aarch64/tests.list) tests"

say "initramfs"
root=$work/root
rm -rf "$root"
mkdir -p "$root/bin" "$root/lane"
cp "$busybox" "$root/bin/busybox"
cp "$tree/tests/aarch64/init" "$root/init"
chmod 755 "$root/init"
# The build tree without what only the build needs; programs stripped.
tar -C "$tree" --exclude='*.o' --exclude='*.lo' --exclude='*.a' --exclude='*.la' \
	--exclude=.deps --exclude=.libs --exclude=autom4te.cache \
	--exclude='*.log' --exclude='*.trs' -cf - . | tar -C "$root/lane" -xf -
find "$root/lane" -type f -perm -u+x -exec sh -c \
	'for f; do case $(file -b "$f") in *"ARM aarch64"*) '$host'-strip "$f";; esac; done' sh {} +
(cd "$root" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"
echo "lane: initramfs $(($(stat -c %s "$work/initramfs.cpio") / 1048576)) MiB"

say "kernel"
kernel=${LANE_KERNEL:-$(sh "$src/tests/aarch64/kernel.sh" "$work/kernel")}
echo "lane: $kernel"

say "boot"
console=$work/console.log
status=0
# panic=-1 and -no-reboot: a guest that panics ends qemu at once.
timeout "${LANE_TIMEOUT:-2700}" qemu-system-aarch64 -M virt -cpu cortex-a57 \
	-smp 2 -m 1G -nographic -no-reboot -kernel "$kernel" \
	-initrd "$work/initramfs.cpio" \
	-append "console=ttyAMA0 panic=-1 loglevel=4 rdinit=/init" \
	</dev/null 2>&1 | tee "$console.raw" || status=$?
tr -d '\r' <"$console.raw" >"$console"

say "summary"
results=$(grep '^lane-result ' "$console" || true)
echo "$results"
if ! grep -q '^lane: done' "$console"; then
	echo "lane: the guest did not finish (qemu status $status)"
	exit 1
fi
pass=0 fail=0 skip=0
for n in $(echo "$results" | sed 's/.*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped/\1:\2:\3/'); do
	pass=$((pass + ${n%%:*}))
	rest=${n#*:}
	fail=$((fail + ${rest%%:*}))
	skip=$((skip + ${rest#*:}))
done
grep '^FAIL: ' "$console" || true
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
