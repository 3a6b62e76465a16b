/* SPDX-License-Identifier: MIT */
/*
 * sfork_pidfd(3): the pidfd refers to the child, is close-on-exec, and is
 * in the parent's fd table only; it is closed and set to -1 if the child
 * dies early.  Without clone3 (a test hook of the internal library) sfork()
 * still works and sfork_pidfd() fails with ENOSYS, making no child.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "internal.h"
#include "sfork-util.h"

/* The "Pid:" line of the fd's /proc fdinfo: the process it refers to. */
static pid_t pidfd_pid(int fd)
{
	char path[64], line[256];
	FILE *f;
	int pid = -1;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	fclose(f);
	return pid;
}

/* The child execs a program that waits for ever; the parent kills it
 * through the pidfd and reaps it through the pidfd. */
START_TEST(pidfd_signals_and_waits_for_the_child)
{
	char *argv[] = { "helper", "pause", NULL };
	int pidfd = -1, seen_in_child = -2, open_in_child = -1, pid;
	pid_t child = 0;
	siginfo_t si;

	ck_assert_int_eq(sfork_pidfd(&pidfd), 0);
	child = getpid();
	seen_in_child = pidfd;
	open_in_child = t_fd_open(pidfd);
	pid = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
	if (pid < 0)
		pid = sfork_exit(127);
	ck_assert_int_eq(pid, child);
	ck_assert_int_ge(pidfd, 0);
	/* The kernel stored the number before the child ran, in shared
	 * memory, but the fd is not the child's. */
	ck_assert_int_eq(seen_in_child, pidfd);
	ck_assert_int_eq(open_in_child, 0);
	ck_assert_int_eq(fcntl(pidfd, F_GETFD), FD_CLOEXEC);
	ck_assert_int_eq(pidfd_pid(pidfd), pid);
	ck_assert_int_eq(syscall(SYS_pidfd_send_signal, pidfd, SIGTERM, NULL, 0), 0);
	ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
	ck_assert_int_eq(si.si_pid, pid);
	ck_assert_int_eq(si.si_code, CLD_KILLED);
	ck_assert_int_eq(si.si_status, SIGTERM);
	ck_assert_int_eq(close(pidfd), 0);
	t_assert_no_child();
}
END_TEST

START_TEST(pidfd_after_sfork_exit)
{
	int pidfd = -1, pid;
	siginfo_t si;

	ck_assert_int_eq(sfork_pidfd(&pidfd), 0);
	pid = sfork_exit(17);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(pidfd_pid(pidfd), pid);
	ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
	ck_assert_int_eq(si.si_pid, pid);
	ck_assert_int_eq(si.si_code, CLD_EXITED);
	ck_assert_int_eq(si.si_status, 17);
	close(pidfd);
	t_assert_no_child();
}
END_TEST

/* The program the child runs does not have it: the helper lists its fds. */
START_TEST(pidfd_not_in_the_program)
{
	char *argv[] = { "helper", "fds", NULL };
	char want[32];
	int pidfd = -1, fds[2], pid;
	struct t_helper_run r;
	char *list;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(sfork_pidfd(&pidfd), 0);
	pid = t_exec_helper(fds[1], argv);
	t_collect_helper(&r, fds, pid);
	ck_assert_int_eq(r.status, 0);
	/* "fds=0,1,2\n" becomes "fds,0,1,2," to look for ",N,". */
	list = r.out;
	ck_assert(!strncmp(list, "fds=", 4) && r.len > 4 && list[r.len - 1] == '\n');
	list[3] = list[r.len - 1] = ',';
	ck_assert_ptr_nonnull(strstr(list, ",1,"));
	snprintf(want, sizeof(want), ",%d,", pidfd);
	ck_assert_msg(!strstr(list, want), "the program has fd %d: %s", pidfd, list);
	close(pidfd);
	free(r.out);
}
END_TEST

