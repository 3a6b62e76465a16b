/* SPDX-License-Identifier: MIT */
/*
 * LEB128, the number encoding of eggs.  Only the shortest encoding of a
 * number is valid, so that every program has exactly one encoding.
 */
#ifndef EGG_LEB128_H
#define EGG_LEB128_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"

#define EGG__LEB_MAX 10		/* bytes of a 64-bit number */

size_t egg__uleb_put(uint8_t *out, uint64_t v) EGG_HIDDEN;
size_t egg__sleb_put(uint8_t *out, int64_t v) EGG_HIDDEN;
size_t egg__uleb_size(uint64_t v) EGG_HIDDEN;
size_t egg__sleb_size(int64_t v) EGG_HIDDEN;

/* Checked decoders for untrusted input: read one number at code[*off],
 * advance *off and return 0, or return -EINVAL with *off at the first bad
 * byte (len if the number is cut short).  The _long forms do the work; the
 * inline ones below take the common case, a number of one byte (opcodes,
 * fds, most flags), without a call: validation is most of what an egg
 * costs the parent.  A single byte is always the shortest form. */
int egg__uleb_get_long(const uint8_t *code, size_t len, size_t *off, uint64_t *v) EGG_HIDDEN;
int egg__sleb_get_long(const uint8_t *code, size_t len, size_t *off, int64_t *v) EGG_HIDDEN;

static inline int egg__uleb_get(const uint8_t *code, size_t len, size_t *off, uint64_t *v)
{
	if (egg__likely(*off < len && !(code[*off] & 0x80))) {
		*v = code[(*off)++];
		return 0;
	}
	return egg__uleb_get_long(code, len, off, v);
}

static inline int egg__sleb_get(const uint8_t *code, size_t len, size_t *off, int64_t *v)
{
	if (egg__likely(*off < len && !(code[*off] & 0x80))) {
		uint8_t b = code[(*off)++];

		/* Bit 6 is the sign. */
		*v = (b & 0x40) ? (int64_t)b - 0x80 : (int64_t)b;
		return 0;
	}
	return egg__sleb_get_long(code, len, off, v);
}

/*
 * Decoders for the interpreter, which runs code that was validated: they
 * do not check the shortest form or the range, but whatever the bytes are
 * they never read at or past end and never shift past bit 63.  A number
 * cut short by end, or longer than EGG__LEB_MAX bytes, sets *bad (and its
 * value is whatever was read).  Inline, the slow path too: most numbers
 * are one byte, and a call would make *bad live in memory.
 */
static inline uint64_t egg__leb_bits(const uint8_t **p, const uint8_t *end, int *bad,
				     unsigned int *shift)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	unsigned int s = 0;
	uint8_t b = 0x80;

	while (q < end && s < 7 * EGG__LEB_MAX) {
		b = *q++;
		v |= (uint64_t)(b & 0x7f) << s;
		s += 7;
		if (!(b & 0x80))
			break;
	}
	*bad |= b >> 7;
	*p = q;
	*shift = s;
	return v;
}

static inline uint64_t egg__uleb_next(const uint8_t **p, const uint8_t *end, int *bad)
{
	const uint8_t *q = *p;
	unsigned int shift;

	if (egg__likely(q < end && !(*q & 0x80))) {
		*p = q + 1;
		return *q;
	}
	return egg__leb_bits(p, end, bad, &shift);
}

static inline int64_t egg__sleb_next(const uint8_t **p, const uint8_t *end, int *bad)
{
	const uint8_t *q = *p;
	unsigned int shift;
	uint64_t v;

	if (egg__likely(q < end && !(*q & 0x80))) {
		*p = q + 1;
		/* Bit 6 is the sign. */
		return (*q & 0x40) ? (int64_t)*q - 0x80 : (int64_t)*q;
	}
	v = egg__leb_bits(p, end, bad, &shift);
	/* The sign is bit 6 of the last byte, now bit shift - 1. */
	if (shift && shift < 64 && (v >> (shift - 1)) & 1)
		v |= ~0ULL << shift;
	return (int64_t)v;
}

#endif /* EGG_LEB128_H */
