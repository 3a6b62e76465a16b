/* SPDX-License-Identifier: MIT */
/*
 * What eggasm knows about operand kinds and ops: per kind, how its text
 * is written and which symbolic names it has; per op, what the library's
 * table says (egg_op_info), looked up by name.  A new op needs nothing
 * here; a new operand kind needs an entry in the kind table.
 */
#ifndef EGGASM_SYMBOLS_H
#define EGGASM_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

#include <egg.h>

/* How the text of one kind is written; see eggasm(1), SYNTAX. */
enum eggasm_syntax {
	EGGASM_NUMBER,		/* unsigned, printed in decimal */
	EGGASM_OCTAL,		/* unsigned, printed in octal with a leading 0 */
	EGGASM_SIGNED,		/* signed, printed in decimal */
	EGGASM_FLAGS,		/* names and numbers joined by | */
	EGGASM_ENUM,		/* one name, or a number */
	EGGASM_SET,		/* {item, ...}: bit (item - item_min) of a mask */
	EGGASM_LIST,		/* {number, ...} */
	EGGASM_STRING,		/* "text" */
};

/* A symbolic name.  For FLAGS, the name stands for the bits of mask
 * having the bits of value: mask == value for a flag, a wider mask for a
 * field such as the access mode of open flags. */
struct eggasm_sym {
	const char *name;
	uint64_t value;
	uint64_t mask;
};

/* In a table: mask is the kind's field, as the library has it. */
#define EGGASM_FIELD UINT64_MAX

#define EGGASM_K_TILDE		0x1	/* print the largest value as ~0 */
#define EGGASM_K_NOMAX		0x2	/* ~0 and max mean nothing here */
#define EGGASM_K_ASCENDING	0x4	/* list items strictly ascending */
#define EGGASM_K_RTSIG		0x8	/* names include SIGRTMIN+n */
#define EGGASM_K_CLOSE		0x10	/* list items may be -1, EGG_FDMAP_CLOSE */

struct eggasm_kind {
	const char *name;	/* in eggasm ops, e.g. "fd" */
	const char *what;	/* in errors, e.g. "a file descriptor" */
	enum eggasm_syntax syntax;
	unsigned int flags;
	const char *prefix;	/* the C prefix a name may go without */
	const struct eggasm_sym *syms;	/* canonical names first */
	size_t nsyms;
	enum egg_operand_type item_kind; /* SET: the kind of one item */
	/* The rest is the library's, from egg_operand_info(), but item_min
	 * of a SET: the item that bit 0 stands for. */
	int64_t min;		/* SIGNED: smallest value */
	uint64_t max;		/* largest value; STRING: longest, in bytes */
	uint64_t item_min;	/* SET, LIST: smallest item */
	uint64_t item_max;	/* SET, LIST: largest item */
	const char *item_what;	/* SET, LIST: one item, for errors */
};

/* The kind's description, or NULL for a kind this eggasm does not know. */
const struct eggasm_kind *eggasm_kind_get(enum egg_operand_type type);

/* The value of a name (case-insensitive, C prefix optional): 0, or -1 if
 * the kind has no such name.  *sym is the table entry, NULL for SIGRTMIN
 * and friends. */
int eggasm_name_value(const struct eggasm_kind *k, const char *word, size_t len,
		      uint64_t *value, const struct eggasm_sym **sym);

/* The canonical name of a value of an ENUM or SET kind, written to buf
 * (with its prefix unless bare), or NULL if it has none. */
const char *eggasm_value_name(const struct eggasm_kind *k, uint64_t value, int bare,
			      char *buf, size_t size);

/* The library's ops, read once with egg_op_supported() and egg_op_info(). */
size_t eggasm_op_count(void);
const struct egg_op_info *eggasm_op_at(size_t i);	/* by ascending opcode */
const struct egg_op_info *eggasm_op_get(unsigned int opcode);
const struct egg_op_info *eggasm_op_find(const char *name, size_t len);
/* The mnemonic nearest to name, or NULL if none is near. */
const char *eggasm_op_closest(const char *name, size_t len);

#endif /* EGGASM_SYMBOLS_H */
