/* SPDX-License-Identifier: MIT */
/*
 * sfork(3): the control flow, nesting, exec success and failure, signals,
 * the child dying early, threads, the pidfd, the fallbacks without clone3,
 * and no zombie or fd left after thousands of rounds.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "egg-util.h"
#include "internal.h"

static char *probe_argv[] = { "probe", "-o", NULL, NULL };

/* Runs the probe through sfork_execveat from a fresh child, with the
 * given envp, and parses its snapshot. */
static void probe_via_sfork(struct probe *p, char *const envp[])
{
	const char *out = util_tmpname("probe");
	int pid, st;

	probe_argv[2] = (char *)out;
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_execveat(AT_FDCWD, util_build_path("tests/probe"), probe_argv, envp, 0);
	if (pid < 0)
		sfork_exit(126);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(st, 0);
	probe_parse(p, util_read_file(out, NULL));
}

START_TEST(demo_control_flow)
{
	pid_t parent = getpid();
	int ret, pid, st, in_child = 0, child_pid = 0, child_ppid = 0;

	ret = sfork();
	ck_assert_int_eq(ret, 0);
	/* The child: a new process, same memory. */
	in_child = 1;
	child_pid = getpid();
	child_ppid = getppid();
	pid = sfork_exit(42);
	/* The parent again. */
	ck_assert_int_eq(getpid(), parent);
	ck_assert_int_eq(in_child, 1);
	ck_assert_int_ne(child_pid, parent);
	ck_assert_int_eq(child_ppid, parent);
	ck_assert_int_eq(pid, child_pid);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 42);
}
END_TEST

/* Each level sforks the next; each returns to its own parent with the
 * right pid. */
static int nest(int depth, int *pids)
{
	int pid, st;

	if (!depth)
		return 0;
	ck_assert_int_eq(sfork(), 0);
	pids[depth - 1] = getpid();
	ck_assert_int_eq(nest(depth - 1, pids), 0);
	pid = sfork_exit(depth);
	ck_assert_int_eq(pid, pids[depth - 1]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(st), depth);
	return 0;
}

START_TEST(nesting_depth_32)
{
	int pids[32] = { 0 }, i, j;

	nest(32, pids);
	for (i = 0; i < 32; i++)
		for (j = i + 1; j < 32; j++)
			ck_assert_int_ne(pids[i], pids[j]);
	util_assert_no_child();
}
END_TEST

static int deepest_error;

static void nest_to_limit(int depth)
{
	int r = sfork();

	if (r < 0) {
		deepest_error = r;
		return;
	}
	nest_to_limit(depth + 1);
	waitpid(sfork_exit(0), NULL, 0);
}

START_TEST(nesting_limit_is_eagain)
{
	nest_to_limit(0);
	ck_assert_int_eq(deepest_error, -EAGAIN);
	util_assert_no_child();
}
END_TEST

/* fib through nested sforks: each term computed in a child of its own. */
static long fib(int n)
{
	long a, b;
	int pid;

	if (n < 2)
		return n;
	ck_assert_int_eq(sfork(), 0);
	a = fib(n - 1);
	b = fib(n - 2);
	pid = sfork_exit(0);
	waitpid(pid, NULL, 0);
	return a + b;
}

START_TEST(fib_through_nested_sforks)
{
	static const long want[] = { 0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610 };
	int n;

	for (n = 0; n < 16; n++)
		ck_assert_int_eq(fib(n), want[n]);
	util_assert_no_child();
}
END_TEST

static volatile sig_atomic_t handled_pid;

static void record_pid(int sig)
{
	handled_pid = getpid();
}

static void catch(int sig)
{
	struct sigaction sa = { .sa_handler = record_pid };

	ck_assert_int_eq(sigaction(sig, &sa, NULL), 0);
}

START_TEST(exec_sees_caller_mask_and_default_handlers)
{
	sigset_t set, old;
	struct probe p = { 0 };
	char want[32];

	catch(SIGUSR1);
	catch(SIGTERM);
	signal(SIGHUP, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN + 2);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &set, &old), 0);
	probe_via_sfork(&p, NULL);
	snprintf(want, sizeof(want), "0x%016llx", (unsigned long long)util_sigmask());
	probe_expect(&p, "sigmask", want);
	probe_expect(&p, "sigcaught", "0x0000000000000000");
	ck_assert(probe_hex(&p, "sigign") & (1ULL << (SIGHUP - 1)));
	probe_free(&p);
}
END_TEST

