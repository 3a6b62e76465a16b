/* SPDX-License-Identifier: MIT */
/* Ops on the process itself.  Child side: raw system calls only. */
#include <errno.h>

#include "ops.h"
#include "syscall.h"

int egg__op_setsid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return zero_or_err(egg__sys0(SYS_setsid));
}

int egg__op_setpgid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return zero_or_err(egg__sys2(SYS_setpgid, 0, arg[0].u));
}

struct krlimit64 {
	uint64_t cur;
	uint64_t max;
};

int egg__op_setrlimit(const union egg_value *arg, const struct egg__ctx *ctx)
{
	struct krlimit64 rl = { arg[1].u, arg[2].u };

	return zero_or_err(egg__sys4(SYS_prlimit64, 0, arg[0].u, &rl, 0));
}

/* The kernel refuses a soft limit above the hard one; say so before any
 * process exists rather than after. */
int egg__check_setrlimit(const union egg_value *arg)
{
	return arg[1].u <= arg[2].u ? 0 : -EINVAL;
}

int egg__op_umask(const union egg_value *arg, const struct egg__ctx *ctx)
{
	egg__sys1(SYS_umask, arg[0].u);
	return 0;
}
