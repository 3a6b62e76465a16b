/* SPDX-License-Identifier: MIT */
/*
 * The reference for the interpreter's bounds checks: its dispatch loop as
 * it was before them (commit efa9a6b), dry, decoding without a check;
 * lists are decoded into items as the interpreter now does, so that the
 * difference between the two is the checks alone.
 * Only for valid code: interpbench times it against egg__interp_dry on the
 * same egg in the same run, so that what the checks cost is measured, not
 * remembered.  Not part of the library.
 */
#include "interp-ref.h"
#include "internal.h"
#include "operand.h"
#include "optable.h"

#define MAX_STRINGS 2

static inline uint64_t uleb_unchecked(const uint8_t **p)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	unsigned int shift = 0;
	uint8_t b;

	do {
		b = *q++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	*p = q;
	return v;
}

static inline int64_t sleb_unchecked(const uint8_t **p)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	unsigned int shift = 0;
	uint8_t b;

	do {
		b = *q++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (shift < 64 && (b & 0x40))
		v |= ~0ULL << shift;
	*p = q;
	return (int64_t)v;
}

static int dry_run(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return 0;
}

/* Its code, but for the names and the lists: dry when ctx is NULL. */
int interp_ref(const uint8_t *code, size_t len, struct egg_fault *fault,
	       const struct egg__ctx *ctx)
{
	char strbuf[MAX_STRINGS][EGG__PATH_MAX + 1];
	uint32_t listbuf[EGG_LIST_MAX];
	const uint8_t *p = code, *end = code + len;
	union egg_value arg[EGG_MAX_OPERANDS];
	size_t index = 0;

	while (p < end) {
		const uint8_t *insn = p;
		const struct egg__op *op = &egg__optable[uleb_unchecked(&p)];
		unsigned int i, nstr = 0;
		size_t k;
		int err;

		for (i = 0; i < op->noperands; i++) {
			enum egg_operand_type t = (enum egg_operand_type)op->type[i];

			if (egg__operand_is_string(t)) {
				size_t n = uleb_unchecked(&p);
				char *s = strbuf[nstr++];

				for (k = 0; k < n; k++)
					s[k] = (char)p[k];
				s[n] = '\0';
				p += n;
				arg[i].str.ptr = s;
				arg[i].str.len = n;
			} else if (egg__operand_is_list(t)) {
				arg[i].list.count = uleb_unchecked(&p);
				for (k = 0; k < arg[i].list.count; k++)
					listbuf[k] = (uint32_t)uleb_unchecked(&p);
				arg[i].list.items = listbuf;
				arg[i].list.enc = NULL;
			} else if (egg__operand_is_signed(t)) {
				arg[i].i = sleb_unchecked(&p);
			} else {
				arg[i].u = uleb_unchecked(&p);
			}
		}
		err = (ctx ? op->run : dry_run)(arg, ctx);
		if (egg__unlikely(err < 0)) {
			fault->index = index;
			fault->opcode = (unsigned int)(op - egg__optable);
			fault->error = -err;
			fault->offset = (size_t)(insn - code);
			return err;
		}
		index++;
	}
	fault->index = index;
	return 0;
}
