/* SPDX-License-Identifier: MIT */
/*
 * The builder, the validator and the decoder, with no process made: for
 * valgrind (no leak, no invalid access; sfork itself confuses valgrind, so
 * nothing here spawns) and for the musl build.  Plain C, no Check; prints
 * one TAP line per check and exits 1 if any failed.
 *  - every builder call, accepted and refused; a refusal leaves the egg
 *    as it was;
 *  - a big egg (the buffer grows many times) decodes and re-encodes to the
 *    same bytes;
 *  - every prefix and every one-byte corruption of it is judged alike by
 *    egg_validate() and egg_decode(), with the bad offset inside;
 *  - an instruction decoded from an egg appended to that same egg, as its
 *    buffer grows (under valgrind: no read of the freed buffer).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <egg.h>

#define BIG_ROUNDS 300

static int failures, checks;
static char long_path[4097];	/* 4096 bytes: one more than a path may have */

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	if (!ok || getenv("VERBOSE"))
		printf("%s %d - %s\n", ok ? "ok" : "not ok", checks, what);
}

struct call {
	const char *name;
	int (*add)(struct egg *e);
	int want;	/* 0, or the error */
};

static const gid_t groups[] = { 0, 4, 27 };
static const gid_t groups_bad[] = { 0, (gid_t)-1 };
static const unsigned int cpus[] = { 0, 2, 4 };
static const unsigned int cpus_unsorted[] = { 4, 2 };
static const unsigned int cpus_high[] = { 1024 };
static const int fds[] = { 0, 1, 2, 9 };
static const int fds_unsorted[] = { 2, 1 };
static const int fds_negative[] = { -1 };

static int ok_setsid(struct egg *e) { return egg_setsid(e); }
static int ok_setpgid(struct egg *e) { return egg_setpgid(e, 12); }
static int bad_setpgid(struct egg *e) { return egg_setpgid(e, -1); }
static int ok_open(struct egg *e) { return egg_open(e, 1, "/tmp/x", O_WRONLY | O_CREAT, 0600); }
static int bad_open_fd(struct egg *e) { return egg_open(e, -1, "/x", O_RDONLY, 0); }
static int bad_open_null(struct egg *e) { return egg_open(e, 0, NULL, O_RDONLY, 0); }
static int bad_open_long(struct egg *e) { return egg_open(e, 0, long_path, O_RDONLY, 0); }
static int bad_open_mode(struct egg *e) { return egg_open(e, 0, "/x", O_CREAT, 010000); }
static int ok_dup2(struct egg *e) { return egg_dup2(e, 3, 3); }
static int bad_dup2(struct egg *e) { return egg_dup2(e, 3, -2); }
static int ok_close_range(struct egg *e) { return egg_close_range(e, 3, ~0U, 0); }
static int bad_close_range(struct egg *e) { return egg_close_range(e, 9, 3, 0); }
static int bad_close_range_flags(struct egg *e) { return egg_close_range(e, 3, 4, 0x100); }
static int ok_close(struct egg *e) { return egg_close(e, 0); }
static int bad_close(struct egg *e) { return egg_close(e, -5); }
static int ok_chdir(struct egg *e) { return egg_chdir(e, "/var/empty"); }
static int bad_chdir(struct egg *e) { return egg_chdir(e, long_path); }
static int ok_fchdir(struct egg *e) { return egg_fchdir(e, 4); }
static int ok_umask(struct egg *e) { return egg_umask(e, 0777); }
static int bad_umask(struct egg *e) { return egg_umask(e, 01000); }
static int ok_setgroups(struct egg *e) { return egg_setgroups(e, 3, groups); }
static int bad_setgroups(struct egg *e) { return egg_setgroups(e, 2, groups_bad); }
static int bad_setgroups_many(struct egg *e) { return egg_setgroups(e, EGG_LIST_MAX + 1, groups); }
static int ok_setresuid(struct egg *e) { return egg_setresuid(e, 1, (uid_t)-1, 3); }
static int ok_ambient(struct egg *e) { return egg_ambient_raise(e, 63); }
static int bad_ambient(struct egg *e) { return egg_ambient_raise(e, 64); }
static int bad_bounding(struct egg *e) { return egg_bounding_drop(e, -1); }
static int ok_keepcaps(struct egg *e) { return egg_keepcaps(e, 2); }
static int ok_pdeathsig(struct egg *e) { return egg_pdeathsig(e, SIGKILL); }
static int bad_pdeathsig(struct egg *e) { return egg_pdeathsig(e, 65); }
static int ok_setpriority(struct egg *e) { return egg_setpriority(e, -20); }
static int bad_setpriority(struct egg *e) { return egg_setpriority(e, 20); }
static int ok_affinity(struct egg *e) { return egg_sched_setaffinity(e, 3, cpus); }
static int bad_affinity(struct egg *e) { return egg_sched_setaffinity(e, 2, cpus_unsorted); }
static int bad_affinity_high(struct egg *e) { return egg_sched_setaffinity(e, 1, cpus_high); }
static int ok_keep(struct egg *e) { return egg_keep(e, 4, fds); }
static int bad_keep(struct egg *e) { return egg_keep(e, 2, fds_unsorted); }
static int bad_keep_negative(struct egg *e) { return egg_keep(e, 1, fds_negative); }
static int ok_unshare(struct egg *e) { return egg_unshare(e, 0x20000 /* CLONE_NEWNS */); }
static int bad_unshare(struct egg *e) { return egg_unshare(e, 0); }
static int ok_hostname(struct egg *e) { return egg_sethostname(e, "box"); }
static int bad_hostname(struct egg *e) { return egg_sethostname(e, long_path + 4000); }
static int ok_dup3(struct egg *e) { return egg_dup3(e, 1, 2, 1); }
static int ok_dup3_two(struct egg *e) { return egg_dup3(e, 1, 2, 2); }

