/* SPDX-License-Identifier: MIT */
/*
 * posix_spawn's file actions where they differ from the plain ops: what
 * addclose and addopen do in glibc's child, step for step, so that an egg
 * made from a posix_spawn call behaves as the call would.  Raw system
 * calls only.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>

#include "operand.h"
#include "ops.h"
#include "syscall.h"

/* POSIX's range for an fd: below RLIMIT_NOFILE's soft limit, which may be
 * lower now than when the action was added. */
static int fd_in_range(unsigned int fd)
{
	uint64_t rl[2];

	if (egg__sys4(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, rl) < 0)
		return 1;
	return rl[0] == RLIM_INFINITY || fd < rl[0];
}

/* A close that fails (the fd was not open) is no error, unless the fd is
 * out of range. */
int egg__op_fa_close(const union egg_value *arg, const struct egg__ctx *ctx)
{
	long r = egg__sys1(SYS_close, arg[0].u);

	if (r < 0 && !fd_in_range((unsigned int)arg[0].u))
		return (int)r;
	return 0;
}

/* The target is closed first, so that an open at the fd limit or of a
 * device that can be open only once still works; then the file is moved
 * there with dup2, which leaves it without FD_CLOEXEC whatever the flags. */
int egg__op_fa_open(const union egg_value *arg, const struct egg__ctx *ctx)
{
	int fd = (int)arg[0].u;
	long r, d;

	egg__sys1(SYS_close, fd);
	r = egg__sys4(SYS_openat, AT_FDCWD, arg[1].str.ptr,
		      egg__oflags_to_native(arg[2].u), arg[3].u);
	if (r < 0 || r == fd)
		return egg__zero_or_err(r);
	d = egg__sys3(SYS_dup3, r, fd, 0);
	if (d < 0)
		return (int)d;
	return egg__zero_or_err(egg__sys1(SYS_close, r));
}
