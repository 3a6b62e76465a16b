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
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <sfork.h>

#include "internal.h"
#include "interp.h"
#include "ops.h"
#include "optable.h"
#include "posixspawn.h"
#include "spawn_target.h"
#include "spawn_fork.h"
#include "syscall.h"
#include "vmshare.h"

extern char **environ;

/* Used where PATH is unset, as glibc does. */
#define DEFAULT_PATH "/bin:/usr/bin"

/* Eggs up to this size are copied to the stack, larger ones to the heap. */
#define STACK_COPY_MAX 4096

struct spawn_req {
	int dirfd;		/* with file and flags, as for execveat(2) */
	const char *file;
	int flags;
	const uint8_t *code;
	size_t len;
	char *const *argv;
	char *const *envp;
	const char *path;	/* PATH for a search, or NULL for none */
	char *const *sh_argv;	/* run /bin/sh so after ENOEXEC, or NULL */
	int *pidfd;		/* wanted, or NULL */
	int parent_pid;		/* for pdeathsig, read before the clone */
	unsigned int fx;	/* what the egg's ops change: EGG__FX_* */
	int pdeathsig;		/* to arm again before the exec, or -1 */
};

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
	if (r->pdeathsig >= 0) {
		err = egg__pdeathsig_arm(r->pdeathsig, r->parent_pid);
		if (err)
			goto exec_failed;
	}
	egg__fork_ready(count);
	if (r->path)
		err = egg__exec_search(r->file, r->argv, r->envp, r->path);
	else
		err = sfork_execveat(r->dirfd, r->file, r->argv, r->envp, r->flags);
	if (err == -ENOEXEC && r->sh_argv)
		err = sfork_execveat(AT_FDCWD, r->sh_argv[0], r->sh_argv, r->envp, 0);
	/* Success returned the pid, in the parent; we are still the child. */
	if (err > 0)
		return err;
exec_failed:
	*fault = (struct egg_fault){
		.index = count, .error = -err, .offset = r->len, .stage = EGG_STAGE_EXEC,
	};
	return err;
}

/* child_run, as the fork path (lib/spawn_fork.c) calls it. */
static int child_run_fork(const void *r, struct egg_fault *fault)
{
	return child_run(r, fault);
}

/* Returns 0 and the child's pid, or a positive errno with *fault set. */
static int spawn_child(const struct spawn_req *r, pid_t *pid, struct egg_fault *fault)
{
	int ret;

	*fault = (struct egg_fault){ 0 };
	if (egg__unlikely(!egg__vm_shared()))
		return -egg__spawn_fork(child_run_fork, r, r->pidfd, pid, fault);
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
	egg__reap(ret);
	if (r->pidfd) {
		egg__sys1(SYS_close, *r->pidfd);
		*r->pidfd = -1;
	}
	return fault->error;
}

/* The child shares our mm, and a change of its ids makes the kernel mark
 * the mm non-dumpable (no core dump, /proc/self owned by root, no ptrace
 * by our own user) for good.  Read before, restored after, when the egg
 * changes ids.  The kernel takes back only 0 and 1 (not 2, "root only"). */