static int ok_setrlimit(struct egg *e)
{
	struct rlimit rl = { 10, RLIM_INFINITY };

	return egg_setrlimit(e, RLIMIT_NOFILE, &rl);
}

static int bad_setrlimit(struct egg *e)
{
	struct rlimit rl = { 20, 10 };	/* soft above hard */

	return egg_setrlimit(e, RLIMIT_NOFILE, &rl);
}

static int bad_setrlimit_resource(struct egg *e)
{
	struct rlimit rl = { 1, 1 };

	return egg_setrlimit(e, 1000, &rl);
}

static int ok_sigmask(struct egg *e)
{
	sigset_t set;

	sigfillset(&set);
	return egg_sigmask(e, &set);
}

static int bad_append_opcode(struct egg *e)
{
	struct egg_insn insn = { .opcode = 0 };

	return egg_append(e, &insn);
}

static int bad_append_arity(struct egg *e)
{
	struct egg_insn insn = { .opcode = EGG_OP_CLOSE, .noperands = 2 };

	return egg_append(e, &insn);
}

static const struct call calls[] = {
	{ "setsid", ok_setsid, 0 },
	{ "setpgid 12", ok_setpgid, 0 },
	{ "setpgid -1", bad_setpgid, EINVAL },
	{ "open", ok_open, 0 },
	{ "open fd -1", bad_open_fd, EINVAL },
	{ "open NULL", bad_open_null, EINVAL },
	{ "open 4096-byte path", bad_open_long, ENAMETOOLONG },
	{ "open mode 010000", bad_open_mode, EINVAL },
	{ "dup2 3 3", ok_dup2, 0 },
	{ "dup2 3 -2", bad_dup2, EINVAL },
	{ "close_range 3 ~0", ok_close_range, 0 },
	{ "close_range 9 3", bad_close_range, EINVAL },
	{ "close_range bad flags", bad_close_range_flags, EINVAL },
	{ "close 0", ok_close, 0 },
	{ "close -5", bad_close, EINVAL },
	{ "chdir", ok_chdir, 0 },
	{ "chdir 4096-byte path", bad_chdir, ENAMETOOLONG },
	{ "fchdir", ok_fchdir, 0 },
	{ "umask 0777", ok_umask, 0 },
	{ "umask 01000", bad_umask, EINVAL },
	{ "setrlimit", ok_setrlimit, 0 },
	{ "setrlimit soft > hard", bad_setrlimit, EINVAL },
	{ "setrlimit resource 1000", bad_setrlimit_resource, EINVAL },
	{ "sigmask all", ok_sigmask, 0 },
	{ "setgroups", ok_setgroups, 0 },
	{ "setgroups -1", bad_setgroups, EINVAL },
	{ "setgroups too many", bad_setgroups_many, EINVAL },
	{ "setresuid", ok_setresuid, 0 },
	{ "ambient_raise 63", ok_ambient, 0 },
	{ "ambient_raise 64", bad_ambient, EINVAL },
	{ "bounding_drop -1", bad_bounding, EINVAL },
	{ "keepcaps 2 (nonzero is on)", ok_keepcaps, 0 },
	{ "pdeathsig", ok_pdeathsig, 0 },
	{ "pdeathsig 65", bad_pdeathsig, EINVAL },
	{ "setpriority -20", ok_setpriority, 0 },
	{ "setpriority 20", bad_setpriority, EINVAL },
	{ "sched_setaffinity", ok_affinity, 0 },
	{ "sched_setaffinity unsorted", bad_affinity, EINVAL },
	{ "sched_setaffinity cpu 1024", bad_affinity_high, EINVAL },
	{ "keep", ok_keep, 0 },
	{ "keep unsorted", bad_keep, EINVAL },
	{ "keep -1", bad_keep_negative, EINVAL },
	{ "unshare", ok_unshare, 0 },
	{ "unshare 0", bad_unshare, EINVAL },
	{ "sethostname", ok_hostname, 0 },
	{ "sethostname 96 bytes", bad_hostname, EINVAL },
	{ "dup3", ok_dup3, 0 },
	{ "dup3 cloexec 2 (nonzero is on)", ok_dup3_two, 0 },
	{ "append opcode 0", bad_append_opcode, EINVAL },
	{ "append wrong operand count", bad_append_arity, EINVAL },
};

