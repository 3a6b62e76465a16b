/* SPDX-License-Identifier: MIT */
/*
 * egg_exec(): the egg run in the calling process, then an exec in place,
 * as setsid(1), prlimit(1) or setpriv(1) each do for one aspect.  Nothing
 * is forked: the interpreter and the ops are those of an sfork child, on
 * a private copy of the egg, validated before anything is changed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interp.h"
#include "optable.h"
#include "spawn_target.h"
#include "syscall.h"

extern char **environ;

/* Raw, as in the child: the kernel's mask, all 64 signals, exactly. */
static void mask_set(egg__ksigset set, egg__ksigset *old)
{
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &set, old, sizeof(set));
}

static int exec_here(void *cookie, int dirfd, const char *path, char *const argv[],
		     char *const envp[], int flags)
{
	return (int)egg__sys5(SYS_execveat, dirfd, path, argv, envp, flags);
}

static int exec_program(const struct egg__target *t, char *const argv[], char *const envp[])
{
	if (t->path)
		return egg__exec_search_with(t->file, argv, envp, t->path, exec_here, NULL);
	return exec_here(NULL, t->dirfd, t->file, argv, envp, t->flags);
}

/*
 * Every signal is blocked while the ops run, as in an sfork child: no
 * handler sees the process half changed.  The exec gets the caller's
 * mask, or the egg's sigmask; signals that arrived meanwhile stay pending
 * for the new program.  Returns only on failure, with the caller's mask
 * back.
 */
static int run_and_exec(const struct egg__target *t, const uint8_t *code, size_t len,
			char *const argv[], char *const envp[], struct egg_fault *fault)
{
	egg__ksigset caller, exec_mask;
	struct egg__ctx ctx = { .report_fd = -1, .exec_mask = &exec_mask };
	size_t count;
	int err;

	ctx.parent_pid = (int)egg__sys0(SYS_getppid);
	mask_set(EGG__KSIGSET_FULL, &caller);
	exec_mask = caller;
	err = egg__interp_ctx(code, len, fault, &ctx);
	if (err) {
		fault->stage = EGG_STAGE_OP;
	} else {
		count = fault->index;
		mask_set(exec_mask, NULL);
		err = exec_program(t, argv, envp);
		*fault = (struct egg_fault){
			.index = count, .error = -err, .offset = len, .stage = EGG_STAGE_EXEC,
		};
	}
	mask_set(caller, NULL);
	return -err;
}

static int fail_args(struct egg_fault *fault, int err)
{
	*fault = (struct egg_fault){ .error = err, .stage = EGG_STAGE_ARGS };
	return err;
}

/* 0, or a positive errno.  NOSIGCHLD is about a child, and there is none:
 * refused rather than ignored, as a caller who passes it expects
 * something. */
static int exec_target(struct egg__target *t, int dirfd, const char *path,
		       const void *code, size_t len, char *const argv[], unsigned int flags)
{
	if ((!path && !(flags & EGG_SPAWN_EMPTY_PATH)) || !argv || (!code && len) ||
	    (flags & EGG_SPAWN_NOSIGCHLD))
		return EINVAL;
	return egg__spawn_target(t, dirfd, path, flags);
}

EGG_EXPORT int egg_exec(int dirfd, const char *path, const void *code, size_t len,
			char *const argv[], char *const envp[], unsigned int flags,
			struct egg_fault *fault)
{
	struct egg__target t;
	struct egg_fault local;
	size_t bad = 0;
	uint8_t *copy;
	int err;

	if (!fault)
		fault = &local;
	err = exec_target(&t, dirfd, path, code, len, argv, flags);
	if (err)
		return fail_args(fault, err);
	/* A copy, so that another thread cannot change the egg between
	 * its validation and its run. */
	copy = malloc(len ? len : 1);
	if (!copy)
		return fail_args(fault, ENOMEM);
	if (len)
		memcpy(copy, code, len);
	if (egg__validate(copy, len, &bad) < 0) {
		*fault = (struct egg_fault){
			.error = EINVAL, .offset = bad, .stage = EGG_STAGE_VALIDATE,
		};
		free(copy);
		return EINVAL;
	}
	err = run_and_exec(&t, copy, len, argv, envp ? envp : environ, fault);
	free(copy);
	return err;
}
