/* SPDX-License-Identifier: MIT */
/*
 * LEB128, the number encoding of eggs: known encodings byte for byte, the
 * shortest form at every size boundary, round trips, and every kind of
 * malformed number rejected at its exact byte.  Unit tests of lib/leb128.c
 * (linked from the internal library); the sizes are checked against a
 * reference written here from the definition, not from the library.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "egg-util.h"
#include "leb128.h"

#define MAXB 12

struct enc_case {
	const char *name;
	uint64_t value;		/* as unsigned, or the bits of the signed value */
	size_t len;
	uint8_t bytes[MAXB];
};

static const struct enc_case uleb_cases[] = {
	{ "zero", 0, 1, { 0x00 } },
	{ "one", 1, 1, { 0x01 } },
	{ "largest_one_byte_127", 127, 1, { 0x7f } },
	{ "smallest_two_bytes_128", 128, 2, { 0x80, 0x01 } },
	{ "255", 255, 2, { 0xff, 0x01 } },
	{ "300", 300, 2, { 0xac, 0x02 } },
	{ "largest_two_bytes_16383", 16383, 2, { 0xff, 0x7f } },
	{ "smallest_three_bytes_16384", 16384, 3, { 0x80, 0x80, 0x01 } },
	{ "int_max", 0x7fffffff, 5, { 0xff, 0xff, 0xff, 0xff, 0x07 } },
	{ "int_max_plus_1", 0x80000000, 5, { 0x80, 0x80, 0x80, 0x80, 0x08 } },
	{ "uint32_max", 0xffffffff, 5, { 0xff, 0xff, 0xff, 0xff, 0x0f } },
	{ "two_pow_63", 1ULL << 63, 10,
	  { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 } },
	{ "uint64_max", UINT64_MAX, 10,
	  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 } },
};

static const struct enc_case sleb_cases[] = {
	{ "zero", 0, 1, { 0x00 } },
	{ "one", 1, 1, { 0x01 } },
	{ "minus_one", (uint64_t)-1, 1, { 0x7f } },
	{ "largest_one_byte_63", 63, 1, { 0x3f } },
	{ "smallest_one_byte_minus_64", (uint64_t)-64, 1, { 0x40 } },
	{ "64_needs_two_bytes", 64, 2, { 0xc0, 0x00 } },
	{ "minus_65_needs_two_bytes", (uint64_t)-65, 2, { 0xbf, 0x7f } },
	{ "127", 127, 2, { 0xff, 0x00 } },
	{ "minus_128", (uint64_t)-128, 2, { 0x80, 0x7f } },
	{ "minus_20_nice", (uint64_t)-20, 1, { 0x6c } },
	{ "int_min", (uint64_t)(int64_t)INT32_MIN, 5, { 0x80, 0x80, 0x80, 0x80, 0x78 } },
	{ "int64_max", INT64_MAX, 10,
	  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 } },
	{ "int64_min", (uint64_t)INT64_MIN, 10,
	  { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f } },
};

struct bad_case {
	const char *name;
	size_t len;
	uint8_t bytes[MAXB];
	size_t bad;		/* the offset of the first bad byte */
};

static const struct bad_case uleb_bad[] = {
	{ "empty_input", 0, { 0 }, 0 },
	{ "continuation_at_end", 1, { 0x80 }, 1 },
	{ "continuation_at_end_of_three", 3, { 0xff, 0xff, 0xff }, 3 },
	{ "overlong_zero_80_00", 2, { 0x80, 0x00 }, 1 },
	{ "overlong_one_81_00", 2, { 0x81, 0x00 }, 1 },
	{ "overlong_127_ff_00", 2, { 0xff, 0x00 }, 1 },
	{ "overlong_three_bytes", 3, { 0x81, 0x80, 0x00 }, 2 },
	{ "tenth_byte_above_one", 10,
	  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02 }, 9 },
	{ "tenth_byte_7f", 10,
	  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }, 9 },
	{ "eleven_bytes", 11,
	  { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, 9 },
	{ "ten_continuations_cut", 10,
	  { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 }, 9 },
};

