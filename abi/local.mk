# The ABI against the baseline of the last release, abi/libegg.abi
# (tools/abi.sh; HACKING, The ABI).  Both need a shared libegg built with -g.
EXTRA_DIST += abi/libegg.abi tools/abi.sh
ABI_ENV = top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)'

.PHONY: abi-check abi-baseline
abi-check: lib/libegg.la
	@$(ABI_ENV) $(SHELL) $(top_srcdir)/tools/abi.sh check

# At a release, after the version node and -version-info: the new baseline.
abi-baseline: lib/libegg.la
	@$(ABI_ENV) $(SHELL) $(top_srcdir)/tools/abi.sh baseline
