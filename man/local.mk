# The man pages, and the tests that keep them honest.  One page per group
# of calls; every other name of a group is an alias, a symbolic link to its
# page (mandoc calls .so fragile), which installs as a copy.

dist_man_MANS += man/libegg.7 man/egg.7

dist_man_MANS += man/sfork.3 \
	man/sfork_pidfd.3 man/sfork_exit.3 man/sfork_execveat.3

dist_man_MANS += man/egg_spawn.3 \
	man/egg_spawnp.3 man/egg_pidfd_spawn.3 man/egg_fspawn.3

dist_man_MANS += man/egg_spawnx.3

dist_man_MANS += man/egg_aspawn.3 \
	man/egg_child_fd.3 man/egg_child_result.3 man/egg_child_free.3

dist_man_MANS += man/egg_fdmap.3 man/egg_exec.3 man/egg_system.3

dist_man_MANS += man/egg_popen.3 \
	man/egg_pclose.3

dist_man_MANS += man/egg_new.3 \
	man/egg_free.3 man/egg_reset.3 man/egg_data.3 man/egg_size.3 \
	man/egg_count.3 man/egg_append.3 \
	man/egg_setsid.3 man/egg_setpgid.3 man/egg_open.3 man/egg_dup2.3 \
	man/egg_close_range.3 man/egg_setrlimit.3 man/egg_close.3 \
	man/egg_chdir.3 man/egg_fchdir.3 man/egg_umask.3 man/egg_sigmask.3 \
	man/egg_sigdefault.3 man/egg_setgroups.3 man/egg_setgid.3 \
	man/egg_setresgid.3 man/egg_setuid.3 man/egg_setresuid.3 \
	man/egg_capset.3 man/egg_capset_text.3 man/egg_caps_from_text.3 \
	man/egg_ambient_raise.3 man/egg_ambient_clear.3 \
	man/egg_bounding_drop.3 man/egg_keepcaps.3 man/egg_securebits.3 \
	man/egg_no_new_privs.3 man/egg_pdeathsig.3 man/egg_setpriority.3 \
	man/egg_sched_setaffinity.3 man/egg_sched_setscheduler.3 \
	man/egg_setctty.3 man/egg_tcsetpgrp.3 man/egg_dup3.3 \
	man/egg_cloexec.3 man/egg_keep.3 man/egg_unshare.3 man/egg_chroot.3 \
	man/egg_sethostname.3 man/egg_sigignore.3 man/egg_sched_setparam.3 \
	man/egg_fa_close.3 man/egg_fa_open.3

dist_man_MANS += man/egg_posix_spawn.3 \
	man/egg_posix_spawnp.3 man/egg_from_posix_spawn.3 man/libegg-spawn.7

dist_man_MANS += man/egg_validate.3 \
	man/egg_decode.3 man/egg_op_supported.3 man/egg_op_info.3 man/egg_operand_info.3 \
	man/egg_list_item.3

dist_man_MANS += man/egg_version.3 man/egg_version_string.3

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
