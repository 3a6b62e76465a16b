/* SPDX-License-Identifier: MIT */
/*
 * The child of egg_aspawn().  It shares the caller's memory and, through
 * the thread pointer, the TLS of a thread that keeps running: so, like the
 * sfork child, raw system calls only, no errno, no allocation, no lock,
 * and not even a write to TLS.  Every signal is blocked, as the parent
 * left it, until the exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>

#include "aspawn.h"
#include "interp.h"
#include "ops.h"
#include "optable.h"
#include "syscall.h"

static void sigmask_set(egg__ksigset set)
{
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &set, 0, sizeof(set));
}

/* One write: the record is far below PIPE_BUF, so it arrives whole. */
static void report(int fd, const void *rec, size_t n)
{
	long r;

	do
		r = egg__sys3(SYS_write, fd, rec, n);
	while (r == -EINTR);
}

int egg__achild_fail(const struct egg__achild *a, const struct egg_fault *fault)
{
	struct egg__afault rec;

	/* Padding included: the whole record goes through the pipe. */
	__builtin_memset(&rec, 0, sizeof(rec));
	rec.tag = EGG__AREC_FAULT;
	rec.fault = *fault;
	report(a->report_fd, &rec, sizeof(rec));
	return 127;
}

/* The program's mask for the exec only: if it fails, block all again, so
 * the search goes on (or the child exits) with no signal delivered. */
static int exec_masked(void *cookie, int dirfd, const char *file, char *const argv[],
		       char *const envp[], int flags)
{
	const struct egg__achild *a = cookie;
	long r;

	sigmask_set(a->exec_mask);
	r = egg__sys5(SYS_execveat, dirfd, file, argv, envp, flags);
	sigmask_set(EGG__KSIGSET_FULL);
	return (int)r;
}

/* Out of the egg's way: to a number above every fd it names, so that no
 * dup2 or open onto a number replaces it (close_range and keep skip it
 * through ctx.report_fd). */
static int report_fd_move(struct egg__achild *a)
{
	long fd;

	if (a->report_fd >= a->fd_floor)
		return 0;
	fd = egg__sys3(SYS_fcntl, a->report_fd, F_DUPFD_CLOEXEC, a->fd_floor);
	if (fd < 0)
		return (int)fd;
	egg__sys1(SYS_close, a->report_fd);
	a->report_fd = (int)fd;
	return 0;
}

/* Before the first exec: in the shared block, which the parent reads once
 * the pipe says the child is done with it; on the pipe, for a copy. */
static void exec_mark(struct egg__achild *a)
{
	static const unsigned char rec = EGG__AREC_EXEC;

	if (a->shared)
		__atomic_store_n(&a->exec_started, 1, __ATOMIC_RELEASE);
	else
		report(a->report_fd, &rec, 1);
}

/* A keeper's child dies with it (SIGKILL to the keeper cannot be passed
 * on): armed before the egg, and again after it, since an op that changes
 * ids clears it, unless the egg chose its own. */
static int keeper_bond(struct egg__achild *a, int before_egg)
{
	int err;

	if (!a->keeper || (!before_egg && a->egg_pdeathsig))
		return 0;
	if (before_egg) {
		__atomic_store_n(&a->program_pid, (int)egg__sys0(SYS_getpid),
				 __ATOMIC_RELEASE);
		/* What the keeper had to reset for itself. */
		if (a->chld_ignored) {
			err = egg__sig_set_ignore(1ULL << (SIGCHLD - 1));
			if (err)
				return err;
		}
	}
	return egg__pdeathsig_arm(SIGKILL, a->parent_pid);
}

int egg__achild_main(void *arg)
{
	struct egg__achild *a = arg;
	egg__ksigset exec_mask = a->exec_mask;
	struct egg__ctx ctx = { .parent_pid = a->parent_pid, .exec_mask = &exec_mask };
	struct egg_fault fault = { 0 };
	size_t count;
	int err;

	if (!a->cleared)
		egg__sig_reset_handlers();
	err = keeper_bond(a, 1);
	if (!err)
		err = report_fd_move(a);
	if (err) {
		fault = (struct egg_fault){ .error = -err, .stage = EGG_STAGE_CHILD };
		return egg__achild_fail(a, &fault);
	}
	ctx.report_fd = a->report_fd;
	err = egg__interp_ctx(a->code, a->len, &fault, &ctx);
	if (err) {
		fault.stage = EGG_STAGE_OP;
		return egg__achild_fail(a, &fault);
	}
	count = fault.index;
	err = keeper_bond(a, 0);
	if (err) {
		fault = (struct egg_fault){ .index = count, .error = -err, .offset = a->len,
					    .stage = EGG_STAGE_EXEC };
		return egg__achild_fail(a, &fault);
	}
	a->exec_mask = exec_mask;
	exec_mark(a);
	if (a->path)
		err = egg__exec_search_with(a->file, a->argv, a->envp, a->path,
					    exec_masked, a);
	else
		err = exec_masked(a, a->dirfd, a->file, a->argv, a->envp, a->flags);
	fault = (struct egg_fault){
		.index = count, .error = -err, .offset = a->len, .stage = EGG_STAGE_EXEC,
	};
	return egg__achild_fail(a, &fault);
}
