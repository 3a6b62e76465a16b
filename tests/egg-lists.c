/* SPDX-License-Identifier: MIT */
/*
 * The list ops at the edges of their lists: no items, EGG_LIST_MAX items,
 * the last item the last byte of the egg.  The interpreter decodes a list
 * once, onto its stack, and the ops read the items from there; these
 * cases show in a real child, through the probe, that every item arrives.
 * setgroups needs root and is in tests/egg-ops-root.c.  The dry runs at
 * a guard page call the interpreter itself: linked from the internal
 * library.
 */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "egg-util.h"
#include "interp.h"

/* fds up to 1023 are named: the egg raises its soft limit that far. */
#define TOP_FD 1023

static struct egg *egg_with_fd_room(void)
{
	struct egg *e = t_egg();
	struct rlimit rl;

	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = rl.rlim_max;
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_NOFILE, &rl), 0);
	return e;
}

static const char *file_named(const char *tag)
{
	const char *name = t_tmpname(tag);

	t_write_file(name, "", 0644);
	return t_realpath(name);
}

static void expect_fds(const struct t_probe *p, const char *want)
{
	char got[4096];

	t_probe_fd_list(p, got, sizeof(got));
	ck_assert_msg(!strcmp(got, want), "fds %s, want %s", got, want);
}

START_TEST(keep_nothing_closes_every_fd)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };

	ck_assert_int_eq(egg_open(e, 5, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_keep(e, 0, NULL), 0);
	t_probe_ok(&p, e, NULL);
	expect_fds(&p, "");
	egg_free(e);
}
END_TEST

