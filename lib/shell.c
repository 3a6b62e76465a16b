/* SPDX-License-Identifier: MIT */
/*
 * /bin/sh -c command under two eggs, for egg_popen() and egg_system():
 * the library's own setup first (pipe ends, signals), then the caller's,
 * which sees the child as the setup left it.  The two run as one egg, so
 * the child runs one interpreter pass; faults are told about the
 * caller's part alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "shell.h"
#include "syscall.h"

#define SHELL "/bin/sh"

int egg__shell_check(const void *code, size_t len, struct egg_fault *fault)
{
	size_t bad = 0;

	*fault = (struct egg_fault){ 0 };
	if ((!code && len) || egg_validate(code, len, &bad)) {
		*fault = (struct egg_fault){
			.error = EINVAL, .offset = bad,
			.stage = code || !len ? EGG_STAGE_VALIDATE : EGG_STAGE_ARGS,
		};
		return EINVAL;
	}
	return 0;
}

/* The combined egg's fault, made the caller's: a failed setup op is the
 * library's failure to make the child it wanted. */
static void fault_to_callers(struct egg_fault *f, const struct egg *setup)
{
	size_t n = egg_count(setup), size = egg_size(setup);

	if (f->stage != EGG_STAGE_OP && f->stage != EGG_STAGE_EXEC)
		return;
	if (f->index < n) {
		*f = (struct egg_fault){ .error = f->error, .stage = EGG_STAGE_CHILD };
		return;
	}
	f->index -= n;
	f->offset -= size;
}

int egg__shell_spawn(struct egg__shell *sh, const char *command, const struct egg *setup,
		     const void *code, size_t len, struct egg_fault *fault)
{
	char *const argv[] = { "sh", "-c", (char *)command, NULL };
	size_t size = egg_size(setup);
	uint8_t *both;
	int err;

	both = malloc(size + len + 1);
	if (!both) {
		*fault = (struct egg_fault){ .error = ENOMEM, .stage = EGG_STAGE_CHILD };
		return ENOMEM;
	}
	memcpy(both, egg_data(setup), size);
	if (len)
		memcpy(both + size, code, len);
	sh->pidfd = -1;
	/* A keeper: another thread's wait(-1) can neither reap our child
	 * nor see it, nor get a SIGCHLD for it.  Where the memory is copied
	 * (valgrind) there is none: a plain child and its pidfd, then. */
	err = egg_spawnx(&sh->pid, &sh->pidfd, AT_FDCWD, SHELL, both, size + len, argv, NULL,
			 EGG_SPAWN_NOSIGCHLD, fault);
	if (err == ENOTSUP && fault->stage == EGG_STAGE_ARGS)
		err = egg_spawnx(&sh->pid, &sh->pidfd, AT_FDCWD, SHELL, both, size + len, argv,
				 NULL, 0, fault);
	/* No clone3, so no pidfd: the pid, then. */
	if (err == ENOSYS && fault->stage == EGG_STAGE_CHILD)
		err = egg_spawnx(&sh->pid, NULL, AT_FDCWD, SHELL, both, size + len, argv,
				 NULL, 0, fault);
	free(both);
	if (err)
		fault_to_callers(fault, setup);
	return err;
}

static int status_of(const siginfo_t *si)
{
	switch (si->si_code) {
	case CLD_EXITED:
		return (si->si_status & 0xff) << 8;
	case CLD_DUMPED:
		return si->si_status | 0x80;
	default:
		return si->si_status;
	}
}

int egg__shell_wait(struct egg__shell *sh)
{
	siginfo_t si;
	int status;
	long r;

	if (sh->pidfd < 0) {
		do
			r = egg__sys4(SYS_wait4, sh->pid, &status, __WALL, 0);
		while (r == -EINTR);
		return r < 0 ? (int)r : status;
	}
	do {
		memset(&si, 0, sizeof(si));
		r = egg__sys5(SYS_waitid, P_PIDFD, sh->pidfd, &si, WEXITED | __WALL, 0);
	} while (r == -EINTR);
	egg__sys1(SYS_close, sh->pidfd);
	sh->pidfd = -1;
	return r < 0 ? (int)r : status_of(&si);
}
