/* SPDX-License-Identifier: MIT */
/*
 * Validation: every class of malformed egg is rejected at its exact byte,
 * by egg_validate() (bad_offset), egg_decode() (*offset) and egg_spawn()
 * (fault.offset, with no child made); every truncation of valid programs
 * is invalid exactly when it cuts an instruction; and the opcode queries.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "egg-util.h"

#define MAXB 32
#define FF9 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
#define X80_9 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80

struct bytes_case {
	const char *name;
	size_t len;
	uint8_t code[MAXB];
	size_t bad;		/* for invalid programs: the first bad byte */
};

#define B(...) sizeof((uint8_t[]){ __VA_ARGS__ }), { __VA_ARGS__ }

static const struct bytes_case invalid[] = {
	/* Opcodes. */
	{ "opcode_0", B(0x00), 0 },
	{ "opcode_0_after_valid", B(0x02, 0x00, 0x00), 2 },
	{ "unknown_opcode_past_last", B(EGG_OP_LAST + 1), 0 },
	{ "unknown_opcode_127_after_setsid", B(0x01, 0x7f), 1 },
	{ "unknown_opcode_128_two_bytes", B(0x80, 0x01), 0 },
	{ "unknown_opcode_uint64_max", B(FF9, 0x01), 0 },
	{ "opcode_cut_continuation_at_end", B(0x80), 1 },
	{ "opcode_cut_after_valid", B(0x01, 0x81), 2 },
	{ "opcode_overlong_0_80_00", B(0x80, 0x00), 1 },
	{ "opcode_overlong_1_81_00", B(0x81, 0x00), 1 },
	/* Numbers. */
	{ "operand_missing", B(0x02), 1 },
	{ "operand_cut_continuation_at_end", B(0x02, 0x80), 2 },
	{ "second_operand_missing", B(0x04, 0x01), 2 },
	{ "operand_cut_after_valid", B(0x01, 0x07, 0xff, 0xff), 4 },
	{ "operand_overlong_0_80_00", B(0x02, 0x80, 0x00), 2 },
	{ "operand_overlong_1_81_00", B(0x07, 0x81, 0x00), 2 },
	{ "operand_overlong_three_bytes", B(0x07, 0x81, 0x80, 0x00), 3 },
	{ "u64_tenth_byte_2", B(0x06, 0x00, FF9, 0x02, FF9, 0x01), 11 },
	{ "u64_tenth_byte_7f", B(0x06, 0x00, 0x00, FF9, 0x7f), 12 },
	{ "u64_eleven_bytes", B(0x06, 0x00, X80_9, 0x80, 0x01, 0x00), 11 },
	/* Strings. */
	{ "string_length_beyond_end", B(0x08, 0x05, 'a', 'b'), 4 },
	{ "string_length_one_beyond_end", B(0x08, 0x03, 'a', 'b'), 4 },
	{ "string_length_without_bytes", B(0x08, 0x01), 2 },
	{ "string_with_nul_inside", B(0x08, 0x03, 'a', 0x00, 'b'), 3 },
	{ "string_with_nul_first", B(0x08, 0x01, 0x00), 2 },
	{ "string_with_nul_last", B(0x08, 0x02, 'a', 0x00), 3 },
	{ "open_path_with_nul", B(0x03, 0x00, 0x02, 'x', 0x00, 0x00, 0x00), 4 },
	{ "string_length_4096", B(0x08, 0x80, 0x20), 1 },
	{ "string_length_uint32_max", B(0x08, 0xff, 0xff, 0xff, 0xff, 0x0f), 1 },
	{ "string_length_overlong", B(0x08, 0x81, 0x00, 'a'), 2 },
	/* Ranges of number operands. */
	{ "fd_int_max_plus_1", B(0x07, 0x80, 0x80, 0x80, 0x80, 0x08), 1 },
	{ "fd_uint64_max_as_newfd", B(0x04, 0x00, FF9, 0x01), 2 },
	{ "fchdir_fd_2_pow_32", B(0x09, 0x80, 0x80, 0x80, 0x80, 0x10), 1 },
	{ "pgid_int_max_plus_1", B(0x02, 0x80, 0x80, 0x80, 0x80, 0x08), 1 },
	{ "rlimit_resource_16", B(0x06, 0x10, 0x00, 0x00), 1 },
	{ "rlimit_resource_255", B(0x06, 0xff, 0x01, 0x00, 0x00), 1 },
	{ "setrlimit_cur_above_max", B(0x06, 0x00, 0x02, 0x01), 0 },
	{ "setrlimit_cur_above_max_after_setsid", B(0x01, 0x06, 0x00, 0x02, 0x01), 1 },
	{ "setrlimit_cur_infinity_max_0", B(0x06, 0x00, FF9, 0x01, 0x00), 0 },
	{ "open_accmode_3", B(0x03, 0x00, 0x01, 'x', 0x03, 0x00), 4 },
	{ "open_flag_fasync_020000", B(0x03, 0x00, 0x01, 'x', 0x80, 0x40, 0x00), 4 },
	{ "open_flag_040", B(0x03, 0x00, 0x01, 'x', 0x20, 0x00), 4 },
	{ "open_flag_bit_32", B(0x03, 0x00, 0x01, 'x', 0x80, 0x80, 0x80, 0x80, 0x10, 0x00), 4 },
	{ "open_mode_010000", B(0x03, 0x00, 0x01, 'x', 0x00, 0x80, 0x20), 5 },
	{ "open_mode_uint64_max", B(0x03, 0x00, 0x01, 'x', 0x00, FF9, 0x01), 5 },
	{ "umask_01000", B(0x0a, 0x80, 0x04), 1 },
	{ "umask_07777", B(0x0a, 0xff, 0x1f), 1 },
	{ "close_range_first_above_last", B(0x05, 0x02, 0x01, 0x00), 0 },
	{ "close_range_first_above_last_after_close", B(0x07, 0x00, 0x05, 0x02, 0x01, 0x00), 2 },
	{ "close_range_flag_1", B(0x05, 0x00, 0x01, 0x01), 3 },
	{ "close_range_flag_8", B(0x05, 0x00, 0x01, 0x08), 3 },
	{ "close_range_first_2_pow_32", B(0x05, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00, 0x00), 1 },
	{ "close_range_last_2_pow_32", B(0x05, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10, 0x00), 2 },
	{ "fdmap_item_int_max_plus_1", B(0x25, 0x02, 0x00, 0x80, 0x80, 0x80, 0x80, 0x08), 3 },
	{ "fdmap_item_minus_2", B(0x25, 0x01, 0xfe, 0xff, 0xff, 0xff, 0x0f), 2 },
	{ "fdmap_item_2_pow_32", B(0x25, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10), 2 },
	{ "fdmap_cut_after_count", B(0x25, 0x02, 0x01), 3 },
};

