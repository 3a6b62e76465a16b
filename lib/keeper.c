/* SPDX-License-Identifier: MIT */
/*
 * The keeper of EGG_SPAWN_NOSIGCHLD.  The kernel sets a process's exit
 * signal back to SIGCHLD when it execs, so a program cloned with exit
 * signal 0 is seen by its parent's wait(-1) again from its exec on.  The
 * caller's child is therefore the keeper, which never execs: made with
 * exit signal 0, it starts the program as its own child (vfork-style, on
 * the program's stack, running egg__achild_main), lets go of every fd,
 * then waits and ends as the program ended, so that waitpid(keeper, __WALL)
 * gives the program's status.  Signals sent to it by a process are passed
 * on (a sigqueue() one with its value); the kernel's own (a terminal's
 * SIGINT to the process group) are not: the program, in the same group,
 * gets its own.
 *
 * It shares the caller's memory and thread pointer: raw system calls only,
 * no errno, no allocation, no lock.  Every signal stays blocked, as the
 * parent left it around the clone; they are taken with rt_sigtimedwait.
 */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "aspawn.h"
#include "ops.h"
#include "optable.h"
#include "syscall.h"

static __attribute__((noreturn)) void keeper_exit(int code)
{
	for (;;)
		egg__sys1(SYS_exit_group, code);
}

/* The signals whose default action dumps core. */
#define CORE_SIGNALS                                                            \
	((1ULL << (SIGQUIT - 1)) | (1ULL << (SIGILL - 1)) | (1ULL << (SIGTRAP - 1)) | \
	 (1ULL << (SIGABRT - 1)) | (1ULL << (SIGBUS - 1)) | (1ULL << (SIGFPE - 1)) |  \
	 (1ULL << (SIGSEGV - 1)) | (1ULL << (SIGXCPU - 1)) | (1ULL << (SIGXFSZ - 1)) | \
	 (1ULL << (SIGSYS - 1)))

/*
 * Dies by sig, as the program did.  Never with a core dump: the dump of a
 * process that shares the caller's memory would hold the caller's memory;
 * so the core flag of the status is lost.  Where the kernel would stop the
 * caller too for such a dump, whatever RLIMIT_CORE says (before 5.16), a
 * signal that dumps core is told as the shells tell it: exit 128 + sig.
 */
static __attribute__((noreturn)) void keeper_die_by(const struct egg__keeper *k, int sig)
{
	egg__ksigset one = 1ULL << (sig - 1);
	uint64_t no_core[2] = { 0, 0 };
	long pid = egg__sys0(SYS_getpid);

	if ((one & CORE_SIGNALS) && !k->core_by_signal)
		keeper_exit(128 + sig);
	egg__sys4(SYS_prlimit64, 0, RLIMIT_CORE, no_core, 0);
	egg__sig_set_default(one);
	egg__sys4(SYS_rt_sigprocmask, SIG_UNBLOCK, &one, 0, sizeof(one));
	egg__sys3(SYS_tgkill, pid, egg__sys0(SYS_gettid), sig);
	/* A signal whose default is not to end a process cannot have ended
	 * the program; so this is not reached. */
	keeper_exit(128 + sig);
}

/* The program's end, if it has come: the keeper then ends the same way. */
static void keeper_mirror_end(const struct egg__keeper *k, long pid)
{
	siginfo_t si;

	__builtin_memset(&si, 0, sizeof(si));
	if (egg__sys5(SYS_waitid, P_PID, pid, &si, WEXITED | WNOHANG, 0) < 0 || !si.si_pid)
		return;
	if (si.si_code == CLD_EXITED)
		keeper_exit(si.si_status);
	keeper_die_by(k, si.si_status);
}

/* Sent by a process (kill, sigqueue, tgkill, pidfd_send_signal), rather
 * than by the kernel. */
static int sent_by_process(const siginfo_t *si)
{
	return si->si_code == SI_USER || si->si_code == SI_QUEUE || si->si_code == SI_TKILL;
}

/* As it came: a sigqueue() value and its sender's pid go on with it. */
static void keeper_forward(long pid, long sig, siginfo_t *si)
{
	if (si->si_code == SI_QUEUE &&
	    egg__sys3(SYS_rt_sigqueueinfo, pid, sig, si) == 0)
		return;
	egg__sys2(SYS_kill, pid, sig);
}

static __attribute__((noreturn)) void keeper_wait(const struct egg__keeper *k, long pid)
{
	egg__ksigset all = EGG__KSIGSET_FULL;
	siginfo_t si;
	long sig;

	for (;;) {
		keeper_mirror_end(k, pid);
		sig = egg__sys4(SYS_rt_sigtimedwait, &all, &si, 0, sizeof(all));
		if (sig > 0 && sent_by_process(&si))
			keeper_forward(pid, sig, &si);
	}
}

/* The keeper holds a copy of the caller's fd table: a pipe end in it
 * would keep another child's reader from its end of file. */
static void keeper_close_fds(void)
{
	const union egg_value all[3] = { { .u = 0 }, { .u = ~0U }, { .u = 0 } };
	const struct egg__ctx ctx = { .report_fd = -1 };

	egg__op_close_range(all, &ctx);
}

int egg__keeper_main(void *arg)
{
	struct egg__keeper *k = arg;
	struct egg__achild *a = k->achild;
	struct egg_fault fault = { 0 };
	long pid;

	/* Also where clone3 set it: without clone3 this is the only way. */
	egg__sys1(SYS_set_tid_address, &k->tid);
	if (!a->cleared)
		egg__sig_reset_handlers();
	a->cleared = 1;
	/* A SIGCHLD ignored (or SA_NOCLDWAIT) would make the kernel reap the
	 * program at once, and keeper_wait() would wait for ever.  The
	 * program gets the caller's SIG_IGN back (lib/aspawn_child.c). */
	a->chld_ignored = egg__sig_ignored(SIGCHLD);
	egg__sig_set_default(1ULL << (SIGCHLD - 1));
	a->parent_pid = (int)egg__sys0(SYS_getpid);
	/* The program's stack ends where its block starts (lib/aspawn.c). */
	pid = egg__aclone(SYS_clone, CLONE_VM | CLONE_VFORK | SIGCHLD, (long)a, egg__achild_main,
			  a);
	if (pid < 0) {
		fault = (struct egg_fault){ .error = (int)-pid, .stage = EGG_STAGE_CHILD };
		return egg__achild_fail(a, &fault);
	}
	/* The program has executed or exited: its block is the parent's
	 * again once our copy of the pipe is closed. */
	keeper_close_fds();
	keeper_wait(k, pid);
}
