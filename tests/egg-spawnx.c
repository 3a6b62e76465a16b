/* SPDX-License-Identifier: MIT */
/*
 * egg_spawnx(): its flags (bad ones change nothing), a path relative to a
 * directory fd, a PATH search, the program open at an fd, a pidfd.  And
 * why EGG_SPAWN_NOSIGCHLD needs a keeper (tests/egg-nosigchld): the kernel
 * gives an exec'd child back to its parent's waitpid(-1) whatever exit
 * signal it was made with.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "egg-util.h"

static char *const true_argv[] = { "true", NULL };

static void expect_args_error(int dirfd, const char *path, unsigned int flags, int error)
{
	char *before = t_fd_table();
	struct egg_fault f;
	pid_t pid = -42;
	int pidfd = -42;

	ck_assert_int_eq(egg_spawnx(&pid, &pidfd, dirfd, path, NULL, 0, true_argv, NULL,
				    flags, &f), error);
	ck_assert_int_eq(f.error, error);
	ck_assert_int_eq(f.stage, EGG_STAGE_ARGS);
	ck_assert_int_eq(pid, -42);
	ck_assert_int_eq(pidfd, -42);
	t_expect_unchanged(before);
}

START_TEST(unknown_or_clashing_flags_fail_with_nothing_done)
{
	expect_args_error(AT_FDCWD, "/bin/true", 0x8, EINVAL);
	expect_args_error(AT_FDCWD, "/bin/true", 0x80000000u, EINVAL);
	expect_args_error(AT_FDCWD, "true", EGG_SPAWN_SEARCH | EGG_SPAWN_EMPTY_PATH, EINVAL);
	expect_args_error(0, "true", EGG_SPAWN_SEARCH, EINVAL);
	expect_args_error(-1, "", EGG_SPAWN_EMPTY_PATH, EBADF);
	expect_args_error(0, "x", EGG_SPAWN_EMPTY_PATH, EINVAL);
}
END_TEST

static void expect_exit_0(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
}

/* The probe, by its name in its directory, which is open at dirfd. */
START_TEST(path_is_relative_to_dirfd)
{
	char dir[PATH_MAX], *slash;
	struct t_probe p T_PROBE_AUTO = { 0 };
	char *argv[] = { "probe", "-o", p.out, NULL };
	int dirfd;

	snprintf(dir, sizeof(dir), "%s", t_realpath(t_build_path("tests/probe")));
	slash = strrchr(dir, '/');
	*slash = '\0';
	snprintf(p.out, sizeof(p.out), "%s", t_tmpname("out"));
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	ck_assert_int_ge(dirfd, 0);
	ck_assert_int_eq(chdir("/"), 0);
	ck_assert_int_eq(egg_spawnx(&p.pid, NULL, dirfd, "probe", NULL, 0, argv, NULL, 0,
				    NULL), 0);
	t_probe_finish(&p);
	ck_assert_int_eq(p.status, 0);
	close(dirfd);
}
END_TEST

START_TEST(search_finds_a_name_in_path)
{
	pid_t pid;

	ck_assert_int_eq(setenv("PATH", "/nonexistent:/usr/bin:/bin", 1), 0);
	ck_assert_int_eq(egg_spawnx(&pid, NULL, AT_FDCWD, "true", NULL, 0, true_argv, NULL,
				    EGG_SPAWN_SEARCH, NULL), 0);
	expect_exit_0(pid);
}
END_TEST

START_TEST(empty_path_runs_the_fd_and_gives_a_pidfd)
{
	int fd = open("/bin/true", O_RDONLY | O_CLOEXEC);
	siginfo_t si;
	int pidfd = -1;
	pid_t pid = 0;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(egg_spawnx(&pid, &pidfd, fd, "", NULL, 0, true_argv, NULL,
				    EGG_SPAWN_EMPTY_PATH, NULL), 0);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_ge(pidfd, 0);
	ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
	ck_assert_int_eq(si.si_pid, pid);
	ck_assert_int_eq(si.si_status, 0);
	close(pidfd);
	close(fd);
}
END_TEST

/* A child made with exit signal 0, which then execs (or not): is it seen by
 * waitpid(-1)?  Returns 1 if it is (and reaped), 0 if only __WALL sees it. */
static int seen_by_wait_any(int do_exec)
{
	siginfo_t si;
	long pid;
	int visible;

	/* A plain clone, with no flags: a fork whose exit signal is 0.  Not
	 * clone3, which the lane's second pass makes ENOSYS. */
	pid = syscall(SYS_clone, 0L, 0L, 0L, 0L, 0L);
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (do_exec)
			execl("/bin/true", "true", (char *)NULL);
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	ck_assert_int_eq(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT | __WALL), 0);
	visible = waitpid(-1, NULL, WNOHANG) == pid;
	if (!visible)
		ck_assert_int_eq(waitpid((pid_t)pid, NULL, __WALL), pid);
	return visible;
}

/* Why the flag takes a keeper: Linux hides a child with exit signal 0
 * from wait(-1) only until it execs; an exec'd program reports with
 * SIGCHLD to any waitpid(-1) of its parent.  If this test ever fails, the
 * kernel has changed and the program could be the caller's child. */
START_TEST(exit_signal_0_does_not_survive_exec)
{
	ck_assert_int_eq(seen_by_wait_any(0), 0);
	ck_assert_int_eq(seen_by_wait_any(1), 1);
	t_assert_no_child();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("egg_spawnx");
	TCase *tc;

	tc = t_tcase(s, "flags", 30);
	tcase_add_test(tc, unknown_or_clashing_flags_fail_with_nothing_done);
	tcase_add_test(tc, path_is_relative_to_dirfd);
	tcase_add_test(tc, search_finds_a_name_in_path);
	/* A pidfd needs clone3. */
	if (t_have_clone3())
		tcase_add_test(tc, empty_path_runs_the_fd_and_gives_a_pidfd);
	else
		printf("not run: the pidfd case, clone3 answers ENOSYS\n");
	tc = t_tcase(s, "nosigchld", 30);
	tcase_add_test(tc, exit_signal_0_does_not_survive_exec);
	return t_run(s);
}