START_TEST(exec_without_clear_sighand_resets_per_signal)
{
	struct probe p = { 0 };

	egg__hook_enosys = EGG__HOOK_NO_CLEAR_SIGHAND;
	catch(SIGUSR1);
	catch(SIGINT);
	probe_via_sfork(&p, NULL);
	probe_expect(&p, "sigcaught", "0x0000000000000000");
	probe_free(&p);
	egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	probe_via_sfork(&p, NULL);
	probe_expect(&p, "sigcaught", "0x0000000000000000");
	probe_free(&p);
}
END_TEST

/* The probe does not print its environment; env(1) does. */
START_TEST(envp_null_is_the_current_environment)
{
	char *argv[] = { "env", NULL }, *envp[] = { "ONLY=this", NULL };
	const char *out = util_tmpname("env");
	char *text;
	int fd, pid;

	setenv("SFORK_TEST_MARK", "present", 1);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(sfork(), 0);
	dup2(fd, 1);
	pid = sfork_execveat(AT_FDCWD, "/usr/bin/env", argv, NULL, 0);
	if (pid < 0)
		sfork_exit(126);
	waitpid(pid, NULL, 0);
	text = util_read_file(out, NULL);
	ck_assert_ptr_nonnull(strstr(text, "SFORK_TEST_MARK=present"));
	free(text);
	ck_assert_int_eq(sfork(), 0);
	dup2(fd, 1);
	lseek(fd, 0, SEEK_SET);
	ftruncate(fd, 0);
	pid = sfork_execveat(AT_FDCWD, "/usr/bin/env", argv, envp, 0);
	if (pid < 0)
		sfork_exit(126);
	waitpid(pid, NULL, 0);
	text = util_read_file(out, NULL);
	ck_assert_str_eq(text, "ONLY=this\n");
	free(text);
	close(fd);
}
END_TEST

struct exec_case {
	const char *name;
	int error;
};

static const char *exec_case_path(const char *name)
{
	const char *path = util_tmpname(name);

	if (!strcmp(name, "missing"))
		return path;
	if (!strcmp(name, "dir")) {
		ck_assert_int_eq(mkdir(path, 0755), 0);
		return path;
	}
	if (!strcmp(name, "noexec")) {
		util_write_file(path, "#!/bin/sh\n", 0644);
		return path;
	}
	util_write_file(path, "\x7f" "ELF garbage that no kernel loads", 0755);
	return path;
}

static const struct exec_case exec_cases[] = {
	{ "missing", ENOENT }, { "noexec", EACCES }, { "garbage", ENOEXEC }, { "dir", EACCES },
};

START_TEST(exec_failure_stays_in_child)
{
	const struct exec_case *c = &exec_cases[_i];
	const char *path = exec_case_path(c->name);
	char *argv[] = { "x", NULL };
	pid_t parent = getpid(), in_child = 0;
	int err = 0, pid, st;

	ck_assert_int_eq(sfork(), 0);
	err = sfork_execveat(AT_FDCWD, path, argv, NULL, 0);
	in_child = getpid();
	pid = sfork_exit(3);
	ck_assert_int_eq(err, -c->error);
	ck_assert_int_ne(in_child, parent);
	ck_assert_int_eq(pid, in_child);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(st), 3);
	util_assert_no_child();
}
END_TEST

START_TEST(signal_to_parent_runs_in_parent_after_resume)
{
	pid_t parent = getpid();
	int pid;

	catch(SIGUSR1);
	handled_pid = 0;
	ck_assert_int_eq(sfork(), 0);
	kill(parent, SIGUSR1);
	/* The child's own copy of the handler must not run either. */
	syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1);
	usleep(10000);
	ck_assert_int_eq(handled_pid, 0);
	pid = sfork_exit(0);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(handled_pid, parent);
}
END_TEST

static const int unusual_masks[][4] = {
	{ 0 }, { SIGUSR1, SIGTERM, 0 }, { SIGINT, SIGQUIT, SIGCHLD, 0 }, { 34, 40, 64, 0 },
};