static const struct bytes_case valid[] = {
	{ "empty_program", 0, { 0 }, 0 },
	{ "setsid", B(0x01), 0 },
	{ "fd_int_max", B(0x07, 0xff, 0xff, 0xff, 0xff, 0x07), 0 },
	{ "pgid_0", B(0x02, 0x00), 0 },
	{ "rlimit_resource_15_infinity", B(0x06, 0x0f, FF9, 0x01, FF9, 0x01), 0 },
	{ "setrlimit_cur_equals_max", B(0x06, 0x00, 0x05, 0x05), 0 },
	{ "string_empty", B(0x08, 0x00), 0 },
	{ "string_bytes_0x01_to_0xff", B(0x08, 0x03, 0x01, 0x80, 0xff), 0 },
	{ "open_rdwr_creat_trunc_cloexec_mode_07777",
	  B(0x03, 0x00, 0x01, 'x', 0xc2, 0x84, 0x20, 0xff, 0x1f), 0 },
	{ "umask_0777", B(0x0a, 0xff, 0x03), 0 },
	{ "close_range_all_flags_last_uint_max",
	  B(0x05, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x06), 0 },
	{ "close_range_first_equals_last", B(0x05, 0x03, 0x03, 0x04), 0 },
	{ "sigmask_all_64", B(0x0b, FF9, 0x01), 0 },
	{ "fdmap_swap_close_repeat", B(0x25, 0x04, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01),
	  0 },
	{ "fdmap_int_max", B(0x25, 0x01, 0xff, 0xff, 0xff, 0xff, 0x07), 0 },
	{ "fdmap_empty", B(0x25, 0x00), 0 },
};

