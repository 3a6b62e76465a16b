# The outside test suites (tests/outside/run): posix_spawn tests written by
# others, fetched from Debian and built in the run, against glibc and
# against libegg.  Not part of make check: they need root, apt-get and a
# few minutes; CI runs them after it (.ci/run).
OUTSIDE_FILES = tests/outside/run tests/outside/common.sh tests/outside/egg.sh \
	tests/outside/gnulib.sh tests/outside/glibc.sh tests/outside/cpython.sh \
	tests/outside/make.sh tests/outside/strace.sh \
	tests/outside/gnulib/config.h tests/outside/gnulib/findprog.h \
	tests/outside/gnulib/qemu.h tests/outside/glibc/compat.h \
	tests/outside/glibc/config.h tests/outside/glibc/shlib-compat.h \
	tests/outside/glibc/stackinfo.h
EXTRA_DIST += $(OUTSIDE_FILES)

# Extra arguments, e.g. make check-outside OUTSIDE_FLAGS='gnulib glibc'.
OUTSIDE_FLAGS =

.PHONY: check-outside
check-outside: all
	$(top_srcdir)/tests/outside/run -b $(abs_top_builddir) $(OUTSIDE_FLAGS)

clean-local: clean-outside
.PHONY: clean-outside
clean-outside:
	rm -rf tests/outside/work
