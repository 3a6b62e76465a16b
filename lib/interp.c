/* SPDX-License-Identifier: MIT */
/*
 * The interpreter.  It runs in the sfork child, on a private copy of code
 * the parent has already validated, so it does not check what validation
 * checked (ranges, shortest forms, the ops' own rules).  But it stays
 * within bounds whatever the bytes are: an opcode outside the table,
 * a number, string or list that runs past the end or past its maximum
 * fails the instruction with EINVAL; nothing is read outside the code or
 * written outside strbuf and listbuf.  It allocates nothing, takes no lock
 * and leaves errno alone.  Strings are copied to the stack to get their
 * NUL, lists decoded there once, so that an op reads plain items.
 */
#include <errno.h>

#include "interp.h"
#include "leb128.h"
#include "operand.h"
#include "optable.h"

/* Operands of an op copied to the stack, at most: strings to get their
 * NUL, lists decoded.  An op with more fails with EINVAL; none has. */
#define MAX_STRINGS 2
#define MAX_LISTS 1

static int dry_run(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return 0;
}

int egg__interp_dry(const uint8_t *code, size_t len, struct egg_fault *fault)
{
	return egg__interp_ctx(code, len, fault, NULL);
}

/* The op of an opcode, or NULL: outside the table or a hole. */
static const struct egg__op *op_at(uint64_t opcode)
{
	const struct egg__op *op;

	if (egg__unlikely(opcode >= EGG__OPTABLE_SIZE))
		return NULL;
	op = &egg__optable[opcode];
	return egg__likely(op->run != NULL) ? op : NULL;
}

/* A string operand, copied to s with its NUL; *bad if it is longer than
 * a path or runs past end. */
static void string_get(const uint8_t **p, const uint8_t *end, int *bad, char *s,
		       union egg_value *v)
{
	uint64_t n = egg__uleb_next(p, end, bad);
	const uint8_t *q = *p;
	size_t k;

	if (egg__unlikely(n > EGG__PATH_MAX || n > (uint64_t)(end - q))) {
		*bad = 1;
		n = 0;
	}
	for (k = 0; k < n; k++)
		s[k] = (char)q[k];
	s[n] = '\0';
	*p = q + n;
	v->str.ptr = s;
	v->str.len = (size_t)n;
}

/* A list operand, decoded into items: at most EGG_LIST_MAX of them, each
 * of 32 bits as egg_value's items are, all within end; *bad otherwise.
 * Ops read items alone: enc is left NULL, so that none decodes again. */
static void list_get(const uint8_t **p, const uint8_t *end, int *bad, uint32_t *items,
		     union egg_value *v)
{
	uint64_t count = egg__uleb_next(p, end, bad), item;
	size_t k;

	if (egg__unlikely(count > EGG_LIST_MAX)) {
		*bad = 1;
		count = 0;
	}
	for (k = 0; k < count; k++) {
		item = egg__uleb_next(p, end, bad);
		*bad |= item > UINT32_MAX;
		items[k] = (uint32_t)item;
	}
	v->list.items = items;
	v->list.count = (size_t)count;
	v->list.enc = NULL;
	v->list.enc_size = 0;
}

int egg__interp_ctx(const uint8_t *code, size_t len, struct egg_fault *fault,
		    const struct egg__ctx *ctx)
{
	char strbuf[MAX_STRINGS][EGG__PATH_MAX + 1];
	uint32_t listbuf[MAX_LISTS][EGG_LIST_MAX];
	const uint8_t *p = code, *end = code + len;
	union egg_value arg[EGG_MAX_OPERANDS];
	size_t index = 0;

	while (p < end) {
		const uint8_t *insn = p;
		int bad = 0, err = -EINVAL;
		uint64_t opcode = egg__uleb_next(&p, end, &bad);
		const struct egg__op *op = op_at(opcode);
		unsigned int i, nstr = 0, nlist = 0;

		for (i = 0; op && i < op->noperands; i++) {
			enum egg_operand_type t = (enum egg_operand_type)op->type[i];

			if (egg__operand_is_string(t) && egg__likely(nstr < MAX_STRINGS))
				string_get(&p, end, &bad, strbuf[nstr++], &arg[i]);
			else if (egg__operand_is_string(t))
				bad = 1;
			else if (egg__operand_is_list(t) && egg__likely(nlist < MAX_LISTS))
				list_get(&p, end, &bad, listbuf[nlist++], &arg[i]);
			else if (egg__operand_is_list(t))
				bad = 1;
			else if (egg__operand_is_signed(t))
				arg[i].i = egg__sleb_next(&p, end, &bad);
			else
				arg[i].u = egg__uleb_next(&p, end, &bad);
		}
		if (egg__likely(op && !bad))
			err = (ctx ? op->run : dry_run)(arg, ctx);
		if (egg__unlikely(err < 0)) {
			fault->index = index;
			fault->opcode = opcode <= UINT32_MAX ? (unsigned int)opcode : 0;
			fault->error = -err;
			fault->offset = (size_t)(insn - code);
			return err;
		}
		index++;
	}
	fault->index = index;
	return 0;
}
