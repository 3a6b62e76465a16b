# The sfork tests: control flow, nesting, exec, signals, early death,
# threads, pidfd and hygiene.  sfork-regs is one source built twice, to
# check what the child leaves in locals and registers at -O0 and -O2.
check_PROGRAMS += tests/sfork-core tests/sfork-regs-O0 tests/sfork-regs-O2
TESTS += tests/sfork-core tests/sfork-regs-O0 tests/sfork-regs-O2

tests_sfork_core_SOURCES = tests/sfork-core.c tests/egg-util.c
tests_sfork_core_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/lib
tests_sfork_core_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -pthread
tests_sfork_core_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS) $(CHECK_LIBS) -lpthread

# sfork is returns_twice, so GCC warns that register values may be lost if
# it returns again (the child died early).  These tests keep values in
# registers on purpose, to show the normal path hands them over intact.
tests_sfork_regs_O0_SOURCES = tests/sfork-regs.c
tests_sfork_regs_O0_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -O0 -Wno-clobbered
tests_sfork_regs_O0_LDADD = lib/libegg.la $(CHECK_LIBS)
tests_sfork_regs_O2_SOURCES = tests/sfork-regs.c
tests_sfork_regs_O2_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -O2 -Wno-clobbered
tests_sfork_regs_O2_LDADD = lib/libegg.la $(CHECK_LIBS)
