/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "interp.h"
#include "optable.h"

/* Returns the number of instructions, or -EINVAL with *bad at the first
 * bad byte; *fx gets the EGG__FX_ bits of the ops the egg has. */
long egg__validate_fx(const uint8_t *code, size_t len, size_t *bad, unsigned int *fx)
{
	struct egg_insn insn;
	size_t off = 0;
	long count = 0;

	*fx = 0;
	while (off < len) {
		if (egg__decode_insn(code, len, &off, &insn)) {
			*bad = off;
			return -EINVAL;
		}
		*fx |= egg__optable[insn.opcode].effects;
		count++;
	}
	return count;
}

long egg__validate(const uint8_t *code, size_t len, size_t *bad)
{
	unsigned int fx;

	return egg__validate_fx(code, len, bad, &fx);
}

EGG_EXPORT int egg_validate(const void *code, size_t len, size_t *bad_offset)
{
	size_t bad = 0;

	if (!code && len)
		return EINVAL;
	if (egg__validate(code, len, &bad) < 0) {
		if (bad_offset)
			*bad_offset = bad;
		return EINVAL;
	}
	return 0;
}