START_TEST(caller_mask_restored_exactly)
{
	sigset_t set;
	const int *sigs = unusual_masks[_i];
	uint64_t before;
	int pid;

	sigemptyset(&set);
	for (; *sigs; sigs++)
		sigaddset(&set, *sigs);
	if (_i == 3)
		sigfillset(&set);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &set, NULL), 0);
	before = util_sigmask();
	ck_assert_int_eq(sfork(), 0);
	/* In the child: everything the kernel lets us block. */
	ck_assert_uint_eq(util_sigmask(),
			  ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1))));
	pid = sfork_exit(0);
	waitpid(pid, NULL, 0);
	ck_assert_uint_eq(util_sigmask(), before);
}
END_TEST

START_TEST(sigkill_midway_returns_eownerdead)
{
	pid_t parent = getpid();
	int r, pid, st;

	r = sfork();
	if (r == 0) {
		kill(getpid(), SIGKILL);
		ck_abort_msg("still alive after SIGKILL");
	}
	ck_assert_int_eq(r, -EOWNERDEAD);
	ck_assert_int_eq(getpid(), parent);
	util_assert_no_child();
	/* And the parent goes on: another sfork works. */
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(5);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(st), 5);
}
END_TEST

static atomic_int child_to_kill;

static void *killer(void *arg)
{
	int pid;

	while (!(pid = atomic_load(&child_to_kill)))
		usleep(1000);
	usleep(20000);
	kill(pid, SIGKILL);
	return NULL;
}

START_TEST(child_killed_while_blocked)
{
	pthread_t t;
	int fds[2], r;
	char c;

	ck_assert_int_eq(pipe(fds), 0);
	atomic_store(&child_to_kill, 0);
	ck_assert_int_eq(pthread_create(&t, NULL, killer, NULL), 0);
	r = sfork();
	if (r == 0) {
		atomic_store(&child_to_kill, getpid());
		read(fds[0], &c, 1);	/* blocks until killed */
		ck_abort_msg("read returned");
	}
	ck_assert_int_eq(r, -EOWNERDEAD);
	pthread_join(t, NULL);
	util_assert_no_child();
	close(fds[0]);
	close(fds[1]);
}
END_TEST

static atomic_long ticks;
static atomic_int stop_ticking;

static void *ticker(void *arg)
{
	while (!atomic_load(&stop_ticking))
		atomic_fetch_add(&ticks, 1);
	return NULL;
}

static void *sforker(void *arg)
{
	char *argv[] = { "true", NULL };
	volatile long i, bad = 0;
	int pid, st;

	for (i = 0; i < 400; i++) {
		if (sfork() != 0)
			return (void *)-1L;
		if (i & 1) {
			pid = sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0);
			if (pid < 0)
				sfork_exit(126);
		} else {
			pid = sfork_exit(9);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != ((i & 1) ? 0 : 9))
			bad++;
	}
	return (void *)bad;
}

START_TEST(threads_sfork_concurrently)
{
	pthread_t tick, t[3];
	void *bad;
	long before;
	int i;

	atomic_store(&stop_ticking, 0);
	ck_assert_int_eq(pthread_create(&tick, NULL, ticker, NULL), 0);
	while (!atomic_load(&ticks))
		;
	before = atomic_load(&ticks);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, sforker, NULL), 0);
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], &bad);
		ck_assert_int_eq((long)bad, 0);
	}
	ck_assert_int_gt(atomic_load(&ticks), before);
	atomic_store(&stop_ticking, 1);
	pthread_join(tick, NULL);
	util_assert_no_child();
}
END_TEST

START_TEST(thousands_leave_no_zombie_or_fd)
{
	char *argv[] = { "true", NULL }, *before, *after;
	int i, pid;

	before = util_fd_table();
	for (i = 0; i < 5000; i++) {
		ck_assert_int_eq(sfork(), 0);
		pid = sfork_exit(0);
		ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	}
	for (i = 0; i < 2000; i++) {
		ck_assert_int_eq(sfork(), 0);
		pid = sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0);
		if (pid < 0)
			sfork_exit(126);
		ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	}
	after = util_fd_table();
	ck_assert_str_eq(before, after);
	util_assert_no_child();
	free(before);
	free(after);
}
END_TEST

