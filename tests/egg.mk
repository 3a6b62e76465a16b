# The egg tests: every op's effect in a real child, seen by tests/probe,
# validation at exact offsets, the builder, fault reports, and a spawn loop.
# Owned by its part of the tree; see the top-level Makefile.am.

# The probe does not link libegg: an oracle must not share code with what
# it checks.
# Nor sanitizers: it reports the state the spawn left (handlers, limits,
# fds), and a sanitizer's run-time would change that state before main.
check_PROGRAMS += tests/probe
tests_probe_SOURCES = tests/probe.c tests/probe-ext.c tests/probe-ext.h
tests_probe_CFLAGS = $(WARN_CFLAGS)
tests_probe_LDFLAGS =
# Its output file: created with mode 0644, or left with the mode it has.
TESTS += tests/probe-output.sh
EXTRA_DIST += tests/probe-output.sh

EGG_TESTS = \
	tests/egg-leb128 \
	tests/egg-validate \
	tests/egg-builder \
	$(EGG_OPS_TESTS) \
	tests/egg-spawn-faults \
	tests/egg-spawnx \
	tests/egg-aspawn \
	tests/egg-nosigchld \
	tests/egg-fdmap \
	tests/egg-exec \
	tests/egg-popen \
	tests/egg-loop \
	tests/egg-interp-hostile \
	tests/egg-lists \
	tests/egg-spawn-race \
	tests/egg-builder-alias \
	tests/egg-rlimit-keep
check_PROGRAMS += $(EGG_TESTS)
TESTS += $(EGG_TESTS)
EXTRA_DIST += tests/egg-util.h

EGG_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
EGG_TEST_LIBS = lib/libegg.la $(CHECK_LIBS)
# For the tests that call internal functions or set test hooks.
EGG_TEST_INTERNAL_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
EGG_TEST_INTERNAL_LIBS = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS)

tests_egg_leb128_SOURCES = tests/egg-leb128.c tests/egg-util.c
tests_egg_leb128_CPPFLAGS = $(EGG_TEST_INTERNAL_CPPFLAGS)
tests_egg_leb128_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_leb128_LDADD = $(EGG_TEST_INTERNAL_LIBS)

tests_egg_validate_SOURCES = tests/egg-validate.c tests/egg-util.c
tests_egg_validate_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_validate_LDADD = $(EGG_TEST_LIBS)

tests_egg_builder_SOURCES = tests/egg-builder.c tests/egg-util.c
tests_egg_builder_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_builder_LDADD = $(EGG_TEST_LIBS)

# Every op's effect in a real child, one program an op group, and the
# order of ops as one table.  egg-ops-fds sets the close_range fallback's
# test hook: it links the internal library.
EGG_OPS_TESTS = tests/egg-ops-fds tests/egg-ops-process tests/egg-ops-limits \
	tests/egg-ops-signals tests/egg-ops-order
tests_egg_ops_fds_SOURCES = tests/egg-ops-fds.c tests/egg-util.c
tests_egg_ops_fds_CPPFLAGS = $(EGG_TEST_INTERNAL_CPPFLAGS)
tests_egg_ops_fds_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_fds_LDADD = $(EGG_TEST_INTERNAL_LIBS)
tests_egg_ops_process_SOURCES = tests/egg-ops-process.c tests/egg-util.c
tests_egg_ops_process_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_process_LDADD = $(EGG_TEST_LIBS)
tests_egg_ops_limits_SOURCES = tests/egg-ops-limits.c tests/egg-util.c
tests_egg_ops_limits_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_limits_LDADD = $(EGG_TEST_LIBS)
tests_egg_ops_signals_SOURCES = tests/egg-ops-signals.c tests/egg-util.c
tests_egg_ops_signals_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_signals_LDADD = $(EGG_TEST_LIBS)
tests_egg_ops_order_SOURCES = tests/egg-ops-order.c tests/egg-util.c
tests_egg_ops_order_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_order_LDADD = $(EGG_TEST_LIBS)

tests_egg_spawn_faults_SOURCES = tests/egg-spawn-faults.c tests/egg-util.c
tests_egg_spawn_faults_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_spawn_faults_LDADD = $(EGG_TEST_LIBS)

tests_egg_fdmap_SOURCES = tests/egg-fdmap.c tests/egg-util.c
tests_egg_fdmap_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_fdmap_LDADD = $(EGG_TEST_LIBS)

tests_egg_exec_SOURCES = tests/egg-exec.c tests/egg-util.c
tests_egg_exec_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_exec_LDADD = $(EGG_TEST_LIBS)

tests_egg_popen_SOURCES = tests/egg-popen.c tests/egg-util.c
tests_egg_popen_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_popen_LDADD = $(EGG_TEST_LIBS)

tests_egg_loop_SOURCES = tests/egg-loop.c tests/egg-util.c
tests_egg_loop_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_loop_LDADD = $(EGG_TEST_LIBS)

# Issue 14: what runs is what was validated, and the builder whatever its
# operands point at.
tests_egg_interp_hostile_SOURCES = tests/egg-interp-hostile.c tests/egg-util.c
tests_egg_interp_hostile_CPPFLAGS = $(EGG_TEST_INTERNAL_CPPFLAGS)
tests_egg_interp_hostile_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_interp_hostile_LDADD = $(EGG_TEST_INTERNAL_LIBS)

tests_egg_lists_SOURCES = tests/egg-lists.c tests/egg-util.c
tests_egg_lists_CPPFLAGS = $(EGG_TEST_INTERNAL_CPPFLAGS)
tests_egg_lists_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_lists_LDADD = $(EGG_TEST_INTERNAL_LIBS)

