/* SPDX-License-Identifier: MIT */
/*
 * Early death: a child that dies before sfork_exit() or sfork_execveat()
 * saved its context makes sfork() return a second time, in the parent,
 * with -EOWNERDEAD; the child is reaped, and the parent goes on (and can
 * sfork again) with its pid, mask and errno.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

/* How the child dies. */
enum death { BY_SIGKILL, BY_EXIT, BY_CRASH, AFTER_FAILED_EXEC };

static void die(enum death how)
{
	char *argv[] = { "none", NULL };
	volatile uintptr_t bad = 8;
	struct rlimit no_core = { 0, 0 };

	switch (how) {
	case BY_SIGKILL:
		kill(getpid(), SIGKILL);
		break;
	case BY_EXIT:
		syscall(SYS_exit_group, 3);
		break;
	case BY_CRASH:
		/* The child's own limit: no core file in the build dir. */
		setrlimit(RLIMIT_CORE, &no_core);
		*(volatile int *)bad = 1;
		break;
	case AFTER_FAILED_EXEC:
		sfork_execveat(AT_FDCWD, "/nonexistent/none", argv, NULL, 0);
		kill(getpid(), SIGKILL);
		break;
	}
	for (;;)
		pause();
}

static const char *const death_names[] = { "SIGKILL", "_exit", "crash", "failed exec" };

/* The round trip after a death: the thread is back at depth 0. */
static void sfork_again(void)
{
	int pid, st;

	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(5);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	ck_assert_int_eq(sfork_exit(0), -EINVAL);
}

START_TEST(death_returns_eownerdead)
{
	uint64_t mask = T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGRTMIN + 1) | T_SIGBIT(SIGHUP);
	volatile int returns = 0;
	pid_t parent = getpid();
	char *fds_before;
	int r, saved_errno;

	t_set_kmask(mask);
	fds_before = t_fd_table();
	errno = 1234;
	r = sfork();
	returns++;
	if (r == 0)
		die((enum death)_i);
	saved_errno = errno;
	ck_assert_msg(r == -EOWNERDEAD, "%s: sfork() = %d", death_names[_i], r);
	ck_assert_int_eq(returns, 2);
	ck_assert_int_eq(getpid(), parent);
	ck_assert_int_eq(saved_errno, 1234);
	ck_assert_uint_eq(t_sigmask(), mask);
	t_expect_unchanged(fds_before);
	sfork_again();
}
END_TEST

static pid_t victim;

static void *kill_the_victim(void *arg)
{
	pid_t pid;

	while (!(pid = __atomic_load_n(&victim, __ATOMIC_ACQUIRE)))
		sched_yield();
	kill(pid, SIGKILL);
	return NULL;
}

/* Killed by someone else while it sleeps in a read that never ends. */
START_TEST(killed_by_another_thread_while_blocked)
{
	volatile int returns = 0;
	pthread_t t;
	int fds[2], r;
	char c;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	victim = 0;
	ck_assert_int_eq(pthread_create(&t, NULL, kill_the_victim, NULL), 0);
	r = sfork();
	returns++;
	if (r == 0) {
		__atomic_store_n(&victim, getpid(), __ATOMIC_RELEASE);
		for (;;)
			read(fds[0], &c, 1);
	}
	ck_assert_int_eq(r, -EOWNERDEAD);
	ck_assert_int_eq(returns, 2);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	t_assert_no_child();
	close(fds[0]);
	close(fds[1]);
	sfork_again();
}
END_TEST

/* Killed by another process, one that is not its parent. */
START_TEST(killed_by_another_process)
{
	volatile int returns = 0;
	int fds[2], r, st;
	pid_t killer;

	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	/* A plain fork, which waits for the pid and kills it. */
	killer = fork();
	ck_assert_int_ge(killer, 0);
	if (killer == 0) {
		pid_t pid;

		if (read(fds[0], &pid, sizeof(pid)) != sizeof(pid))
			_exit(1);
		_exit(kill(pid, SIGKILL) ? 2 : 0);
	}
	r = sfork();
	returns++;
	if (r == 0) {
		pid_t me = getpid();

		write(fds[1], &me, sizeof(me));
		for (;;)
			pause();
	}
	ck_assert_int_eq(r, -EOWNERDEAD);
	ck_assert_int_eq(returns, 2);
	ck_assert_int_eq(t_waitpid(killer, &st), killer);
	ck_assert_int_eq(st, 0);
	t_assert_no_child();
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* A grandchild dies: its parent, the first child, gets -EOWNERDEAD and
 * goes on to sfork_exit() normally. */
START_TEST(nested_death_returns_to_the_middle)
{
	volatile int inner_returns = 0;
	int pid, st, inner = 0, middle_no_child = 0;
	pid_t middle = 0;

	ck_assert_int_eq(sfork(), 0);
	middle = getpid();
	inner = sfork();
	inner_returns++;
	if (inner == 0)
		die(BY_SIGKILL);
	middle_no_child = t_no_child() && getpid() == middle;
	pid = sfork_exit(9);
	ck_assert_int_eq(inner, -EOWNERDEAD);
	ck_assert_int_eq(inner_returns, 2);
	ck_assert(middle_no_child);
	ck_assert_int_eq(pid, middle);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 9);
	t_assert_no_child();
	sfork_again();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-death");
	TCase *death = t_tcase(s, "death", 30);

	tcase_add_loop_test(death, death_returns_eownerdead, 0,
			    sizeof(death_names) / sizeof(death_names[0]));
	tcase_add_test(death, killed_by_another_thread_while_blocked);
	tcase_add_test(death, killed_by_another_process);
	tcase_add_test(death, nested_death_returns_to_the_middle);
	return t_run(s);
}
