/* SPDX-License-Identifier: MIT */
/*
 * Each op runs where it stands: the same ops in two orders give two
 * different children.  One table: a row is an egg, written as its ops,
 * and what the probe (or the fault) must show; one loop runs them all.
 */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "egg-util.h"

/* "$T" in a path or an expected value stands for the case's directory,
 * which holds the empty files a, b and rel when the egg runs. */
#define TMP "$T"

/* One op of a row's egg: opcode is its EGG_OP_*; arg is open's mode,
 * dup2's newfd, umask's mask, setpgid's pgid or the one signal sigmask
 * blocks. */
struct step {
	unsigned int opcode;
	int fd;
	const char *path;
	int flags;
	int arg;
};

/* A probe key and its value ("$T" expanded); a NULL value: no such key. */
struct seen {
	const char *key;
	const char *value;
};

struct order_case {
	const char *name;
	struct step ops[3];
	const char *caller_fd9;	/* what the caller has open at fd 9, or NULL */
	struct {		/* the spawn fails there if error is not 0 */
		int error;
		size_t index;
		unsigned int opcode;
		size_t offset;
	} fault;
	struct seen probe[3];	/* else the probe shows these */
	mode_t c_mode;		/* and $T/c has this mode, if not 0 */
};

/* A row's ops, one macro each, named after the builder calls. */
#define OPEN(f, p, fl, m) \
	{ .opcode = EGG_OP_OPEN, .fd = (f), .path = (p), .flags = (fl), .arg = (m) }
#define DUP2(f, to) { .opcode = EGG_OP_DUP2, .fd = (f), .arg = (to) }
#define CLOSE(f) { .opcode = EGG_OP_CLOSE, .fd = (f) }
#define CHDIR(p) { .opcode = EGG_OP_CHDIR, .path = (p) }
#define UMASK(m) { .opcode = EGG_OP_UMASK, .arg = (m) }
#define SETSID { .opcode = EGG_OP_SETSID }
#define SETPGID(g) { .opcode = EGG_OP_SETPGID, .arg = (g) }
#define SIGMASK(sig) { .opcode = EGG_OP_SIGMASK, .arg = (sig) }

static const struct order_case order_cases[] = {
	{ "dup2_1_2_before_open_1",
	  { OPEN(1, TMP "/a", O_WRONLY, 0), DUP2(1, 2), OPEN(1, TMP "/b", O_WRONLY, 0) },
	  .probe = { { "fd.1", "0:" TMP "/b" }, { "fd.2", "0:" TMP "/a" } } },
	{ "dup2_1_2_after_open_1",
	  { OPEN(1, TMP "/a", O_WRONLY, 0), OPEN(1, TMP "/b", O_WRONLY, 0), DUP2(1, 2) },
	  .probe = { { "fd.1", "0:" TMP "/b" }, { "fd.2", "0:" TMP "/b" } } },
	{ "chdir_before_relative_open",
	  { CHDIR(TMP), OPEN(9, "rel", O_RDONLY, 0) },
	  .probe = { { "fd.9", "0:" TMP "/rel" } } },
	/* The caller's directory is /, where there is no rel. */
	{ "chdir_after_relative_open_enoent",
	  { OPEN(9, "rel", O_RDONLY, 0), CHDIR(TMP) },
	  .fault = { ENOENT, 0, EGG_OP_OPEN, 0 } },
	/* The caller's umask is 0. */
	{ "umask_before_creat",
	  { UMASK(077), OPEN(9, TMP "/c", O_WRONLY | O_CREAT, 0666) },
	  .probe = { { "umask", "0077" } }, .c_mode = 0600 },
	{ "umask_after_creat",
	  { OPEN(9, TMP "/c", O_WRONLY | O_CREAT, 0666), UMASK(077) },
	  .probe = { { "umask", "0077" } }, .c_mode = 0666 },
	{ "close_after_open_leaves_it_closed",
	  { OPEN(9, "/dev/null", O_RDONLY, 0), CLOSE(9) },
	  .probe = { { "fd.9", NULL } } },
	{ "close_before_open_leaves_it_open",
	  { CLOSE(9), OPEN(9, "/dev/null", O_RDONLY, 0) },
	  .caller_fd9 = "/dev/zero", .probe = { { "fd.9", "0:/dev/null" } } },
	/* A session leader cannot change its group. */
	{ "setsid_then_setpgid_fails_eperm",
	  { SETSID, SETPGID(0) },
	  .fault = { EPERM, 1, EGG_OP_SETPGID, 1 } },
	/* A group leader cannot start a session. */
	{ "setpgid_then_setsid_fails_eperm",
	  { SETPGID(0), SETSID },
	  .fault = { EPERM, 1, EGG_OP_SETSID, 2 } },
	/* SIGUSR2 (12) alone. */
	{ "last_sigmask_wins",
	  { SIGMASK(SIGUSR1), SIGMASK(SIGUSR2) },
	  .probe = { { "sigmask", "0x0000000000000800" } } },
};