/* egg_decode() one instruction at a time: the offset it stops at is the
 * one egg_validate() reports. */
static size_t decode_until_error(const uint8_t *code, size_t len, int *err)
{
	struct egg_insn insn;
	size_t off = 0;

	errno = ENOTUNIQ;
	while ((*err = egg_decode(code, len, &off, &insn)) == 0)
		ck_assert_uint_le(off, len);
	ck_assert_int_eq(errno, ENOTUNIQ);
	return off;
}

static void expect_invalid(const char *name, const uint8_t *code, size_t len, size_t bad)
{
	struct t_spawn_expect want = {
		.error = EINVAL, .offset = bad, .stage = EGG_STAGE_VALIDATE,
	};
	size_t got = 7777;
	int err;

	errno = ENOTUNIQ;
	ck_assert_msg(egg_validate(code, len, &got) == EINVAL, "%s: accepted", name);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_msg(got == bad, "%s: bad_offset %zu, want %zu", name, got, bad);
	ck_assert_int_eq(egg_validate(code, len, NULL), EINVAL);
	got = decode_until_error(code, len, &err);
	ck_assert_msg(err == EINVAL, "%s: egg_decode ended with %d", name, err);
	ck_assert_msg(got == bad, "%s: egg_decode stopped at %zu, want %zu", name, got, bad);
	t_expect_fault(t_build_path("tests/probe"), code, len, &want);
}

START_TEST(invalid_program_rejected_at_offset)
{
	const struct bytes_case *c = &invalid[_i];

	expect_invalid(c->name, c->code, c->len, c->bad);
}
END_TEST

START_TEST(valid_program_accepted)
{
	const struct bytes_case *c = &valid[_i];
	size_t bad = 7777, end;
	int err;

	ck_assert_msg(egg_validate(c->len ? c->code : NULL, c->len, &bad) == 0,
		      "%s: rejected at %zu", c->name, bad);
	ck_assert_uint_eq(bad, 7777);
	end = decode_until_error(c->code, c->len, &err);
	ck_assert_msg(err == ENODATA && end == c->len, "%s: decode ended %d at %zu",
		      c->name, err, end);
}
END_TEST

