/* SPDX-License-Identifier: MIT */
/*
 * One source of truth about operands: egg_operand_info() tells what egg(7)
 * says of each kind, and eggasm accepts exactly what the library accepts
 * at each kind's edges (it takes its ranges from egg_operand_info(), so a
 * range restated in tools/ that drifted would show here).
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "egg-util.h"
#include "parse.h"

/* What egg(7) says of each kind, written out here as the oracle. */
struct kind_case {
	enum egg_operand_type type;
	enum egg_operand_encoding enc;
	unsigned int flags;
	int64_t min;
	uint64_t max;
};

#define U EGG_ENCODING_ULEB
#define BITS EGG_OPERAND_F_BITS
static const struct kind_case kinds[] = {
	{ EGG_OPERAND_FD, U, 0, 0, INT_MAX },
	{ EGG_OPERAND_PID, U, 0, 0, INT_MAX },
	{ EGG_OPERAND_UINT, U, 0, 0, UINT_MAX },
	{ EGG_OPERAND_U64, U, 0, 0, UINT64_MAX },
	{ EGG_OPERAND_INT, EGG_ENCODING_SLEB, 0, INT_MIN, INT_MAX },
	{ EGG_OPERAND_OFLAGS, U, BITS | EGG_OPERAND_F_MORE_RULES, 0, 037757703 },
	{ EGG_OPERAND_MODE, U, 0, 0, 07777 },
	{ EGG_OPERAND_UMASK, U, 0, 0, 0777 },
	{ EGG_OPERAND_PATH, EGG_ENCODING_STRING, 0, 0, 4095 },
	{ EGG_OPERAND_SIGSET, U, 0, 0, UINT64_MAX },
	{ EGG_OPERAND_RESOURCE, U, 0, 0, 15 },
	{ EGG_OPERAND_RLIM, U, EGG_OPERAND_F_SPECIAL, 0, UINT64_MAX },
	{ EGG_OPERAND_CLOSE_RANGE_FLAGS, U, BITS, 0, 6 },
	{ EGG_OPERAND_ID, U, 0, 0, 0xfffffffe },
	{ EGG_OPERAND_ID_OR_KEEP, U, EGG_OPERAND_F_SPECIAL, 0, 0xffffffff },
	{ EGG_OPERAND_IDLIST, EGG_ENCODING_LIST, 0, 0, 0xfffffffe },
	{ EGG_OPERAND_FDLIST, EGG_ENCODING_LIST, EGG_OPERAND_F_ASCENDING, 0, INT_MAX },
	{ EGG_OPERAND_CPULIST, EGG_ENCODING_LIST, EGG_OPERAND_F_ASCENDING, 0, 1023 },
	{ EGG_OPERAND_CAPMASK, U, 0, 0, UINT64_MAX },
	{ EGG_OPERAND_CAP, U, 0, 0, 63 },
	{ EGG_OPERAND_SIGNAL, U, 0, 0, 64 },
	{ EGG_OPERAND_BOOL, U, 0, 0, 1 },
	{ EGG_OPERAND_SECUREBITS, U, BITS, 0, 0xff },
	{ EGG_OPERAND_SCHED_POLICY, U, BITS, 0, 0x40000007 },
	{ EGG_OPERAND_UNSHARE_FLAGS, U, BITS, 1, 0x7e020080 },
	{ EGG_OPERAND_STRING, EGG_ENCODING_STRING, 0, 0, 4095 },
	{ EGG_OPERAND_FDMAP, EGG_ENCODING_LIST, EGG_OPERAND_F_SPECIAL, 0, INT_MAX },
};
#undef U
#undef BITS

START_TEST(operand_info_answers)
{
	const struct kind_case *c = &kinds[_i];
	struct egg_operand_info info;

	memset(&info, 0xa5, sizeof(info));
	ck_assert_int_eq(egg_operand_info(c->type, &info), 0);
	ck_assert_int_eq(info.type, c->type);
	ck_assert_int_eq(info.encoding, c->enc);
	ck_assert_uint_eq(info.flags, c->flags);
	ck_assert_int_eq(info.min, c->min);
	ck_assert_uint_eq(info.max, c->max);
	ck_assert_uint_eq(info.list_max, c->enc == EGG_ENCODING_LIST ? EGG_LIST_MAX : 0);
}
END_TEST

