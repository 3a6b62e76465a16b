#!/bin/bash
# A real client of posix_spawn: GNU make (/usr/bin/make, which starts each
# recipe with posix_spawn) running 2,000 trivial recipes (`true`, run
# without a shell), serially, with and without LD_PRELOAD=libegg-spawn.so.
# The two runs alternate, ROUNDS times, so that a change of load hits both;
# the medians and their ratio go to OUTDIR/make-client.txt.  Target: the
# preloaded median at most 0.95x glibc's.  See bench/README.md.
# usage: make-client.sh OUTDIR PRELOAD [ROUNDS] [RECIPES]
set -euo pipefail
out=${1:?usage: make-client.sh OUTDIR PRELOAD [ROUNDS] [RECIPES]}
preload=${2:?usage: make-client.sh OUTDIR PRELOAD [ROUNDS] [RECIPES]}
rounds=${3:-15}
recipes=${4:-2000}
[ -f "$preload" ] || { echo "make-client: no $preload (make first)" >&2; exit 1; }
preload=$(realpath "$preload")
# ld.so only warns about a preload it cannot load: check it is mapped.
maps=$(LD_PRELOAD=$preload cat /proc/self/maps)
grep -q libegg-spawn <<<"$maps" || { echo "make-client: $preload not loaded" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# all: t0 ... tN-1, each a phony target whose recipe is true.
targets=$(seq -f 't%g' 0 $((recipes - 1)) | tr '\n' ' ')
printf 'all: %s\n%s:\n\t@true\n.PHONY: all %s\n' "$targets" "$targets" "$targets" \
	>"$dir/Makefile"

# One run of make: its wall time and the CPU time (user + system) of make
# and its children, in milliseconds; fails if make fails.
run_ms() {
	local TIMEFORMAT='%3R %3U %3S' t
	t=$({ time "$@" /usr/bin/make -s -j1 -C "$dir" all >/dev/null; } 2>&1) || return 1
	awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

median() {
	sort -n | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
run_ms env >/dev/null # warm the page cache
run_ms env LD_PRELOAD="$preload" >/dev/null
: >"$dir/glibc.ms"
: >"$dir/egg.ms"
for _ in $(seq "$rounds"); do
	run_ms env >>"$dir/glibc.ms"
	run_ms env LD_PRELOAD="$preload" >>"$dir/egg.ms"
done
glibc=$(cut -d' ' -f1 "$dir/glibc.ms" | median)
egg=$(cut -d' ' -f1 "$dir/egg.ms" | median)
glibc_cpu=$(cut -d' ' -f2 "$dir/glibc.ms" | median)
egg_cpu=$(cut -d' ' -f2 "$dir/egg.ms" | median)
{
	echo "make-client run of $(date -u '+%Y-%m-%d %H:%M UTC'): /usr/bin/make" \
		"$(/usr/bin/make --version | sed -n '1s/GNU Make //p'), $recipes recipes" \
		"(true), -j1, $rounds alternating rounds"
	echo "nproc: $(nproc), load average before: $load, after:" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "glibc posix_spawn: wall median $glibc ms, CPU median $glibc_cpu ms" \
		"(wall of each run: $(cut -d' ' -f1 "$dir/glibc.ms" | tr '\n' ' '))"
	echo "libegg-spawn.so:   wall median $egg ms, CPU median $egg_cpu ms" \
		"(wall of each run: $(cut -d' ' -f1 "$dir/egg.ms" | tr '\n' ' '))"
	awk -v e="$egg" -v g="$glibc" -v ec="$egg_cpu" -v gc="$glibc_cpu" 'BEGIN {
		r = e / g
		printf "wall ratio: %.3fx glibc (target <= 0.95x: %s)\n", r,
			r <= 0.95 ? "met" : "not met"
		printf "CPU ratio: %.3fx glibc\n", ec / gc }'
} | tee "$out/make-client.txt"
