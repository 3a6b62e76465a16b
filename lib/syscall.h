/* SPDX-License-Identifier: MIT */
/*
 * The raw system call layer.  Code that runs in an sfork child shares errno,
 * TLS and every lock with the parent thread, so it calls the kernel through
 * these helpers, which return -errno and never touch errno.
 */
#ifndef EGG_SYSCALL_H
#define EGG_SYSCALL_H

#include <errno.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "syscall_arch.h"

#define egg__sys0(n) egg__syscall0(n)
#define egg__sys1(n, a) egg__syscall1(n, (long)(a))
#define egg__sys2(n, a, b) egg__syscall2(n, (long)(a), (long)(b))
#define egg__sys3(n, a, b, c) egg__syscall3(n, (long)(a), (long)(b), (long)(c))
#define egg__sys4(n, a, b, c, d) \
	egg__syscall4(n, (long)(a), (long)(b), (long)(c), (long)(d))
#define egg__sys5(n, a, b, c, d, e) \
	egg__syscall5(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))
#define egg__sys6(n, a, b, c, d, e, f) \
	egg__syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

/* Reaps a child whose pid we hold and nobody else may wait for: a zombie
 * of ours never outlives the call that made it. */
static inline void egg__reap(long pid)
{
	long r;

	do
		r = egg__sys4(SYS_wait4, pid, 0, __WALL, 0);
	while (r == -EINTR);
}

#endif /* EGG_SYSCALL_H */
