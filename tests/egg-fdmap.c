/* SPDX-License-Identifier: MIT */
/*
 * The fdmap op in a real child: the egg opens a file of its own at each
 * of the fds 0 to NFDS - 1 (so that this process's fds, Check's among
 * them, are left alone), maps them, and the probe says what it got.  The
 * fixed cases name the rules; the random maps are checked against a model
 * that only copies array entries, written apart from the op's passes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egg-util.h"

#define NFDS 10		/* fds the egg sets up: 0 .. NFDS - 1 */
#define NSOURCES 12	/* sources drawn from 0 .. NSOURCES - 1 (the rest closed) */
#define NRANDOM 300

/* What the egg sets up at fd i: open or not, and with FD_CLOEXEC. */
struct setup {
	int open[NFDS];
	int cloexec[NFDS];
};

static const char *file_of(int fd)
{
	static char names[NFDS][PATH_MAX];
	char tag[16];

	if (!names[fd][0]) {
		snprintf(tag, sizeof(tag), "f%d", fd);
		snprintf(names[fd], sizeof(names[fd]), "%s", t_tmpname(tag));
		t_write_file(names[fd], "", 0644);
		snprintf(names[fd], sizeof(names[fd]), "%s", t_realpath(names[fd]));
	}
	return names[fd];
}

static struct egg *setup_egg(const struct setup *s)
{
	struct egg *e = t_egg();
	unsigned int fd;
	int flags;

	for (fd = 0; fd < NFDS; fd++) {
		flags = O_RDONLY | (s->cloexec[fd] ? O_CLOEXEC : 0);
		if (s->open[fd])
			ck_assert_int_eq(egg_open(e, (int)fd, file_of((int)fd), flags, 0), 0);
		else
			ck_assert_int_eq(egg_close_range(e, fd, fd, 0), 0);
	}
	ck_assert_int_eq(egg_close_range(e, NFDS, NSOURCES - 1, 0), 0);
	return e;
}

static void all_open(struct setup *s)
{
	memset(s, 0, sizeof(*s));
	for (int fd = 0; fd < NFDS; fd++)
		s->open[fd] = 1;
}

/* want[fd] is the fd whose file fd should hold, or -1 for closed. */
static void expect_table(const struct t_probe *p, const int *want)
{
	const char *got;
	char buf[PATH_MAX + 8];
	int fd;

	for (fd = 0; fd < NSOURCES; fd++) {
		got = t_probe_fd(p, fd);
		if (want[fd] < 0) {
			ck_assert_msg(!got, "fd %d is open (%s), want closed", fd, got);
			continue;
		}
		snprintf(buf, sizeof(buf), "0:%s", file_of(want[fd]));
		ck_assert_msg(got && !strcmp(got, buf), "fd %d is %s, want %s", fd,
			      got ? got : "closed", buf);
	}
}

static void run_map(const struct setup *s, size_t n, const int *map, const int *want)
{
	struct egg *e = setup_egg(s);
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_fdmap(e, n, map), 0);
	t_probe_run(&p, e);
	expect_table(&p, want);
	egg_free(e);
}

START_TEST(fdmap_swaps_stdin_and_stdout)
{
	static const int map[] = { 1, 0 };
	static const int want[NSOURCES] = { 1, 0, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1 };
	struct setup s;

	all_open(&s);
	run_map(&s, 2, map, want);
}
END_TEST

START_TEST(fdmap_rotates_three)
{
	static const int map[] = { 1, 2, 0 };
	static const int want[NSOURCES] = { 1, 2, 0, 3, 4, 5, 6, 7, 8, 9, -1, -1 };
	struct setup s;

	all_open(&s);
	run_map(&s, 3, map, want);
}
END_TEST

/* A source equal to its target keeps its fd and passes it on. */
START_TEST(fdmap_identity_clears_cloexec)
{
	static const int map[] = { 0, 1, 2, 3 };
	static const int want[NSOURCES] = { 0, 1, 2, 3, -1, 5, 6, 7, 8, 9, -1, -1 };
	struct setup s;

	all_open(&s);
	s.cloexec[3] = 1;
	s.cloexec[4] = 1;	/* past the map: untouched, so closed by exec */
	run_map(&s, 4, map, want);
}
END_TEST

START_TEST(fdmap_minus_1_closes_and_copies_stay)
{
	static const int map[] = { 5, -1, 5, 0 };
	static const int want[NSOURCES] = { 5, -1, 5, 0, 4, 5, 6, 7, 8, 9, -1, -1 };
	struct setup s;

	all_open(&s);
	run_map(&s, 4, map, want);
}
END_TEST

/* Sources far above the map: the scratch copies go above them. */
START_TEST(fdmap_high_sources_and_a_reversal)
{
	static const int map[] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 };
	static const int want[NSOURCES] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1, -1 };
	struct setup s;

	all_open(&s);
	run_map(&s, NFDS, map, want);
}
END_TEST

