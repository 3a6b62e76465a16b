/* SPDX-License-Identifier: MIT */
/*
 * The fdmap op: for every i below the list's length at once, fd i becomes
 * what fds[i] was before the op.  A parallel move, in three passes:
 *
 *  1. every source is checked open, so a bad map changes nothing;
 *  2. each source below its target (one that pass 3 will have overwritten
 *     by the time it is read) is copied to a scratch fd;
 *  3. targets are written in ascending order, from the scratch copy or
 *     straight from a source that pass 3 has not reached yet.
 *
 * The scratch fds are a run of free fds above every source and target, so
 * the k-th copy is at base + k and nothing needs storing: the op keeps a
 * few words on the caller's stack whatever the map's length.  Raw system
 * calls only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>

#include "ops.h"
#include "syscall.h"

struct fdmap {
	const uint32_t *src;	/* fds[i], or EGG_FDMAP_CLOSE */
	size_t n;
};

/* Whether pass 3 will have overwritten src before it writes target i. */
static int overwritten_first(size_t i, uint32_t src)
{
	return src != EGG_FDMAP_CLOSE && src < i;
}

/* Pass 1: every source open.  *top is one past every source and target. */
static int check_sources(const struct fdmap *m, uint64_t *top, unsigned int *copies)
{
	uint32_t src;
	size_t i;
	long r;

	*top = m->n;
	*copies = 0;
	for (i = 0; i < m->n; i++) {
		src = m->src[i];
		if (src == EGG_FDMAP_CLOSE)
			continue;
		r = egg__sys2(SYS_fcntl, src, F_GETFD);
		if (r < 0)
			return (int)r;
		if (src >= *top)
			*top = src + 1;
		*copies += overwritten_first(i, src);
	}
	return 0;
}

/* The lowest base at or above start with base .. base + count - 1 all
 * closed.  Each fd is looked at once; fds past the table are closed, so
 * the search ends. */
static int free_run(uint64_t start, unsigned int count, unsigned int *base)
{
	uint64_t fd = start, run = 0;

	while (run < count) {
		if (fd + count - run > INT_MAX)
			return -EMFILE;
		run = egg__sys2(SYS_fcntl, fd, F_GETFD) == -EBADF ? run + 1 : 0;
		fd++;
	}
	*base = (unsigned int)(fd - count);
	return 0;
}

static void close_run(unsigned int base, unsigned int count)
{
	unsigned int k;

	for (k = 0; k < count; k++)
		egg__sys1(SYS_close, base + k);
}

/* Pass 2.  F_DUPFD_CLOEXEC, not dup3, so that a fd another thread opened
 * meanwhile (egg_exec() runs in the caller's process) is never replaced:
 * the copy then lands elsewhere and the op fails with EBUSY. */
static int copy_sources(const struct fdmap *m, unsigned int base)
{
	unsigned int k = 0;
	uint32_t src;
	size_t i;
	long r;

	for (i = 0; i < m->n; i++) {
		src = m->src[i];
		if (!overwritten_first(i, src))
			continue;
		r = egg__sys3(SYS_fcntl, src, F_DUPFD_CLOEXEC, base + k);
		if (r >= 0 && r != base + k) {
			egg__sys1(SYS_close, r);
			r = -EBUSY;
		}
		if (r < 0) {
			close_run(base, k);
			/* F_DUPFD's EINVAL: base + k is past RLIMIT_NOFILE. */
			return r == -EINVAL ? -EMFILE : (int)r;
		}
		k++;
	}
	return 0;
}

static int keep_in_place(unsigned int fd)
{
	long fl = egg__sys2(SYS_fcntl, fd, F_GETFD);

	if (fl < 0)
		return (int)fl;
	return egg__zero_or_err(egg__sys3(SYS_fcntl, fd, F_SETFD, fl & ~FD_CLOEXEC));
}

/* Pass 3.  dup3 with no flags: every target is passed on by exec. */
static int place_targets(const struct fdmap *m, unsigned int base)
{
	unsigned int k = 0;
	uint32_t src;
	size_t i;
	int err;

	for (i = 0; i < m->n; i++) {
		src = m->src[i];
		if (src == EGG_FDMAP_CLOSE) {
			egg__sys1(SYS_close, i);	/* closed already is fine */
			continue;
		}
		if (src == i)
			err = keep_in_place((unsigned int)i);
		else if (overwritten_first(i, src))
			err = egg__zero_or_err(egg__sys3(SYS_dup3, base + k++, i, 0));
		else
			err = egg__zero_or_err(egg__sys3(SYS_dup3, src, i, 0));
		if (err)
			return err;
	}
	return 0;
}

int egg__op_fdmap(const union egg_value *arg, const struct egg__ctx *ctx)
{
	struct fdmap m = { .src = arg[0].list.items, .n = arg[0].list.count };
	unsigned int copies, base = 0;
	uint64_t top;
	int err;

	err = check_sources(&m, &top, &copies);
	if (err)
		return err;
	if (copies) {
		err = free_run(top, copies, &base);
		if (!err)
			err = copy_sources(&m, base);
		if (err)
			return err;
	}
	err = place_targets(&m, base);
	close_run(base, copies);
	return err;
}
