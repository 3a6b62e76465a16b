/* SPDX-License-Identifier: MIT */
/*
 * The builder: a growing buffer of encoded instructions.  Every append goes
 * through egg_append(), which checks operands with the same code as the
 * validator, so a builder can only make valid eggs.  A failed call leaves
 * the egg as it was.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
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

/*
 * An operand may point into the egg itself: an instruction decoded from it
 * (egg_decode), or a path taken from egg_data().  When reserve() moves the
 * buffer, such pointers dangle.  So before it, note where each one points
 * (its offset in the buffer), and after it, point a copy of the
 * instruction there.
 */
enum slot { SLOT_STR, SLOT_ENC, SLOT_ITEMS, SLOTS };

struct inside {
	unsigned int mask;			/* bit SLOTS * operand + slot */
	size_t at[EGG_MAX_OPERANDS][SLOTS];	/* offsets in the buffer */
};
_Static_assert(SLOTS * EGG_MAX_OPERANDS <= 32, "struct inside's mask is too small");

static void note_inside(const void *p, const struct egg *egg, unsigned int i,
			enum slot slot, struct inside *in)
{
	uintptr_t at = (uintptr_t)p - (uintptr_t)egg->buf;

	if (p && egg->buf && at < egg->len) {
		in->mask |= 1u << (SLOTS * i + slot);
		in->at[i][slot] = (size_t)at;
	}
}

static void operands_inside(const struct egg__op *op, const struct egg_insn *insn,
			    const struct egg *egg, struct inside *in)
{
	unsigned int i;

	in->mask = 0;
	for (i = 0; i < op->noperands; i++) {
		enum egg_operand_type t = (enum egg_operand_type)op->type[i];
		const union egg_value *v = &insn->operand[i];

		if (egg__operand_is_string(t)) {
			note_inside(v->str.ptr, egg, i, SLOT_STR, in);
		} else if (egg__operand_is_list(t)) {
			note_inside(v->list.enc, egg, i, SLOT_ENC, in);
			note_inside(v->list.items, egg, i, SLOT_ITEMS, in);
		}
	}
}

static int is_inside(const struct inside *in, unsigned int i, enum slot slot)
{
	return (in->mask >> (SLOTS * i + slot)) & 1;
}

static const struct egg_insn *operands_moved(const struct egg_insn *insn,
					     const struct inside *in,
					     const struct egg *egg, struct egg_insn *copy)
{
	const uint8_t *buf = egg->buf;
	unsigned int i;

	*copy = *insn;
	for (i = 0; i < EGG_MAX_OPERANDS; i++) {
		union egg_value *v = &copy->operand[i];

		if (is_inside(in, i, SLOT_STR))
			v->str.ptr = (const char *)buf + in->at[i][SLOT_STR];
		if (is_inside(in, i, SLOT_ENC))
			v->list.enc = buf + in->at[i][SLOT_ENC];
		if (is_inside(in, i, SLOT_ITEMS))
			v->list.items = (const uint32_t *)(const void *)
					(buf + in->at[i][SLOT_ITEMS]);
	}
	return copy;
}

EGG_EXPORT int egg_append(struct egg *egg, const struct egg_insn *insn)
{
	const struct egg__op *op;
	struct egg_insn moved;
	struct inside in;
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
	operands_inside(op, insn, egg, &in);
	err = reserve(egg, size);
	if (err)
		return err;
	if (in.mask)
		insn = operands_moved(insn, &in, egg, &moved);
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
