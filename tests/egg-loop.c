/* SPDX-License-Identifier: MIT */
/*
 * Many spawns in a row, successful and failing: each one is reaped, and
 * afterwards the fd table (/proc/self/fd) and the process table (no
 * child, no zombie) are as they were before.  A leak of one fd or one
 * child per spawn shows up here even where a single spawn looks fine.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

#define TRUE_PATH "/bin/true"

static struct egg *small_egg(void)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_open(e, 0, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_umask(e, 022), 0);
	ck_assert_int_eq(egg_close_range(e, 3, ~0U, CLOSE_RANGE_CLOEXEC), 0);
	return e;
}

static void reap_ok(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%x", st);
}

START_TEST(spawn_10000_times_leaves_tables_unchanged)
{
	char *const argv[] = { "true", NULL };
	struct egg *e = small_egg();
	char *before = t_fd_table();
	struct egg_fault f;
	pid_t pid;
	int i, err;

	for (i = 0; i < 10000; i++) {
		err = egg_spawn(&pid, TRUE_PATH, egg_data(e), egg_size(e), argv, NULL, &f);
		ck_assert_msg(err == 0, "spawn %d: %s at instruction %zu", i, strerror(err),
			      f.index);
		reap_ok(pid);
	}
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

/* Failures at every stage: an invalid egg (no child), a failing op and a
 * failing exec (a child that must be reaped by the library). */
START_TEST(failing_spawns_leave_tables_unchanged)
{
	char *const argv[] = { "true", NULL };
	static const unsigned char invalid[] = { 0x02, 0x80 };
	struct egg *e = small_egg(), *bad_op = small_egg();
	char *before = t_fd_table();
	struct egg_fault f;
	pid_t pid;
	int i;

	ck_assert_int_eq(egg_close(bad_op, 700), 0);
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(egg_spawn(&pid, TRUE_PATH, invalid, sizeof(invalid), argv, NULL,
					   &f), EINVAL);
		ck_assert_int_eq(egg_spawn(&pid, TRUE_PATH, egg_data(bad_op), egg_size(bad_op),
					   argv, NULL, &f), EBADF);
		ck_assert_int_eq(egg_spawn(&pid, "/nonexistent/egg-test", egg_data(e),
					   egg_size(e), argv, NULL, &f), ENOENT);
		ck_assert_int_eq(egg_spawnp(&pid, "egg-test-no-such-program", egg_data(e),
					    egg_size(e), argv, NULL, &f), ENOENT);
	}
	t_expect_unchanged(before);
	egg_free(e);
	egg_free(bad_op);
}
END_TEST

START_TEST(pidfd_spawn_1000_times_leaves_tables_unchanged)
{
	char *const argv[] = { "true", NULL };
	struct egg *e = small_egg();
	char *before = t_fd_table();
	siginfo_t si;
	int i, pidfd;

	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(egg_pidfd_spawn(&pidfd, TRUE_PATH, egg_data(e), egg_size(e),
						 argv, NULL, NULL), 0);
		ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
		ck_assert_int_eq(si.si_code, CLD_EXITED);
		ck_assert_int_eq(si.si_status, 0);
		ck_assert_int_eq(close(pidfd), 0);
	}
	t_expect_unchanged(before);
	egg_free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg-loop");
	TCase *tc = t_tcase(s, "loop", 400);

	if (access(TRUE_PATH, X_OK)) {
		fprintf(stderr, "SKIP: no %s to spawn\n", TRUE_PATH);
		return 77;
	}
	tcase_add_test(tc, spawn_10000_times_leaves_tables_unchanged);
	tcase_add_test(tc, failing_spawns_leave_tables_unchanged);
	if (t_have_clone3())
		tcase_add_test(tc, pidfd_spawn_1000_times_leaves_tables_unchanged);
	else
		printf("not run: pidfd_spawn_1000_times, clone3 answers ENOSYS\n");
	return t_run(s);
}
