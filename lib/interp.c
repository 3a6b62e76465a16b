/* SPDX-License-Identifier: MIT */
/*
 * The interpreter.  It runs in the sfork child, on code the parent has
 * already validated, so it decodes without checks.  It allocates nothing,
 * takes no lock and leaves errno alone; strings are copied to the stack to
 * get their NUL.
 */
#include "interp.h"
#include "leb128.h"
#include "operand.h"
#include "optable.h"

#define MAX_STRINGS 2

static int dry_run(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return 0;
}

int egg__interp(const uint8_t *code, size_t len, struct egg_fault *fault, int dry)
{
	struct egg__ctx ctx = { .report_fd = -1 };

	return egg__interp_ctx(code, len, fault, dry ? NULL : &ctx);
}

int egg__interp_ctx(const uint8_t *code, size_t len, struct egg_fault *fault,
		    const struct egg__ctx *ctx)
{
	char strbuf[MAX_STRINGS][EGG__PATH_MAX + 1];
	const uint8_t *p = code, *end = code + len;
	union egg_value arg[EGG_MAX_OPERANDS];
	size_t index = 0;

	while (p < end) {
		const uint8_t *insn = p;
		const struct egg__op *op = &egg__optable[egg__uleb_fast(&p)];
		unsigned int i, nstr = 0;
		size_t k;
		int err;

		for (i = 0; i < op->noperands; i++) {
			enum egg_operand_type t = (enum egg_operand_type)op->type[i];

			if (egg__operand_is_string(t)) {
				size_t n = egg__uleb_fast(&p);
				char *s = strbuf[nstr++];

				for (k = 0; k < n; k++)
					s[k] = (char)p[k];
				s[n] = '\0';
				p += n;
				arg[i].str.ptr = s;
				arg[i].str.len = n;
			} else if (egg__operand_is_list(t)) {
				arg[i].list.count = egg__uleb_fast(&p);
				arg[i].list.enc = p;
				arg[i].list.items = NULL;
				for (k = 0; k < arg[i].list.count; k++)
					egg__uleb_fast(&p);
			} else if (egg__operand_is_signed(t)) {
				arg[i].i = egg__sleb_fast(&p);
			} else {
				arg[i].u = egg__uleb_fast(&p);
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
