# The man pages, and the tests that keep them honest.  One page per group
# of calls.  The other names of a group are not files here: man/aliases.sh
# derives them from the NAME section of its page and installs each as a
# symbolic link to it.

dist_man_MANS += man/libegg.7 man/egg.7 man/libegg-spawn.7
dist_man_MANS += man/sfork.3
dist_man_MANS += man/egg_spawn.3 man/egg_spawnx.3 man/egg_aspawn.3
dist_man_MANS += man/egg_fdmap.3 man/egg_exec.3 man/egg_system.3 man/egg_popen.3
dist_man_MANS += man/egg_new.3
dist_man_MANS += man/egg_posix_spawn.3
dist_man_MANS += man/egg_validate.3
dist_man_MANS += man/egg_version.3

EXTRA_DIST += man/aliases.sh
# The pages are sources, so they are in $(srcdir).
man_aliases = pages=; for p in $(dist_man_MANS); do pages="$$pages $(srcdir)/$$p"; done; \
	$(SHELL) $(srcdir)/man/aliases.sh
install-data-hook: install-man-aliases
uninstall-hook: uninstall-man-aliases
.PHONY: install-man-aliases uninstall-man-aliases
install-man-aliases:
	@$(man_aliases) install '$(DESTDIR)$(man3dir)' $$pages
uninstall-man-aliases:
	@$(man_aliases) uninstall '$(DESTDIR)$(man3dir)' $$pages

# Every page passes mandoc's lint, and every exported function has a page.
TESTS += man/check-lint.sh
EXTRA_DIST += man/check-lint.sh

# The EXAMPLES compile with the flags the library was built with (so with
# -Werror and sanitizers when it was) and run.
TESTS += man/check-examples.sh
EXTRA_DIST += man/check-examples.sh
check_SCRIPTS += man/examples.env
CLEANFILES += man/examples.env
man/examples.env: Makefile
	$(AM_V_GEN)$(MKDIR_P) man && { \
	echo "EXAMPLE_CC='$(CC)'"; \
	echo "EXAMPLE_CPPFLAGS='$(CPPFLAGS)'"; \
	echo "EXAMPLE_CFLAGS='$(CFLAGS) $(WARN_CFLAGS) $(SANITIZER_CFLAGS)'"; \
	echo "EXAMPLE_LDFLAGS='$(LDFLAGS) $(SANITIZER_CFLAGS)'"; \
	} >$@-t && mv -f $@-t $@
