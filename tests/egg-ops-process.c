/* SPDX-License-Identifier: MIT */
/*
 * The process ops in a real child, as the probe sees them: sessions and
 * process groups, the umask, and what the child has from the caller
 * without any op (session, group, ids, mask).
 */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "egg-util.h"

/* ---- Sessions and process groups. ---- */

START_TEST(setsid_makes_session_and_group_leader)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_setsid(e), 0);
	t_probe_run(&p, e);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "sid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "pgid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	t_probe_expect(&p, "ctty", "0");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(without_ops_child_keeps_caller_session_and_group)
{
	struct egg *e = t_egg();
	struct t_probe p;

	t_probe_run(&p, e);
	ck_assert_int_eq(t_probe_num(&p, "pid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "ppid"), getpid());
	ck_assert_int_eq(t_probe_num(&p, "sid"), getsid(0));
	ck_assert_int_eq(t_probe_num(&p, "pgid"), getpgrp());
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(setpgid_0_makes_group_leader_in_same_session)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert_int_eq(egg_setpgid(e, 0), 0);
	t_probe_run(&p, e);
	ck_assert_int_eq(t_probe_num(&p, "pgid"), p.pid);
	ck_assert_int_eq(t_probe_num(&p, "sid"), getsid(0));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The first probe leads a group and waits (-k) on a pipe; the second
 * joins that group. */
START_TEST(setpgid_joins_existing_group)
{
	const char *const keep[] = { "-k", NULL };
	struct egg *leader = t_egg(), *member = t_egg();
	struct egg_fault f;
	struct t_probe a, b;
	int pfd[2];

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	ck_assert_int_eq(egg_setpgid(leader, 0), 0);
	ck_assert_int_eq(egg_dup2(leader, pfd[0], 0), 0);
	ck_assert_int_eq(t_probe_start(&a, egg_data(leader), egg_size(leader), keep, &f), 0);
	ck_assert_int_eq(egg_setpgid(member, a.pid), 0);
	t_probe_run(&b, member);
	ck_assert_int_eq(t_probe_num(&b, "pgid"), a.pid);
	ck_assert_int_eq(t_probe_num(&b, "sid"), getsid(0));
	close(pfd[1]);
	close(pfd[0]);
	t_probe_finish(&a);
	ck_assert_int_eq(t_probe_num(&a, "pgid"), a.pid);
	t_probe_free(&a);
	t_probe_free(&b);
	egg_free(leader);
	egg_free(member);
}
END_TEST

/* ---- umask. ---- */

static const struct {
	mode_t mask;
	const char *want;
} umasks[] = {
	{ 0, "0000" }, { 022, "0022" }, { 077, "0077" }, { 0123, "0123" }, { 0777, "0777" },
};

START_TEST(umask_sets_the_mask)
{
	struct egg *e = t_egg();
	struct t_probe p;

	umask(umasks[_i].mask ? 0 : 0777);
	ck_assert_int_eq(egg_umask(e, umasks[_i].mask), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "umask", umasks[_i].want);
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(without_umask_child_has_caller_mask)
{
	struct egg *e = t_egg();
	struct t_probe p;

	umask(0037);
	t_probe_run(&p, e);
	t_probe_expect(&p, "umask", "0037");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The probe sees the caller's ids and no controlling terminal change
 * without an op; a check that its other keys are there and sane. */
START_TEST(without_ops_child_has_caller_ids)
{
	struct egg *e = t_egg();
	char want[64];
	struct t_probe p;
	uid_t r, ef, s;

	t_probe_run(&p, e);
	ck_assert_int_eq(getresuid(&r, &ef, &s), 0);
	snprintf(want, sizeof(want), "%u:%u:%u", r, ef, s);
	t_probe_expect(&p, "uid", want);
	ck_assert_ptr_nonnull(t_probe_get(&p, "gid"));
	ck_assert_ptr_nonnull(t_probe_get(&p, "groups"));
	ck_assert_ptr_nonnull(t_probe_get(&p, "ctty"));
	ck_assert_ptr_nonnull(t_probe_get(&p, "rlimit.rttime"));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST


static void add_cases(Suite *s)
{
	TCase *tc = t_tcase(s, "process", 60);

	tcase_add_test(tc, setsid_makes_session_and_group_leader);
	tcase_add_test(tc, without_ops_child_keeps_caller_session_and_group);
	tcase_add_test(tc, setpgid_0_makes_group_leader_in_same_session);
	tcase_add_test(tc, setpgid_joins_existing_group);
	tcase_add_test(tc, without_ops_child_has_caller_ids);
	tcase_add_loop_test(tc, umask_sets_the_mask, 0, T_ARRAY_SIZE(umasks));
	tcase_add_test(tc, without_umask_child_has_caller_mask);
}

int main(void)
{
	Suite *s = suite_create("egg-ops-process");

	add_cases(s);
	return t_run(s);
}
