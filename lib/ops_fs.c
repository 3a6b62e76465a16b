/* SPDX-License-Identifier: MIT */
/* Ops on the child's view of the file system.  Raw system calls only. */
#include "ops.h"
#include "syscall.h"

int egg__op_chdir(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys1(SYS_chdir, arg[0].str.ptr));
}

int egg__op_fchdir(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys1(SYS_fchdir, arg[0].u));
}
