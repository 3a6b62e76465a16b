/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <linux/securebits.h>
#include <sys/resource.h>

#include "leb128.h"
#include "operand.h"

/* Item i of a list, read in order, from items[] or from its encoding. */
static int list_next(const union egg_value *v, size_t i, size_t *pos, uint64_t *item)
{
	if (v->list.items) {
		*item = v->list.items[i];
		return 0;
	}
	if (!v->list.enc)
		return -EINVAL;
	/* A decoded list: its encoding is checked again, since a caller
	 * may have filled it in by hand. */
	return egg__uleb_get(v->list.enc, v->list.enc_size, pos, item);
}

/* A list to append: in range, ascending where the kind wants, and a
 * decoded one exactly as long as its encoding. */
static int list_check(enum egg_operand_type type, const union egg_value *v)
{
	uint64_t item, prev = 0;
	size_t i, pos = 0;

	if (v->list.count > EGG_LIST_MAX)
		return -EINVAL;
	for (i = 0; i < v->list.count; i++) {
		if (list_next(v, i, &pos, &item))
			return -EINVAL;
		if (egg__list_item_check(type, i, prev, item))
			return -EINVAL;
		prev = item;
	}
	if (!v->list.items && v->list.count && pos != v->list.enc_size)
		return -EINVAL;
	return 0;
}

static int string_check(const union egg_value *v)
{
	if (v->str.len > EGG__PATH_MAX)
		return -ENAMETOOLONG;
	if (v->str.len && !v->str.ptr)
		return -EINVAL;
	return v->str.len && memchr(v->str.ptr, '\0', v->str.len) ? -EINVAL : 0;
}

/*
 * How each kind of number is checked.  Most have a plain maximum, checked
 * inline as the number is read: validation is most of what an egg costs
 * the parent, and a switch per operand was a third of it.  The kinds with
 * a rule of their own are checked by special_check().
 */
enum number_rule {
	RULE_NONE,		/* not a number: a string, a list, no kind */
	RULE_MAX,		/* 0 to max */
	RULE_SIGNED,		/* INT_MIN to INT_MAX */
	RULE_SPECIAL,		/* special_check() */
};

struct number_kind {
	uint64_t max;
	unsigned char rule;
};

static const struct number_kind number_kinds[] = {
	[EGG_OPERAND_FD] = { INT_MAX, RULE_MAX },
	[EGG_OPERAND_PID] = { INT_MAX, RULE_MAX },
	[EGG_OPERAND_UINT] = { UINT_MAX, RULE_MAX },
	[EGG_OPERAND_U64] = { UINT64_MAX, RULE_MAX },
	[EGG_OPERAND_INT] = { 0, RULE_SIGNED },
	[EGG_OPERAND_OFLAGS] = { 0, RULE_SPECIAL },
	[EGG_OPERAND_MODE] = { 07777, RULE_MAX },
	[EGG_OPERAND_UMASK] = { 0777, RULE_MAX },
	[EGG_OPERAND_SIGSET] = { UINT64_MAX, RULE_MAX },
	[EGG_OPERAND_RESOURCE] = { EGG__RLIMIT_COUNT - 1, RULE_MAX },
	[EGG_OPERAND_RLIM] = { UINT64_MAX, RULE_MAX },
	[EGG_OPERAND_CLOSE_RANGE_FLAGS] = { 0, RULE_SPECIAL },
	[EGG_OPERAND_ID] = { EGG__ID_MAX, RULE_MAX },
	[EGG_OPERAND_ID_OR_KEEP] = { EGG__ID_KEEP, RULE_MAX },
	[EGG_OPERAND_CAPMASK] = { UINT64_MAX, RULE_MAX },
	[EGG_OPERAND_CAP] = { 63, RULE_MAX },
	[EGG_OPERAND_SIGNAL] = { 64, RULE_MAX },
	[EGG_OPERAND_BOOL] = { 1, RULE_MAX },
	[EGG_OPERAND_SECUREBITS] = { 0, RULE_SPECIAL },
	[EGG_OPERAND_SCHED_POLICY] = { 0, RULE_SPECIAL },
	[EGG_OPERAND_UNSHARE_FLAGS] = { 0, RULE_SPECIAL },
};

