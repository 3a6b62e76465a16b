/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "leb128.h"

size_t egg__uleb_put(uint8_t *out, uint64_t v)
{
	size_t n = 0;

	do {
		uint8_t b = v & 0x7f;

		v >>= 7;
		out[n++] = b | (v ? 0x80 : 0);
	} while (v);
	return n;
}

size_t egg__sleb_put(uint8_t *out, int64_t v)
{
	size_t n = 0;
	int more;

	do {
		uint8_t b = (uint64_t)v & 0x7f;

		v >>= 7;	/* arithmetic: gcc and clang define it so */
		more = !((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40)));
		out[n++] = b | (more ? 0x80 : 0);
	} while (more);
	return n;
}

size_t egg__uleb_size(uint64_t v)
{
	uint8_t tmp[EGG__LEB_MAX];

	return egg__uleb_put(tmp, v);
}

size_t egg__sleb_size(int64_t v)
{
	uint8_t tmp[EGG__LEB_MAX];

	return egg__sleb_put(tmp, v);
}

/* Find the end of one LEB128 number: the index of its last byte, or
 * -EINVAL with *off at the bad byte if it is cut short or too long. */
static int leb_span(const uint8_t *code, size_t len, size_t *off, size_t *last)
{
	size_t i;

	for (i = 0; i < EGG__LEB_MAX; i++) {
		if (*off + i >= len) {
			*off = len;
			return -EINVAL;
		}
		if (!(code[*off + i] & 0x80)) {
			*last = *off + i;
			return 0;
		}
	}
	*off += EGG__LEB_MAX - 1;	/* the tenth byte wants more */
	return -EINVAL;
}

int egg__uleb_get_long(const uint8_t *code, size_t len, size_t *off, uint64_t *v)
{
	size_t last, i;
	uint64_t val = 0;
	int err;

	err = leb_span(code, len, off, &last);
	if (err)
		return err;
	/* A trailing zero byte only adds nothing: not the shortest form. */
	if (last > *off && code[last] == 0) {
		*off = last;
		return -EINVAL;
	}
	/* The tenth byte holds bit 63 alone. */
	if (last - *off == EGG__LEB_MAX - 1 && code[last] > 1) {
		*off = last;
		return -EINVAL;
	}
	for (i = *off; i <= last; i++)
		val |= (uint64_t)(code[i] & 0x7f) << (7 * (i - *off));
	*v = val;
	*off = last + 1;
	return 0;
}

int egg__sleb_get_long(const uint8_t *code, size_t len, size_t *off, int64_t *v)
{
	size_t last, i;
	uint64_t val = 0;
	unsigned int shift;
	int err;

	err = leb_span(code, len, off, &last);
	if (err)
		return err;
	/* A last byte that only repeats the sign of the one before it is
	 * not the shortest form. */
	if (last > *off &&
	    ((code[last] == 0x00 && !(code[last - 1] & 0x40)) ||
	     (code[last] == 0x7f && (code[last - 1] & 0x40)))) {
		*off = last;
		return -EINVAL;
	}
	/* The tenth byte holds bit 63, and the rest must be its copies. */
	if (last - *off == EGG__LEB_MAX - 1 && code[last] != 0 && code[last] != 0x7f) {
		*off = last;
		return -EINVAL;
	}
	for (i = *off; i <= last; i++)
		val |= (uint64_t)(code[i] & 0x7f) << (7 * (i - *off));
	shift = 7 * (unsigned int)(last - *off + 1);
	if (shift < 64 && (code[last] & 0x40))
		val |= ~0ULL << shift;
	*v = (int64_t)val;
	*off = last + 1;
	return 0;
}

