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
#include "syscall.h"

extern char **environ;

#define EXEC_FLAGS (EGG_SPAWN_SEARCH | EGG_SPAWN_EMPTY_PATH)

struct exec_req {
	int dirfd;
	const char *path;
	int at_flags;		/* AT_EMPTY_PATH or 0 */
	const char *search;	/* PATH for EGG_SPAWN_SEARCH, else NULL */
	char *const *argv;
	char *const *envp;
};

/* Raw, as in the child: the kernel's mask, all 64 signals, exactly. */
static void mask_set(egg__ksigset set, egg__ksigset *old)
{
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &set, old, sizeof(set));
}

static int exec_here(int dirfd, const char *path, char *const argv[], char *const envp[],
		     int flags)
{
	return (int)egg__sys5(SYS_execveat, dirfd, path, argv, envp, flags);
}

static int exec_program(const struct exec_req *r)
{
	if (r->search)
		return egg__exec_search_with(exec_here, r->path, r->argv, r->envp, r->search);
	return exec_here(r->dirfd, r->path, r->argv, r->envp, r->at_flags);
}

/*
 * Every signal is blocked while the ops run, as in an sfork child: no
 * handler sees the process half changed.  The exec gets the caller's
 * mask, or the egg's sigmask; signals that arrived meanwhile stay pending
 * for the new program.  Returns only on failure, with the caller's mask
 * back.
 */
static int run_and_exec(const struct exec_req *r, const uint8_t *code, size_t len,
			struct egg_fault *fault)
{
	egg__ksigset caller, exec_mask;
	struct egg__ctx ctx = { .exec_mask = &exec_mask };
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
		err = exec_program(r);
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

static int check_exec_args(const char *path, const void *code, size_t len,
			   char *const argv[], unsigned int flags)
{
	if (!path || !argv || (!code && len))
		return EINVAL;
	/* NOSIGCHLD is about a child, and there is none: refused rather
	 * than ignored, as a caller who passes it expects something. */
	if (flags & ~EXEC_FLAGS || (flags & EXEC_FLAGS) == EXEC_FLAGS)
		return EINVAL;
	return 0;
}

EGG_EXPORT int egg_exec(int dirfd, const char *path, const void *code, size_t len,
			char *const argv[], char *const envp[], unsigned int flags,
			struct egg_fault *fault)
{
	struct exec_req r = {
		.dirfd = dirfd, .path = path, .argv = argv, .envp = envp ? envp : environ,
		.at_flags = flags & EGG_SPAWN_EMPTY_PATH ? AT_EMPTY_PATH : 0,
	};
	struct egg_fault local;
	size_t bad = 0;
	uint8_t *copy;
	int err;

	if (!fault)
		fault = &local;
	err = check_exec_args(path, code, len, argv, flags);
	if (err)
		return fail_args(fault, err);
	if (flags & EGG_SPAWN_SEARCH) {
		r.search = getenv("PATH");
		if (!r.search)
			r.search = EGG__DEFAULT_PATH;
	}
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
	err = run_and_exec(&r, copy, len, fault);
	free(copy);
	return err;
}