static long dumpable_get(const struct spawn_req *r)
{
	if (!(r->fx & EGG__FX_CREDS))
		return -1;
	return egg__sys5(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
}

static void dumpable_restore(long before)
{
	if (before != 0 && before != 1)
		return;
	if (egg__sys5(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0) != before)
		egg__sys5(SYS_prctl, PR_SET_DUMPABLE, before, 0, 0, 0);
}

static int spawn(const struct spawn_req *r, pid_t *pid, struct egg_fault *fault)
{
	long dumpable = dumpable_get(r);
	int err = spawn_child(r, pid, fault);

	dumpable_restore(dumpable);
	return err;
}

/* The signal of the egg's last pdeathsig op, if an op that changes ids
 * may have cleared it (whatever their order: the last one counts), else
 * -1.  The egg is valid, so decoding cannot fail. */
static int pdeathsig_to_rearm(const uint8_t *code, size_t len, unsigned int fx)
{
	struct egg_insn insn;
	size_t off = 0;
	int sig = -1;

	if ((fx & (EGG__FX_CREDS | EGG__FX_PDEATHSIG)) != (EGG__FX_CREDS | EGG__FX_PDEATHSIG))
		return -1;
	while (off < len && !egg__decode_insn(code, len, &off, &insn))
		if (insn.opcode == EGG_OP_PDEATHSIG)
			sig = (int)insn.operand[0].u;
	return sig;
}

static int check_args(const char *file, const void *code, size_t len,
		      char *const argv[], struct egg_fault *fault)
{
	if (!file || !argv || (!code && len)) {
		fault->error = EINVAL;
		fault->stage = EGG_STAGE_ARGS;
		return EINVAL;
	}
	return 0;
}

/*
 * The egg the child will run: a copy of the caller's, in memory no other
 * thread knows of, taken before validation.  Validating the caller's
 * buffer and then running it would let another thread change a byte in
 * between, and the child would run what nobody validated, on our stack.
 * Small eggs go to small, on the stack; the rest to the heap (here in the
 * parent: the child allocates nothing), for the caller to free.
 */
static uint8_t *code_copy(const void *code, size_t len, uint8_t *small)
{
	uint8_t *copy = small;
	int saved_errno;

	if (len > STACK_COPY_MAX) {
		saved_errno = errno;	/* malloc may set it; we report, not errno */
		copy = malloc(len);
		errno = saved_errno;
		if (!copy)
			return NULL;
	}
	if (len)
		memcpy(copy, code, len);
	return copy;
}

static int check_code(const uint8_t *code, size_t len, unsigned int *fx,
		      struct egg_fault *fault)
{
	size_t bad = 0;

	if (egg__validate_fx(code, len, &bad, fx) < 0) {
		fault->offset = bad;
		fault->error = EINVAL;
		fault->stage = EGG_STAGE_VALIDATE;
		return EINVAL;
	}
	return 0;
}

static int spawn_checked(struct spawn_req *r, pid_t *pid, struct egg_fault *fault)
{
	pid_t p = 0;
	int err;

	err = check_code(r->code, r->len, &r->fx, fault);
	if (err)
		return err;
	r->pdeathsig = pdeathsig_to_rearm(r->code, r->len, r->fx);
	/* Read the environment here, not in the child, which must not rely
	 * on anything the parent's other threads may change. */
	if (!r->envp)
		r->envp = environ;
	r->parent_pid = (int)egg__sys0(SYS_getpid);
	err = spawn(r, &p, fault);
	if (!err && pid)
		*pid = p;
	return err;
}

static int spawn_public(struct spawn_req *r, pid_t *pid, struct egg_fault *fault)
{
	uint8_t small[STACK_COPY_MAX];
	struct egg_fault local;
	uint8_t *copy;
	int err;

	if (!fault)
		fault = &local;
	*fault = (struct egg_fault){ 0 };
	err = check_args(r->file, r->code, r->len, r->argv, fault);
	if (err)
		return err;
	copy = code_copy(r->code, r->len, small);
	if (!copy) {
		fault->error = ENOMEM;
		fault->stage = EGG_STAGE_CHILD;
		return ENOMEM;
	}
	r->code = copy;
	err = spawn_checked(r, pid, fault);
	if (copy != small)
		free(copy);
	return err;
}

static const char *search_path(void)
{
	const char *path = getenv("PATH");

	return path ? path : DEFAULT_PATH;
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
	*t = (struct egg__target){ .dirfd = dirfd, .file = path };
	if (flags & EGG_SPAWN_SEARCH) {
		/* Names with a slash are relative to the working directory,
		 * as for execvp: a dirfd would be silently ignored. */
		if ((flags & EGG_SPAWN_EMPTY_PATH) || dirfd != AT_FDCWD)
			return EINVAL;
		t->path = search_path();
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
	if (flags & EGG_SPAWN_NOSIGCHLD)
		return egg__spawnx_kept(pid, pidfd, dirfd, path, code, len, argv, envp,
					flags, fault);
	err = req_target(&r, dirfd, path, flags);
	if (err)
		return args_error(fault, err);
	if (pidfd)
		r.pidfd = &fd;
	err = spawn_public(&r, &p, fault);
	if (err)
		return err;
	if (pid)
		*pid = p;
	if (pidfd)
		*pidfd = fd;
	return 0;
}

int egg__spawn_posix(pid_t *pid, const char *file, unsigned int how,
		     const struct egg *egg, char *const argv[], char *const sh_argv[],
		     char *const envp[])
{
	struct spawn_req r = {
		.dirfd = AT_FDCWD, .file = file, .code = egg_data(egg), .len = egg_size(egg),
		.argv = argv, .envp = envp, .sh_argv = sh_argv,
	};

	if (how & EGG__PS_SEARCH)
		r.path = search_path();
	return spawn_public(&r, pid, NULL);
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
