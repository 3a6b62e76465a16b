/* SPDX-License-Identifier: MIT */
/*
 * Thousands of rounds leave nothing behind: the fd table is the same
 * before and after, and no child is left, not even a zombie.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

/* One round of each kind; each returns 0 if it went as it should. */
static int round_exit(int i)
{
	int pid, st;

	if (sfork() != 0)
		return -1;
	pid = sfork_exit(i & 0x7f);
	if (pid <= 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == (i & 0x7f) ? 0 : -1;
}

static int round_exec(int i)
{
	char *argv[] = { "true", NULL };
	int pid, st;

	if (sfork() != 0)
		return -1;
	pid = sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0);
	if (pid < 0)
		pid = sfork_exit(126);
	if (pid <= 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st == 0 ? 0 : -1;
}

static int round_failed_exec(int i)
{
	char *argv[] = { "none", NULL };
	int pid, err = 0;

	if (sfork() != 0)
		return -1;
	err = sfork_execveat(AT_FDCWD, "/nonexistent/none", argv, NULL, 0);
	pid = sfork_exit(1);
	if (pid <= 0 || waitpid(pid, NULL, 0) != pid)
		return -1;
	return err == -ENOENT ? 0 : -1;
}

static int round_pidfd(int i)
{
	int pidfd = -1, pid, st;

	if (sfork_pidfd(&pidfd) != 0)
		return -1;
	pid = sfork_exit(0);
	if (pid <= 0 || pidfd < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return close(pidfd);
}

static int round_early_death(int i)
{
	volatile int returns = 0;
	int r;

	r = sfork();
	returns++;
	if (r == 0)
		syscall(SYS_exit_group, 1);
	return r == -EOWNERDEAD && returns == 2 ? 0 : -1;
}

static const struct {
	const char *name;
	int (*round)(int i);
	int rounds;
} kinds[] = {
	{ "sfork_exit", round_exit, 5000 },
	{ "exec", round_exec, 2000 },
	{ "failed exec", round_failed_exec, 2000 },
	{ "pidfd", round_pidfd, 2000 },
	{ "early death", round_early_death, 2000 },
};

START_TEST(rounds_leave_no_zombie_and_no_fd)
{
	char *before;
	int i;

	t_set_kmask(T_SIGBIT(SIGUSR2));
	t_assert_no_child();
	before = t_fd_table();
	for (i = 0; i < kinds[_i].rounds; i++)
		ck_assert_msg(kinds[_i].round(i) == 0, "%s: round %d went wrong",
			      kinds[_i].name, i);
	t_expect_unchanged(before);
	ck_assert_uint_eq(t_sigmask(), T_SIGBIT(SIGUSR2));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-leaks");
	TCase *tc = t_tcase(s, "leaks", 180);
	int n = sizeof(kinds) / sizeof(kinds[0]), i;

	for (i = 0; i < n; i++) {
		if (kinds[i].round == round_pidfd && !t_have_clone3()) {
			printf("not run: the %s rounds, clone3 answers ENOSYS\n", kinds[i].name);
			continue;
		}
		tcase_add_loop_test(tc, rounds_leave_no_zombie_and_no_fd, i, i + 1);
	}
	return t_run(s);
}
