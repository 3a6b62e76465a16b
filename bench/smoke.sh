#!/bin/sh
# Keeps the benchmarks from rotting: every spawn method on a small and a
# 64 MiB touched parent, the throughput threads, and the interpreter bench
# on a short egg.  No timing is judged: a spawn that fails, a stamp program
# that writes no timestamp or a dry run that fails makes the test fail.
b=${top_builddir:-.}/bench
"$b/spawnbench" --iterations 20 --blocks 2 --warmup 2 --sizes small,64Mt \
	--tp-trials 1 --tp-time 50 || exit 1
"$b/interpbench" --copies 2 --reps 5 --trials 3 || exit 1
"$b/asyncbench" --rounds 20 --trials 2 --trial-ms 50 || exit 1