/* s with "$T" replaced by dir, in a rotating static buffer. */
static const char *expand(const char *s, const char *dir)
{
	static char buf[4][PATH_MAX + 8];
	static unsigned int next;
	char *p = buf[next++ % 4];
	const char *at = s ? strstr(s, TMP) : NULL;

	if (!at)
		return s;
	snprintf(p, PATH_MAX + 8, "%.*s%s%s", (int)(at - s), s, dir, at + strlen(TMP));
	return p;
}

static int append_step(struct egg *e, const struct step *op)
{
	const char *path = expand(op->path, t_tmpdir());
	sigset_t set;

	switch (op->opcode) {
	case EGG_OP_OPEN:
		return egg_open(e, op->fd, path, op->flags, (mode_t)op->arg);
	case EGG_OP_DUP2:
		return egg_dup2(e, op->fd, op->arg);
	case EGG_OP_CLOSE:
		return egg_close(e, op->fd);
	case EGG_OP_CHDIR:
		return egg_chdir(e, path);
	case EGG_OP_UMASK:
		return egg_umask(e, (mode_t)op->arg);
	case EGG_OP_SETSID:
		return egg_setsid(e);
	case EGG_OP_SETPGID:
		return egg_setpgid(e, op->arg);
	case EGG_OP_SIGMASK:
		sigemptyset(&set);
		sigaddset(&set, op->arg);
		return egg_sigmask(e, &set);
	}
	ck_abort_msg("no step for opcode %u", op->opcode);
	return -1;
}

/* The caller's side of every row: its directory /, umask 0, the files. */
static void caller_setup(const struct order_case *c)
{
	static const char *const files[] = { "a", "b", "rel" };
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < T_ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", t_tmpdir(), files[i]);
		t_write_file(path, "", 0644);
	}
	ck_assert_int_eq(chdir("/"), 0);
	umask(0);
	if (c->caller_fd9)
		t_put_fd(9, c->caller_fd9, O_RDONLY);
}

static void expect_seen(const struct order_case *c)
{
	const char *real = t_realpath(t_tmpdir());
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg *e = t_egg();
	struct stat st;
	size_t i;

	for (i = 0; i < T_ARRAY_SIZE(c->ops) && c->ops[i].opcode; i++)
		ck_assert_int_eq(append_step(e, &c->ops[i]), 0);
	if (c->fault.error) {
		t_expect_op_fault(e, c->fault.error, c->fault.index, c->fault.opcode,
				  c->fault.offset);
		egg_free(e);
		return;
	}
	t_probe_ok(&p, e, NULL);
	for (i = 0; i < T_ARRAY_SIZE(c->probe) && c->probe[i].key; i++)
		t_probe_expect(&p, c->probe[i].key, expand(c->probe[i].value, real));
	egg_free(e);
	if (!c->c_mode)
		return;
	ck_assert_int_eq(stat(expand(TMP "/c", t_tmpdir()), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, c->c_mode);
}

START_TEST(order_each_op_runs_where_it_stands)
{
	const struct order_case *c = &order_cases[_i];

	printf("order: %s\n", c->name);
	caller_setup(c);
	expect_seen(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-ops-order");
	TCase *tc = t_tcase(s, "order", 60);

	tcase_add_loop_test(tc, order_each_op_runs_where_it_stands, 0,
			    T_ARRAY_SIZE(order_cases));
	return t_run(s);
}