#define NCALLS (sizeof(calls) / sizeof(calls[0]))

/* Each call once on an egg that has one of everything before it. */
static void test_calls(struct egg *egg)
{
	char what[128];
	unsigned char *before;
	size_t i, size, count;
	int err;

	for (i = 0; i < NCALLS; i++) {
		size = egg_size(egg);
		count = egg_count(egg);
		before = malloc(size + 1);
		if (size)
			memcpy(before, egg_data(egg), size);
		err = calls[i].add(egg);
		snprintf(what, sizeof(what), "%s: %s", calls[i].name,
			 calls[i].want ? "refused" : "appended");
		check(err == calls[i].want, what);
		if (err) {
			snprintf(what, sizeof(what), "%s: egg unchanged", calls[i].name);
			check(egg_size(egg) == size && egg_count(egg) == count &&
			      (!size || !memcmp(egg_data(egg), before, size)), what);
		}
		free(before);
	}
	check(egg_validate(egg_data(egg), egg_size(egg), NULL) == 0, "the result validates");
}

/* Decoding stops where the validator says, and never past len. */
static int judged_alike(const unsigned char *code, size_t len)
{
	struct egg_insn insn;
	size_t bad = (size_t)-1, off = 0;
	int v = egg_validate(code, len, &bad), d;

	while ((d = egg_decode(code, len, &off, &insn)) == 0)
		if (off > len)
			return 0;
	if (v == 0)
		return d == ENODATA && off == len;
	return v == EINVAL && d == EINVAL && bad <= len && off == bad;
}

