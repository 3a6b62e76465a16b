# Fuzzing with libFuzzer (clang).  make fuzz builds every target from the
# library's sources with clang and the fuzzer, address and undefined
# sanitizers, then runs each for FUZZ_SECONDS on a corpus seeded from the
# checked-in fuzz/corpus/TARGET/; any finding fails, and leaves its input in
# fuzz/artifacts/.  make check replays the checked-in corpora through the
# same targets built with the normal compiler, without libFuzzer.

FUZZ_CC = clang
FUZZ_SECONDS = 60
FUZZ_MAX_LEN = 8192
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer $(FUZZ_SANITIZE)
FUZZ_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
FUZZ_TARGETS = fuzz/fuzz-decode fuzz/fuzz-eggasm
FUZZ_LIB = fuzz/libegg-fuzz.a
FUZZ_EGGASM_LIB = fuzz/libeggasm-fuzz.a

# The sources in $srcs, compiled for coverage into the archive $@, with
# $extra flags.
fuzz_archive = \
	set -e; rm -f $@; $(MKDIR_P) fuzz/obj; \
	for src in $$srcs; do \
		case $$src in *.c|*.S) ;; *) continue ;; esac; \
		obj=fuzz/obj/`echo $$src | tr / _`.o; \
		$(FUZZ_CC) $(FUZZ_CPPFLAGS) $$extra $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
			-c `test -f $$src || echo $(srcdir)/`$$src -o $$obj; \
		$(AR) cr $@ $$obj; \
	done

# The library; the targets link all of it, though nothing they call
# reaches sfork or an op (a dry run never calls one).
FUZZ_LIB_SRCS = $(lib_libegg_core_la_SOURCES) $(lib_libegg_internal_la_SOURCES)
$(FUZZ_LIB): $(FUZZ_LIB_SRCS) config.h include/egg-version.h
	$(AM_V_GEN)srcs='$(FUZZ_LIB_SRCS)'; extra=; $(fuzz_archive)

# eggasm's modules without main (see tools/eggasm/local.mk).
$(FUZZ_EGGASM_LIB): $(EGGASM_CORE_SOURCES) config.h include/egg-version.h
	$(AM_V_GEN)srcs='$(EGGASM_CORE_SOURCES)'; extra='-I$(top_srcdir)/tools/eggasm'; \
	$(fuzz_archive)

FUZZ_LINK = $(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer
fuzz/fuzz-decode: fuzz/fuzz-decode.c $(FUZZ_LIB)
	$(AM_V_GEN)$(FUZZ_LINK) `test -f fuzz/fuzz-decode.c || echo $(srcdir)/`fuzz/fuzz-decode.c \
		$(FUZZ_LIB) $(LIBCAP_LIBS) -o $@
fuzz/fuzz-eggasm: fuzz/fuzz-eggasm.c $(FUZZ_EGGASM_LIB) $(FUZZ_LIB)
	$(AM_V_GEN)$(FUZZ_LINK) -I$(top_srcdir)/tools/eggasm \
		`test -f fuzz/fuzz-eggasm.c || echo $(srcdir)/`fuzz/fuzz-eggasm.c \
		$(FUZZ_EGGASM_LIB) $(FUZZ_LIB) $(LIBCAP_LIBS) -o $@

.PHONY: fuzz fuzz-build fuzz-corpus
fuzz-build: $(FUZZ_TARGETS)

# -max_total_time bounds each run; a crash, a leak, a timeout (-timeout,
# seconds per input) or running out of memory stops it with a non-zero
# status.  The first corpus directory is written to, the seeds are not.
fuzz: fuzz-build
	@set -e; for target in $(FUZZ_TARGETS); do \
		name=`echo $$target | sed 's,^fuzz/fuzz-,,'`; \
		$(MKDIR_P) fuzz/work/$$name fuzz/artifacts; \
		echo "fuzz: $$name for $(FUZZ_SECONDS) s (log: fuzz/$$name.log)"; \
		if ./$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
			-artifact_prefix=fuzz/artifacts/$$name- \
			fuzz/work/$$name $(top_srcdir)/fuzz/corpus/$$name >fuzz/$$name.log 2>&1; then \
			grep -E '^(Done|stat::(number_of_executed_units|new_units_added))' \
				fuzz/$$name.log; \
		else \
			tail -n 80 fuzz/$$name.log; \
			echo "fuzz: $$name FAILED; the input is in fuzz/artifacts/"; \
			exit 1; \
		fi; \
	done

# Rewrite the checked-in seeds from the generator (after a deliberate
# change of the format; make check says when they differ).
fuzz-corpus: fuzz/gen-corpus
	rm -f $(top_srcdir)/fuzz/corpus/decode/[0-9]*
	./fuzz/gen-corpus $(top_srcdir)/fuzz/corpus/decode

# What make fuzz grows (fuzz/work, fuzz/artifacts) is kept: it is the point.
CLEANFILES += $(FUZZ_LIB) $(FUZZ_EGGASM_LIB) $(FUZZ_TARGETS) fuzz/obj/*.o fuzz/*.log

# The replay programs and the corpus check, in make check.
check_PROGRAMS += fuzz/gen-corpus fuzz/replay-decode fuzz/replay-eggasm
TESTS += fuzz/corpus-check.sh
fuzz_gen_corpus_SOURCES = fuzz/gen-corpus.c
fuzz_gen_corpus_LDADD = lib/libegg.la
fuzz_replay_decode_SOURCES = fuzz/replay.c fuzz/fuzz-decode.c
fuzz_replay_decode_CPPFLAGS = $(EGG_INTERNAL_CPPFLAGS)
fuzz_replay_decode_LDADD = lib/libegg-internal.la $(LIBCAP_LIBS)
fuzz_replay_eggasm_SOURCES = fuzz/replay.c fuzz/fuzz-eggasm.c $(EGGASM_CORE_SOURCES)
fuzz_replay_eggasm_CPPFLAGS = $(EGGASM_CPPFLAGS) -I$(top_srcdir)/tools/eggasm
fuzz_replay_eggasm_LDADD = lib/libegg.la
EXTRA_DIST += fuzz/corpus fuzz/corpus-check.sh
