/* SPDX-License-Identifier: MIT */
/*
 * The interpreter on bytes that validation rejects: whatever the code is,
 * it fails with EINVAL at the bad instruction and reads nothing outside
 * the code nor writes outside its own buffers.  egg_spawn() runs only
 * validated code, from a private copy; this is the defence behind that.
 *
 * Each case's code ends at the end of a page followed by one that cannot
 * be read, so that a read past the end crashes the case even without
 * AddressSanitizer.  Linked from the internal library.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "egg-util.h"
#include "interp.h"
#include "optable.h"

#define MAX_CODE 9000

struct hostile {
	const char *name;
	size_t len;
	uint8_t code[16];	/* the head of the code; see fill */
	uint8_t fill;		/* bytes from 16 to len: this value */
	size_t bad_offset;	/* of the instruction that must fail */
	size_t index;		/* its index */
	int real;		/* run with system calls, not dry */
};

/* setgroups with 5000 items of one byte: 1 + 2 + 5000 bytes. */
#define BIG_LIST_LEN (1 + 2 + 5000)
/* chdir with a path of 8000 bytes: 1 + 2 + 8000. */
#define BIG_PATH_LEN (1 + 2 + 8000)

#define H(n, l, ...) .name = n, .len = l, .code = { __VA_ARGS__ }

static const struct hostile cases[] = {
	{ H("opcode_0_a_hole", 1, 0x00) },
	{ H("opcode_past_the_table", 1, 0x7f) },
	{ H("opcode_4g", 5, 0xff, 0xff, 0xff, 0xff, 0x0f) },
	{ H("opcode_cut_short", 2, 0x01, 0x80), .bad_offset = 1, .index = 1 },
	/* 1, overlong: a shift past bit 63 would be undefined. */
	{ H("opcode_of_eleven_bytes", 11,
	    0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00) },
	{ H("number_cut_short", 2, EGG_OP_UMASK, 0x80) },
	{ H("number_of_eleven_bytes", 12,
	    EGG_OP_CLOSE, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00) },
	{ H("signed_cut_short", 3, EGG_OP_SETSID, EGG_OP_SETPRIORITY, 0xc0),
	  .bad_offset = 1, .index = 1 },
	{ H("string_past_the_end", 5, EGG_OP_CHDIR, 100, '/', 't', 'm') },
	{ H("string_length_cut_short", 2, EGG_OP_CHDIR, 0x80) },
	{ H("string_longer_than_a_path", BIG_PATH_LEN, EGG_OP_CHDIR, 0xc0, 0x3e, '/'),
	  .fill = 'a' },
	{ H("string_past_the_end_after_an_op", 6,
	    EGG_OP_SETSID, EGG_OP_OPEN, 3, 0x7f, '/', 'a'),
	  .bad_offset = 1, .index = 1 },
	{ H("list_past_the_end", 4, EGG_OP_SETGROUPS, 3, 1, 2) },
	{ H("list_item_cut_short", 3, EGG_OP_KEEP, 1, 0x80) },
	{ H("list_count_past_the_maximum", BIG_LIST_LEN, EGG_OP_SETGROUPS, 0x88, 0x27, 1),
	  .fill = 1 },
	{ H("list_count_4g", 7, EGG_OP_SETGROUPS, 0xff, 0xff, 0xff, 0xff, 0x0f, 1) },
	/* 1 << 32: the op's items are 32 bits, and it must not get 0. */
	{ H("list_item_past_32_bits", 7, EGG_OP_SETGROUPS, 1, 0x80, 0x80, 0x80, 0x80, 0x10) },
	/* Ops that index arrays by their items, run for real: the CPU
	 * 5000 would be set in a 1024-bit mask on the stack. */
	{ H("cpu_past_the_mask", 5, EGG_OP_SCHED_SETAFFINITY, 2, 0, 0x88, 0x27), .real = 1 },
	{ H("cpu_4g", 8, EGG_OP_SCHED_SETAFFINITY, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x0f),
	  .real = 1 },
};

/* The case's code, ending right before a page that cannot be read. */
static const uint8_t *code_at_guard(const struct hostile *c)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = ((MAX_CODE + (size_t)page - 1) / (size_t)page + 1) * (size_t)page;
	uint8_t *map, *code;

	ck_assert_uint_le(c->len, MAX_CODE);
	map = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map + span - (size_t)page, (size_t)page, PROT_NONE), 0);
	code = map + span - (size_t)page - c->len;
	memset(code, c->fill, c->len);
	memcpy(code, c->code, c->len < sizeof(c->code) ? c->len : sizeof(c->code));
	return code;
}

START_TEST(hostile_code_fails_cleanly)
{
	const struct hostile *c = &cases[_i];
	const uint8_t *code = code_at_guard(c);
	struct egg__ctx ctx = { .parent_pid = getpid(), .report_fd = -1 };
	struct egg_fault fault;
	size_t bad = 0;
	int err;

	ck_assert_msg(egg_validate(code, c->len, &bad) == EINVAL,
		      "%s: the case must be invalid", c->name);
	memset(&fault, 0xa5, sizeof(fault));
	err = egg__interp_ctx(code, c->len, &fault, c->real ? &ctx : NULL);
	ck_assert_msg(err == -EINVAL, "%s: got %d, want -EINVAL", c->name, err);
	ck_assert_msg(fault.offset == c->bad_offset, "%s: fault at offset %zu, want %zu",
		      c->name, fault.offset, c->bad_offset);
	ck_assert_msg(fault.index == c->index, "%s: fault at index %zu, want %zu",
		      c->name, fault.index, c->index);
	ck_assert_int_eq(fault.error, EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-interp-hostile");
	TCase *tc = t_tcase(s, "interp", 60);

	tcase_add_loop_test(tc, hostile_code_fails_cleanly, 0, T_ARRAY_SIZE(cases));
	return t_run(s);
}
