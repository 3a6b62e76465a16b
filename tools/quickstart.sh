#!/bin/sh
# Quick start: install what a fresh Debian 12 machine lacks, build libegg in
# this tree and run the main job.  Run as root (or with sudo) from the tree.
set -eu
cd "$(dirname "$0")/.."

need="autoconf automake libtool pkg-config make gcc check libcap-dev mandoc procps"
missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "quickstart: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq $missing >/dev/null
fi

[ -x configure ] || ./autogen.sh
[ -f Makefile ] || ./configure
make -j"$(nproc)"

echo
echo "== libegg main job =="
if [ -f tools/eggasm/demo.sh ]; then
	sh tools/eggasm/demo.sh
else
	./tools/sfork-demo
fi