START_TEST(pidfd_refers_to_the_child)
{
	siginfo_t si = { 0 };
	int pidfd = -1, in_child_fd = 0, pid;

	ck_assert_int_eq(sfork_pidfd(&pidfd), 0);
	/* Not in the child's fd table: the kernel installs it in the parent. */
	in_child_fd = fcntl(pidfd, F_GETFD);
	pid = sfork_exit(17);
	ck_assert_int_ge(pidfd, 0);
	ck_assert_int_eq(in_child_fd, -1);
	ck_assert_int_eq(fcntl(pidfd, F_GETFD), FD_CLOEXEC);
	ck_assert_int_eq(waitid(P_PIDFD, (id_t)pidfd, &si, WEXITED), 0);
	ck_assert_int_eq(si.si_pid, pid);
	ck_assert_int_eq(si.si_status, 17);
	close(pidfd);
}
END_TEST

START_TEST(without_clone3_sfork_works_and_pidfd_is_enosys)
{
	int pidfd = -1, pid, st;

	egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(4);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(st), 4);
	ck_assert_int_eq(sfork_pidfd(&pidfd), -ENOSYS);
	ck_assert_int_eq(pidfd, -1);
	util_assert_no_child();
}
END_TEST

START_TEST(outside_a_child_is_einval_and_errno_untouched)
{
	char *argv[] = { "true", NULL };
	int pid;

	errno = 1234;
	ck_assert_int_eq(sfork_exit(0), -EINVAL);
	ck_assert_int_eq(sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0), -EINVAL);
	ck_assert_int_eq(errno, 1234);
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(0);
	ck_assert_int_eq(errno, 1234);
	waitpid(pid, NULL, 0);
}
END_TEST

static atomic_int in_child, cancelled_child;

static void *sfork_then_cancel_point(void *arg)
{
	if (sfork() != 0)
		return (void *)1L;
	atomic_store(&in_child, 1);
	usleep(100000);		/* a cancellation point, in the child */
	atomic_store(&cancelled_child, sfork_exit(0));
	pthread_testcancel();	/* back in the parent: now it may act */
	return NULL;
}

/* A cancel request while the thread is in a child must wait for the
 * parent; glibc delivers it as a signal the parent thread has blocked,
 * so acting on it in the child would hang both. */
START_TEST(cancel_waits_until_back_in_parent)
{
	pthread_t t;
	void *ret;

	atomic_store(&in_child, 0);
	ck_assert_int_eq(pthread_create(&t, NULL, sfork_then_cancel_point, NULL), 0);
	while (!atomic_load(&in_child))
		usleep(1000);
	ck_assert_int_eq(pthread_cancel(t), 0);
	ck_assert_int_eq(pthread_join(t, &ret), 0);
	ck_assert_ptr_eq(ret, PTHREAD_CANCELED);
	ck_assert_int_gt(atomic_load(&cancelled_child), 0);
	waitpid(atomic_load(&cancelled_child), NULL, 0);
	util_assert_no_child();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork");
	TCase *flow = util_tcase(s, "flow", 60);
	TCase *sig = util_tcase(s, "signals", 60);
	TCase *life = util_tcase(s, "lifetime", 120);

	tcase_add_test(flow, demo_control_flow);
	tcase_add_test(flow, nesting_depth_32);
	tcase_add_test(flow, nesting_limit_is_eagain);
	tcase_add_test(flow, fib_through_nested_sforks);
	tcase_add_test(flow, envp_null_is_the_current_environment);
	tcase_add_loop_test(flow, exec_failure_stays_in_child, 0,
			    (int)(sizeof(exec_cases) / sizeof(exec_cases[0])));
	tcase_add_test(flow, outside_a_child_is_einval_and_errno_untouched);
	tcase_add_test(sig, exec_sees_caller_mask_and_default_handlers);
	tcase_add_test(sig, exec_without_clear_sighand_resets_per_signal);
	tcase_add_test(sig, signal_to_parent_runs_in_parent_after_resume);
	tcase_add_loop_test(sig, caller_mask_restored_exactly, 0, 4);
	tcase_add_test(life, sigkill_midway_returns_eownerdead);
	tcase_add_test(life, child_killed_while_blocked);
	tcase_add_test(life, threads_sfork_concurrently);
	tcase_add_test(life, thousands_leave_no_zombie_or_fd);
	tcase_add_test(life, pidfd_refers_to_the_child);
	tcase_add_test(life, cancel_waits_until_back_in_parent);
	tcase_add_test(life, without_clone3_sfork_works_and_pidfd_is_enosys);
	return util_run(s);
}
