/* SPDX-License-Identifier: MIT */
/*
 * Builder calls whose operands point into the egg's own bytes: an
 * instruction decoded from the egg and appended to it again, or a path
 * taken from egg_data().  The call that has to grow the buffer must still
 * append exactly what the operands said before it grew: the bytes are
 * compared with an egg built from private copies.
 *
 * realloc is wrapped (the library is linked statically, as in
 * fault-alloc): every growth moves the buffer and fills the old one with
 * 0xa5 before freeing it, so that reading it afterwards gives wrong bytes
 * even where no sanitizer or valgrind watches.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "egg-util.h"

#define LONG 3000		/* a path long enough that appending it again grows */

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);

static unsigned int moves;	/* growths of a buffer that had bytes */

void *__wrap_realloc(void *p, size_t n)
{
	size_t old;
	void *q;

	if (!p)
		return __real_realloc(NULL, n);
	q = __real_realloc(NULL, n);
	if (!q)
		return NULL;
	old = malloc_usable_size(p);
	memcpy(q, p, old < n ? old : n);
	memset(p, 0xa5, old);
	free(p);
	moves++;
	return q;
}

static char long_path[LONG + 1];

/* The instruction at *off of egg, decoded. */
static struct egg_insn decode_at(const struct egg *egg, size_t off)
{
	struct egg_insn insn;

	ck_assert_int_eq(egg_decode(egg_data(egg), egg_size(egg), &off, &insn), 0);
	return insn;
}

static void expect_same(const struct egg *got, const struct egg *want, const char *what)
{
	ck_assert_msg(egg_size(got) == egg_size(want), "%s: %zu bytes, want %zu", what,
		      egg_size(got), egg_size(want));
	ck_assert_msg(!memcmp(egg_data(got), egg_data(want), egg_size(want)),
		      "%s: the bytes differ", what);
	ck_assert_uint_eq(egg_count(got), egg_count(want));
	ck_assert_int_eq(egg_validate(egg_data(got), egg_size(got), NULL), 0);
}

/* Builds base into egg, then appends by alias (operands into egg's own
 * bytes) and, into a second egg, by copy; the two must be the same. */
struct alias_case {
	const char *name;
	void (*base)(struct egg *e);
	int (*by_alias)(struct egg *e);
	int (*by_copy)(struct egg *e, const struct egg *from);
};

static void base_chdir(struct egg *e)
{
	ck_assert_int_eq(egg_chdir(e, long_path), 0);
	ck_assert_int_eq(egg_close(e, 0), 0);
}

static void base_groups(struct egg *e)
{
	static gid_t groups[600];
	size_t i;

	for (i = 0; i < T_ARRAY_SIZE(groups); i++)
		groups[i] = (gid_t)(100000 + 7 * i);
	ck_assert_int_eq(egg_setgroups(e, T_ARRAY_SIZE(groups), groups), 0);
}

static int append_first(struct egg *e)
{
	struct egg_insn insn = decode_at(e, 0);

	return egg_append(e, &insn);
}

/* The copy of the first instruction: from a snapshot of the bytes. */
static int copy_first(struct egg *e, const struct egg *from)
{
	size_t size = egg_size(from), off = 0;
	void *snap = malloc(size);
	struct egg_insn insn;
	int err;

	ck_assert_ptr_nonnull(snap);
	memcpy(snap, egg_data(from), size);
	ck_assert_int_eq(egg_decode(snap, size, &off, &insn), 0);
	err = egg_append(e, &insn);
	free(snap);
	return err;
}

/* chdir's path, NUL-ended by close 0's operand: "/ppp...\x07". */
static const char *path_in(const struct egg *e)
{
	return (const char *)egg_data(e) + 3;
}

static int open_alias(struct egg *e)
{
	return egg_open(e, 3, path_in(e), O_RDONLY, 0);
}

static int open_copy(struct egg *e, const struct egg *from)
{
	char *path = strdup(path_in(from));
	int err;

	ck_assert_ptr_nonnull(path);
	err = egg_open(e, 3, path, O_RDONLY, 0);
	free(path);
	return err;
}

static int chroot_alias(struct egg *e)
{
	return egg_chroot(e, path_in(e));
}

static int chroot_copy(struct egg *e, const struct egg *from)
{
	char *path = strdup(path_in(from));
	int err;

	ck_assert_ptr_nonnull(path);
	err = egg_chroot(e, path);
	free(path);
	return err;
}

static const struct alias_case cases[] = {
	{ "append_decoded_string", base_chdir, append_first, copy_first },
	{ "append_decoded_list", base_groups, append_first, copy_first },
	{ "open_path_from_egg_data", base_chdir, open_alias, open_copy },
	{ "chroot_path_from_egg_data", base_chdir, chroot_alias, chroot_copy },
};

START_TEST(operands_in_the_egg_itself)
{
	const struct alias_case *c = &cases[_i];
	struct egg *got = t_egg(), *want = t_egg();
	unsigned int before;

	memset(long_path, 'p', LONG);
	long_path[0] = '/';
	c->base(got);
	c->base(want);
	ck_assert_int_eq(c->by_copy(want, got), 0);
	before = moves;
	ck_assert_int_eq(c->by_alias(got), 0);
	/* Otherwise this case tests nothing. */
	ck_assert_msg(moves > before, "%s: the buffer did not grow", c->name);
	expect_same(got, want, c->name);
	egg_free(got);
	egg_free(want);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-builder-alias");
	TCase *tc = t_tcase(s, "alias", 60);

	tcase_add_loop_test(tc, operands_in_the_egg_itself, 0, T_ARRAY_SIZE(cases));
	return t_run(s);
}
