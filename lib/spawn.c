/* SPDX-License-Identifier: MIT */
/*
 * egg_spawnx() and its wrappers egg_spawn(), egg_spawnp(), egg_fspawn() and
 * egg_pidfd_spawn(): validate in the parent, then sfork, run the egg in the
 * child and exec.  Whatever fails, the child is reaped
 * before we return, so the caller never sees a half-made process.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <sfork.h>

#include "internal.h"
#include "interp.h"
#include "optable.h"
#include "spawn.h"
#include "syscall.h"

extern char **environ;

/* Used where PATH is unset, as glibc does. */
#define DEFAULT_PATH "/bin:/usr/bin"

struct spawn_req {
	int dirfd;		/* with file and flags, as for execveat(2) */
	const char *file;
	int flags;
	const uint8_t *code;
	size_t len;
	char *const *argv;
	char *const *envp;
	const char *path;	/* PATH for a search, or NULL for none */
	int *pidfd;		/* wanted, or NULL */
	int parent_pid;		/* for pdeathsig, read before the clone */
};

static void reap(pid_t pid)
{
	long r;

	do
		r = egg__sys4(SYS_wait4, pid, 0, __WALL, 0);
	while (r == -EINTR);
}

/* The child half: returns only on failure, with -errno and *fault set. */
static int child_run(const struct spawn_req *r, struct egg_fault *fault)
{
	struct egg__ctx ctx = { .parent_pid = r->parent_pid, .report_fd = -1 };
	size_t count;
	int err;

	err = egg__interp_ctx(r->code, r->len, fault, &ctx);
	if (err) {
		fault->stage = EGG_STAGE_OP;
		return err;
	}
	count = fault->index;
	if (r->path)
		err = egg__exec_search(r->file, r->argv, r->envp, r->path);
	else
		err = sfork_execveat(r->dirfd, r->file, r->argv, r->envp, r->flags);
	/* Success returned the pid, in the parent; we are still the child. */
	if (err > 0)
		return err;
	*fault = (struct egg_fault){
		.index = count, .error = -err, .offset = r->len, .stage = EGG_STAGE_EXEC,
	};
	return err;
}

/* Returns 0 and the child's pid, or a positive errno with *fault set. */
static int spawn(const struct spawn_req *r, pid_t *pid, struct egg_fault *fault)
{
	int ret;

	*fault = (struct egg_fault){ 0 };
	ret = r->pidfd ? sfork_pidfd(r->pidfd) : sfork();
	if (ret < 0) {
		/* No child, or one that died before it could exec
		 * (-EOWNERDEAD): sfork has reaped it. */
		fault->error = -ret;
		fault->stage = ret == -EOWNERDEAD ? EGG_STAGE_DIED : EGG_STAGE_CHILD;
		return -ret;
	}
	/* Now in the child; child_run comes back in the parent only on
	 * success, with the pid. */
	ret = child_run(r, fault);
	if (ret > 0) {
		*pid = ret;
		return 0;
	}
	ret = sfork_exit(127);
	/* The parent, with the fault the child recorded. */
	reap(ret);
	if (r->pidfd) {
		egg__sys1(SYS_close, *r->pidfd);
		*r->pidfd = -1;
	}
	return fault->error;
}

static int check_args(const char *file, const void *code, size_t len,
		      char *const argv[], struct egg_fault *fault)
{
	size_t bad = 0;

	if (!file || !argv || (!code && len)) {
		fault->error = EINVAL;
		fault->stage = EGG_STAGE_ARGS;
		return EINVAL;
	}
	if (egg__validate(code, len, &bad) < 0) {
		fault->offset = bad;
		fault->error = EINVAL;
		fault->stage = EGG_STAGE_VALIDATE;
		return EINVAL;
	}
	return 0;
}

static int args_error(struct egg_fault *fault, int err)
{
	*fault = (struct egg_fault){ .error = err, .stage = EGG_STAGE_ARGS };
	return err;
}

