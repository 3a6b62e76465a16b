#!/bin/sh
# A real client of posix_spawn: GNU make running 2,000 trivial recipes
# (`true`, which make 4.3 starts with posix_spawn, no shell), with and
# without LD_PRELOAD=libegg-spawn.so, alternating, ROUNDS times each;
# prints the median wall times and their ratio (target: at most 0.95).
#   make-client.sh PRELOAD_SO [ROUNDS]
so=$(realpath "${1:?usage: make-client.sh PRELOAD_SO [ROUNDS]}") || exit 1
rounds=${2:-7}
if ! command -v make >/dev/null 2>&1; then
	echo "make-client: no make installed: not measured"; exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN {
	printf "all:"; for (i = 0; i < 2000; i++) printf " t%d", i; printf "\n"
	for (i = 0; i < 2000; i++) printf "t%d:\n\ttrue\n", i
	print ".PHONY: all"
	printf ".PHONY:"; for (i = 0; i < 2000; i++) printf " t%d", i; printf "\n"
}' >"$tmp/Makefile"

# Wall time of one run, in milliseconds.
once() {
	t0=$(date +%s%N)
	env ${1:+LD_PRELOAD="$1"} make -s -f "$tmp/Makefile" -C "$tmp" >/dev/null || exit 1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

once "" >/dev/null
once "$so" >/dev/null
i=0
while [ $i -lt "$rounds" ]; do
	once "" >>"$tmp/glibc"
	once "$so" >>"$tmp/egg"
	i=$((i + 1))
done
g=$(median <"$tmp/glibc")
e=$(median <"$tmp/egg")
echo "make, 2000 recipes, $(make --version | head -n 1), $rounds rounds each:"
echo "  glibc posix_spawn: median $g ms; libegg-spawn.so: median $e ms"
awk -v e="$e" -v g="$g" 'BEGIN {
	r = e / g
	printf "  libegg-spawn.so / glibc = %.3f (<= 0.95: %s)\n", r, r <= 0.95 ? "met" : "MISSED"
}'
