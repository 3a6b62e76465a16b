/* SPDX-License-Identifier: MIT */
/*
 * Canonical text, one form per value: names for what has names (open
 * flags with the access mode first), decimal numbers, octal modes and
 * umasks, sets in braces, strings with C escapes.  eggasm(1) lists the
 * rules; the round-trip tests hold the disassembler to them.
 */
#include <errno.h>
#include <string.h>

#include "disasm.h"
#include "symbols.h"

static void put_flags(struct eggasm_buf *b, const struct eggasm_kind *k, uint64_t v)
{
	uint64_t done = 0, left = v;
	int first = 1;
	size_t i;

	for (i = 0; i < k->nsyms; i++) {
		const struct eggasm_sym *s = &k->syms[i];

		if ((s->mask & done) || (v & s->mask) != s->value)
			continue;
		eggasm_buf_printf(b, "%s%s", first ? "" : "|", s->name);
		done |= s->mask;
		left &= ~s->mask;
		first = 0;
	}
	if (left)
		eggasm_buf_printf(b, "%s%#llx", first ? "" : "|", (unsigned long long)left);
	else if (first)
		eggasm_buf_puts(b, "0");
}

static void put_number(struct eggasm_buf *b, const struct eggasm_kind *k, uint64_t v)
{
	size_t i;

	if ((k->flags & EGGASM_K_TILDE) && v == k->max) {
		eggasm_buf_puts(b, "~0");
		return;
	}
	for (i = 0; i < k->nsyms; i++) {
		if (k->syms[i].value == v) {
			eggasm_buf_puts(b, k->syms[i].name);
			return;
		}
	}
	eggasm_buf_printf(b, "%llu", (unsigned long long)v);
}

static void put_enum(struct eggasm_buf *b, const struct eggasm_kind *k, uint64_t v)
{
	char name[64];

	if (eggasm_value_name(k, v, 0, name, sizeof(name)))
		eggasm_buf_puts(b, name);
	else
		eggasm_buf_printf(b, "%llu", (unsigned long long)v);
}

static void put_set(struct eggasm_buf *b, const struct eggasm_kind *k, uint64_t v)
{
	const char *sep = "";
	char name[64];
	uint64_t item;

	if ((k->flags & EGGASM_K_TILDE) && v == k->max) {
		eggasm_buf_puts(b, "~0");
		return;
	}
	eggasm_buf_putc(b, '{');
	for (item = k->item_min; item <= k->item_max; item++) {
		if (!(v & 1ULL << (item - k->item_min)))
			continue;
		if (eggasm_value_name(k, item, 1, name, sizeof(name)))
			eggasm_buf_printf(b, "%s%s", sep, name);
		else
			eggasm_buf_printf(b, "%s%llu", sep, (unsigned long long)item);
		sep = ", ";
	}
	eggasm_buf_putc(b, '}');
}

static int put_list(struct eggasm_buf *b, const struct eggasm_kind *k,
		    const union egg_value *v)
{
	uint32_t item;
	size_t i;

	eggasm_buf_putc(b, '{');
	for (i = 0; i < v->list.count; i++) {
		if (egg_list_item(v, i, &item))
			return EINVAL;
		if ((k->flags & EGGASM_K_CLOSE) && item == EGG_FDMAP_CLOSE)
			eggasm_buf_printf(b, "%s-1", i ? ", " : "");
		else
			eggasm_buf_printf(b, "%s%u", i ? ", " : "", item);
	}
	eggasm_buf_putc(b, '}');
	return 0;
}

/* Escapes for everything but printable ASCII; \x takes at most two hex
 * digits in eggasm, so a digit after one is safe. */
static void put_string(struct eggasm_buf *b, const char *s, size_t n)
{
	size_t i;

	eggasm_buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			eggasm_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			eggasm_buf_puts(b, "\\n");
		else if (c == '\t')
			eggasm_buf_puts(b, "\\t");
		else if (c == '\r')
			eggasm_buf_puts(b, "\\r");
		else if (c < 0x20 || c >= 0x7f)
			eggasm_buf_printf(b, "\\x%02x", c);
		else
			eggasm_buf_putc(b, (char)c);
	}
	eggasm_buf_putc(b, '"');
}

int eggasm_format_operand(struct eggasm_buf *b, enum egg_operand_type type,
			  const union egg_value *v)
{
	const struct eggasm_kind *k = eggasm_kind_get(type);

	if (!k)
		return EINVAL;
	switch (k->syntax) {
	case EGGASM_NUMBER:
		put_number(b, k, v->u);
		break;
	case EGGASM_OCTAL:
		eggasm_buf_printf(b, "%#llo", (unsigned long long)v->u);
		break;
	case EGGASM_SIGNED:
		eggasm_buf_printf(b, "%lld", (long long)v->i);
		break;
	case EGGASM_FLAGS:
		put_flags(b, k, v->u);
		break;
	case EGGASM_ENUM:
		put_enum(b, k, v->u);
		break;
	case EGGASM_SET:
		put_set(b, k, v->u);
		break;
	case EGGASM_LIST:
		if (put_list(b, k, v))
			return EINVAL;
		break;
	case EGGASM_STRING:
		put_string(b, v->str.ptr, v->str.len);
		break;
	}
	return b->failed ? ENOMEM : 0;
}

static int format(struct eggasm_buf *b, const struct egg_insn *insn, int brief)
{
	struct egg_op_info info;
	int strings = 0, err;
	unsigned int i;

	if (egg_op_info(insn->opcode, &info) || info.noperands != insn->noperands)
		return EINVAL;
	for (i = 0; brief && i < info.noperands; i++) {
		const struct eggasm_kind *k = eggasm_kind_get(info.operand[i]);

		strings += k && k->syntax == EGGASM_STRING;
	}
	eggasm_buf_puts(b, info.name);
	for (i = 0; i < info.noperands; i++) {
		const struct eggasm_kind *k = eggasm_kind_get(info.operand[i]);

		if (strings && (!k || k->syntax != EGGASM_STRING))
			continue;
		eggasm_buf_putc(b, ' ');
		err = eggasm_format_operand(b, info.operand[i], &insn->operand[i]);
		if (err)
			return err;
	}
	return b->failed ? ENOMEM : 0;
}

int eggasm_format_insn(struct eggasm_buf *b, const struct egg_insn *insn)
{
	return format(b, insn, 0);
}

int eggasm_format_brief(struct eggasm_buf *b, const struct egg_insn *insn)
{
	return format(b, insn, 1);
}

int eggasm_disasm(const void *code, size_t len, struct eggasm_buf *out, size_t *bad_offset)
{
	struct egg_insn insn;
	size_t off = 0;
	int err;

	for (;;) {
		err = egg_decode(code, len, &off, &insn);
		if (err == ENODATA)
			return 0;
		if (err) {
			if (bad_offset)
				*bad_offset = off;
			return err;
		}
		err = eggasm_format_insn(out, &insn);
		if (err) {
			if (bad_offset)
				*bad_offset = insn.offset;
			return err;
		}
		eggasm_buf_putc(out, '\n');
	}
}