/* Strings too long for the table: a 4095-byte path is the longest. */
static uint8_t *chdir_code(size_t n, size_t *len)
{
	uint8_t *code = malloc(n + 8);
	size_t h = 0;
	uint64_t v = n;

	ck_assert_ptr_nonnull(code);
	code[h++] = 0x08;
	do {
		code[h++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v);
	memset(code + h, 'p', n);
	*len = h + n;
	return code;
}

START_TEST(string_of_4095_bytes_valid)
{
	size_t len, bad = 0;
	uint8_t *code = chdir_code(4095, &len);

	ck_assert_uint_eq(len, 3 + 4095);
	ck_assert_int_eq(egg_validate(code, len, &bad), 0);
	free(code);
}
END_TEST

START_TEST(string_of_4096_bytes_invalid_at_its_length)
{
	size_t len;
	uint8_t *code = chdir_code(4096, &len);

	expect_invalid("chdir_4096", code, len, 1);
	free(code);
}
END_TEST

START_TEST(nul_deep_in_long_string_at_its_offset)
{
	size_t len;
	uint8_t *code = chdir_code(4095, &len);

	code[3 + 4000] = '\0';
	expect_invalid("chdir_nul_at_4000", code, len, 3 + 4000);
	free(code);
}
END_TEST

START_TEST(null_code_with_length_rejected)
{
	size_t bad = 7777;

	ck_assert_int_eq(egg_validate(NULL, 0, &bad), 0);
	ck_assert_int_eq(egg_validate(NULL, 3, &bad), EINVAL);
}
END_TEST

/*
 * Truncations: every prefix of a valid program that ends on an
 * instruction boundary is valid, and every other one is invalid at its
 * end.  The boundaries come from the builder, not from the decoder.
 */
struct prog {
	struct egg *egg;
	size_t nb;
	size_t boundary[64];
};

static void mark(struct prog *p, int err)
{
	ck_assert_int_eq(err, 0);
	ck_assert_uint_lt(p->nb, 64);
	p->boundary[p->nb++] = egg_size(p->egg);
}

static void prog_fd_ops(struct prog *p)
{
	struct rlimit inf = { RLIM_INFINITY, RLIM_INFINITY }, small = { 0, 300 };

	mark(p, egg_open(p->egg, 0, "/dev/null", O_RDONLY, 0));
	mark(p, egg_open(p->egg, 200, "/tmp/some/file", O_WRONLY | O_CREAT | O_TRUNC, 0644));
	mark(p, egg_dup2(p->egg, 200, 1));
	mark(p, egg_close_range(p->egg, 3, ~0U, CLOSE_RANGE_CLOEXEC));
	mark(p, egg_setrlimit(p->egg, RLIMIT_NOFILE, &inf));
	mark(p, egg_setrlimit(p->egg, RLIMIT_CORE, &small));
	mark(p, egg_close(p->egg, INT_MAX));
}

static void prog_process_ops(struct prog *p)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGRTMAX);
	mark(p, egg_setsid(p->egg));
	mark(p, egg_setpgid(p->egg, 0));
	mark(p, egg_setpgid(p->egg, INT_MAX));
	mark(p, egg_chdir(p->egg, "/"));
	mark(p, egg_chdir(p->egg, ""));
	mark(p, egg_fchdir(p->egg, 300));
	mark(p, egg_umask(p->egg, 0777));
	mark(p, egg_sigmask(p->egg, &set));
	mark(p, egg_sigdefault(p->egg, &set));
}

static void prog_more_ops(struct prog *p)
{
	static const gid_t groups[] = { 0, 1000, 70000 };
	static const unsigned int cpus[] = { 0, 200 };
	static const int fds[] = { 0, 1, 2, 1000 };

	mark(p, egg_setgroups(p->egg, 3, groups));
	mark(p, egg_setresuid(p->egg, 1000, (uid_t)-1, 0));
	mark(p, egg_capset(p->egg, 1, 1ULL << 40, 0));
	mark(p, egg_setpriority(p->egg, -20));
	mark(p, egg_sched_setaffinity(p->egg, 2, cpus));
	mark(p, egg_keep(p->egg, 4, fds));
	mark(p, egg_sethostname(p->egg, "name"));
	mark(p, egg_dup3(p->egg, 3, 4, 1));
	mark(p, egg_sigignore(p->egg, &(sigset_t){ 0 }));
	mark(p, egg_sched_setparam(p->egg, 10));
	mark(p, egg_fa_close(p->egg, 9));
	mark(p, egg_fa_open(p->egg, 5, "/dev/null", O_WRONLY, 0));
}

static void (*const prog_makers[])(struct prog *) = {
	prog_fd_ops, prog_process_ops, prog_more_ops,
};

static int on_boundary(const struct prog *p, size_t len)
{
	size_t i;

	if (len == 0)
		return 1;
	for (i = 0; i < p->nb; i++)
		if (p->boundary[i] == len)
			return 1;
	return 0;
}

START_TEST(every_truncation_valid_only_on_boundary)
{
	struct prog p = { .egg = t_egg() };
	const uint8_t *code;
	size_t len, bad;

	prog_makers[_i](&p);
	code = egg_data(p.egg);
	ck_assert_uint_eq(p.boundary[p.nb - 1], egg_size(p.egg));
	for (len = 0; len <= egg_size(p.egg); len++) {
		bad = 7777;
		if (on_boundary(&p, len)) {
			ck_assert_msg(egg_validate(code, len, &bad) == 0,
				      "prefix of %zu bytes (a boundary) rejected at %zu", len, bad);
			continue;
		}
		expect_invalid("prefix", code, len, len);
	}
	egg_free(p.egg);
}
END_TEST

