# posix_spawn on eggs: egg_posix_spawn against glibc's posix_spawn on the
# probe's snapshots, and the preload library in a real program.
# Owned by its part of the tree; see the top-level Makefile.am.

POSIX_SPAWN_TESTS = tests/posix-spawn
check_PROGRAMS += $(POSIX_SPAWN_TESTS)
TESTS += $(POSIX_SPAWN_TESTS)
tests_posix_spawn_SOURCES = tests/posix-spawn.c tests/egg-util.c
tests_posix_spawn_CFLAGS = $(EGG_TEST_CFLAGS)
tests_posix_spawn_LDADD = $(EGG_TEST_LIBS)

# Does not link libegg: the preload must bring everything it needs.  The
# scripts below exit 77 without the preload (a --disable-shared build).
if BUILD_SHARED
check_PROGRAMS += tests/posix-spawn-preload
endif
tests_posix_spawn_preload_SOURCES = tests/posix-spawn-preload.c
tests_posix_spawn_preload_CFLAGS = $(AM_CFLAGS) -pthread
tests_posix_spawn_preload_LDADD = -lpthread -ldl

TESTS += tests/posix-spawn-preload.sh tests/posix-spawn-strace.sh
EXTRA_DIST += tests/posix-spawn-preload.sh tests/posix-spawn-strace.sh
