/* SPDX-License-Identifier: MIT */
/*
 * The builder: a growing buffer of encoded instructions.  Every append goes
 * through egg_append(), which checks operands with the same code as the
 * validator, so a builder can only make valid eggs.  A failed call leaves
 * the egg as it was.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "leb128.h"
#include "operand.h"
#include "optable.h"

struct egg {
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t count;
};

EGG_EXPORT struct egg *egg_new(void)
{
	return calloc(1, sizeof(struct egg));
}

EGG_EXPORT void egg_free(struct egg *egg)
{
	if (!egg)
		return;
	free(egg->buf);
	free(egg);
}

EGG_EXPORT int egg_reset(struct egg *egg)
{
	if (!egg)
		return EINVAL;
	egg->len = 0;
	egg->count = 0;
	return 0;
}

EGG_EXPORT const void *egg_data(const struct egg *egg)
{
	return egg ? egg->buf : NULL;
}

EGG_EXPORT size_t egg_size(const struct egg *egg)
{
	return egg ? egg->len : 0;
}

EGG_EXPORT size_t egg_count(const struct egg *egg)
{
	return egg ? egg->count : 0;
}

static int reserve(struct egg *egg, size_t more)
{
	size_t cap;
	uint8_t *buf;
	int saved_errno;

	if (more <= egg->cap - egg->len)
		return 0;
	if (more > SIZE_MAX / 2 - egg->len)
		return ENOMEM;
	cap = egg->cap ? egg->cap : 64;
	while (cap - egg->len < more)
		cap *= 2;
	saved_errno = errno;	/* realloc may set it; we report, not errno */
	buf = realloc(egg->buf, cap);
	errno = saved_errno;
	if (!buf)
		return ENOMEM;
	egg->buf = buf;
	egg->cap = cap;
	return 0;
}

EGG_EXPORT int egg_append(struct egg *egg, const struct egg_insn *insn)
{
	const struct egg__op *op;
	size_t size, n;
	unsigned int i;
	int err;

	if (!egg || !insn)
		return EINVAL;
	op = egg__op_get(insn->opcode);
	if (!op || insn->noperands != op->noperands)
		return EINVAL;
	size = egg__uleb_size(insn->opcode);
	for (i = 0; i < op->noperands; i++) {
		enum egg_operand_type t = (enum egg_operand_type)op->type[i];

		err = egg__operand_check(t, &insn->operand[i]);
		if (err)
			return -err;
		size += egg__operand_size(t, &insn->operand[i]);
	}
	if (op->check && op->check(insn->operand))
		return EINVAL;
	err = reserve(egg, size);
	if (err)
		return err;
	n = egg__uleb_put(egg->buf + egg->len, insn->opcode);
	for (i = 0; i < op->noperands; i++)
		n += egg__operand_write((enum egg_operand_type)op->type[i],
					&insn->operand[i], egg->buf + egg->len + n);
	egg->len += n;
	egg->count++;
	return 0;
}

/* The typed builder calls: each fills an egg_insn and appends it. */

static int append_u(struct egg *egg, unsigned int opcode, unsigned int n,
		    uint64_t a, uint64_t b, uint64_t c)
{
	struct egg_insn insn = { .opcode = opcode, .noperands = n };

	insn.operand[0].u = a;
	insn.operand[1].u = b;
	insn.operand[2].u = c;
	return egg_append(egg, &insn);
}

static int fd_ok(int fd)
{
	return fd >= 0;
}

static int path_operand(const char *path, union egg_value *v)
{
	if (!path)
		return EINVAL;
	v->str.ptr = path;
	v->str.len = strlen(path);
	return v->str.len > EGG__PATH_MAX ? ENAMETOOLONG : 0;
}

static uint64_t sigset_bits(const sigset_t *set)
{
	uint64_t bits = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sigismember(set, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

EGG_EXPORT int egg_setsid(struct egg *egg)
{
	return append_u(egg, EGG_OP_SETSID, 0, 0, 0, 0);
}

EGG_EXPORT int egg_setpgid(struct egg *egg, pid_t pgid)
{
	if (pgid < 0)
		return EINVAL;
	return append_u(egg, EGG_OP_SETPGID, 1, (uint64_t)pgid, 0, 0);
}

EGG_EXPORT int egg_open(struct egg *egg, int fd, const char *path, int oflag,
			mode_t mode)
{
	struct egg_insn insn = { .opcode = EGG_OP_OPEN, .noperands = 4 };
	uint64_t flags;
	int err;

	if (!fd_ok(fd) || egg__oflags_to_egg(oflag, &flags))
		return EINVAL;
	err = path_operand(path, &insn.operand[1]);
	if (err)
		return err;
	insn.operand[0].u = (uint64_t)fd;
	insn.operand[2].u = flags;
	insn.operand[3].u = mode;
	return egg_append(egg, &insn);
}

EGG_EXPORT int egg_dup2(struct egg *egg, int oldfd, int newfd)
{
	if (!fd_ok(oldfd) || !fd_ok(newfd))
		return EINVAL;
	return append_u(egg, EGG_OP_DUP2, 2, (uint64_t)oldfd, (uint64_t)newfd, 0);
}

EGG_EXPORT int egg_close_range(struct egg *egg, unsigned int first,
			       unsigned int last, unsigned int flags)
{
	return append_u(egg, EGG_OP_CLOSE_RANGE, 3, first, last, flags);
}

EGG_EXPORT int egg_setrlimit(struct egg *egg, int resource, const struct rlimit *rl)
{
	if (resource < 0 || !rl)
		return EINVAL;
	return append_u(egg, EGG_OP_SETRLIMIT, 3, (uint64_t)resource,
			(uint64_t)rl->rlim_cur, (uint64_t)rl->rlim_max);
}

EGG_EXPORT int egg_close(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_CLOSE, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_chdir(struct egg *egg, const char *path)
{
	struct egg_insn insn = { .opcode = EGG_OP_CHDIR, .noperands = 1 };
	int err = path_operand(path, &insn.operand[0]);

	return err ? err : egg_append(egg, &insn);
}

EGG_EXPORT int egg_fchdir(struct egg *egg, int fd)
{
	if (!fd_ok(fd))
		return EINVAL;
	return append_u(egg, EGG_OP_FCHDIR, 1, (uint64_t)fd, 0, 0);
}

EGG_EXPORT int egg_umask(struct egg *egg, mode_t mask)
{
	return append_u(egg, EGG_OP_UMASK, 1, mask, 0, 0);
}

EGG_EXPORT int egg_sigmask(struct egg *egg, const sigset_t *set)
{
	if (!set)
		return EINVAL;
	return append_u(egg, EGG_OP_SIGMASK, 1, sigset_bits(set), 0, 0);
}

EGG_EXPORT int egg_sigdefault(struct egg *egg, const sigset_t *set)
{
	if (!set)
		return EINVAL;
	return append_u(egg, EGG_OP_SIGDEFAULT, 1, sigset_bits(set), 0, 0);
}
