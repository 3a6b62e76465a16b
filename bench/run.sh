#!/bin/sh
# make bench: runs spawnbench and interpbench with their defaults and
# writes, into OUTDIR (the build directory's bench/): results.txt (the
# machine, then the tables and the targets), results.csv and latency.png.
# usage: run.sh OUTDIR SRCDIR [spawnbench options]
out=${1:?usage: run.sh OUTDIR SRCDIR [spawnbench options]}
src=${2:?usage: run.sh OUTDIR SRCDIR [spawnbench options]}
shift 2

cpu_model() {
	m=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	[ -n "$m" ] || m=$(LC_ALL=C lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)
	echo "${m:-unknown}"
}

machine_info() {
	echo "spawnbench run of $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "source: $(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "nproc: $(nproc)"
	echo "cpu: $(cpu_model)"
	echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "kernel: $(uname -r) $(uname -m)"
	echo "glibc: $(getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown)"
	echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled \
		2>/dev/null || echo unknown)"
	echo
}

# A pipe into tee loses the program's status: keep it in a file.
run_logged() {
	{ "$@"; echo $? > "$out/.bench-status"; } | tee -a "$out/results.txt"
	[ "$(cat "$out/.bench-status")" = 0 ]
}

machine_info | tee "$out/results.txt"
run_logged "$out/spawnbench" --outdir "$out" "$@" || exit 1
echo "== the interpreter" | tee -a "$out/results.txt"
run_logged "$out/interpbench" --outdir "$out" || exit 1
run_logged "$out/asyncbench" || exit 1
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/results.txt"
rm -f "$out/.bench-status"

if command -v gnuplot >/dev/null 2>&1; then
	gnuplot -e "datafile='$out/latency.dat'; outfile='$out/latency.png'" \
		"$src/bench/latency.gp" || exit 1
	echo "plot: $out/latency.png"
else
	echo "gnuplot is not installed: no plot (apt-get install gnuplot-nox)" >&2
fi
echo "tables: $out/results.txt, data: $out/results.csv"
