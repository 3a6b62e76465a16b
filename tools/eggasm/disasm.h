/* SPDX-License-Identifier: MIT */
/*
 * The disassembler: an egg, decoded with egg_decode(), to eggasm's
 * canonical text, which assembles back to the same bytes.  Like the
 * parser, it neither exits nor prints, for tests and fuzzers.
 */
#ifndef EGGASM_DISASM_H
#define EGGASM_DISASM_H

#include <stddef.h>

#include <egg.h>

#include "buf.h"

/* Each returns 0, EINVAL for an op or operand kind it cannot write, or
 * ENOMEM (b->failed). */
int eggasm_format_operand(struct eggasm_buf *b, enum egg_operand_type type,
			  const union egg_value *v);
/* "open 1 "/x" O_WRONLY 0644", without a newline. */
int eggasm_format_insn(struct eggasm_buf *b, const struct egg_insn *insn);
/* For messages: the mnemonic and its string operands, as in
 * open "/x"; all operands if it has no string. */
int eggasm_format_brief(struct eggasm_buf *b, const struct egg_insn *insn);

/* The whole egg, one instruction a line.  EINVAL, with *bad_offset at the
 * first bad byte, for an invalid egg. */
int eggasm_disasm(const void *code, size_t len, struct eggasm_buf *out, size_t *bad_offset);

#endif /* EGGASM_DISASM_H */