static void test_big(const struct egg *one)
{
	struct egg *big = egg_new(), *copy = egg_new();
	const unsigned char *code;
	unsigned char *bytes;
	struct egg_insn insn;
	size_t off = 0, len, i;
	int ok = 1;

	for (i = 0; i < BIG_ROUNDS && ok; i++) {
		off = 0;
		while (egg_decode(egg_data(one), egg_size(one), &off, &insn) == 0)
			ok &= egg_append(big, &insn) == 0;
	}
	check(ok && egg_count(big) == BIG_ROUNDS * egg_count(one), "a big egg, by egg_append");
	code = egg_data(big);
	len = egg_size(big);
	off = 0;
	while (egg_decode(code, len, &off, &insn) == 0)
		ok &= egg_append(copy, &insn) == 0;
	check(ok && egg_size(copy) == len && !memcmp(egg_data(copy), code, len),
	      "decoded and appended again: the same bytes");
	egg_free(copy);

	/* The prefixes and corruptions of one round: enough for every op. */
	len = egg_size(one);
	bytes = malloc(len);
	memcpy(bytes, egg_data(one), len);
	for (i = 0; i <= len && ok; i++)
		ok &= judged_alike(bytes, i);
	check(ok, "every prefix: validator and decoder agree");
	for (i = 0; i < len && ok; i++) {
		bytes[i] ^= 0xff;
		ok &= judged_alike(bytes, len);
		bytes[i] ^= 0x80;	/* and with the top bit flipped only */
		ok &= judged_alike(bytes, len);
		bytes[i] ^= 0x7f;
	}
	check(ok, "every corrupted byte: validator and decoder agree");
	free(bytes);
	egg_free(big);
}

static void test_queries(void)
{
	struct egg_op_info info;
	unsigned int op, n = 0;
	int ok = 1;

	for (op = 0; op <= EGG_OP_LAST + 64; op++) {
		if (!egg_op_supported(op)) {
			ok &= egg_op_info(op, &info) == ENOENT;
			continue;
		}
		n++;
		ok &= egg_op_info(op, &info) == 0 && info.opcode == op && info.name &&
		      info.noperands <= EGG_MAX_OPERANDS;
	}
	check(ok && n && egg_op_supported(EGG_OP_LAST) && !egg_op_supported(EGG_OP_LAST + 1),
	      "egg_op_info for every opcode to EGG_OP_LAST and past it");
	check(egg_size(NULL) == 0 && egg_count(NULL) == 0 && egg_data(NULL) == NULL &&
	      egg_reset(NULL) == EINVAL, "NULL eggs");
	egg_free(NULL);
	check(egg_validate(NULL, 0, NULL) == 0 && egg_validate(NULL, 1, NULL) == EINVAL,
	      "validate NULL");
}

/* A long chdir appended again from its own decoding, until the buffer
 * has grown a few times: each time the same bytes once more. */
static void test_self_append(void)
{
	struct egg *egg = egg_new();
	struct egg_insn insn;
	size_t off = 0, first;
	int i, same = 1;

	check(egg && egg_chdir(egg, long_path + 1) == 0, "self-append: a long chdir");
	if (!egg)
		return;
	first = egg_size(egg);
	for (i = 0; i < 8; i++) {
		off = 0;
		if (egg_decode(egg_data(egg), egg_size(egg), &off, &insn) ||
		    egg_append(egg, &insn)) {
			same = 0;
			break;
		}
		same &= !memcmp((const char *)egg_data(egg) + egg_size(egg) - first,
				egg_data(egg), first);
	}
	check(same && egg_size(egg) == 9 * first, "self-append: the same bytes each time");
	egg_free(egg);
}

int main(void)
{
	struct egg *egg = egg_new();

	memset(long_path, 'x', sizeof(long_path) - 1);
	long_path[0] = '/';
	test_calls(egg);
	test_big(egg);
	check(egg_reset(egg) == 0 && egg_size(egg) == 0 && egg_count(egg) == 0, "reset");
	egg_free(egg);
	test_queries();
	test_self_append();
	printf("1..%d (%d failed)\n", checks, failures);
	return failures ? 1 : 0;
}