static const struct bad_case sleb_bad[] = {
	{ "empty_input", 0, { 0 }, 0 },
	{ "continuation_at_end", 2, { 0xff, 0xff }, 2 },
	{ "overlong_zero_80_00", 2, { 0x80, 0x00 }, 1 },
	{ "overlong_minus_one_ff_7f", 2, { 0xff, 0x7f }, 1 },
	{ "overlong_minus_64_c0_7f", 2, { 0xc0, 0x7f }, 1 },
	{ "overlong_63_bf_00", 2, { 0xbf, 0x00 }, 1 },
	{ "tenth_byte_not_sign", 10,
	  { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, 9 },
	{ "tenth_byte_40", 10,
	  { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40 }, 9 },
	{ "eleven_bytes", 11,
	  { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xff, 0x7f }, 9 },
};

/* The definition: the fewest 7-bit groups that hold the value (and, for
 * SLEB128, its sign bit). */
static size_t ref_uleb_size(uint64_t v)
{
	size_t n = 1;

	while (n < 10 && v >= 1ULL << (7 * n))
		n++;
	return n;
}

static size_t ref_sleb_size(int64_t v)
{
	size_t n;

	for (n = 1; n < 10; n++) {
		int64_t lim = (int64_t)1 << (7 * n - 1);

		if (v >= -lim && v < lim)
			return n;
	}
	return 10;
}

START_TEST(uleb_known_encoding)
{
	const struct enc_case *c = &uleb_cases[_i];
	uint8_t out[MAXB];
	const uint8_t *p = c->bytes;
	size_t off = 0;
	uint64_t v = 0;
	int bad = 0;

	ck_assert_uint_eq(egg__uleb_put(out, c->value), c->len);
	ck_assert_msg(!memcmp(out, c->bytes, c->len), "%s: wrong bytes", c->name);
	ck_assert_uint_eq(egg__uleb_size(c->value), c->len);
	ck_assert_int_eq(egg__uleb_get(c->bytes, c->len, &off, &v), 0);
	ck_assert_uint_eq(off, c->len);
	ck_assert_uint_eq(v, c->value);
	ck_assert_uint_eq(egg__uleb_next(&p, c->bytes + c->len, &bad), c->value);
	ck_assert_ptr_eq(p, c->bytes + c->len);
	ck_assert_int_eq(bad, 0);
}
END_TEST

START_TEST(sleb_known_encoding)
{
	const struct enc_case *c = &sleb_cases[_i];
	int64_t want = (int64_t)c->value, v = 0;
	const uint8_t *p = c->bytes;
	uint8_t out[MAXB];
	size_t off = 0;
	int bad = 0;

	ck_assert_uint_eq(egg__sleb_put(out, want), c->len);
	ck_assert_msg(!memcmp(out, c->bytes, c->len), "%s: wrong bytes", c->name);
	ck_assert_uint_eq(egg__sleb_size(want), c->len);
	ck_assert_int_eq(egg__sleb_get(c->bytes, c->len, &off, &v), 0);
	ck_assert_uint_eq(off, c->len);
	ck_assert_int_eq(v, want);
	ck_assert_int_eq(egg__sleb_next(&p, c->bytes + c->len, &bad), want);
	ck_assert_ptr_eq(p, c->bytes + c->len);
	ck_assert_int_eq(bad, 0);
}
END_TEST

/* The interpreter's decoders on numbers that are cut short by the end or
 * longer than ten bytes: they stop at the end, or after ten bytes, and
 * say the number is bad. */
START_TEST(next_stays_within_bounds)
{
	static const uint8_t cut[] = { 0x80, 0xff, 0x81 };
	static const uint8_t eleven[] = { 0x81, 0x80, 0x80, 0x80, 0x80, 0x80,
					  0x80, 0x80, 0x80, 0x80, 0x00 };
	const uint8_t *p;
	size_t n;
	int bad;

	for (n = 0; n <= sizeof(cut); n++) {
		p = cut;
		bad = 0;
		egg__uleb_next(&p, cut + n, &bad);
		ck_assert_ptr_eq(p, cut + n);
		ck_assert_int_eq(bad, 1);
		p = cut;
		bad = 0;
		egg__sleb_next(&p, cut + n, &bad);
		ck_assert_ptr_eq(p, cut + n);
		ck_assert_int_eq(bad, 1);
	}
	p = eleven;
	bad = 0;
	egg__uleb_next(&p, eleven + sizeof(eleven), &bad);
	ck_assert_ptr_eq(p, eleven + 10);
	ck_assert_int_eq(bad, 1);
	p = eleven;
	bad = 0;
	egg__sleb_next(&p, eleven + sizeof(eleven), &bad);
	ck_assert_ptr_eq(p, eleven + 10);
	ck_assert_int_eq(bad, 1);
}
END_TEST

/* A number in the middle of a buffer: the decoder starts at *off and
 * stops right after the number, whatever follows. */
static void uleb_round_trip(uint64_t v)
{
	uint8_t buf[2 + MAXB + 2] = { 0xaa, 0xbb };
	size_t n = egg__uleb_put(buf + 2, v), off = 2;
	uint64_t got = ~v;

	buf[2 + n] = 0x80;	/* a cut-off number after it */
	ck_assert_msg(n == ref_uleb_size(v), "%llu: %zu bytes, shortest is %zu",
		      (unsigned long long)v, n, ref_uleb_size(v));
	ck_assert_uint_eq(egg__uleb_size(v), n);
	ck_assert_int_eq(egg__uleb_get(buf, 2 + n + 1, &off, &got), 0);
	ck_assert_uint_eq(off, 2 + n);
	ck_assert_uint_eq(got, v);
}

static void sleb_round_trip(int64_t v)
{
	uint8_t buf[2 + MAXB + 2] = { 0xaa, 0xbb };
	size_t n = egg__sleb_put(buf + 2, v), off = 2;
	int64_t got = ~v;

	buf[2 + n] = 0x80;
	ck_assert_msg(n == ref_sleb_size(v), "%lld: %zu bytes, shortest is %zu",
		      (long long)v, n, ref_sleb_size(v));
	ck_assert_uint_eq(egg__sleb_size(v), n);
	ck_assert_int_eq(egg__sleb_get(buf, 2 + n + 1, &off, &got), 0);
	ck_assert_uint_eq(off, 2 + n);
	ck_assert_int_eq(got, v);
}

START_TEST(uleb_shortest_at_every_power_of_two)
{
	unsigned int k;

	for (k = 0; k < 64; k++) {
		uint64_t p = 1ULL << k;

		uleb_round_trip(p - 1);
		uleb_round_trip(p);
		uleb_round_trip(p + 1);
	}
	uleb_round_trip(UINT64_MAX);
	uleb_round_trip(UINT64_MAX - 1);
}
END_TEST

START_TEST(sleb_shortest_at_every_power_of_two)
{
	unsigned int k;

	for (k = 0; k < 63; k++) {
		int64_t p = (int64_t)1 << k;

		sleb_round_trip(p - 1);
		sleb_round_trip(p);
		sleb_round_trip(p + 1);
		sleb_round_trip(-p + 1);
		sleb_round_trip(-p);
		sleb_round_trip(-p - 1);
	}
	sleb_round_trip(INT64_MAX);
	sleb_round_trip(INT64_MIN);
	sleb_round_trip(INT64_MIN + 1);
}
END_TEST

/* Values of every length from a fixed pseudo-random sequence. */
START_TEST(round_trip_pseudo_random)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	int i;

	for (i = 0; i < 100000; i++) {
		uint64_t v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = x >> (i % 64);
		uleb_round_trip(v);
		sleb_round_trip((int64_t)v);
		sleb_round_trip(-(int64_t)(v >> 1));
	}
}
END_TEST

