/* SPDX-License-Identifier: MIT */
/* Ops on the child's fd table (a copy of the parent's: vfork does not share
 * it).  Raw system calls only. */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/resource.h>

#include "operand.h"
#include "ops.h"
#include "spawn_fork.h"
#include "syscall.h"

/* On the fork path the child holds the pipe it reports on (lib/spawn_fork.c).
 * The egg must not see it: an op on it fails as on an fd that is not open,
 * an op that puts a file at its number moves it first, and a range leaves
 * it out.  Closed early, it would make the parent take the child for dead
 * (or, once the egg has run, its exec for done). */
static int is_report_fd(unsigned long fd)
{
	return egg__fork_report_fd >= 0 && fd == (unsigned int)egg__fork_report_fd;
}

static int report_fd_move_from(unsigned long fd)
{
	long r;

	if (!is_report_fd(fd))
		return 0;
	r = egg__sys3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 0);
	if (r < 0)
		return (int)r;
	egg__sys1(SYS_close, fd);
	egg__fork_report_fd = (int)r;
	return 0;
}

static int cloexec_set(unsigned int fd, int on)
{
	long fl;

	if (is_report_fd(fd))
		return -EBADF;
	fl = egg__sys2(SYS_fcntl, fd, F_GETFD);
	if (fl < 0)
		return (int)fl;
	fl = on ? fl | FD_CLOEXEC : fl & ~FD_CLOEXEC;
	return egg__zero_or_err(egg__sys3(SYS_fcntl, fd, F_SETFD, fl));
}

/* As posix_spawn_file_actions_addopen(): open, then move the file to fd if
 * it landed elsewhere.  The move keeps O_CLOEXEC if it was asked for. */
int egg__op_open(const union egg_value *arg, const struct egg__ctx *ctx)
{
	int fd = (int)arg[0].u;
	int flags = egg__oflags_to_native(arg[2].u);
	long r, d;

	r = report_fd_move_from((unsigned int)fd);
	if (r < 0)
		return (int)r;
	r = egg__sys4(SYS_openat, AT_FDCWD, arg[1].str.ptr, flags, arg[3].u);
	if (r < 0 || r == fd)
		return egg__zero_or_err(r);
	d = egg__sys3(SYS_dup3, r, fd, flags & O_CLOEXEC);
	egg__sys1(SYS_close, r);
	return egg__zero_or_err(d);
}

/* dup2(fd, fd) would do nothing; posix_spawn (and so do we) clears
 * FD_CLOEXEC instead, the one way to pass such an fd on. */
int egg__op_dup2(const union egg_value *arg, const struct egg__ctx *ctx)
{
	int err;

	if (is_report_fd(arg[0].u))
		return -EBADF;
	err = report_fd_move_from(arg[1].u);
	if (err)
		return err;
	if (arg[0].u != arg[1].u)
		return egg__zero_or_err(egg__sys3(SYS_dup3, arg[0].u, arg[1].u, 0));
	return cloexec_set((unsigned int)arg[0].u, 0);
}

int egg__op_close(const union egg_value *arg, const struct egg__ctx *ctx)
{
	if (is_report_fd(arg[0].u))
		return -EBADF;
	return egg__zero_or_err(egg__sys1(SYS_close, arg[0].u));
}

int egg__check_close_range(const union egg_value *arg)
{
	return arg[0].u <= arg[1].u ? 0 : -EINVAL;
}

static long fd_range_one(unsigned int fd, unsigned int flags)
{
	if (flags & CLOSE_RANGE_CLOEXEC)
		return egg__sys3(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	return egg__sys1(SYS_close, fd);
}

struct kdirent64 {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static unsigned int parse_fd(const char *s, int *ok)
{
	unsigned long v = 0;

	*ok = *s != '\0';
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0x7fffffff) {
			*ok = 0;
			return 0;
		}
		v = v * 10 + (unsigned long)(*s - '0');
	}
	return (unsigned int)v;
}

/* Before Linux 5.9: the open fds are listed in /proc/self/fd, read with a
 * buffer on the stack.  Closing entries while reading is safe there: the
 * directory is walked by fd number. */
