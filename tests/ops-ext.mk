# Tests of the ops beyond posix_spawn (credentials, capabilities, ...):
# those any user can run, and those that need root (skipped without it).
check_PROGRAMS += tests/egg-ops-ext tests/egg-ops-root tests/probe-static
TESTS += tests/egg-ops-ext tests/egg-ops-root
tests_egg_ops_ext_SOURCES = tests/egg-ops-ext.c tests/egg-util.c
tests_egg_ops_ext_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_egg_ops_ext_LDADD = lib/libegg.la $(CHECK_LIBS) -lutil
tests_egg_ops_root_SOURCES = tests/egg-ops-root.c tests/egg-util.c
tests_egg_ops_root_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_egg_ops_root_LDADD = lib/libegg.la $(CHECK_LIBS)
# The probe again, static, so that it runs inside an empty chroot.
tests_probe_static_SOURCES = tests/probe.c tests/probe-ext.c tests/probe-ext.h
# Without sanitizers, as tests/probe; their run-times cannot link -static.
tests_probe_static_CFLAGS = $(WARN_CFLAGS)
tests_probe_static_LDFLAGS = -all-static
