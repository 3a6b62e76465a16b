/* SPDX-License-Identifier: MIT */
/*
 * The op table: one entry per opcode, with its mnemonic, its operands and
 * the function that runs it in the child, made of lib/optable.def's rows.
 * Adding an op means adding a row there and one op function; nothing else
 * switches on opcodes (HACKING lists the rest: builder, docs, tests).
 */
#ifndef EGG_OPTABLE_H
#define EGG_OPTABLE_H

#include <egg.h>

#include "internal.h"

/* What an op may need to know beyond its operands, read in the parent. */
struct egg__ctx {
	int parent_pid;		/* getpid() before the clone */
	int report_fd;		/* egg_aspawn()'s fd, which no op may close; or -1 */
	/* Where sigmask records the program's mask: egg_aspawn()'s child has
	 * no sfork frame.  NULL in an sfork child. */
	egg__ksigset *exec_mask;
};

/* Runs in the sfork child: raw system calls only, returns 0 or -errno.
 * String operands arrive NUL-terminated, at most EGG__PATH_MAX bytes;
 * list operands decoded, as list.items[0] to list.items[list.count - 1],
 * at most EGG_LIST_MAX of them (list.enc is NULL: nothing to decode).
 * Numbers arrive as the code has them, not range-checked: an op that
 * indexes an array by one checks it. */
typedef int egg__op_fn(const union egg_value *arg, const struct egg__ctx *ctx);

/* Checks that span operands (first <= last, ...), in the parent. */
typedef int egg__op_check_fn(const union egg_value *arg);

/* What an op changes beyond the child, for the parent to repair. */
enum {
	/* May change the effective or file-system uid or gid: the kernel
	 * then marks the mm non-dumpable (the parent's too: the child
	 * shares it) and clears the child's parent-death signal. */
	EGG__FX_CREDS = 1,
	/* Sets the parent-death signal, which EGG__FX_CREDS clears. */
	EGG__FX_PDEATHSIG = 2,
};

struct egg__op {
	const char *name;
	unsigned char noperands;
	unsigned char effects;			/* EGG__FX_* */
	unsigned char type[EGG_MAX_OPERANDS];	/* enum egg_operand_type */
	const char *operand_name[EGG_MAX_OPERANDS];
	egg__op_fn *run;
	egg__op_check_fn *check;		/* or NULL */
};

/* One past the highest opcode: <egg.h>'s EGG_OP_LAST names it. */
#define EGG__OPTABLE_SIZE (EGG_OP_LAST + 1)

/* Indexed by opcode.  Holes have no run function. */
extern const struct egg__op egg__optable[EGG__OPTABLE_SIZE] EGG_HIDDEN;

/* The op of an opcode, or NULL if this build has none.  Inline: the
 * validator calls it once per instruction. */
static inline const struct egg__op *egg__op_get(uint64_t opcode)
{
	if (opcode >= EGG__OPTABLE_SIZE || !egg__optable[opcode].run)
		return NULL;
	return &egg__optable[opcode];
}

#endif /* EGG_OPTABLE_H */
