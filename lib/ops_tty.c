/* SPDX-License-Identifier: MIT */
/*
 * Terminals.  tcsetpgrp from a background process group raises SIGTTOU,
 * which would stop the child; it cannot here, because the child runs with
 * every signal blocked, and the kernel allows the call then.
 */
#include <sys/ioctl.h>

#include "ops.h"
#include "syscall.h"

int egg__op_setctty(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__zero_or_err(egg__sys3(SYS_ioctl, arg[0].u, TIOCSCTTY, 0));
}

int egg__op_tcsetpgrp(const union egg_value *arg, const struct egg__ctx *ctx)
{
	int pgrp = (int)egg__sys1(SYS_getpgid, 0);

	return egg__zero_or_err(egg__sys3(SYS_ioctl, arg[0].u, TIOCSPGRP, &pgrp));
}
