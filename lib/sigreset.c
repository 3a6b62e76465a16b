/* SPDX-License-Identifier: MIT */
/* Signal dispositions in the child, with raw system calls only. */
#include <errno.h>
#include <signal.h>

#include "internal.h"
#include "syscall.h"

/* The kernel's struct sigaction, the same on x86_64 and aarch64. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	egg__ksigset mask;
};

#define KNSIG 64

static int sig_set(int sig, void (*handler)(int))
{
	struct ksigaction act = { .handler = handler };

	return (int)egg__sys4(SYS_rt_sigaction, sig, &act, 0, sizeof(egg__ksigset));
}

static int sig_default(int sig)
{
	return sig_set(sig, SIG_DFL);
}

/* The fallback where clone3 cannot clear handlers: one look per signal, and
 * a reset for each one the parent catches.  Ignored signals stay ignored,
 * as across execve. */
int egg__sig_reset_handlers(void)
{
	struct ksigaction old;
	int sig;

	for (sig = 1; sig <= KNSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (egg__sys4(SYS_rt_sigaction, sig, 0, &old, sizeof(egg__ksigset)) < 0)
			continue;
		if (old.handler == SIG_DFL || old.handler == SIG_IGN)
			continue;
		sig_default(sig);
	}
	return 0;
}

/* Every signal in set to handler.  SIGKILL and SIGSTOP are always default,
 * so they are skipped rather than failed. */
static int sig_set_all(egg__ksigset set, void (*handler)(int))
{
	int sig, r;

	for (sig = 1; sig <= KNSIG; sig++) {
		if (!(set & (1ULL << (sig - 1))) || sig == SIGKILL || sig == SIGSTOP)
			continue;
		r = sig_set(sig, handler);
		if (r < 0)
			return r;
	}
	return 0;
}

int egg__sig_set_default(egg__ksigset set)
{
	return sig_set_all(set, SIG_DFL);
}

int egg__sig_set_ignore(egg__ksigset set)
{
	return sig_set_all(set, SIG_IGN);
}

int egg__sig_ignored(int sig)
{
	struct ksigaction old;

	if (egg__sys4(SYS_rt_sigaction, sig, 0, &old, sizeof(egg__ksigset)) < 0)
		return 0;
	return old.handler == SIG_IGN;
}