/* A nested pidfd goes into the fd table of the child that made it. */
START_TEST(nested_pidfd_is_the_middle_childs)
{
	int outer_fd = -1, inner_fd = -1, pid, inner_ret = -1;
	int open_in_middle = 0, status_ok = 0;
	volatile int inner = 0;	/* set after an sfork, which may return twice */
	siginfo_t si;

	ck_assert_int_eq(sfork_pidfd(&outer_fd), 0);
	inner_ret = sfork_pidfd(&inner_fd);
	if (inner_ret == 0)
		inner = sfork_exit(3);
	open_in_middle = t_fd_open(inner_fd) && pidfd_pid(inner_fd) == inner;
	status_ok = t_pidfd_wait(inner_fd, &si) == 0 && si.si_pid == inner && si.si_status == 3;
	pid = sfork_exit(0);
	ck_assert_int_eq(inner_ret, 0);
	ck_assert(open_in_middle);
	ck_assert(status_ok);
	/* The middle child's table had no outer_fd, so the numbers may be
	 * the same; either way the parent's fd is the middle child's. */
	ck_assert_int_eq(pidfd_pid(outer_fd), pid);
	if (inner_fd != outer_fd)
		ck_assert_int_eq(t_fd_open(inner_fd), 0);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
	close(outer_fd);
}
END_TEST

/* An early death closes the pidfd and sets it to -1. */
START_TEST(early_death_closes_the_pidfd)
{
	volatile int returns = 0, number = -1;
	int pidfd = -1, r;
	char *before;

	before = t_fd_table();
	r = sfork_pidfd(&pidfd);
	returns++;
	if (r == 0) {
		number = pidfd;
		kill(getpid(), SIGKILL);
		for (;;)
			pause();
	}
	ck_assert_int_eq(r, -EOWNERDEAD);
	ck_assert_int_eq(returns, 2);
	ck_assert_int_eq(pidfd, -1);
	ck_assert_int_ge(number, 0);
	ck_assert_int_eq(t_fd_open(number), 0);
	t_expect_unchanged(before);
}
END_TEST

/* Without clone3: sfork() works through clone(2), sfork_pidfd() fails at
 * once, with no child, its argument, errno, mask and depth untouched. */
START_TEST(without_clone3_sfork_works_and_pidfd_is_enosys)
{
	uint64_t mask = T_SIGBIT(SIGUSR1) | T_SIGBIT(SIGRTMIN + 3);
	pid_t me = getpid(), child = 0;
	int pidfd = -7, pid, st, r;

	egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	t_set_kmask(mask);
	ck_assert_int_eq(sfork(), 0);
	child = getpid();
	pid = sfork_exit(4);
	ck_assert_int_ne(child, me);
	ck_assert_int_eq(pid, child);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 4);
	errno = 1234;
	r = sfork_pidfd(&pidfd);
	ck_assert_int_eq(r, -ENOSYS);
	ck_assert_int_eq(errno, 1234);
	ck_assert_int_eq(getpid(), me);
	ck_assert_int_eq(pidfd, -7);
	ck_assert_uint_eq(t_sigmask(), mask);
	t_assert_no_child();
	ck_assert_int_eq(sfork_exit(0), -EINVAL);
	/* And the thread can still sfork. */
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(8);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 8);
}
END_TEST

/* Without CLONE_CLEAR_SIGHAND clone3 is still there, and so is the pidfd. */
START_TEST(without_clear_sighand_pidfd_works)
{
	int pidfd = -1, pid;
	siginfo_t si;

	egg__hook_enosys = EGG__HOOK_NO_CLEAR_SIGHAND;
	ck_assert_int_eq(sfork_pidfd(&pidfd), 0);
	pid = sfork_exit(21);
	ck_assert_int_ge(pidfd, 0);
	ck_assert_int_eq(pidfd_pid(pidfd), pid);
	ck_assert_int_eq(t_pidfd_wait(pidfd, &si), 0);
	ck_assert_int_eq(si.si_status, 21);
	close(pidfd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-pidfd");
	TCase *tc = t_tcase(s, "pidfd", 30);
	TCase *fb = t_tcase(s, "fallback", 30);

	if (!t_have_clone3()) {
		printf("SKIP: clone3 answers ENOSYS here, and sfork_pidfd() needs it"
		       " (tests/fault-enosys checks that it fails so)\n");
		return 77;
	}
	tcase_add_test(tc, pidfd_signals_and_waits_for_the_child);
	tcase_add_test(tc, pidfd_after_sfork_exit);
	tcase_add_test(tc, pidfd_not_in_the_program);
	tcase_add_test(tc, nested_pidfd_is_the_middle_childs);
	tcase_add_test(tc, early_death_closes_the_pidfd);
	tcase_add_test(fb, without_clone3_sfork_works_and_pidfd_is_enosys);
	tcase_add_test(fb, without_clear_sighand_pidfd_works);
	return t_run(s);
}