tests_egg_spawn_race_SOURCES = tests/egg-spawn-race.c tests/egg-util.c
tests_egg_spawn_race_CFLAGS = $(EGG_TEST_CFLAGS) -pthread
tests_egg_spawn_race_LDADD = $(EGG_TEST_LIBS) -lpthread

# Links the library statically, so that --wrap reaches its realloc.
tests_egg_builder_alias_SOURCES = tests/egg-builder-alias.c tests/egg-util.c
tests_egg_builder_alias_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_builder_alias_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=realloc
tests_egg_builder_alias_LDADD = $(EGG_TEST_INTERNAL_LIBS)

tests_egg_rlimit_keep_SOURCES = tests/egg-rlimit-keep.c tests/egg-util.c
tests_egg_rlimit_keep_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_rlimit_keep_LDADD = $(EGG_TEST_LIBS)

# The op suites and the spawn faults again, with every spawn on the fork
# path used where vfork does not share memory (valgrind, qemu-user): the
# hook makes the library believe so before main.
EGG_OPS_FORK_PATH_TESTS = tests/egg-ops-fds-forkpath tests/egg-ops-process-forkpath \
	tests/egg-ops-limits-forkpath tests/egg-ops-signals-forkpath \
	tests/egg-ops-order-forkpath
EGG_FORK_PATH_TESTS = $(EGG_OPS_FORK_PATH_TESTS) tests/egg-spawn-faults-forkpath
# Without config.h: these sources define _GNU_SOURCE themselves.
EGG_FORK_PATH_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
EGG_FORK_PATH_UTIL = tests/egg-util.c tests/fork-path-hook.c
check_PROGRAMS += $(EGG_FORK_PATH_TESTS)
TESTS += $(EGG_FORK_PATH_TESTS)
tests_egg_ops_fds_forkpath_SOURCES = tests/egg-ops-fds.c $(EGG_FORK_PATH_UTIL)
tests_egg_ops_fds_forkpath_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_egg_ops_fds_forkpath_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_fds_forkpath_LDADD = $(EGG_TEST_INTERNAL_LIBS)
tests_egg_ops_process_forkpath_SOURCES = tests/egg-ops-process.c $(EGG_FORK_PATH_UTIL)
tests_egg_ops_process_forkpath_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_egg_ops_process_forkpath_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_process_forkpath_LDADD = $(EGG_TEST_INTERNAL_LIBS)
tests_egg_ops_limits_forkpath_SOURCES = tests/egg-ops-limits.c $(EGG_FORK_PATH_UTIL)
tests_egg_ops_limits_forkpath_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_egg_ops_limits_forkpath_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_limits_forkpath_LDADD = $(EGG_TEST_INTERNAL_LIBS)
tests_egg_ops_signals_forkpath_SOURCES = tests/egg-ops-signals.c $(EGG_FORK_PATH_UTIL)
tests_egg_ops_signals_forkpath_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_egg_ops_signals_forkpath_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_signals_forkpath_LDADD = $(EGG_TEST_INTERNAL_LIBS)
tests_egg_ops_order_forkpath_SOURCES = tests/egg-ops-order.c $(EGG_FORK_PATH_UTIL)
tests_egg_ops_order_forkpath_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_egg_ops_order_forkpath_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_ops_order_forkpath_LDADD = $(EGG_TEST_INTERNAL_LIBS)
tests_egg_spawn_faults_forkpath_SOURCES = tests/egg-spawn-faults.c $(EGG_FORK_PATH_UTIL)
tests_egg_spawn_faults_forkpath_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_egg_spawn_faults_forkpath_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_spawn_faults_forkpath_LDADD = $(EGG_TEST_INTERNAL_LIBS)

# The fork path end to end, in plain C: here with the hook, with and
# without clone3; under valgrind without it (tests/valgrind-spawn.sh).
check_PROGRAMS += tests/fork-path
TESTS += tests/fork-path.sh tests/valgrind-spawn.sh
EXTRA_DIST += tests/fork-path.sh tests/valgrind-spawn.sh
tests_fork_path_SOURCES = tests/fork-path.c
tests_fork_path_CPPFLAGS = $(EGG_FORK_PATH_CPPFLAGS)
tests_fork_path_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS)

tests_egg_spawnx_SOURCES = tests/egg-spawnx.c tests/egg-util.c
tests_egg_spawnx_CFLAGS = $(EGG_TEST_CFLAGS)
tests_egg_spawnx_LDADD = $(EGG_TEST_LIBS)

tests_egg_aspawn_SOURCES = tests/egg-aspawn.c tests/egg-util.c
tests_egg_aspawn_CFLAGS = $(EGG_TEST_CFLAGS) -pthread
tests_egg_aspawn_LDADD = $(EGG_TEST_LIBS) -lpthread

tests_egg_nosigchld_SOURCES = tests/egg-nosigchld.c tests/egg-util.c \
	tests/seccomp-util.c tests/seccomp-util.h
tests_egg_nosigchld_CFLAGS = $(EGG_TEST_CFLAGS) -pthread
tests_egg_nosigchld_LDADD = $(EGG_TEST_LIBS) -lpthread

# The example of an event loop over egg_aspawn() spawns: built and run.
check_PROGRAMS += examples/aspawn-loop
TESTS += examples/aspawn-loop
examples_aspawn_loop_SOURCES = examples/aspawn-loop.c
examples_aspawn_loop_LDADD = lib/libegg.la
