/* SPDX-License-Identifier: MIT */
/* Ops on the process itself.  Child side: raw system calls only. */
#include <errno.h>

#include "ops.h"
#include "syscall.h"

int egg__op_setsid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys0(SYS_setsid));
}

int egg__op_setpgid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys2(SYS_setpgid, 0, arg[0].u));
}

struct krlimit64 {
	uint64_t cur;
	uint64_t max;
};

/* EGG_RLIM_KEEP takes that limit from the child's current ones: a stored
 * egg can set the soft limit without knowing the hard one, which an
 * unprivileged user cannot raise. */
int egg__op_setrlimit(const union egg_value *arg, const struct egg__ctx *ctx)
{
	struct krlimit64 rl = { arg[1].u, arg[2].u }, now;
	long r;

	if (rl.cur == EGG_RLIM_KEEP || rl.max == EGG_RLIM_KEEP) {
		r = egg__sys4(SYS_prlimit64, 0, arg[0].u, 0, &now);
		if (r < 0)
			return (int)r;
		if (rl.cur == EGG_RLIM_KEEP)
			rl.cur = now.cur;
		if (rl.max == EGG_RLIM_KEEP)
			rl.max = now.max;
	}
	return egg__zero_or_err(egg__sys4(SYS_prlimit64, 0, arg[0].u, &rl, 0));
}

/* The kernel refuses a soft limit above the hard one; say so before any
 * process exists rather than after.  A kept limit is known only then. */
int egg__check_setrlimit(const union egg_value *arg)
{
	if (arg[1].u == EGG_RLIM_KEEP || arg[2].u == EGG_RLIM_KEEP)
		return 0;
	return arg[1].u <= arg[2].u ? 0 : -EINVAL;
}

int egg__op_umask(const union egg_value *arg, const struct egg__ctx *ctx)
{
	egg__sys1(SYS_umask, arg[0].u);
	return 0;
}
