# Hardening: faults the library must survive (tests/fault-*), a bounded
# stress run (tests/stress-*, small in make check, big in make stress), and
# the sanitizer/musl/valgrind helpers that .ci/extra runs.

# Every fault test has the shared "nothing left behind" checks, in the
# helpers all tests share.
FAULT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
FAULT_UTIL = tests/egg-util.c tests/egg-util.h

# What a spawned process starts with, as the fault tests see it.  Never
# built with sanitizers, whose run-time installs handlers of its own.
check_PROGRAMS += tests/fault-report
tests_fault_report_SOURCES = tests/fault-report.c
tests_fault_report_CFLAGS = $(WARN_CFLAGS)
tests_fault_report_LDFLAGS =

check_PROGRAMS += tests/fault-exec
TESTS += tests/fault-exec
tests_fault_exec_SOURCES = tests/fault-exec.c $(FAULT_UTIL)
tests_fault_exec_CFLAGS = $(FAULT_CFLAGS)
tests_fault_exec_LDADD = lib/libegg.la $(CHECK_LIBS)

check_PROGRAMS += tests/fault-kill
TESTS += tests/fault-kill
tests_fault_kill_SOURCES = tests/fault-kill.c $(FAULT_UTIL)
tests_fault_kill_CFLAGS = $(FAULT_CFLAGS) -pthread
tests_fault_kill_LDADD = lib/libegg.la $(CHECK_LIBS) -lpthread

check_PROGRAMS += tests/fault-nproc
TESTS += tests/fault-nproc
tests_fault_nproc_SOURCES = tests/fault-nproc.c $(FAULT_UTIL)
tests_fault_nproc_CFLAGS = $(FAULT_CFLAGS)
tests_fault_nproc_LDADD = lib/libegg.la $(CHECK_LIBS)

check_PROGRAMS += tests/fault-emfile
TESTS += tests/fault-emfile
tests_fault_emfile_SOURCES = tests/fault-emfile.c $(FAULT_UTIL)
tests_fault_emfile_CFLAGS = $(FAULT_CFLAGS)
tests_fault_emfile_LDADD = lib/libegg.la $(CHECK_LIBS)

# Links the library statically, so that --wrap reaches its allocations.
check_PROGRAMS += tests/fault-alloc
TESTS += tests/fault-alloc
tests_fault_alloc_SOURCES = tests/fault-alloc.c $(FAULT_UTIL)
tests_fault_alloc_CFLAGS = $(FAULT_CFLAGS)
tests_fault_alloc_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=realloc -Wl,--wrap=calloc
tests_fault_alloc_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS)

# The stack after a child died in sfork: matters in the sanitizer build.
check_PROGRAMS += tests/fault-rescue
TESTS += tests/fault-rescue
tests_fault_rescue_SOURCES = tests/fault-rescue.c
tests_fault_rescue_LDADD = lib/libegg.la

# Needs the internal hook; run twice, the second time without /proc.
check_PROGRAMS += tests/fault-enosys
TESTS += tests/fault-enosys tests/hardening-noproc.sh
tests_fault_enosys_SOURCES = tests/fault-enosys.c $(FAULT_UTIL) \
	tests/seccomp-util.c tests/seccomp-util.h
tests_fault_enosys_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
tests_fault_enosys_CFLAGS = $(FAULT_CFLAGS)
tests_fault_enosys_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS)
EXTRA_DIST += tests/hardening-noproc.sh

# Runs a command with clone3 and/or close_range made ENOSYS by seccomp: the
# aarch64 lane's second run of the suite (tests/aarch64/), or by hand.
check_PROGRAMS += tests/seccomp-enosys
tests_seccomp_enosys_SOURCES = tests/seccomp-enosys.c tests/seccomp-util.c \
	tests/seccomp-util.h
tests_seccomp_enosys_CFLAGS = $(WARN_CFLAGS)
tests_seccomp_enosys_LDFLAGS =

# Stress: small in make check, both with clone3 and as on a kernel without
# it; make stress runs the big one, bounded by its watchdog.
check_PROGRAMS += tests/stress-spawn tests/stress-exit
TESTS += tests/hardening-stress.sh
tests_stress_spawn_SOURCES = tests/stress-spawn.c $(FAULT_UTIL)
tests_stress_spawn_CPPFLAGS = $(tests_fault_enosys_CPPFLAGS)
tests_stress_spawn_CFLAGS = $(FAULT_CFLAGS) -pthread
tests_stress_spawn_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS) -lpthread
tests_stress_exit_SOURCES = tests/stress-exit.c
tests_stress_exit_CFLAGS = $(WARN_CFLAGS)
tests_stress_exit_LDFLAGS =
EXTRA_DIST += tests/hardening-stress.sh

STRESS_SPAWNS = 5000
STRESS_THREADS = 2
STRESS_WATCHDOG = 300
.PHONY: stress
stress: tests/stress-spawn tests/stress-exit
	@top_builddir='$(abs_top_builddir)' STRESS_ARGS='-t $(STRESS_THREADS) \
	-n $(STRESS_SPAWNS) -w $(STRESS_WATCHDOG)' $(SHELL) $(top_srcdir)/tests/hardening-stress.sh

# Plain C, without Check: run here with glibc, and built with musl by
# tests/hardening-musl.sh; the builder one also runs under valgrind
# (tests/hardening-valgrind.sh).  Both are run by .ci/extra.
check_PROGRAMS += tests/hardening-musl tests/hardening-builder
TESTS += tests/hardening-musl tests/hardening-builder
tests_hardening_musl_SOURCES = tests/hardening-musl.c
tests_hardening_musl_LDADD = lib/libegg.la
tests_hardening_builder_SOURCES = tests/hardening-builder.c
tests_hardening_builder_LDADD = lib/libegg.la
EXTRA_DIST += tests/hardening-musl.sh tests/hardening-valgrind.sh

# For other tests: SKIP_UNDER_ASAN(reason).
EXTRA_DIST += tests/sanitizer-skip.h

EXTRA_DIST += .ci/extra

# Two fault tests again with every spawn on the fork path (the hook in
# tests/fork-path-hook.c): a child killed before its exec, failed execs.
FAULT_FORK_PATH_TESTS = tests/fault-kill-forkpath tests/fault-exec-forkpath
check_PROGRAMS += $(FAULT_FORK_PATH_TESTS)
TESTS += $(FAULT_FORK_PATH_TESTS)
FAULT_FORK_PATH_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
tests_fault_kill_forkpath_SOURCES = tests/fault-kill.c $(FAULT_UTIL) tests/fork-path-hook.c
tests_fault_kill_forkpath_CPPFLAGS = $(FAULT_FORK_PATH_CPPFLAGS)
tests_fault_kill_forkpath_CFLAGS = $(FAULT_CFLAGS) -pthread
tests_fault_kill_forkpath_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS) -lpthread
tests_fault_exec_forkpath_SOURCES = tests/fault-exec.c $(FAULT_UTIL) tests/fork-path-hook.c
tests_fault_exec_forkpath_CPPFLAGS = $(FAULT_FORK_PATH_CPPFLAGS)
tests_fault_exec_forkpath_CFLAGS = $(FAULT_CFLAGS)
tests_fault_exec_forkpath_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS)