/* Every even fd up to 2046: 1000 stays, 1001 goes. */
START_TEST(keep_max_items_last_in_the_egg)
{
	struct egg *e = egg_with_fd_room();
	struct t_probe p T_PROBE_AUTO = { 0 };
	const char *a = file_named("a");
	static int fds[EGG_LIST_MAX];
	char want[PATH_MAX + 8];
	size_t i;

	for (i = 0; i < EGG_LIST_MAX; i++)
		fds[i] = (int)(2 * i);
	ck_assert_int_eq(egg_close_range(e, 0, ~0U, 0), 0);
	ck_assert_int_eq(egg_open(e, 1000, a, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_open(e, 1001, a, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_keep(e, EGG_LIST_MAX, fds), 0);
	/* 2046 is the last two bytes of the egg. */
	ck_assert_uint_eq(((const uint8_t *)egg_data(e))[egg_size(e) - 1], 2046 >> 7);
	t_probe_ok(&p, e, NULL);
	expect_fds(&p, "1000");
	snprintf(want, sizeof(want), "0:%s", a);
	ck_assert_str_eq(t_probe_fd(&p, 1000), want);
	egg_free(e);
}
END_TEST

/* fd 1022 takes what 1000 was; everything else closes, down to the last
 * item, EGG_FDMAP_CLOSE: five bytes that end the egg. */
START_TEST(fdmap_max_items_last_in_the_egg)
{
	struct egg *e = egg_with_fd_room();
	struct t_probe p T_PROBE_AUTO = { 0 };
	const char *a = file_named("a"), *b = file_named("b");
	static int map[EGG_LIST_MAX];
	char want[PATH_MAX + 8];
	size_t i;

	for (i = 0; i < EGG_LIST_MAX; i++)
		map[i] = -1;
	map[TOP_FD - 1] = 1000;
	ck_assert_int_eq(egg_open(e, 1000, a, O_RDONLY | O_CLOEXEC, 0), 0);
	ck_assert_int_eq(egg_open(e, TOP_FD, b, O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_fdmap(e, EGG_LIST_MAX, map), 0);
	ck_assert_uint_eq(((const uint8_t *)egg_data(e))[egg_size(e) - 1], 0x0f);
	t_probe_ok(&p, e, NULL);
	expect_fds(&p, "1022");
	snprintf(want, sizeof(want), "0:%s", a);
	ck_assert_str_eq(t_probe_fd(&p, TOP_FD - 1), want);
	egg_free(e);
}
END_TEST

START_TEST(sched_setaffinity_no_cpus_fails_in_the_child)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };
	struct egg_fault f;

	/* Valid as a list; the kernel refuses an empty mask. */
	ck_assert_int_eq(egg_sched_setaffinity(e, 0, NULL), 0);
	ck_assert_int_eq(t_probe_try(&p, e, NULL, &f), EINVAL);
	ck_assert_int_eq(f.stage, EGG_STAGE_OP);
	ck_assert_uint_eq(f.opcode, EGG_OP_SCHED_SETAFFINITY);
	egg_free(e);
}
END_TEST

/* Pinned to one CPU, then given all 1024: the child may run on every CPU
 * this process may. */
START_TEST(sched_setaffinity_max_items)
{
	struct egg *e = t_egg();
	struct t_probe p T_PROBE_AUTO = { 0 };
	static unsigned int all[EGG_LIST_MAX];
	unsigned int first = EGG_LIST_MAX, cpu;
	cpu_set_t mine, got;
	char *list, *tok, *save;

	ck_assert_int_eq(sched_getaffinity(0, sizeof(mine), &mine), 0);
	for (cpu = 0; cpu < EGG_LIST_MAX; cpu++) {
		all[cpu] = cpu;
		if (first == EGG_LIST_MAX && CPU_ISSET(cpu, &mine))
			first = cpu;
	}
	ck_assert_uint_lt(first, EGG_LIST_MAX);
	ck_assert_int_eq(egg_sched_setaffinity(e, 1, &first), 0);
	ck_assert_int_eq(egg_sched_setaffinity(e, EGG_LIST_MAX, all), 0);
	t_probe_ok(&p, e, NULL);
	CPU_ZERO(&got);
	list = strdup(t_probe_get(&p, "cpus"));
	ck_assert_ptr_nonnull(list);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		CPU_SET((int)strtoul(tok, NULL, 10), &got);
	free(list);
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		ck_assert_msg(!CPU_ISSET(cpu, &mine) || CPU_ISSET(cpu, &got),
			      "cpu %u is not in the child's set", cpu);
	egg_free(e);
}
END_TEST

/* Each list op with no items and with EGG_LIST_MAX, its code ending right
 * before a page that cannot be read: the interpreter reads the last item
 * and no further. */
struct edge {
	const char *name;
	int (*add)(struct egg *e, size_t n);
	size_t n;
};

static uint32_t items[EGG_LIST_MAX];

static int add_setgroups(struct egg *e, size_t n)
{
	return egg_setgroups(e, n, (const gid_t *)items);
}

static int add_affinity(struct egg *e, size_t n)
{
	return egg_sched_setaffinity(e, n, (const unsigned int *)items);
}

static int add_keep(struct egg *e, size_t n)
{
	return egg_keep(e, n, (const int *)items);
}

static int add_fdmap(struct egg *e, size_t n)
{
	return egg_fdmap(e, n, (const int *)items);
}

static const struct edge edges[] = {
	{ "setgroups_none", add_setgroups, 0 },
	{ "setgroups_max", add_setgroups, EGG_LIST_MAX },
	{ "sched_setaffinity_none", add_affinity, 0 },
	{ "sched_setaffinity_max", add_affinity, EGG_LIST_MAX },
	{ "keep_none", add_keep, 0 },
	{ "keep_max", add_keep, EGG_LIST_MAX },
	{ "fdmap_none", add_fdmap, 0 },
	{ "fdmap_max", add_fdmap, EGG_LIST_MAX },
};

static const uint8_t *at_guard(const void *code, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t span = ((len + (size_t)page - 1) / (size_t)page + 1) * (size_t)page;
	uint8_t *map;

	map = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(map, MAP_FAILED);
	ck_assert_int_eq(mprotect(map + span - (size_t)page, (size_t)page, PROT_NONE), 0);
	memcpy(map + span - (size_t)page - len, code, len);
	return map + span - (size_t)page - len;
}

START_TEST(lists_end_at_a_guard_page)
{
	const struct edge *c = &edges[_i];
	struct egg *e = t_egg();
	struct egg_fault fault;
	const uint8_t *code;
	size_t i, bad;

	/* Ascending, 32 bits wide where the kind allows: the cpus stop at
	 * 1023, so do the others, and setgroups ends on a 5-byte item. */
	for (i = 0; i < EGG_LIST_MAX; i++)
		items[i] = (uint32_t)i;
	if (c->add == add_setgroups)
		items[EGG_LIST_MAX - 1] = 0xfffffffe;
	ck_assert_int_eq(egg_setsid(e), 0);
	ck_assert_int_eq(c->add(e, c->n), 0);
	code = at_guard(egg_data(e), egg_size(e));
	ck_assert_int_eq(egg_validate(code, egg_size(e), &bad), 0);
	ck_assert_msg(egg__interp_dry(code, egg_size(e), &fault) == 0, "%s: fault %d at %zu",
		      c->name, fault.error, fault.offset);
	ck_assert_uint_eq(fault.index, 2);
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-lists");
	TCase *tc = t_tcase(s, "lists", 60);
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_max <= TOP_FD) {
		printf("SKIP: the cases name fds up to %d, above RLIMIT_NOFILE\n", TOP_FD);
		return 77;
	}
	tcase_add_test(tc, keep_nothing_closes_every_fd);
	tcase_add_test(tc, keep_max_items_last_in_the_egg);
	tcase_add_test(tc, fdmap_max_items_last_in_the_egg);
	tcase_add_test(tc, sched_setaffinity_no_cpus_fails_in_the_child);
	tcase_add_test(tc, sched_setaffinity_max_items);
	tcase_add_loop_test(tc, lists_end_at_a_guard_page, 0,
			    (int)(sizeof(edges) / sizeof(edges[0])));
	return t_run(s);
}
