#!/bin/sh
# Prints the path of an arm64 kernel image for the lane, fetching it first
# if dir (the first argument) has none: the versioned package that Debian's
# linux-image-cloud-arm64:arm64 depends on, resolved now (the ABI number
# changes with every kernel update), downloaded with apt-get download and
# unpacked with dpkg-deb.  The cloud flavour has the PL011 console, virtio
# and initramfs support built in, so the lane needs no modules.
set -eu
dir=$1
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
for k in "$dir"/x/boot/vmlinuz-*; do
	if [ -f "$k" ]; then
		echo "$k"
		exit 0
	fi
done
pkg=$(apt-cache depends linux-image-cloud-arm64:arm64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-arm64\).*/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
	echo "kernel.sh: no linux-image-cloud-arm64:arm64 in apt's lists" \
		"(dpkg --add-architecture arm64 && apt-get update)" >&2
	exit 1
fi
echo "kernel.sh: fetching $pkg:arm64" >&2
(cd "$dir" && rm -f ./*.deb && apt-get download -q "$pkg:arm64" >&2 &&
	dpkg-deb -x ./*.deb x && rm -f ./*.deb)
for k in "$dir"/x/boot/vmlinuz-*; do
	if [ -f "$k" ]; then
		echo "$k"
		exit 0
	fi
done
echo "kernel.sh: $pkg has no /boot/vmlinuz-*" >&2
exit 1
