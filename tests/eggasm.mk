# The eggasm tests: the text form round-trips (random eggs built through
# egg_append), eggasm assembles what the C builder builds, parse errors say
# where and what, the command line, eggasm run's exit statuses and fault
# reports, and the examples, run on tests/probe.
# Owned by its part of the tree; see the top-level Makefile.am.

EGGASM_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/eggasm \
	-include $(top_builddir)/config.h
EGGASM_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
EGGASM_TEST_UTIL = tests/eggasm-util.c tests/eggasm-util.h tests/egg-util.c tests/egg-util.h
EGGASM_TEST_LIBS = lib/libegg.la $(CHECK_LIBS)

EGGASM_C_TESTS = tests/eggasm-parse tests/eggasm-builder tests/eggasm-roundtrip \
	tests/eggasm-kinds
check_PROGRAMS += $(EGGASM_C_TESTS)
TESTS += $(EGGASM_C_TESTS)

# The parser and disassembler as modules, without eggasm's main.
tests_eggasm_parse_SOURCES = tests/eggasm-parse.c $(EGGASM_CORE_SOURCES) $(EGGASM_TEST_UTIL)
tests_eggasm_parse_CPPFLAGS = $(EGGASM_TEST_CPPFLAGS)
tests_eggasm_parse_CFLAGS = $(EGGASM_TEST_CFLAGS)
tests_eggasm_parse_LDADD = $(EGGASM_TEST_LIBS)

# egg_operand_info()'s answers, and eggasm agrees with the library at
# each operand kind's edges.
tests_eggasm_kinds_SOURCES = tests/eggasm-kinds.c $(EGGASM_CORE_SOURCES) $(EGGASM_TEST_UTIL)
tests_eggasm_kinds_CPPFLAGS = $(EGGASM_TEST_CPPFLAGS)
tests_eggasm_kinds_CFLAGS = $(EGGASM_TEST_CFLAGS)
tests_eggasm_kinds_LDADD = $(EGGASM_TEST_LIBS)

tests_eggasm_builder_SOURCES = tests/eggasm-builder.c $(EGGASM_TEST_UTIL)
tests_eggasm_builder_CPPFLAGS = $(EGGASM_TEST_CPPFLAGS)
tests_eggasm_builder_CFLAGS = $(EGGASM_TEST_CFLAGS)
tests_eggasm_builder_LDADD = $(EGGASM_TEST_LIBS)

tests_eggasm_roundtrip_SOURCES = tests/eggasm-roundtrip.c $(EGGASM_CORE_SOURCES) \
	$(EGGASM_TEST_UTIL)
tests_eggasm_roundtrip_CPPFLAGS = $(EGGASM_TEST_CPPFLAGS)
tests_eggasm_roundtrip_CFLAGS = $(EGGASM_TEST_CFLAGS)
tests_eggasm_roundtrip_LDADD = $(EGGASM_TEST_LIBS)

# The command itself; eggasm-common.sh is what they share.
EGGASM_SH_TESTS = tests/eggasm-cli.sh tests/eggasm-run.sh tests/eggasm-exec.sh \
	tests/eggasm-examples.sh
TESTS += $(EGGASM_SH_TESTS)
EXTRA_DIST += $(EGGASM_SH_TESTS) tests/eggasm-common.sh \
	tests/eggasm-daemon.golden tests/eggasm-allops.s tests/eggasm-allops.golden \
	examples/daemon.s examples/limits.s examples/server.s
