/* SPDX-License-Identifier: MIT */
/*
 * The fork path of egg_spawn(), for where vfork is fork (valgrind,
 * qemu-user): what the child writes to memory stays in its copy, so it
 * reports over a close-on-exec pipe instead, as musl's and CPython's spawns
 * do.  The child writes one record (a struct egg_fault) when the egg has
 * run and another if the exec then fails; the parent reads until EOF, which
 * comes when the exec succeeded or the child died:
 *
 *   EOF, no record         the child died before its exec (EOWNERDEAD)
 *   last record: no stage  the exec succeeded
 *   last record: a stage   the egg or the exec failed; reaped
 *
 * Signals as on the sfork path: all blocked across the clone, the child
 * runs on a copy of the sfork frame, so sfork_execveat() resets the
 * handlers and installs the caller's (or the egg's) mask for the exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "sfork_frame.h"
#include "spawn_fork.h"
#include "syscall.h"

int egg__fork_report_fd = -1;

/* A child on a copy of this process: clone3 where it can, which resets
 * the child's handlers and makes the pidfd, else clone as fork.  Returns
 * the pid, 0 in the child, or -errno; *cleared says if the kernel reset
 * the handlers. */
static long fork_child(int *pidfd, int *cleared)
{
	struct clone_args ca;
	long r;

	while (egg__clone3_usable()) {
		*cleared = egg__clear_sighand_usable();
		ca = (struct clone_args){ .exit_signal = SIGCHLD };
		if (*cleared)
			ca.flags |= CLONE_CLEAR_SIGHAND;
		if (pidfd) {
			ca.flags |= CLONE_PIDFD;
			ca.pidfd = (unsigned long)pidfd;
		}
		r = egg__sys2(SYS_clone3, &ca, CLONE_ARGS_SIZE_VER0);
		if (r >= 0 || !egg__clone3_learn(r, *cleared))
			return r;
	}
	/* As sfork_pidfd(): no pidfd without clone3. */
	if (pidfd)
		return -ENOSYS;
	*cleared = 0;
	return egg__sys5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}

static void report(const struct egg_fault *fault)
{
	long r;

	/* Smaller than PIPE_BUF: written whole, or not at all. */
	do
		r = egg__sys3(SYS_write, egg__fork_report_fd, fault, sizeof(*fault));
	while (r == -EINTR);
}

void egg__fork_ready(size_t count)
{
	if (egg__fork_report_fd >= 0)
		report(&(struct egg_fault){ .index = count });
}

/* The child: raw system calls only, as in an sfork child (the other
 * threads' locks are copied held). */
static __attribute__((noreturn)) void child_main(egg__spawn_child_fn *run, const void *req,
						 struct egg__sfork_frame *f, int cleared,
						 const int pipefd[2])
{
	struct egg_fault fault = { 0 };

	f->cleared = cleared;
	egg__sys1(SYS_close, pipefd[0]);
	egg__fork_report_fd = pipefd[1];
	run(req, &fault);
	report(&fault);
	for (;;)
		egg__sys1(SYS_exit_group, 127);
}

/* Reads the child's records until EOF; the last one is the outcome. */
static int read_outcome(int fd, struct egg_fault *fault)
{
	struct egg_fault rec[2];
	size_t got = 0;
	long r;

	for (;;) {
		r = egg__sys3(SYS_read, fd, (char *)rec + got, sizeof(rec) - got);
		if (r == -EINTR)
			continue;
		if (r <= 0 || (got += (size_t)r) == sizeof(rec))
			break;
	}
	if (got < sizeof(rec[0]) || got % sizeof(rec[0])) {
		*fault = (struct egg_fault){ .error = EOWNERDEAD, .stage = EGG_STAGE_DIED };
		return -EOWNERDEAD;
	}
	*fault = rec[got / sizeof(rec[0]) - 1];
	return -fault->error;
}

static int no_child(struct egg_fault *fault, long err)
{
	*fault = (struct egg_fault){ .error = (int)-err, .stage = EGG_STAGE_CHILD };
	return (int)err;
}

int egg__spawn_fork(egg__spawn_child_fn *run, const void *req, int *pidfd,
		    pid_t *pid, struct egg_fault *fault)
{
	struct egg__sfork_frame *f;
	int pipefd[2], cleared = 0, err;
	long r, child;

	r = egg__sys2(SYS_pipe2, pipefd, O_CLOEXEC);
	if (r < 0)
		return no_child(fault, r);
	r = egg__sfork_enter_copy();
	if (r < 0) {
		egg__sys1(SYS_close, pipefd[0]);
		egg__sys1(SYS_close, pipefd[1]);
		return no_child(fault, r);
	}
	f = (struct egg__sfork_frame *)r;
	child = fork_child(pidfd, &cleared);
	if (child == 0)
		child_main(run, req, f, cleared, pipefd);
	egg__sfork_pop(f);
	egg__sys1(SYS_close, pipefd[1]);
	if (child < 0) {
		egg__sys1(SYS_close, pipefd[0]);
		return no_child(fault, child);
	}
	err = read_outcome(pipefd[0], fault);
	egg__sys1(SYS_close, pipefd[0]);
	if (!err) {
		*pid = (pid_t)child;
		return 0;
	}
	egg__reap(child);
	if (pidfd) {
		egg__sys1(SYS_close, *pidfd);
		*pidfd = -1;
	}
	return err;
}
