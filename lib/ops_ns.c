/* SPDX-License-Identifier: MIT */
/* Isolation: namespaces, root directory, host name.  Raw system calls. */
#include <errno.h>

#include "operand.h"
#include "ops.h"
#include "syscall.h"

/* The child has its own files and fs structs (vfork shares neither) and
 * is a single thread, which is what unshare(2) asks of a caller for
 * CLONE_NEWUSER; CLONE_VM itself cannot be unshared, and needs not be. */
int egg__op_unshare(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys1(SYS_unshare, arg[0].u));
}

int egg__op_chroot(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys1(SYS_chroot, arg[0].str.ptr));
}

int egg__op_sethostname(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys2(SYS_sethostname, arg[0].str.ptr, arg[0].str.len));
}

int egg__check_sethostname(const union egg_value *arg)
{
	return arg[0].str.len <= EGG__HOSTNAME_MAX ? 0 : -EINVAL;
}
