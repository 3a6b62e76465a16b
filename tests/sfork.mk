# The sfork tests: control flow, nesting, exec, the signal state at exec,
# signals, early death, threads, leaks, the pidfd and the fallbacks without
# clone3.  Each is a Check program whose cases run under a timeout, each in
# a process of its own.  tests/sfork-helper is the program they exec.
# Owned by its part of the tree; see the top-level Makefile.am.

# The helper does not link libegg: an oracle must not share code with what
# it checks.  Nor sanitizers: it reports the signal state the exec left,
# and a sanitizer's run-time installs handlers of its own before main.
check_PROGRAMS += tests/sfork-helper
tests_sfork_helper_SOURCES = tests/sfork-helper.c
tests_sfork_helper_CFLAGS = $(WARN_CFLAGS)
tests_sfork_helper_LDFLAGS =

SFORK_TESTS = \
	tests/sfork-flow \
	tests/sfork-exec \
	tests/sfork-execsig \
	tests/sfork-execsig-fallback \
	tests/sfork-signals \
	tests/sfork-death \
	tests/sfork-threads \
	tests/sfork-leaks \
	tests/sfork-pidfd \
	tests/sfork-locals-O0 \
	tests/sfork-locals-O2 \
	tests/sfork-context
check_PROGRAMS += $(SFORK_TESTS)
TESTS += $(SFORK_TESTS)
# The step labels of both sfork.S (and aclone.S) files against the
# timeline in lib/arch/README.
TESTS += tests/sfork-labels.sh
EXTRA_DIST += tests/sfork-labels.sh

SFORK_TEST_SOURCES = tests/sfork-util.c tests/sfork-util.h tests/egg-util.c
SFORK_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -pthread
SFORK_TEST_LIBS = lib/libegg.la $(CHECK_LIBS) -lpthread
# For the tests that set test hooks (egg__hook_enosys).
SFORK_TEST_INTERNAL_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
SFORK_TEST_INTERNAL_LIBS = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS) -lpthread

tests_sfork_flow_SOURCES = tests/sfork-flow.c $(SFORK_TEST_SOURCES)
tests_sfork_flow_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_flow_LDADD = $(SFORK_TEST_LIBS)

tests_sfork_exec_SOURCES = tests/sfork-exec.c $(SFORK_TEST_SOURCES)
tests_sfork_exec_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_exec_LDADD = $(SFORK_TEST_LIBS)

# One source, twice: on the kernel's path, and with the test hooks that
# force each fallback (per-signal handler reset, clone instead of clone3).
tests_sfork_execsig_SOURCES = tests/sfork-execsig.c $(SFORK_TEST_SOURCES)
tests_sfork_execsig_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_execsig_LDADD = $(SFORK_TEST_LIBS)
tests_sfork_execsig_fallback_SOURCES = tests/sfork-execsig.c $(SFORK_TEST_SOURCES)
tests_sfork_execsig_fallback_CPPFLAGS = $(SFORK_TEST_INTERNAL_CPPFLAGS) -DSFORK_TEST_HOOKS
tests_sfork_execsig_fallback_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_execsig_fallback_LDADD = $(SFORK_TEST_INTERNAL_LIBS)

tests_sfork_signals_SOURCES = tests/sfork-signals.c $(SFORK_TEST_SOURCES)
tests_sfork_signals_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_signals_LDADD = $(SFORK_TEST_LIBS)

tests_sfork_death_SOURCES = tests/sfork-death.c $(SFORK_TEST_SOURCES)
tests_sfork_death_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_death_LDADD = $(SFORK_TEST_LIBS)

tests_sfork_threads_SOURCES = tests/sfork-threads.c $(SFORK_TEST_SOURCES)
tests_sfork_threads_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_threads_LDADD = $(SFORK_TEST_LIBS)

tests_sfork_leaks_SOURCES = tests/sfork-leaks.c $(SFORK_TEST_SOURCES)
tests_sfork_leaks_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_leaks_LDADD = $(SFORK_TEST_LIBS)

tests_sfork_pidfd_SOURCES = tests/sfork-pidfd.c $(SFORK_TEST_SOURCES)
tests_sfork_pidfd_CPPFLAGS = $(SFORK_TEST_INTERNAL_CPPFLAGS)
tests_sfork_pidfd_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_pidfd_LDADD = $(SFORK_TEST_INTERNAL_LIBS)

# One source at two optimisation levels: the locals the child changes live
# in different places.  SFORK_TEST_OPT makes the source force the level,
# since the user's CFLAGS come after these on the command line.
tests_sfork_locals_O0_SOURCES = tests/sfork-locals.c $(SFORK_TEST_SOURCES)
tests_sfork_locals_O0_CFLAGS = $(SFORK_TEST_CFLAGS) -O0 -DSFORK_TEST_OPT=0
tests_sfork_locals_O0_LDADD = $(SFORK_TEST_LIBS)
tests_sfork_locals_O2_SOURCES = tests/sfork-locals.c $(SFORK_TEST_SOURCES)
tests_sfork_locals_O2_CFLAGS = $(SFORK_TEST_CFLAGS) -O2 -DSFORK_TEST_OPT=2
tests_sfork_locals_O2_LDADD = $(SFORK_TEST_LIBS)

# The context the assembly saves: regression tests of the aarch64 port's
# defects (the lane runs them there) and the floating-point control state.
tests_sfork_context_SOURCES = tests/sfork-context.c tests/seccomp-util.c \
	tests/seccomp-util.h $(SFORK_TEST_SOURCES)
tests_sfork_context_CFLAGS = $(SFORK_TEST_CFLAGS)
tests_sfork_context_LDADD = $(SFORK_TEST_LIBS) -lm