START_TEST(fdmap_empty_changes_nothing)
{
	static const int want[NSOURCES] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1 };
	struct setup s;

	all_open(&s);
	run_map(&s, 0, NULL, want);
}
END_TEST

/* A closed source fails the op, at its index, before any fd changed. */
START_TEST(fdmap_closed_source_fails_ebadf)
{
	static const int map[] = { 1, 0, 11 };
	struct t_spawn_expect want = { EBADF, NFDS + 1, EGG_OP_FDMAP, 0, EGG_STAGE_OP };
	struct setup s;
	struct egg *e;

	all_open(&s);
	e = setup_egg(&s);
	want.offset = egg_size(e);
	ck_assert_int_eq(egg_fdmap(e, 3, map), 0);
	t_expect_fault(t_build_path("tests/probe"), egg_data(e), egg_size(e), &want);
	egg_free(e);
}
END_TEST

/* ---- Random maps against a model. ---- */

static unsigned int next_rand(unsigned int *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

static void random_setup(unsigned int *r, struct setup *s)
{
	int fd;

	for (fd = 0; fd < NFDS; fd++) {
		s->open[fd] = next_rand(r) % 5 != 0;
		s->cloexec[fd] = next_rand(r) % 3 == 0;
	}
}

static int random_source(unsigned int *r, const struct setup *s)
{
	int fd;

	if (next_rand(r) % 8 == 0)
		return -1;
	fd = (int)(next_rand(r) % NSOURCES);
	/* Mostly open sources, so that most maps run. */
	while (next_rand(r) % 16 && (fd >= NFDS || !s->open[fd]))
		fd = (int)(next_rand(r) % NSOURCES);
	return fd;
}

/* The model: the fd table as an array of "which file" before and after. */
static int model(const struct setup *s, size_t n, const int *map, int *after)
{
	int before[NSOURCES];
	size_t i;

	for (i = 0; i < NSOURCES; i++)
		before[i] = i < NFDS && s->open[i] ? (int)i : -1;
	for (i = 0; i < n; i++)
		if (map[i] >= 0 && before[map[i]] < 0)
			return EBADF;
	for (i = 0; i < NSOURCES; i++) {
		if (i < n)
			after[i] = map[i] < 0 ? -1 : before[map[i]];
		else
			after[i] = before[i] >= 0 && !s->cloexec[i] ? before[i] : -1;
	}
	return 0;
}

/* Returns whether the map ran (else the model said EBADF). */
static int run_random(unsigned int seed)
{
	unsigned int r = seed;
	int map[NFDS], want[NSOURCES];
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg_fault f;
	struct setup s;
	struct egg *e;
	size_t n, i;
	int err;

	random_setup(&r, &s);
	n = next_rand(&r) % (NFDS + 1);
	for (i = 0; i < n; i++)
		map[i] = random_source(&r, &s);
	e = setup_egg(&s);
	ck_assert_int_eq(egg_fdmap(e, n, map), 0);
	err = t_probe_start(&p, egg_data(e), egg_size(e), NULL, &f);
	egg_free(e);
	if (model(&s, n, map, want)) {
		ck_assert_msg(err == EBADF && f.stage == EGG_STAGE_OP &&
			      f.opcode == EGG_OP_FDMAP, "seed %u: err %d, want EBADF", seed, err);
		return 0;
	}
	ck_assert_msg(err == 0, "seed %u: egg_spawn: %s", seed, strerror(err));
	t_probe_finish(&p);
	expect_table(&p, want);
	return 1;
}

START_TEST(fdmap_random_maps_match_the_model)
{
	unsigned int seed, ran = 0;

	for (seed = 1; seed <= NRANDOM; seed++)
		ran += (unsigned int)run_random(seed);
	/* Both outcomes, each often enough to mean something. */
	ck_assert_uint_ge(ran, NRANDOM / 4);
	ck_assert_uint_ge(NRANDOM - ran, NRANDOM / 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-fdmap");
	TCase *tc = t_tcase(s, "fdmap", 120);

	tcase_add_test(tc, fdmap_swaps_stdin_and_stdout);
	tcase_add_test(tc, fdmap_rotates_three);
	tcase_add_test(tc, fdmap_identity_clears_cloexec);
	tcase_add_test(tc, fdmap_minus_1_closes_and_copies_stay);
	tcase_add_test(tc, fdmap_high_sources_and_a_reversal);
	tcase_add_test(tc, fdmap_empty_changes_nothing);
	tcase_add_test(tc, fdmap_closed_source_fails_ebadf);
	tcase_add_test(tc, fdmap_random_maps_match_the_model);
	return t_run(s);
}
