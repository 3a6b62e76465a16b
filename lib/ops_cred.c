/* SPDX-License-Identifier: MIT */
/*
 * Credentials.  Raw system calls only: on Linux they change the calling
 * thread alone, which here is the whole child.  glibc's wrappers would
 * instead signal every thread of the parent to change it too.
 */
#include <errno.h>
#include <sys/types.h>

#include "ops.h"
#include "syscall.h"

/* The interpreter's items are the kernel's gid_t array as they are. */
_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "a gid is 32 bits");

int egg__op_setgroups(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys2(SYS_setgroups, arg[0].list.count,
					  arg[0].list.items));
}

int egg__op_setgid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys1(SYS_setgid, arg[0].u));
}

/* 0xffffffff is (gid_t)-1: leave that id as it is. */
int egg__op_setresgid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys3(SYS_setresgid, (gid_t)arg[0].u, (gid_t)arg[1].u,
				     (gid_t)arg[2].u));
}

int egg__op_setuid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys1(SYS_setuid, arg[0].u));
}

int egg__op_setresuid(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys3(SYS_setresuid, (uid_t)arg[0].u, (uid_t)arg[1].u,
				     (uid_t)arg[2].u));
}