START_TEST(uleb_malformed_at_exact_offset)
{
	const struct bad_case *c = &uleb_bad[_i];
	size_t off = 0;
	uint64_t v = 12345;

	ck_assert_int_eq(egg__uleb_get(c->bytes, c->len, &off, &v), -EINVAL);
	ck_assert_msg(off == c->bad, "%s: bad offset %zu, want %zu", c->name, off, c->bad);
	ck_assert_uint_eq(v, 12345);
}
END_TEST

START_TEST(sleb_malformed_at_exact_offset)
{
	const struct bad_case *c = &sleb_bad[_i];
	size_t off = 0;
	int64_t v = 12345;

	ck_assert_int_eq(egg__sleb_get(c->bytes, c->len, &off, &v), -EINVAL);
	ck_assert_msg(off == c->bad, "%s: bad offset %zu, want %zu", c->name, off, c->bad);
	ck_assert_int_eq(v, 12345);
}
END_TEST

/* The offset of a bad byte counts from the start of the buffer, not of
 * the number. */
START_TEST(malformed_offset_counts_from_buffer_start)
{
	static const uint8_t buf[] = { 0x05, 0x05, 0x81, 0x00, 0x05, 0xff, 0x7f };
	size_t off = 2;
	uint64_t u;
	int64_t s;

	ck_assert_int_eq(egg__uleb_get(buf, 4, &off, &u), -EINVAL);
	ck_assert_uint_eq(off, 3);
	off = 5;
	ck_assert_int_eq(egg__sleb_get(buf, sizeof(buf), &off, &s), -EINVAL);
	ck_assert_uint_eq(off, 6);
	off = 2;
	ck_assert_int_eq(egg__uleb_get(buf, 3, &off, &u), -EINVAL);
	ck_assert_uint_eq(off, 3);
}
END_TEST