START_TEST(operand_info_special_and_fields)
{
	struct egg_operand_info info;

	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_RLIM, &info), 0);
	ck_assert_uint_eq(info.special, EGG_RLIM_KEEP);
	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_ID_OR_KEEP, &info), 0);
	ck_assert_uint_eq(info.special, 0xffffffff);
	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_FDMAP, &info), 0);
	ck_assert_uint_eq(info.special, EGG_FDMAP_CLOSE);
	/* Policies 0 to 5 but 4, below SCHED_RESET_ON_FORK. */
	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_SCHED_POLICY, &info), 0);
	ck_assert_uint_eq(info.bits, 0x40000000);
	ck_assert_uint_eq(info.field_mask, 07);
	ck_assert_uint_eq(info.field_values, 0x2f);
	/* O_RDONLY, O_WRONLY, O_RDWR; 3 is none. */
	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_OFLAGS, &info), 0);
	ck_assert_uint_eq(info.field_mask, 03);
	ck_assert_uint_eq(info.field_values, 07);
}
END_TEST

START_TEST(operand_info_errors)
{
	static const int unknown[] = { 0, EGG_OPERAND_FDMAP + 1, 1000, -1 };
	struct egg_operand_info info;
	size_t i;

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++)
		ck_assert_int_eq(egg_operand_info((enum egg_operand_type)unknown[i], &info),
				 ENOENT);
	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_FD, NULL), EINVAL);
	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_operand_info(EGG_OPERAND_FD, &info), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
}
END_TEST

/* The first op with an operand of kind type, and which operand. */
static int op_with_kind(enum egg_operand_type type, struct egg_op_info *op, unsigned int *at)
{
	unsigned int code, i;

	for (code = 0; code <= EGG_OP_LAST; code++) {
		if (egg_op_info(code, op))
			continue;
		for (i = 0; i < op->noperands; i++) {
			if (op->operand[i] == type) {
				*at = i;
				return 0;
			}
		}
	}
	return -1;
}

/* One operand, as text and as the library takes it. */
struct operand {
	char text[8192];
	union egg_value v;
	uint32_t items[EGG_LIST_MAX + 1];
	char str[4097];
};

static void number_operand(struct operand *o, const struct egg_operand_info *info,
			   uint64_t u)
{
	if (info->encoding == EGG_ENCODING_SLEB) {
		o->v.i = (int64_t)u;
		snprintf(o->text, sizeof(o->text), "%lld", (long long)(int64_t)u);
	} else {
		o->v.u = u;
		snprintf(o->text, sizeof(o->text), "%llu", (unsigned long long)u);
	}
}

static void string_operand(struct operand *o, size_t len)
{
	memset(o->str, 'a', len);
	o->str[len] = '\0';
	o->v.str.ptr = o->str;
	o->v.str.len = len;
	snprintf(o->text, sizeof(o->text), "\"%s\"", o->str);
}

/* count items from first, each step more than the one before; an item
 * EGG_FDMAP_CLOSE is written -1. */
static void list_operand(struct operand *o, size_t count, uint32_t first, uint32_t step)
{
	size_t i, n = 1;

	o->text[0] = '{';
	for (i = 0; i < count; i++) {
		o->items[i] = first + (uint32_t)i * step;
		if (o->items[i] == EGG_FDMAP_CLOSE)
			n += (size_t)snprintf(o->text + n, sizeof(o->text) - n, "%s-1",
					      i ? " " : "");
		else
			n += (size_t)snprintf(o->text + n, sizeof(o->text) - n, "%s%u",
					      i ? " " : "", o->items[i]);
	}
	snprintf(o->text + n, sizeof(o->text) - n, "}");
	o->v.list.items = o->items;
	o->v.list.count = count;
}

/* A value each kind has that no op refuses on its own account. */
static void neutral_operand(struct operand *o, enum egg_operand_type type)
{
	struct egg_operand_info info;

	ck_assert_int_eq(egg_operand_info(type, &info), 0);
	memset(&o->v, 0, sizeof(o->v));
	if (info.encoding == EGG_ENCODING_STRING)
		string_operand(o, 1);
	else if (info.encoding == EGG_ENCODING_LIST)
		list_operand(o, 0, 0, 0);
	else
		number_operand(o, &info, (uint64_t)info.min);
}

/* Is insn (the kind's op, operand at replaced by o) accepted by eggasm
 * exactly when the library accepts it? */
