/* SPDX-License-Identifier: MIT */
/*
 * setrlimit in a real child, as the probe sees it: every resource, several
 * in one egg, what fails, and the caller's limits without the op.
 */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "egg-util.h"

/* ---- setrlimit: every resource, with values the probe can run under. ---- */

#define INF RLIM_INFINITY

struct rl_case {
	const char *name;	/* as the probe names it */
	int resource;
	rlim_t cur, max;
	const char *want;
};

static const struct rl_case rl_cases[] = {
	{ "cpu", RLIMIT_CPU, 100, 200, "100:200" },
	{ "fsize", RLIMIT_FSIZE, 1 << 20, INF, "1048576:inf" },
	{ "data", RLIMIT_DATA, 4ULL << 30, 8ULL << 30, "4294967296:8589934592" },
	{ "stack", RLIMIT_STACK, 4 << 20, INF, "4194304:inf" },
	{ "core", RLIMIT_CORE, 0, INF, "0:inf" },
	{ "rss", RLIMIT_RSS, 1 << 30, 1 << 30, "1073741824:1073741824" },
	{ "nproc", RLIMIT_NPROC, 5000, 6000, "5000:6000" },
	{ "nofile", RLIMIT_NOFILE, 100, 200, "100:200" },
	{ "memlock", RLIMIT_MEMLOCK, 65536, 131072, "65536:131072" },
	{ "as", RLIMIT_AS, 8ULL << 30, INF, "8589934592:inf" },
	{ "locks", RLIMIT_LOCKS, 1000, 2000, "1000:2000" },
	{ "sigpending", RLIMIT_SIGPENDING, 100, 1000, "100:1000" },
	{ "msgqueue", RLIMIT_MSGQUEUE, 8192, 819200, "8192:819200" },
	{ "nice", RLIMIT_NICE, 0, 0, "0:0" },
	{ "rtprio", RLIMIT_RTPRIO, 0, 10, "0:10" },
	{ "rttime", RLIMIT_RTTIME, 1000000, INF, "1000000:inf" },
	{ "cpu", RLIMIT_CPU, INF, INF, "inf:inf" },
	{ "core", RLIMIT_CORE, INF, INF, "inf:inf" },
	{ "fsize", RLIMIT_FSIZE, INF, INF, "inf:inf" },
	{ "as", RLIMIT_AS, INF, INF, "inf:inf" },
	{ "memlock", RLIMIT_MEMLOCK, INF, INF, "inf:inf" },
};

#define CAP_SYS_RESOURCE_BIT 24

/* CapEff of /proc/self/status: root may lack capabilities (containers). */
static int have_cap(int cap)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	unsigned long long eff = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "CapEff:", 7))
			eff = strtoull(line + 7, NULL, 16);
	fclose(f);
	return !!(eff & 1ULL << cap);
}

/* Raising a hard limit needs CAP_SYS_RESOURCE; without it the op must
 * fail with EPERM, which is tested instead. */
static int can_set(int resource, rlim_t max)
{
	struct rlimit now;

	ck_assert_int_eq(getrlimit(resource, &now), 0);
	return max <= now.rlim_max || have_cap(CAP_SYS_RESOURCE_BIT);
}

START_TEST(setrlimit_sets_the_limit)
{
	const struct rl_case *c = &rl_cases[_i];
	struct rlimit rl = { c->cur, c->max };
	struct egg *e = t_egg();
	char key[64];
	struct t_probe p;

	ck_assert_int_eq(egg_setrlimit(e, c->resource, &rl), 0);
	if (!can_set(c->resource, c->max)) {
		t_expect_op_fault(e, EPERM, 0, EGG_OP_SETRLIMIT, 0);
		egg_free(e);
		return;
	}
	t_probe_run(&p, e);
	snprintf(key, sizeof(key), "rlimit.%s", c->name);
	t_probe_expect(&p, key, c->want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(setrlimit_several_resources_in_one_egg)
{
	struct rlimit cpu = { 10, 20 }, core = { 0, 0 }, nofile = { 64, 64 };
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CPU, &cpu), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CORE, &core), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_NOFILE, &nofile), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CPU, &(struct rlimit){ 15, 20 }), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "rlimit.cpu", "15:20");
	t_probe_expect(&p, "rlimit.core", "0:0");
	t_probe_expect(&p, "rlimit.nofile", "64:64");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* NOFILE cannot exceed fs.nr_open, even for root. */
START_TEST(setrlimit_nofile_infinity_fails_eperm)
{
	struct rlimit rl = { INF, INF };
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_umask(e, 0), 0);
	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_NOFILE, &rl), 0);
	t_expect_op_fault(e, EPERM, 1, EGG_OP_SETRLIMIT, 2);
	egg_free(e);
}
END_TEST

START_TEST(without_setrlimit_child_has_caller_limits)
{
	struct egg *e = t_egg();
	struct rlimit core, nofile;
	char want[64];
	struct t_probe p;

	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &core), 0);
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &nofile), 0);
	core.rlim_cur = 0;
	nofile.rlim_cur = 77;
	ck_assert_int_eq(setrlimit(RLIMIT_CORE, &core), 0);
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &nofile), 0);
	t_probe_run(&p, e);
	if (core.rlim_max == RLIM_INFINITY)
		snprintf(want, sizeof(want), "0:inf");
	else
		snprintf(want, sizeof(want), "0:%llu", (unsigned long long)core.rlim_max);
	t_probe_expect(&p, "rlimit.core", want);
	snprintf(want, sizeof(want), "77:%llu", (unsigned long long)nofile.rlim_max);
	t_probe_expect(&p, "rlimit.nofile", want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

static void add_cases(Suite *s)
{
	TCase *tc = t_tcase(s, "limits", 60);

	tcase_add_loop_test(tc, setrlimit_sets_the_limit, 0, T_ARRAY_SIZE(rl_cases));
	tcase_add_test(tc, setrlimit_several_resources_in_one_egg);
	tcase_add_test(tc, setrlimit_nofile_infinity_fails_eperm);
	tcase_add_test(tc, without_setrlimit_child_has_caller_limits);
}

int main(void)
{
	Suite *s = suite_create("egg-ops-limits");

	add_cases(s);
	return t_run(s);
}
