# The spawn benchmark: `make bench` runs it and writes bench/results.txt,
# bench/results.csv and bench/latency.png in the build directory.  It is
# not part of `make check`, which runs only bench/smoke.sh, a short run that
# keeps the programs working and judges no timing.  See bench/README.md.
# Owned by its part of the tree; see the top-level Makefile.am.
noinst_PROGRAMS += bench/stamp bench/spawnbench bench/interpbench bench/asyncbench

# The program spawned: a few instructions of assembly, no libc, no start
# files, no dynamic loader, so that its first instruction comes right after
# the exec.  Linked without libtool, which would take -static for itself.
if ARCH_X86_64
bench_stamp_SOURCES = bench/stamp-x86_64.S
endif
if ARCH_AARCH64
bench_stamp_SOURCES = bench/stamp-aarch64.S
endif
bench_stamp_LINK = $(CCLD) -nostdlib -static -Wl,-z,noexecstack -o $@

# -no-install: no libtool wrapper script, so spawnbench finds the stamp
# program next to /proc/self/exe.
bench_spawnbench_SOURCES = bench/spawnbench.c bench/spawnbench.h bench/methods.c \
	bench/stats.c bench/throughput.c bench/report.c
bench_spawnbench_LDADD = lib/libegg.la -lpthread
bench_spawnbench_LDFLAGS = $(AM_LDFLAGS) -no-install
# The preload methods dlopen the build tree's libegg-spawn.so.
EXTRA_bench_spawnbench_DEPENDENCIES = preload/libegg-spawn.la

# The interpreter's cost needs its internal entry points.
bench_interpbench_SOURCES = bench/interpbench.c bench/interp-ref.c bench/interp-ref.h
bench_interpbench_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
bench_interpbench_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS)
bench_interpbench_LDFLAGS = $(AM_LDFLAGS) -no-install

# egg_aspawn() against egg_spawn(): time blocked and spawns per second.
bench_asyncbench_SOURCES = bench/asyncbench.c
bench_asyncbench_LDADD = lib/libegg.la
bench_asyncbench_LDFLAGS = $(AM_LDFLAGS) -no-install

TESTS += bench/smoke.sh

EXTRA_DIST += bench/stamp-x86_64.S bench/stamp-aarch64.S bench/run.sh \
	bench/latency.gp bench/smoke.sh bench/README.md \
	bench/results-2026-11-22.txt bench/latency-2026-11-22.png
CLEANFILES += bench/results.txt bench/results.csv bench/latency.dat bench/latency.png

# Extra arguments for spawnbench, e.g. make bench BENCH_FLAGS='--iterations 500'.
BENCH_FLAGS =

.PHONY: bench
bench: bench/stamp$(EXEEXT) bench/spawnbench$(EXEEXT) bench/interpbench$(EXEEXT) \
		bench/asyncbench$(EXEEXT)
	$(SHELL) $(top_srcdir)/bench/run.sh $(top_builddir)/bench $(top_srcdir) $(BENCH_FLAGS)

# A real client: GNU make's 2,000 recipes with and without the preload
# libegg-spawn.so (bench/make-client.sh; bench/README.md has the method).
# Writes bench/make-client.txt; make bench-make ROUNDS=31 for more rounds.
ROUNDS = 15
EXTRA_DIST += bench/make-client.sh
CLEANFILES += bench/make-client.txt

.PHONY: bench-make
bench-make: preload/libegg-spawn.la
	$(top_srcdir)/bench/make-client.sh $(abs_top_builddir)/bench \
		$(abs_top_builddir)/preload/.libs/libegg-spawn.so $(ROUNDS)
