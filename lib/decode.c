/* SPDX-License-Identifier: MIT */
/* Decoding one instruction of untrusted code, checking everything: the one
 * place that decides what a valid instruction is. */
#include <errno.h>

#include "interp.h"
#include "leb128.h"
#include "operand.h"
#include "optable.h"

int egg__decode_insn(const uint8_t *code, size_t len, size_t *off,
		     struct egg_insn *insn)
{
	const struct egg__op *op;
	size_t start = *off;
	uint64_t opcode;
	unsigned int i;
	int err;

	err = egg__uleb_get(code, len, off, &opcode);
	if (err)
		return err;
	op = egg__op_get(opcode);
	if (!op) {
		*off = start;
		return -EINVAL;
	}
	insn->opcode = (unsigned int)opcode;
	insn->offset = start;
	insn->noperands = op->noperands;
	for (i = 0; i < op->noperands; i++) {
		err = egg__operand_read((enum egg_operand_type)op->type[i], code, len,
					off, &insn->operand[i]);
		if (err)
			return err;
	}
	if (op->check && op->check(insn->operand)) {
		*off = start;
		return -EINVAL;
	}
	insn->size = *off - start;
	return 0;
}

EGG_EXPORT int egg_decode(const void *code, size_t len, size_t *offset,
			  struct egg_insn *insn)
{
	size_t off;

	if (!offset || !insn || (!code && len) || *offset > len)
		return EINVAL;
	if (*offset == len)
		return ENODATA;
	off = *offset;
	if (egg__decode_insn(code, len, &off, insn)) {
		*offset = off;
		return EINVAL;
	}
	*offset = off;
	return 0;
}