/* The opcode queries against the list of ops in <egg.h>. */
#define T(x) EGG_OPERAND_##x
static const struct {
	unsigned int opcode;
	const char *name;
	unsigned int n;
	enum egg_operand_type type[4];
} ops[] = {
	{ EGG_OP_SETSID, "setsid", 0, { 0 } },
	{ EGG_OP_SETPGID, "setpgid", 1, { T(PID) } },
	{ EGG_OP_OPEN, "open", 4, { T(FD), T(PATH), T(OFLAGS), T(MODE) } },
	{ EGG_OP_DUP2, "dup2", 2, { T(FD), T(FD) } },
	{ EGG_OP_CLOSE_RANGE, "close_range", 3, { T(UINT), T(UINT), T(CLOSE_RANGE_FLAGS) } },
	{ EGG_OP_SETRLIMIT, "setrlimit", 3, { T(RESOURCE), T(RLIM), T(RLIM) } },
	{ EGG_OP_CLOSE, "close", 1, { T(FD) } },
	{ EGG_OP_CHDIR, "chdir", 1, { T(PATH) } },
	{ EGG_OP_FCHDIR, "fchdir", 1, { T(FD) } },
	{ EGG_OP_UMASK, "umask", 1, { T(UMASK) } },
	{ EGG_OP_SIGMASK, "sigmask", 1, { T(SIGSET) } },
	{ EGG_OP_SIGDEFAULT, "sigdefault", 1, { T(SIGSET) } },
	{ EGG_OP_SETGROUPS, "setgroups", 1, { T(IDLIST) } },
	{ EGG_OP_SETGID, "setgid", 1, { T(ID) } },
	{ EGG_OP_SETRESGID, "setresgid", 3, { T(ID_OR_KEEP), T(ID_OR_KEEP), T(ID_OR_KEEP) } },
	{ EGG_OP_SETUID, "setuid", 1, { T(ID) } },
	{ EGG_OP_SETRESUID, "setresuid", 3, { T(ID_OR_KEEP), T(ID_OR_KEEP), T(ID_OR_KEEP) } },
	{ EGG_OP_CAPSET, "capset", 3, { T(CAPMASK), T(CAPMASK), T(CAPMASK) } },
	{ EGG_OP_AMBIENT_RAISE, "ambient_raise", 1, { T(CAP) } },
	{ EGG_OP_AMBIENT_CLEAR, "ambient_clear", 0, { 0 } },
	{ EGG_OP_BOUNDING_DROP, "bounding_drop", 1, { T(CAP) } },
	{ EGG_OP_KEEPCAPS, "keepcaps", 1, { T(BOOL) } },
	{ EGG_OP_SECUREBITS, "securebits", 1, { T(SECUREBITS) } },
	{ EGG_OP_NO_NEW_PRIVS, "no_new_privs", 0, { 0 } },
	{ EGG_OP_PDEATHSIG, "pdeathsig", 1, { T(SIGNAL) } },
	{ EGG_OP_SETPRIORITY, "setpriority", 1, { T(INT) } },
	{ EGG_OP_SCHED_SETAFFINITY, "sched_setaffinity", 1, { T(CPULIST) } },
	{ EGG_OP_SCHED_SETSCHEDULER, "sched_setscheduler", 2, { T(SCHED_POLICY), T(UINT) } },
	{ EGG_OP_SETCTTY, "setctty", 1, { T(FD) } },
	{ EGG_OP_TCSETPGRP, "tcsetpgrp", 1, { T(FD) } },
	{ EGG_OP_DUP3, "dup3", 3, { T(FD), T(FD), T(BOOL) } },
	{ EGG_OP_CLOEXEC, "cloexec", 2, { T(FD), T(BOOL) } },
	{ EGG_OP_KEEP, "keep", 1, { T(FDLIST) } },
	{ EGG_OP_UNSHARE, "unshare", 1, { T(UNSHARE_FLAGS) } },
	{ EGG_OP_CHROOT, "chroot", 1, { T(PATH) } },
	{ EGG_OP_SETHOSTNAME, "sethostname", 1, { T(STRING) } },
	{ EGG_OP_FDMAP, "fdmap", 1, { T(FDMAP) } },
	{ EGG_OP_SIGIGNORE, "sigignore", 1, { T(SIGSET) } },
	{ EGG_OP_SCHED_SETPARAM, "sched_setparam", 1, { T(UINT) } },
	{ EGG_OP_FA_CLOSE, "fa_close", 1, { T(FD) } },
	{ EGG_OP_FA_OPEN, "fa_open", 4, { T(FD), T(PATH), T(OFLAGS), T(MODE) } },
};
#undef T