static void agree(const struct egg_op_info *op, unsigned int at, struct operand *o,
		  const char *what)
{
	static struct operand others[EGG_MAX_OPERANDS];
	struct egg_insn insn = { .opcode = op->opcode, .noperands = op->noperands };
	static char src[16384];
	struct eggasm_diag diag;
	struct egg *lib = t_egg(), *text = t_egg();
	size_t n;
	unsigned int i;
	int want, got;

	n = (size_t)snprintf(src, sizeof(src), "%s", op->name);
	for (i = 0; i < op->noperands; i++) {
		struct operand *x = i == at ? o : &others[i];

		if (i != at)
			neutral_operand(x, op->operand[i]);
		insn.operand[i] = x->v;
		n += (size_t)snprintf(src + n, sizeof(src) - n, " %s", x->text);
	}
	want = egg_append(lib, &insn);
	got = eggasm_parse(src, n, "t.s", text, NULL, &diag);
	ck_assert_msg(!want == !got, "%s (%s): the library says %d, eggasm %d (%s)", op->name,
		      what, want, got, got ? diag.msg : "");
	if (!want)
		ck_assert_msg(egg_size(lib) == egg_size(text) &&
			      !memcmp(egg_data(lib), egg_data(text), egg_size(lib)),
			      "%s (%s): eggasm assembled other bytes", op->name, what);
	egg_free(lib);
	egg_free(text);
}

static void number_edges(const struct egg_op_info *op, unsigned int at,
			 const struct egg_operand_info *info)
{
	static struct operand o;
	unsigned int b;

	number_operand(&o, info, (uint64_t)info->min);
	agree(op, at, &o, "min");
	number_operand(&o, info, info->max);
	agree(op, at, &o, "max");
	if (info->min > (info->encoding == EGG_ENCODING_SLEB ? INT64_MIN : 0)) {
		number_operand(&o, info, (uint64_t)(info->min - 1));
		agree(op, at, &o, "min - 1");
	}
	if (info->max < (info->encoding == EGG_ENCODING_SLEB ? INT64_MAX : UINT64_MAX)) {
		number_operand(&o, info, info->max + 1);
		agree(op, at, &o, "max + 1");
	}
	if (info->flags & EGG_OPERAND_F_SPECIAL) {
		number_operand(&o, info, info->special);
		agree(op, at, &o, "special");
	}
	if (!(info->flags & EGG_OPERAND_F_BITS))
		return;
	/* Each bit alone, and each value of the field. */
	for (b = 0; b < 64; b++) {
		number_operand(&o, info, 1ULL << b);
		agree(op, at, &o, "one bit");
	}
	for (b = 0; b <= info->field_mask && b < 64; b++) {
		number_operand(&o, info, b);
		agree(op, at, &o, "a field value");
	}
}

static void string_edges(const struct egg_op_info *op, unsigned int at,
			 const struct egg_operand_info *info)
{
	static struct operand o;

	string_operand(&o, info->max);
	agree(op, at, &o, "longest");
	string_operand(&o, info->max + 1);
	agree(op, at, &o, "longest + 1");
}

static void list_edges(const struct egg_op_info *op, unsigned int at,
		       const struct egg_operand_info *info)
{
	static struct operand o;

	list_operand(&o, 1, (uint32_t)info->max, 0);
	agree(op, at, &o, "largest item");
	if (info->max < UINT32_MAX) {
		list_operand(&o, 1, (uint32_t)info->max + 1, 0);
		agree(op, at, &o, "largest item + 1");
	}
	if (info->flags & EGG_OPERAND_F_SPECIAL) {
		list_operand(&o, 1, (uint32_t)info->special, 0);
		agree(op, at, &o, "special item");
	}
	list_operand(&o, 2, 1, 0);
	agree(op, at, &o, "a repeated item");
	list_operand(&o, 2, 2, UINT32_MAX);
	agree(op, at, &o, "descending items");
	list_operand(&o, info->list_max, 0, 1);
	agree(op, at, &o, "most items");
	list_operand(&o, info->list_max + 1, 0, 1);
	agree(op, at, &o, "most items + 1");
}

START_TEST(eggasm_agrees_at_edges)
{
	const struct kind_case *c = &kinds[_i];
	struct egg_operand_info info;
	struct egg_op_info op;
	unsigned int at;

	ck_assert_int_eq(egg_operand_info(c->type, &info), 0);
	if (op_with_kind(c->type, &op, &at))
		return;		/* EGG_OPERAND_U64: no op takes it, eggasm never reads one */
	if (info.encoding == EGG_ENCODING_STRING)
		string_edges(&op, at, &info);
	else if (info.encoding == EGG_ENCODING_LIST)
		list_edges(&op, at, &info);
	else
		number_edges(&op, at, &info);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("eggasm-kinds");
	size_t n = sizeof(kinds) / sizeof(kinds[0]);
	TCase *tc;

	tc = t_tcase(s, "operand_info", 30);
	tcase_add_loop_test(tc, operand_info_answers, 0, (int)n);
	tcase_add_test(tc, operand_info_special_and_fields);
	tcase_add_test(tc, operand_info_errors);
	tc = t_tcase(s, "eggasm", 60);
	tcase_add_loop_test(tc, eggasm_agrees_at_edges, 0, (int)n);
	return t_run(s);
}