/* Every byte string of one and two bytes: the checked decoder accepts
 * exactly the shortest encodings, and re-encoding gives the same bytes. */
START_TEST(uleb_every_two_byte_string)
{
	unsigned int a, b;

	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			uint8_t in[2] = { (uint8_t)a, (uint8_t)b }, out[MAXB];
			size_t off = 0, want_len = a & 0x80 ? 2 : 1;
			int canonical = !(a & 0x80) || (!(b & 0x80) && b != 0);
			uint64_t v;
			int r = egg__uleb_get(in, 2, &off, &v);

			if (!canonical) {
				ck_assert_int_eq(r, -EINVAL);
				continue;
			}
			ck_assert_int_eq(r, 0);
			ck_assert_uint_eq(off, want_len);
			ck_assert_uint_eq(egg__uleb_put(out, v), want_len);
			ck_assert(!memcmp(in, out, want_len));
		}
	}
}
END_TEST

START_TEST(sleb_every_two_byte_string)
{
	unsigned int a, b;

	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			uint8_t in[2] = { (uint8_t)a, (uint8_t)b }, out[MAXB];
			size_t off = 0, want_len = a & 0x80 ? 2 : 1;
			int redundant = (b == 0x00 && !(a & 0x40)) || (b == 0x7f && (a & 0x40));
			int canonical = !(a & 0x80) || (!(b & 0x80) && !redundant);
			int64_t v;
			int r = egg__sleb_get(in, 2, &off, &v);

			if (!canonical) {
				ck_assert_int_eq(r, -EINVAL);
				continue;
			}
			ck_assert_int_eq(r, 0);
			ck_assert_uint_eq(off, want_len);
			ck_assert_uint_eq(egg__sleb_put(out, v), want_len);
			ck_assert(!memcmp(in, out, want_len));
		}
	}
}
END_TEST


int main(void)
{
	Suite *s = suite_create("egg-leb128");
	TCase *tc = t_tcase(s, "leb128", 60);

	tcase_add_loop_test(tc, uleb_known_encoding, 0, T_ARRAY_SIZE(uleb_cases));
	tcase_add_loop_test(tc, sleb_known_encoding, 0, T_ARRAY_SIZE(sleb_cases));
	tcase_add_test(tc, next_stays_within_bounds);
	tcase_add_test(tc, uleb_shortest_at_every_power_of_two);
	tcase_add_test(tc, sleb_shortest_at_every_power_of_two);
	tcase_add_test(tc, round_trip_pseudo_random);
	tcase_add_loop_test(tc, uleb_malformed_at_exact_offset, 0, T_ARRAY_SIZE(uleb_bad));
	tcase_add_loop_test(tc, sleb_malformed_at_exact_offset, 0, T_ARRAY_SIZE(sleb_bad));
	tcase_add_test(tc, malformed_offset_counts_from_buffer_start);
	tcase_add_test(tc, uleb_every_two_byte_string);
	tcase_add_test(tc, sleb_every_two_byte_string);
	return t_run(s);
}