/* EGG_OP_LAST + 1 is the first opcode past <egg.h>'s list: a new op must
 * join the table above, and with it the tests. */
static const unsigned int unknown_opcodes[] = {
	0, EGG_OP_LAST + 1, EGG_OP_LAST + 64, 127, 128, 1000, INT_MAX, UINT_MAX,
};

START_TEST(known_opcode_supported_with_its_info)
{
	struct egg_op_info info;
	unsigned int i;

	errno = ENOTUNIQ;
	ck_assert_msg(egg_op_supported(ops[_i].opcode) == 1, "%s not supported", ops[_i].name);
	memset(&info, 0xa5, sizeof(info));
	ck_assert_int_eq(egg_op_info(ops[_i].opcode, &info), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_uint_eq(info.opcode, ops[_i].opcode);
	ck_assert_str_eq(info.name, ops[_i].name);
	ck_assert_uint_eq(info.noperands, ops[_i].n);
	for (i = 0; i < ops[_i].n; i++) {
		ck_assert_msg(info.operand[i] == ops[_i].type[i], "%s operand %u: kind %d, want %d",
			      ops[_i].name, i, info.operand[i], ops[_i].type[i]);
		ck_assert_ptr_nonnull(info.operand_name[i]);
		ck_assert_str_ne(info.operand_name[i], "");
	}
	ck_assert_int_eq(egg_op_info(ops[_i].opcode, NULL), EINVAL);
}
END_TEST

START_TEST(unknown_opcode_unsupported_and_has_no_info)
{
	unsigned int op = unknown_opcodes[_i];
	struct egg_op_info info;

	errno = ENOTUNIQ;
	ck_assert_msg(egg_op_supported(op) == 0, "opcode %u supported", op);
	ck_assert_msg(egg_op_info(op, &info) != 0, "opcode %u has info", op);
	ck_assert_int_eq(errno, ENOTUNIQ);
}
END_TEST

/* The table above lists each opcode the library has once, and no other
 * (an opcode may be reserved for an op not merged yet). */
START_TEST(op_table_covers_every_opcode_once)
{
	unsigned int i, seen[64] = { 0 };

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		ck_assert_uint_lt(ops[i].opcode, 64);
		seen[ops[i].opcode]++;
	}
	for (i = 0; i < 64; i++)
		ck_assert_msg(seen[i] == (unsigned int)egg_op_supported(i),
			      "opcode %u listed %u times", i, seen[i]);
}
END_TEST


int main(void)
{
	Suite *s = suite_create("egg-validate");
	TCase *tc = t_tcase(s, "malformed", 60);

	tcase_add_loop_test(tc, invalid_program_rejected_at_offset, 0, T_ARRAY_SIZE(invalid));
	tcase_add_loop_test(tc, valid_program_accepted, 0, T_ARRAY_SIZE(valid));
	tcase_add_test(tc, string_of_4095_bytes_valid);
	tcase_add_test(tc, string_of_4096_bytes_invalid_at_its_length);
	tcase_add_test(tc, nul_deep_in_long_string_at_its_offset);
	tcase_add_test(tc, null_code_with_length_rejected);
	tc = t_tcase(s, "truncation", 120);
	tcase_add_loop_test(tc, every_truncation_valid_only_on_boundary, 0,
			    T_ARRAY_SIZE(prog_makers));
	tc = t_tcase(s, "opcodes", 30);
	tcase_add_loop_test(tc, known_opcode_supported_with_its_info, 0, T_ARRAY_SIZE(ops));
	tcase_add_loop_test(tc, unknown_opcode_unsupported_and_has_no_info, 0,
			    T_ARRAY_SIZE(unknown_opcodes));
	tcase_add_test(tc, op_table_covers_every_opcode_once);
	return t_run(s);
}
