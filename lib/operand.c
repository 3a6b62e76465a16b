/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <linux/close_range.h>
#include <sys/resource.h>

#include "leb128.h"
#include "operand.h"

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
		return u < RLIM_NLIMITS ? 0 : -EINVAL;
	case EGG_OPERAND_CLOSE_RANGE_FLAGS:
		return u & ~(uint64_t)(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE) ? -EINVAL : 0;
	case EGG_OPERAND_PATH:
		return string_check(v);
	}
	return -EINVAL;
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

int egg__operand_read(enum egg_operand_type type, const uint8_t *code, size_t len,
		      size_t *off, union egg_value *v)
{
	size_t start = *off;
	int err;

	if (egg__operand_is_string(type))
		return string_read(code, len, off, v);
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
