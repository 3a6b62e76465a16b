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

/* Unchecked decoders for validated code, as the interpreter runs it. */
static inline uint64_t egg__uleb_fast(const uint8_t **p)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	unsigned int shift = 0;
	uint8_t b;

	do {
		b = *q++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	*p = q;
	return v;
}

static inline int64_t egg__sleb_fast(const uint8_t **p)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	unsigned int shift = 0;
	uint8_t b;

	do {
		b = *q++;
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	if (shift < 64 && (b & 0x40))
		v |= ~0ULL << shift;
	*p = q;
	return (int64_t)v;
}

#endif /* EGG_LEB128_H */
