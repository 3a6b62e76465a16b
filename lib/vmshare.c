/* SPDX-License-Identifier: MIT */
/*
 * The one-time check behind egg__vm_shared(): a clone(CLONE_VM |
 * CLONE_VFORK) child stores a token, and the parent, resumed once the
 * child is gone, looks for it.  Where vfork is emulated with fork (valgrind,
 * qemu-user), the token lands in the child's copy and the parent never
 * sees it.
 *
 * Threads may race on the first call: each probes with its own token and
 * stack, all find the same answer, and storing it twice is harmless, so no
 * lock (none that a fork()ed child could inherit held) is needed.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "syscall.h"
#include "vmshare.h"

int egg__vm_sharing;

/* Runs in the probe child, on probe_stack: one store, then glibc's clone
 * makes the exit system call. */
static int store_token(void *token)
{
	*(volatile int *)token = 1;
	return 0;
}

int egg__vm_probe(void)
{
	/* Enough for glibc's (or musl's) clone trampoline and one store. */
	char probe_stack[1024] __attribute__((aligned(16)));
	egg__ksigset full = EGG__KSIGSET_FULL, old;
	volatile int token = 0;
	int saved_errno = errno;
	long pid;

	/* No handler may run in a child that shares our memory. */
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &full, &old, sizeof(full));
	/* No exit signal, so the caller's SIGCHLD handler has nothing to
	 * see; but qemu-user makes a fork only of a child that has one. */
	pid = clone(store_token, probe_stack + sizeof(probe_stack),
		    CLONE_VM | CLONE_VFORK, (void *)&token);
	if (pid < 0 && errno == EINVAL)
		pid = clone(store_token, probe_stack + sizeof(probe_stack),
			    CLONE_VM | CLONE_VFORK | SIGCHLD, (void *)&token);
	if (pid > 0)
		egg__reap(pid);
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &old, 0, sizeof(old));
	errno = saved_errno;
	/* No child at all (RLIMIT_NPROC, a seccomp filter): nothing learnt.
	 * Let sfork try, and report its own error. */
	if (pid <= 0)
		return 1;
	__atomic_store_n(&egg__vm_sharing, token ? EGG__VM_SHARED : EGG__VM_COPIED,
			 __ATOMIC_RELAXED);
	return token;
}