static int special_check(enum egg_operand_type type, uint64_t u)
{
	switch (type) {
	case EGG_OPERAND_OFLAGS:
		return egg__oflags_check(u);
	case EGG_OPERAND_CLOSE_RANGE_FLAGS:
		return u & ~(uint64_t)(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE) ? -EINVAL : 0;
	case EGG_OPERAND_SECUREBITS:
		return u & ~(uint64_t)EGG__SECUREBITS_ALL ? -EINVAL : 0;
	case EGG_OPERAND_SCHED_POLICY:
		u &= ~(uint64_t)EGG__SCHED_RESET_ON_FORK;
		return u <= EGG__SCHED_POLICY_FIELD && EGG__SCHED_POLICIES >> u & 1 ? 0 : -EINVAL;
	case EGG_OPERAND_UNSHARE_FLAGS:
		return !u || u & ~(uint64_t)EGG__UNSHARE_FLAGS ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* A number kind's entry, or NULL for strings, lists and unknown kinds. */
static const struct number_kind *number_kind(enum egg_operand_type type)
{
	const struct number_kind *k;

	if ((unsigned int)type >= EGG_ARRAY_SIZE(number_kinds))
		return NULL;
	k = &number_kinds[type];
	return k->rule != RULE_NONE ? k : NULL;
}

int egg__operand_known(enum egg_operand_type type)
{
	return number_kind(type) || egg__operand_is_string(type) || egg__operand_is_list(type);
}

int egg__operand_max(enum egg_operand_type type, uint64_t *max)
{
	const struct number_kind *k = number_kind(type);

	if (!k || k->rule != RULE_MAX)
		return -EINVAL;
	*max = k->max;
	return 0;
}

static int number_check(enum egg_operand_type type, const struct number_kind *k,
			const union egg_value *v)
{
	switch (k->rule) {
	case RULE_MAX:
		return v->u <= k->max ? 0 : -EINVAL;
	case RULE_SIGNED:
		return v->i >= INT_MIN && v->i <= INT_MAX ? 0 : -EINVAL;
	default:
		return special_check(type, v->u);
	}
}

int egg__operand_check(enum egg_operand_type type, const union egg_value *v)
{
	const struct number_kind *k;

	if (egg__operand_is_string(type))
		return string_check(v);
	if (egg__operand_is_list(type))
		return list_check(type, v);
	k = number_kind(type);
	return k ? number_check(type, k, v) : -EINVAL;
}

static int ascending(size_t i, uint64_t prev, uint64_t item)
{
	return !i || item > prev;
}

int egg__list_item_check(enum egg_operand_type type, size_t i, uint64_t prev,
			 uint64_t item)
{
	switch (type) {
	case EGG_OPERAND_IDLIST:
		return item <= EGG__ID_MAX ? 0 : -EINVAL;
	case EGG_OPERAND_FDLIST:
		return item <= INT_MAX && ascending(i, prev, item) ? 0 : -EINVAL;
	case EGG_OPERAND_FDMAP:
		/* A map, not a set: any order, repeats allowed. */
		return item <= INT_MAX || item == EGG_FDMAP_CLOSE ? 0 : -EINVAL;
	default:
		return item <= EGG__CPU_MAX && ascending(i, prev, item) ? 0 : -EINVAL;
	}
}

static int string_read(const uint8_t *code, size_t len, size_t *off, union egg_value *v)
{
	size_t start = *off;
	const uint8_t *nul;
	uint64_t n;
	int err;

	err = egg__uleb_get(code, len, off, &n);
	if (err)
		return err;
	if (n > EGG__PATH_MAX) {
		*off = start;
		return -EINVAL;
	}
	if (n > len - *off) {
		*off = len;
		return -EINVAL;
	}
	nul = memchr(code + *off, '\0', n);
	if (nul) {
		*off = (size_t)(nul - code);
		return -EINVAL;
	}
	v->str.ptr = (const char *)code + *off;
	v->str.len = n;
	*off += n;
	return 0;
}

static int list_read(enum egg_operand_type type, const uint8_t *code, size_t len,
		     size_t *off, union egg_value *v)
{
	uint64_t count, item, prev = 0;
	size_t start = *off, at, i;
	int err;

	err = egg__uleb_get(code, len, off, &count);
	if (err)
		return err;
	if (count > EGG_LIST_MAX) {
		*off = start;
		return -EINVAL;
	}
	v->list.items = NULL;
	v->list.enc = code + *off;
	v->list.count = count;
	v->list.enc_size = 0;
	for (i = 0; i < count; i++) {
		at = *off;
		err = egg__uleb_get(code, len, off, &item);
		if (err)
			return err;
		if (egg__list_item_check(type, i, prev, item)) {
			*off = at;
			return -EINVAL;
		}
		prev = item;
	}
	v->list.enc_size = (size_t)(code + *off - v->list.enc);
	return 0;
}

int egg__operand_read(enum egg_operand_type type, const uint8_t *code, size_t len,
		      size_t *off, union egg_value *v)
{
	const struct number_kind *k = number_kind(type);
	size_t start = *off;
	int err;

	if (egg__likely(k && k->rule == RULE_MAX)) {
		err = egg__uleb_get(code, len, off, &v->u);
		if (err)
			return err;
		if (egg__unlikely(v->u > k->max)) {
			*off = start;	/* well formed, out of range: blame it whole */
			return -EINVAL;
		}
		return 0;
	}
	if (egg__operand_is_string(type))
		return string_read(code, len, off, v);
	if (egg__operand_is_list(type))
		return list_read(type, code, len, off, v);
	if (!k)
		return -EINVAL;
	if (k->rule == RULE_SIGNED)
		err = egg__sleb_get(code, len, off, &v->i);
	else
		err = egg__uleb_get(code, len, off, &v->u);
	if (err)
		return err;
	if (number_check(type, k, v)) {
		*off = start;
		return -EINVAL;
	}
	return 0;
}

size_t egg__operand_size(enum egg_operand_type type, const union egg_value *v)
{
	size_t n, i;

	if (egg__operand_is_list(type)) {
		n = egg__uleb_size(v->list.count);
		if (!v->list.items && v->list.count)
			return n + v->list.enc_size;
		for (i = 0; i < v->list.count; i++)
			n += egg__uleb_size(v->list.items[i]);
		return n;
	}
	if (egg__operand_is_string(type))
		return egg__uleb_size(v->str.len) + v->str.len;
	if (egg__operand_is_signed(type))
		return egg__sleb_size(v->i);
	return egg__uleb_size(v->u);
}

size_t egg__operand_write(enum egg_operand_type type, const union egg_value *v,
			  uint8_t *out)
{
	size_t n, i;

	if (egg__operand_is_list(type)) {
		n = egg__uleb_put(out, v->list.count);
		if (!v->list.items && v->list.count) {
			/* Checked: canonical numbers, the right count. */
			for (i = 0; i < v->list.enc_size; i++)
				out[n + i] = v->list.enc[i];
			return n + v->list.enc_size;
		}
		for (i = 0; i < v->list.count; i++)
			n += egg__uleb_put(out + n, v->list.items[i]);
		return n;
	}
	if (egg__operand_is_string(type)) {
		n = egg__uleb_put(out, v->str.len);
		for (i = 0; i < v->str.len; i++)
			out[n + i] = (uint8_t)v->str.ptr[i];
		return n + v->str.len;
	}
	if (egg__operand_is_signed(type))
		return egg__sleb_put(out, v->i);
	return egg__uleb_put(out, v->u);
}

EGG_EXPORT int egg_list_item(const union egg_value *list, size_t i, uint32_t *item)
{
	uint64_t v = 0;
	size_t k, pos = 0;

	if (!list || !item || i >= list->list.count)
		return EINVAL;
	if (list->list.items) {
		*item = list->list.items[i];
		return 0;
	}
	if (!list->list.enc)
		return EINVAL;
	for (k = 0; k <= i; k++)
		if (egg__uleb_get(list->list.enc, list->list.enc_size, &pos, &v) || v > UINT32_MAX)
			return EINVAL;
	*item = (uint32_t)v;
	return 0;
}
