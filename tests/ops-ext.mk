# Tests of the ops beyond posix_spawn (credentials, capabilities, ...).
check_PROGRAMS += tests/egg-ops-ext tests/probe-static
TESTS += tests/egg-ops-ext
tests_egg_ops_ext_SOURCES = tests/egg-ops-ext.c tests/egg-util.c
tests_egg_ops_ext_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_egg_ops_ext_LDADD = lib/libegg.la $(CHECK_LIBS) -lutil
# The probe again, static, so that it runs inside an empty chroot.
tests_probe_static_SOURCES = tests/probe.c tests/probe-ext.c tests/probe-ext.h
# Without sanitizers, as tests/probe; their run-times cannot link -static.
tests_probe_static_CFLAGS = $(WARN_CFLAGS)
tests_probe_static_LDFLAGS = -all-static