static int fd_range_proc(unsigned int first, unsigned int last, unsigned int flags)
{
	char buf[1024] __attribute__((aligned(8)));
	long dir, n, pos;
	int ok;

	dir = egg__sys4(SYS_openat, AT_FDCWD, "/proc/self/fd",
			O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (dir < 0)
		return (int)dir;
	while ((n = egg__sys3(SYS_getdents64, dir, buf, sizeof(buf))) > 0) {
		for (pos = 0; pos < n;) {
			struct kdirent64 *d = (struct kdirent64 *)(buf + pos);
			unsigned int fd = parse_fd(d->name, &ok);

			pos += d->reclen;
			if (ok && fd != dir && fd >= first && fd <= last)
				fd_range_one(fd, flags);
		}
	}
	egg__sys1(SYS_close, dir);
	return n < 0 ? (int)n : 0;
}

/* Without /proc either: every fd below the larger RLIMIT_NOFILE value (an
 * fd opened before a limit was lowered can sit above the soft one), and
 * never past the kernel's default fs.nr_open.  Slow, but it misses only
 * fds above a lowered hard limit. */
#define NR_OPEN_DEFAULT (1u << 20)

static int fd_range_loop(unsigned int first, unsigned int last, unsigned int flags)
{
	uint64_t rl[2], bound;
	unsigned int fd;
	long r;

	r = egg__sys4(SYS_prlimit64, 0, RLIMIT_NOFILE, 0, rl);
	if (r < 0)
		return (int)r;
	bound = rl[0] > rl[1] ? rl[0] : rl[1];
	if (bound > NR_OPEN_DEFAULT)
		bound = NR_OPEN_DEFAULT;
	if (!bound || first >= bound)
		return 0;
	if (bound - 1 < last)
		last = (unsigned int)(bound - 1);
	for (fd = first; fd <= last; fd++) {
		fd_range_one(fd, flags);
		if (fd == ~0U)
			break;
	}
	return 0;
}

/* CLOSE_RANGE_UNSHARE asks for a private fd table: the child already has
 * one, so the fallbacks can ignore it. */
static int fd_range_all(unsigned int first, unsigned int last, unsigned int flags)
{
	long r = -ENOSYS;

	if (!(egg__hook_enosys & EGG__HOOK_NO_CLOSE_RANGE))
		r = egg__sys3(SYS_close_range, first, last, flags);
	if (r != -ENOSYS && !(r == -EINVAL && (flags & CLOSE_RANGE_CLOEXEC)))
		return egg__zero_or_err(r);
	/* Linux 5.9 and 5.10 know close_range but not CLOSE_RANGE_CLOEXEC. */
	if (fd_range_proc(first, last, flags) == 0)
		return 0;
	return fd_range_loop(first, last, flags);
}

static int fd_range(unsigned int first, unsigned int last, unsigned int flags)
{
	unsigned int fd = (unsigned int)egg__fork_report_fd;
	int err = 0;

	if (egg__fork_report_fd < 0 || fd < first || fd > last)
		return fd_range_all(first, last, flags);
	if (fd > first)
		err = fd_range_all(first, fd - 1, flags);
	if (!err && fd < last)
		err = fd_range_all(fd + 1, last, flags);
	return err;
}

/* fd_range() around the fd egg_aspawn()'s child reports through: an egg
 * that closes "everything" must not end that report early. */
static int fd_range_but(unsigned int first, unsigned int last, unsigned int flags,
			const struct egg__ctx *ctx)
{
	unsigned int keep = (unsigned int)ctx->report_fd;
	int err;

	if (ctx->report_fd < 0 || keep < first || keep > last)
		return fd_range(first, last, flags);
	if (keep > first) {
		err = fd_range(first, keep - 1, flags);
		if (err)
			return err;
	}
	return keep < last ? fd_range(keep + 1, last, flags) : 0;
}

int egg__op_close_range(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return fd_range_but((unsigned int)arg[0].u, (unsigned int)arg[1].u,
			    (unsigned int)arg[2].u, ctx);
}

/* Close every fd but the listed ones (ascending, as validated): one
 * close_range per gap. */
int egg__op_keep(const union egg_value *arg, const struct egg__ctx *ctx)
{
	unsigned int next = 0, fd;
	size_t i;
	int err;

	for (i = 0; i < arg[0].list.count; i++) {
		fd = arg[0].list.items[i];
		if (fd > next) {
			err = fd_range_but(next, fd - 1, 0, ctx);
			if (err)
				return err;
		}
		next = fd + 1;
	}
	return fd_range_but(next, ~0U, 0, ctx);
}

int egg__op_cloexec(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return cloexec_set((unsigned int)arg[0].u, (int)arg[1].u);
}

/* dup3(2) refuses oldfd == newfd; here that means "set the flag". */
int egg__op_dup3(const union egg_value *arg, const struct egg__ctx *ctx)
{
	int err;

	if (is_report_fd(arg[0].u))
		return -EBADF;
	err = report_fd_move_from(arg[1].u);
	if (err)
		return err;
	if (arg[0].u == arg[1].u)
		return cloexec_set((unsigned int)arg[0].u, (int)arg[2].u);
	return egg__zero_or_err(egg__sys3(SYS_dup3, arg[0].u, arg[1].u,
				     arg[2].u ? O_CLOEXEC : 0));
}
