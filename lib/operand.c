/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
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
	uint64_t max, item, prev = 0;
	int ascending = egg__list_item_max(type, &max);
	size_t i, pos = 0;

	if (v->list.count > EGG_LIST_MAX)
		return -EINVAL;
	for (i = 0; i < v->list.count; i++) {
		if (list_next(v, i, &pos, &item))
			return -EINVAL;
		if (item > max || (ascending && i && item <= prev))
			return -EINVAL;
		prev = item;
	}
	if (!v->list.items && v->list.count && pos != v->list.enc_size)
		return -EINVAL;
	return 0;
}

static int string_check(const union egg_value *v)
{
	size_t i;

	if (v->str.len > EGG__PATH_MAX)
		return -ENAMETOOLONG;
	if (v->str.len && !v->str.ptr)
		return -EINVAL;
	for (i = 0; i < v->str.len; i++)
		if (v->str.ptr[i] == '\0')
			return -EINVAL;
	return 0;
}

int egg__operand_check(enum egg_operand_type type, const union egg_value *v)
{
	uint64_t u = v->u;

	switch (type) {
	case EGG_OPERAND_FD:
	case EGG_OPERAND_PID:
		return u <= INT_MAX ? 0 : -EINVAL;
	case EGG_OPERAND_UINT:
		return u <= UINT_MAX ? 0 : -EINVAL;
	case EGG_OPERAND_U64:
	case EGG_OPERAND_SIGSET:
	case EGG_OPERAND_RLIM:
		return 0;
	case EGG_OPERAND_INT:
		return v->i >= INT_MIN && v->i <= INT_MAX ? 0 : -EINVAL;
	case EGG_OPERAND_OFLAGS:
		return egg__oflags_check(u);
	case EGG_OPERAND_MODE:
		return u <= 07777 ? 0 : -EINVAL;
	case EGG_OPERAND_UMASK:
		return u <= 0777 ? 0 : -EINVAL;
	case EGG_OPERAND_RESOURCE:
		return u < EGG__RLIMIT_COUNT ? 0 : -EINVAL;
	case EGG_OPERAND_CLOSE_RANGE_FLAGS:
		return u & ~(uint64_t)(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE) ? -EINVAL : 0;
	case EGG_OPERAND_ID:
		return u <= 0xfffffffeULL ? 0 : -EINVAL;
	case EGG_OPERAND_ID_OR_KEEP:
		return u <= 0xffffffffULL ? 0 : -EINVAL;
	case EGG_OPERAND_CAPMASK:
		return 0;
	case EGG_OPERAND_CAP:
		return u <= 63 ? 0 : -EINVAL;
	case EGG_OPERAND_SIGNAL:
		return u <= 64 ? 0 : -EINVAL;
	case EGG_OPERAND_BOOL:
		return u <= 1 ? 0 : -EINVAL;
	case EGG_OPERAND_SECUREBITS:
		return u & ~(uint64_t)EGG__SECUREBITS_ALL ? -EINVAL : 0;
	case EGG_OPERAND_SCHED_POLICY:
		u &= ~(uint64_t)EGG__SCHED_RESET_ON_FORK;
		return u <= EGG__SCHED_IDLE && u != 4 ? 0 : -EINVAL;
	case EGG_OPERAND_UNSHARE_FLAGS:
		return !u || u & ~(uint64_t)EGG__UNSHARE_FLAGS ? -EINVAL : 0;
	case EGG_OPERAND_PATH:
	case EGG_OPERAND_STRING:
		return string_check(v);
	case EGG_OPERAND_IDLIST:
	case EGG_OPERAND_FDLIST:
	case EGG_OPERAND_CPULIST:
		return list_check(type, v);
	}
	return -EINVAL;
}

int egg__list_item_max(enum egg_operand_type type, uint64_t *max)
{
	switch (type) {
	case EGG_OPERAND_IDLIST:
		*max = 0xfffffffeULL;
		return 0;
	case EGG_OPERAND_FDLIST:
		*max = INT_MAX;
		return 1;
	default:
		*max = EGG__CPU_MAX;
		return 1;
	}
}

static int string_read(const uint8_t *code, size_t len, size_t *off, union egg_value *v)
{
	size_t start = *off, i;
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
	for (i = 0; i < n; i++) {
		if (code[*off + i] == '\0') {
			*off += i;
			return -EINVAL;
		}
	}
	v->str.ptr = (const char *)code + *off;
	v->str.len = n;
	*off += n;
	return 0;
}

static int list_read(enum egg_operand_type type, const uint8_t *code, size_t len,
		     size_t *off, union egg_value *v)
{
	uint64_t count, item, prev = 0, max;
	int ascending = egg__list_item_max(type, &max);
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
		if (item > max || (ascending && i && item <= prev)) {
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
	size_t start = *off;
	int err;

	if (egg__operand_is_string(type))
		return string_read(code, len, off, v);
	if (egg__operand_is_list(type))
		return list_read(type, code, len, off, v);
	if (egg__operand_is_signed(type))
		err = egg__sleb_get(code, len, off, &v->i);
	else
		err = egg__uleb_get(code, len, off, &v->u);
	if (err)
		return err;
	if (egg__operand_check(type, v)) {
		*off = start;	/* well formed, out of range: blame it whole */
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