int egg__spawn_target(struct egg__target *t, int dirfd, const char *path,
		      unsigned int flags)
{
	if (flags & ~EGG__SPAWN_FLAGS)
		return EINVAL;
	/* A child made with exit signal 0 is hidden from wait(-1) only until
	 * it execs: the kernel then makes it report with SIGCHLD like any
	 * other (tests/egg-spawnx shows it).  No clone flag keeps an exec'd
	 * program from its parent's waitpid(-1), so say so rather than
	 * promise it. */
	if (flags & ~EGG__SPAWN_FLAGS_DONE)
		return ENOTSUP;
	*t = (struct egg__target){ .dirfd = dirfd, .file = path };
	if (flags & EGG_SPAWN_SEARCH) {
		/* Names with a slash are relative to the working directory,
		 * as for execvp: a dirfd would be silently ignored. */
		if ((flags & EGG_SPAWN_EMPTY_PATH) || dirfd != AT_FDCWD)
			return EINVAL;
		t->path = getenv("PATH");
		if (!t->path)
			t->path = DEFAULT_PATH;
	}
	if (flags & EGG_SPAWN_EMPTY_PATH) {
		if (dirfd < 0)
			return EBADF;
		if (path && *path)
			return EINVAL;
		t->file = "";
		t->flags = AT_EMPTY_PATH;
	}
	return 0;
}

/* Fills in how r execs the program, from egg_spawnx()'s flags. */
static int req_target(struct spawn_req *r, int dirfd, const char *path,
		      unsigned int flags)
{
	struct egg__target t;
	int err = egg__spawn_target(&t, dirfd, path, flags);

	if (err)
		return err;
	r->dirfd = t.dirfd;
	r->file = t.file;
	r->flags = t.flags;
	r->path = t.path;
	return 0;
}

EGG_EXPORT int egg_spawnx(pid_t *pid, int *pidfd, int dirfd, const char *path,
			  const void *code, size_t len, char *const argv[],
			  char *const envp[], unsigned int flags, struct egg_fault *fault)
{
	struct spawn_req r = { .code = code, .len = len, .argv = argv, .envp = envp };
	struct egg_fault local;
	int fd = -1, err;
	pid_t p = 0;

	if (!fault)
		fault = &local;
	*fault = (struct egg_fault){ 0 };
	err = req_target(&r, dirfd, path, flags);
	if (err)
		return args_error(fault, err);
	err = check_args(r.file, r.code, r.len, r.argv, fault);
	if (err)
		return err;
	/* Read the environment here, not in the child, which must not rely
	 * on anything the parent's other threads may change. */
	if (!r.envp)
		r.envp = environ;
	if (pidfd)
		r.pidfd = &fd;
	r.parent_pid = (int)egg__sys0(SYS_getpid);
	err = spawn(&r, &p, fault);
	if (err)
		return err;
	if (pid)
		*pid = p;
	if (pidfd)
		*pidfd = fd;
	return 0;
}

EGG_EXPORT int egg_spawn(pid_t *pid, const char *path, const void *code, size_t len,
			 char *const argv[], char *const envp[], struct egg_fault *fault)
{
	return egg_spawnx(pid, NULL, AT_FDCWD, path, code, len, argv, envp, 0, fault);
}

/* Exec the file open at fd: the caller can check what it opened (owner,
 * hash, ...) and run exactly that, with no window for a rename. */
EGG_EXPORT int egg_fspawn(pid_t *pid, int fd, const void *code, size_t len,
			  char *const argv[], char *const envp[], struct egg_fault *fault)
{
	return egg_spawnx(pid, NULL, fd, "", code, len, argv, envp,
			  EGG_SPAWN_EMPTY_PATH, fault);
}

EGG_EXPORT int egg_spawnp(pid_t *pid, const char *file, const void *code, size_t len,
			  char *const argv[], char *const envp[], struct egg_fault *fault)
{
	return egg_spawnx(pid, NULL, AT_FDCWD, file, code, len, argv, envp,
			  EGG_SPAWN_SEARCH, fault);
}

EGG_EXPORT int egg_pidfd_spawn(int *pidfd, const char *path, const void *code,
			       size_t len, char *const argv[], char *const envp[],
			       struct egg_fault *fault)
{
	struct egg_fault local;

	if (!pidfd)
		return args_error(fault ? fault : &local, EINVAL);
	return egg_spawnx(NULL, pidfd, AT_FDCWD, path, code, len, argv, envp, 0, fault);
}
