# eggasm(1): the assembler, disassembler and runner of eggs.
# Owned by its part of the tree; see the top-level Makefile.am.
#
# It uses only libegg's public API.  The parser, the disassembler and the
# constant tables are modules without main (parse.c, disasm.c, symbols.c,
# buf.c), for the tests and fuzzers that link them: EGGASM_CORE_SOURCES.
EGGASM_CORE_SOURCES = \
	tools/eggasm/buf.c tools/eggasm/buf.h \
	tools/eggasm/symbols.c tools/eggasm/symbols.h \
	tools/eggasm/parse.c tools/eggasm/parse.h \
	tools/eggasm/disasm.c tools/eggasm/disasm.h
EGGASM_CPPFLAGS = $(AM_CPPFLAGS) -include $(top_builddir)/config.h

bin_PROGRAMS += tools/eggasm/eggasm
tools_eggasm_eggasm_SOURCES = $(EGGASM_CORE_SOURCES) \
	tools/eggasm/eggasm.h tools/eggasm/main.c tools/eggasm/io.c tools/eggasm/run.c \
	tools/eggasm/exec.c
tools_eggasm_eggasm_CPPFLAGS = $(EGGASM_CPPFLAGS)
tools_eggasm_eggasm_LDADD = lib/libegg.la

dist_man_MANS += man/eggasm.1
EXTRA_DIST += tools/eggasm/demo.sh
