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
#include "posixspawn.h"

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
	/* An empty egg has no buffer yet, but callers pass what we return
	 * to memcpy() and friends with its size: never NULL for an egg. */
	static const uint8_t empty[1];

	if (!egg)
		return NULL;
	return egg->buf ? egg->buf : empty;
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

void egg__truncate(struct egg *egg, size_t len, size_t count)
{
	if (len <= egg->len) {
		egg->len = len;
		egg->count = count;
	}
}
