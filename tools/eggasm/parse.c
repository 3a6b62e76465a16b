/* SPDX-License-Identifier: MIT */
/*
 * The assembler.  One instruction a line (or between ;), # comments; each
 * operand is read as its kind says (symbols.c), then egg_append() encodes
 * and checks the whole instruction.  Errors point at the operand, and say
 * what was expected and what was there.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "symbols.h"

struct parser {
	const char *src;
	size_t len;
	size_t pos;
	unsigned int line;
	size_t line_start;	/* offset of the current line */
	struct eggasm_diag *diag;
};

/* What the operands of one instruction point to. */
struct store {
	char *str[EGG_MAX_OPERANDS];
	uint32_t *list[EGG_MAX_OPERANDS];
};

static void store_free(struct store *s)
{
	unsigned int i;

	for (i = 0; i < EGG_MAX_OPERANDS; i++) {
		free(s->str[i]);
		free(s->list[i]);
	}
	*s = (struct store){ 0 };
}

static int fail(struct parser *p, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	p->diag->line = p->line;
	p->diag->column = (unsigned int)(at - p->line_start + 1);
	va_start(ap, fmt);
	vsnprintf(p->diag->msg, sizeof(p->diag->msg), fmt, ap);
	va_end(ap);
	return EINVAL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters that end a word: separators and the punctuation of the
 * syntax. */
static int ends_word(char c)
{
	return is_blank(c) || strchr("\n,;#|{}\"", c) != NULL;
}

static int at_end(const struct parser *p)
{
	return p->pos == p->len || strchr("\n;#", p->src[p->pos]) != NULL;
}

static char peek(const struct parser *p)
{
	return p->pos < p->len ? p->src[p->pos] : '\0';
}

static void skip_blanks(struct parser *p)
{
	while (p->pos < p->len && is_blank(p->src[p->pos]))
		p->pos++;
}

static void skip_separators(struct parser *p)
{
	while (p->pos < p->len && (is_blank(p->src[p->pos]) || p->src[p->pos] == ','))
		p->pos++;
}

static size_t word_len(const struct parser *p)
{
	size_t n = 0;

	while (p->pos + n < p->len && !ends_word(p->src[p->pos + n]))
		n++;
	return n;
}

/* s, at most 40 bytes of it, in double quotes with escapes, for a
 * message. */
static const char *quote(const char *s, size_t n, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[o++] = '"';
	for (i = 0; i < n && i < 40 && o + 6 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (i < n && o + 4 < size)
		o += (size_t)snprintf(buf + o, size - o, "...");
	snprintf(buf + o, size - o, "\"");
	return buf;
}

/* What is at the current position, for "expected X, got Y". */
static const char *got(const struct parser *p, char *buf, size_t size)
{
	size_t n;

	if (p->pos == p->len)
		return "the end of the input";
	if (at_end(p))
		return p->src[p->pos] == '\n' ? "the end of the line" :
		       p->src[p->pos] == ';' ? "\";\"" : "a comment";
	n = word_len(p);
	return quote(p->src + p->pos, n ? n : 1, buf, size);
}

static int fail_expected(struct parser *p, const char *what)
{
	char buf[64];

	return fail(p, p->pos, "expected %s, got %s", what, got(p, buf, sizeof(buf)));
}

static int word_is_max(const char *w, size_t n)
{
	return (n == 2 && w[0] == '~' && w[1] == '0') || (n == 3 && !strncasecmp(w, "max", 3));
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Decimal, 0x hex or 0 octal: 0, or -1 for bad syntax, -2 for a number
 * past 64 bits. */
static int parse_u64(const char *s, size_t n, uint64_t *v)
{
	unsigned int base = 10, d;
	size_t i = 0;
	uint64_t x = 0;

	if (!n)
		return -1;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (; i < n; i++) {
		d = (unsigned int)digit_value(s[i]);
		if (d >= base)
			return -1;
		if (x > (UINT64_MAX - d) / base)
			return -2;
		x = x * base + d;
	}
	*v = x;
	return 0;
}

static int fail_range(struct parser *p, size_t at, size_t n, const char *what,
		      uint64_t lo, uint64_t hi, int octal)
{
	char buf[64];

	return fail(p, at, octal ? "expected %s (%#llo to %#llo), got %s" :
		    "expected %s (%llu to %llu), got %s", what, (unsigned long long)lo,
		    (unsigned long long)hi, quote(p->src + at, n, buf, sizeof(buf)));
}

static int fail_nomax(struct parser *p, const struct eggasm_kind *k)
{
	return fail(p, p->pos, "%s have no largest value: ~0 and max mean nothing here",
		    k->what);
}

/* NUMBER, OCTAL and ENUM: a number, ~0 or max, or one of the kind's
 * names. */
static int parse_unsigned(struct parser *p, const struct eggasm_kind *k, union egg_value *v)
{
	const char *w = p->src + p->pos;
	const struct eggasm_sym *sym;
	size_t n = word_len(p);
	int r;

	if (word_is_max(w, n)) {
		v->u = k->max;
	} else if (n && eggasm_name_value(k, w, n, &v->u, &sym) == 0) {
		/* a name */
	} else {
		r = parse_u64(w, n, &v->u);
		if (r == -1)
			return fail_expected(p, k->what);
		if (r == -2 || v->u > k->max)
			return fail_range(p, p->pos, n, k->what, 0, k->max,
					  k->syntax == EGGASM_OCTAL);
	}
	p->pos += n;
	return 0;
}

static int parse_signed(struct parser *p, const struct eggasm_kind *k, union egg_value *v)
{
	const char *w = p->src + p->pos;
	size_t n = word_len(p), skip = 0;
	uint64_t mag;
	char buf[64];
	int neg = 0;

	if (word_is_max(w, n)) {
		v->i = (int64_t)k->max;
		p->pos += n;
		return 0;
	}
	if (n && (w[0] == '-' || w[0] == '+')) {
		neg = w[0] == '-';
		skip = 1;
	}
	switch (parse_u64(w + skip, n - skip, &mag)) {
	case -1:
		return fail_expected(p, k->what);
	case 0:
		/* Magnitudes are at most 2^31 here: -(int64_t)mag is exact. */
		if (neg ? mag <= (uint64_t)-(k->min + 1) + 1 : mag <= k->max)
			break;
		/* fall through */
	default:
		return fail(p, p->pos, "expected %s (%lld to %llu), got %s", k->what,
			    (long long)k->min, (unsigned long long)k->max,
			    quote(w, n, buf, sizeof(buf)));
	}
	v->i = neg ? -(int64_t)mag : (int64_t)mag;
	p->pos += n;
	return 0;
}

/* Whether syms[i] is the first name of a field (not a flag). */
static int first_of_field(const struct eggasm_kind *k, size_t i)
{
	size_t j;

	if (k->syms[i].mask == k->syms[i].value)
		return 0;
	for (j = 0; j < i; j++)
		if (k->syms[j].mask == k->syms[i].mask)
			return 0;
	return 1;
}

/* A field of a FLAGS kind (the access mode of open flags, say) must hold
 * one of its names' values. */
static int check_fields(struct parser *p, const struct eggasm_kind *k, uint64_t v,
			size_t start)
{
	size_t i, j;
	char names[256], buf[64];
	int ok;

	for (i = 0; i < k->nsyms; i++) {
		uint64_t mask = k->syms[i].mask;

		if (!first_of_field(k, i))
			continue;
		ok = 0;
		names[0] = '\0';
		for (j = 0; j < k->nsyms; j++) {
			if (k->syms[j].mask != mask)
				continue;
			ok |= (v & mask) == k->syms[j].value;
			if (strlen(names) + strlen(k->syms[j].name) + 3 < sizeof(names))
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", names[0] ? ", " : "", k->syms[j].name);
		}
		if (!ok) {
			const char *got = quote(p->src + start, p->pos - start, buf, sizeof(buf));

			return fail(p, start, "expected %s, got %s: bits %#llx must be one of %s",
				    k->what, got, (unsigned long long)mask, names);
		}
	}
	return 0;
}

/* A name for a field conflicts with an earlier name for the same field. */
static int check_field_twice(struct parser *p, const struct eggasm_sym *sym,
			     const struct eggasm_sym **seen, size_t *nseen, size_t at)
{
	size_t i;

	if (!sym || sym->mask == sym->value)
		return 0;
	for (i = 0; i < *nseen; i++)
		if (seen[i]->mask & sym->mask)
			return fail(p, at, "%s conflicts with %s: both set the same field",
				    sym->name, seen[i]->name);
	if (*nseen < 8)
		seen[(*nseen)++] = sym;
	return 0;
}

static int parse_flags(struct parser *p, const struct eggasm_kind *k, union egg_value *v)
{
	const struct eggasm_sym *sym, *seen[8];
	size_t start = p->pos, nseen = 0, n;
	uint64_t term;
	const char *w;
	int err;

	v->u = 0;
	for (;;) {
		skip_blanks(p);
		w = p->src + p->pos;
		n = word_len(p);
		if (word_is_max(w, n))
			return fail_nomax(p, k);
		if (n && eggasm_name_value(k, w, n, &term, &sym) == 0) {
			err = check_field_twice(p, sym, seen, &nseen, p->pos);
			if (err)
				return err;
		} else if (parse_u64(w, n, &term)) {
			return fail_expected(p, k->what);
		}
		v->u |= term;
		p->pos += n;
		skip_blanks(p);
		if (peek(p) != '|')
			break;
		p->pos++;
	}
	while (p->pos > start && is_blank(p->src[p->pos - 1]))
		p->pos--;
	return check_fields(p, k, v->u, start);
}

/* One item of a set or list: a number, or for a set a name. */
static int parse_item(struct parser *p, const struct eggasm_kind *k, uint64_t *item)
{
	const char *w = p->src + p->pos;
	const struct eggasm_sym *sym;
	size_t n = word_len(p);
	int r;

	if ((k->flags & EGGASM_K_CLOSE) && n == 2 && !strncmp(w, "-1", 2)) {
		*item = EGG_FDMAP_CLOSE;
		p->pos += n;
		return 0;
	}
	if (k->syntax != EGGASM_SET || !n || eggasm_name_value(k, w, n, item, &sym)) {
		r = parse_u64(w, n, item);
		if (r == -1)
			return fail_expected(p, k->item_what);
		if (r == -2)
			return fail_range(p, p->pos, n, k->item_what, k->item_min, k->item_max, 0);
	}
	if (*item < k->item_min || *item > k->item_max)
		return fail_range(p, p->pos, n, k->item_what, k->item_min, k->item_max, 0);
	p->pos += n;
	return 0;
}

/* {item, ...}: calls add for each item. */
static int parse_braces(struct parser *p, const struct eggasm_kind *k,
			int (*add)(struct parser *, const struct eggasm_kind *, uint64_t,
				   size_t, void *), void *ctx)
{
	size_t open = p->pos, at;
	uint64_t item;
	int err;

	p->pos++;
	for (;;) {
		skip_separators(p);
		if (peek(p) == '}') {
			p->pos++;
			return 0;
		}
		if (at_end(p)) {
			char buf[64];

			return fail(p, p->pos,
				    "expected \"}\" to close the \"{\" at column %zu, got %s",
				    open - p->line_start + 1, got(p, buf, sizeof(buf)));
		}
		at = p->pos;
		err = parse_item(p, k, &item);
		if (!err)
			err = add(p, k, item, at, ctx);
		if (err)
			return err;
	}
}

static int set_add(struct parser *p, const struct eggasm_kind *k, uint64_t item, size_t at,
		   void *ctx)
{
	*(uint64_t *)ctx |= 1ULL << (item - k->item_min);
	return 0;
}

static int parse_set(struct parser *p, const struct eggasm_kind *k, union egg_value *v)
{
	const char *w = p->src + p->pos;
	size_t n = word_len(p);
	char what[96];

	v->u = 0;
	if (peek(p) == '{')
		return parse_braces(p, k, set_add, &v->u);
	if (word_is_max(w, n)) {
		v->u = k->max;
	} else if (parse_u64(w, n, &v->u)) {
		snprintf(what, sizeof(what), "%s ({...}, a number or ~0)", k->what);
		return fail_expected(p, what);
	}
	p->pos += n;
	return 0;
}

struct list_ctx {
	uint32_t *items;
	size_t count;
};

static int list_add(struct parser *p, const struct eggasm_kind *k, uint64_t item, size_t at,
		    void *ctx)
{
	struct list_ctx *l = ctx;
	char buf[64];

	if (l->count == EGG_LIST_MAX)
		return fail(p, at, "expected at most %d items in %s", EGG_LIST_MAX, k->what);
	if ((k->flags & EGGASM_K_ASCENDING) && l->count && item <= l->items[l->count - 1])
		return fail(p, at,
			    "expected items in ascending order without repeats, got %s after %u",
			    quote(p->src + at, p->pos - at, buf, sizeof(buf)),
			    (unsigned int)l->items[l->count - 1]);
	l->items[l->count++] = (uint32_t)item;
	return 0;
}

static int parse_list(struct parser *p, const struct eggasm_kind *k, union egg_value *v,
		      uint32_t **mem)
{
	struct list_ctx l = { 0 };
	char what[96];
	int err;

	if (peek(p) != '{') {
		snprintf(what, sizeof(what), "%s in braces, such as {1, 2}", k->what);
		return fail_expected(p, what);
	}
	l.items = malloc(EGG_LIST_MAX * sizeof(uint32_t));
	if (!l.items)
		return ENOMEM;
	*mem = l.items;
	err = parse_braces(p, k, list_add, &l);
	v->list.items = l.items;
	v->list.count = l.count;
	return err;
}

static int escape_value(struct parser *p, size_t at, int *c)
{
	const char *simple = "n\nt\tr\ra\ab\bf\fv\v\\\\\"\"''??";
	char e = peek(p);
	unsigned int v = 0, n = 0, d;
	const char *s;

	for (s = simple; *s; s += 2) {
		if (e == s[0]) {
			p->pos++;
			*c = s[1];
			return 0;
		}
	}
	if (e == 'x') {
		p->pos++;
		while (n < 2 && (d = (unsigned int)digit_value(peek(p))) < 16) {
			v = v * 16 + d;
			p->pos++;
			n++;
		}
	} else {
		while (n < 3 && (d = (unsigned int)digit_value(peek(p))) < 8) {
			v = v * 8 + d;
			p->pos++;
			n++;
		}
	}
	if (!n || v > 255)
		return fail(p, at, "expected an escape such as \\n, \\\\, \\\", \\x41 or \\101");
	if (!v)
		return fail(p, at, "a string cannot hold a NUL byte");
	*c = (int)v;
	return 0;
}

static int parse_string(struct parser *p, const struct eggasm_kind *k, union egg_value *v,
			char **mem)
{
	size_t open = p->pos, n = 0;
	char *out;
	int c, err;

	if (peek(p) != '"')
		return fail_expected(p, k->what);
	out = malloc(p->len - p->pos);
	if (!out)
		return ENOMEM;
	*mem = out;
	p->pos++;
	for (;;) {
		if (p->pos == p->len || peek(p) == '\n')
			return fail(p, open, "expected a closing \" for this string");
		c = (unsigned char)p->src[p->pos++];
		if (c == '"')
			break;
		if (c == '\\') {
			err = escape_value(p, p->pos - 1, &c);
			if (err)
				return err;
		}
		out[n++] = (char)c;
	}
	if (n > k->max)
		return fail(p, open, "expected %s of at most %llu bytes, got %zu bytes",
			    k->what, (unsigned long long)k->max, n);
	v->str.ptr = out;
	v->str.len = n;
	return 0;
}

static int parse_operand(struct parser *p, const struct eggasm_kind *k, union egg_value *v,
			 struct store *st, unsigned int i)
{
	switch (k->syntax) {
	case EGGASM_NUMBER:
	case EGGASM_OCTAL:
	case EGGASM_ENUM:
		return parse_unsigned(p, k, v);
	case EGGASM_SIGNED:
		return parse_signed(p, k, v);
	case EGGASM_FLAGS:
		return parse_flags(p, k, v);
	case EGGASM_SET:
		return parse_set(p, k, v);
	case EGGASM_LIST:
		return parse_list(p, k, v, &st->list[i]);
	case EGGASM_STRING:
		return parse_string(p, k, v, &st->str[i]);
	}
	return EINVAL;
}

static void signature(const struct egg_op_info *op, char *buf, size_t size)
{
	unsigned int i;
	size_t o = 0;

	buf[0] = '\0';
	for (i = 0; i < op->noperands && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "",
				      op->operand_name[i]);
}

static int parse_operands(struct parser *p, const struct egg_op_info *op,
			  struct egg_insn *insn, struct store *st)
{
	const struct eggasm_kind *k;
	char sig[128], buf[64];
	unsigned int i;
	int err;

	signature(op, sig, sizeof(sig));
	for (i = 0; i < op->noperands; i++) {
		k = eggasm_kind_get(op->operand[i]);
		if (!k)
			return fail(p, p->pos, "%s takes an operand of kind %d, which this "
				    "eggasm does not know", op->name, (int)op->operand[i]);
		if (!at_end(p) && !is_blank(peek(p)) && peek(p) != ',')
			return fail_expected(p, "a space or a comma");
		skip_separators(p);
		if (at_end(p))
			return fail(p, p->pos, "expected %s for %s (operand %u of %s: %s), got %s",
				    k->what, op->operand_name[i], i + 1, op->name, sig,
				    got(p, buf, sizeof(buf)));
		err = parse_operand(p, k, &insn->operand[i], st, i);
		if (err)
			return err;
	}
	if (!at_end(p) && !is_blank(peek(p)) && peek(p) != ',')
		return fail_expected(p, "a space or a comma");
	skip_separators(p);
	if (!at_end(p))
		return fail(p, p->pos, "expected the end of the instruction (%s takes %u "
			    "operand%s%s%s), got %s", op->name, op->noperands,
			    op->noperands == 1 ? "" : "s", op->noperands ? ": " : "", sig,
			    got(p, buf, sizeof(buf)));
	return 0;
}

static int fail_unknown_op(struct parser *p, size_t n)
{
	const char *w = p->src + p->pos;
	const char *near = eggasm_op_closest(w, n);
	char buf[64];

	if (!n)
		return fail_expected(p, "an op name");
	if (near)
		return fail(p, p->pos, "unknown op %s; did you mean \"%s\"?",
			    quote(w, n, buf, sizeof(buf)), near);
	return fail(p, p->pos, "unknown op %s (eggasm ops lists them)",
		    quote(w, n, buf, sizeof(buf)));
}

static int map_add(struct eggasm_srcmap *map, unsigned int line)
{
	unsigned int *l;
	size_t cap;

	if (!map)
		return 0;
	if (map->count == map->cap) {
		cap = map->cap ? 2 * map->cap : 64;
		l = realloc(map->line, cap * sizeof(*l));
		if (!l)
			return ENOMEM;
		map->line = l;
		map->cap = cap;
	}
	map->line[map->count++] = line;
	return 0;
}

/* egg_append() checks what the kinds cannot: values against each other
 * (close_range's first <= last, say) and what the library allows. */
static int append(struct parser *p, struct egg *out, const struct egg_insn *insn,
		  size_t start)
{
	size_t end = p->pos;
	int err;

	err = egg_append(out, insn);
	if (err == ENOMEM) {
		fail(p, start, "out of memory");
		return ENOMEM;
	}
	if (err) {
		while (end > start && is_blank(p->src[end - 1]))
			end--;
		return fail(p, start, "the library refuses \"%.*s\": %s (see egg(7))",
			    (int)(end - start > 200 ? 200 : end - start), p->src + start,
			    strerror(err));
	}
	return 0;
}

static int parse_insn(struct parser *p, struct egg *out, struct eggasm_srcmap *map)
{
	const struct egg_op_info *op;
	struct egg_insn insn = { 0 };
	struct store st = { 0 };
	size_t start = p->pos, n = word_len(p);
	int err;

	op = eggasm_op_find(p->src + p->pos, n);
	if (!op)
		return fail_unknown_op(p, n);
	p->pos += n;
	insn.opcode = op->opcode;
	insn.noperands = op->noperands;
	err = parse_operands(p, op, &insn, &st);
	if (!err)
		err = append(p, out, &insn, start);
	if (!err && map_add(map, p->line)) {
		fail(p, start, "out of memory");
		err = ENOMEM;
	}
	store_free(&st);
	return err;
}

/* A NUL would end the text early for anything that reads it as a C
 * string; say where it is. */
static int check_nul(struct parser *p)
{
	const char *nul = p->len ? memchr(p->src, '\0', p->len) : NULL;
	size_t i;

	if (!nul)
		return 0;
	for (i = 0; i < (size_t)(nul - p->src); i++) {
		if (p->src[i] == '\n') {
			p->line++;
			p->line_start = i + 1;
		}
	}
	return fail(p, (size_t)(nul - p->src), "a NUL byte in the source (is this an egg?)");
}

int eggasm_parse(const char *src, size_t len, const char *filename, struct egg *out,
		 struct eggasm_srcmap *map, struct eggasm_diag *diag)
{
	struct parser p = { .src = src, .len = len, .line = 1, .diag = diag };
	int err;

	*diag = (struct eggasm_diag){ .filename = filename };
	if (!out || (!src && len))
		return EINVAL;
	err = check_nul(&p);
	while (!err && p.pos < len) {
		skip_blanks(&p);
		switch (peek(&p)) {
		case '\0':	/* the end: there is no NUL inside */
			break;
		case '\n':
			p.pos++;
			p.line++;
			p.line_start = p.pos;
			break;
		case '#':
			while (p.pos < len && src[p.pos] != '\n')
				p.pos++;
			break;
		case ';':
			p.pos++;
			break;
		default:
			err = parse_insn(&p, out, map);
		}
	}
	if (err == ENOMEM && !diag->msg[0])
		fail(&p, p.pos, "out of memory");
	return err;
}

unsigned int eggasm_srcmap_line(const struct eggasm_srcmap *map, size_t index)
{
	return map && index < map->count ? map->line[index] : 0;
}

void eggasm_srcmap_free(struct eggasm_srcmap *map)
{
	if (!map)
		return;
	free(map->line);
	*map = (struct eggasm_srcmap){ 0 };
}
