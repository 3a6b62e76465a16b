/* SPDX-License-Identifier: MIT */
/*
 * sfork() and threads: only the calling thread is suspended, so the others
 * keep running while its child runs; several threads sfork at once, each
 * with its own frames; cancellation waits until the thread is back; a
 * thread's last destructors may still sfork.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

#include "sfork-util.h"

#define SFORKERS 4
#define ROUNDS 500

static unsigned long ticks;
static int stop_ticking;

static void *ticker(void *arg)
{
	while (!__atomic_load_n(&stop_ticking, __ATOMIC_RELAXED))
		__atomic_fetch_add(&ticks, 1, __ATOMIC_RELAXED);
	return NULL;
}

static unsigned long ticks_now(void)
{
	return __atomic_load_n(&ticks, __ATOMIC_RELAXED);
}

static void start_ticker(pthread_t *t)
{
	ticks = 0;
	stop_ticking = 0;
	ck_assert_int_eq(pthread_create(t, NULL, ticker, NULL), 0);
}

static void stop_ticker(pthread_t t)
{
	__atomic_store_n(&stop_ticking, 1, __ATOMIC_RELAXED);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
}

/* In a child: waits until the ticker has moved on.  If sfork() stopped
 * every thread of the parent, this would never return and the case would
 * time out. */
static void wait_for_ticks(void)
{
	unsigned long start = ticks_now();

	while (ticks_now() - start < 1000)
		sched_yield();
}

/* What went wrong in one sforking thread, counted by kind. */
struct sforker {
	pthread_t thread;
	int index;
	int failed_sfork, wrong_pid, wrong_status, wrong_wait;
};

static void one_round(struct sforker *w, int i)
{
	char *argv[] = { "true", NULL };
	int pid, st, want, ret;
	pid_t child = 0;

	ret = sfork();
	if (ret) {
		w->failed_sfork++;
		return;
	}
	child = getpid();
	if (i % 100 == 0)
		wait_for_ticks();
	if (i & 1) {
		want = 0;
		pid = sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0);
		if (pid < 0)
			pid = sfork_exit(126);
	} else {
		want = (w->index * 31 + i) & 0xff;
		pid = sfork_exit(want);
	}
	if (pid != child)
		w->wrong_pid++;
	if (t_waitpid(pid, &st) != pid)
		w->wrong_wait++;
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != want)
		w->wrong_status++;
}

static void *sforker(void *arg)
{
	struct sforker *w = arg;
	int i;

	for (i = 0; i < ROUNDS; i++)
		one_round(w, i);
	return NULL;
}

START_TEST(threads_sfork_concurrently)
{
	struct sforker w[SFORKERS] = { { 0 } };
	unsigned long before;
	pthread_t tick;
	int i;

	start_ticker(&tick);
	before = ticks_now();
	for (i = 0; i < SFORKERS; i++) {
		w[i].index = i;
		ck_assert_int_eq(pthread_create(&w[i].thread, NULL, sforker, &w[i]), 0);
	}
	for (i = 0; i < SFORKERS; i++) {
		ck_assert_int_eq(pthread_join(w[i].thread, NULL), 0);
		ck_assert_int_eq(w[i].failed_sfork, 0);
		ck_assert_int_eq(w[i].wrong_pid, 0);
		ck_assert_int_eq(w[i].wrong_wait, 0);
		ck_assert_int_eq(w[i].wrong_status, 0);
	}
	ck_assert_uint_gt(ticks_now(), before);
	stop_ticker(tick);
	t_assert_no_child();
}
END_TEST

/* The main thread sits in a child until another thread has run on. */
START_TEST(other_threads_run_while_the_child_runs)
{
	unsigned long in_child_before = 0, in_child_after = 0;
	pthread_t tick;
	int pid;

	start_ticker(&tick);
	ck_assert_int_eq(sfork(), 0);
	in_child_before = ticks_now();
	wait_for_ticks();
	in_child_after = ticks_now();
	pid = sfork_exit(0);
	ck_assert_uint_ge(in_child_after - in_child_before, 1000);
	stop_ticker(tick);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
}
END_TEST

static int other_exit, other_exec, other_go, other_done;

static void *calls_from_another_thread(void *arg)
{
	char *argv[] = { "true", NULL };

	while (!__atomic_load_n(&other_go, __ATOMIC_ACQUIRE))
		sched_yield();
	other_exit = sfork_exit(0);
	other_exec = sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0);
	__atomic_store_n(&other_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* The depth is per thread: while one thread is in a child, another is
 * not, and its sfork_exit() and sfork_execveat() fail with EINVAL.  (The
 * thread is made before the sfork: a child must not create threads.) */
START_TEST(other_thread_is_not_in_the_child)
{
	pthread_t t;
	int pid;

	other_go = other_done = 0;
	ck_assert_int_eq(pthread_create(&t, NULL, calls_from_another_thread, NULL), 0);
	ck_assert_int_eq(sfork(), 0);
	__atomic_store_n(&other_go, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&other_done, __ATOMIC_ACQUIRE))
		sched_yield();
	pid = sfork_exit(0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(other_exit, -EINVAL);
	ck_assert_int_eq(other_exec, -EINVAL);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
	t_assert_no_child();
}
END_TEST

static int in_child, child_pid;

static void *sfork_then_cancellation_point(void *arg)
{
	int pid;

	if (sfork() != 0)
		return (void *)1L;
	__atomic_store_n(&in_child, 1, __ATOMIC_RELEASE);
	/* A cancellation point in the child: the request must not act here. */
	usleep(50000);
	pid = sfork_exit(0);
	__atomic_store_n(&child_pid, pid, __ATOMIC_RELEASE);
	pthread_testcancel();
	return NULL;
}

/* A cancel request made while the thread is in a child takes effect at
 * the first cancellation point back in the parent. */
START_TEST(cancel_waits_until_back_in_the_parent)
{
	pthread_t t;
	void *ret;

	in_child = child_pid = 0;
	ck_assert_int_eq(pthread_create(&t, NULL, sfork_then_cancellation_point, NULL), 0);
	while (!__atomic_load_n(&in_child, __ATOMIC_ACQUIRE))
		sched_yield();
	ck_assert_int_eq(pthread_cancel(t), 0);
	ck_assert_int_eq(pthread_join(t, &ret), 0);
	ck_assert(ret == PTHREAD_CANCELED);
	ck_assert_int_gt(child_pid, 0);
	ck_assert_int_eq(t_waitpid(child_pid, NULL), child_pid);
	t_assert_no_child();
}
END_TEST

static pthread_key_t late_key;
static int late_exit_pid, late_exit_status, late_spawn_err;

/* Runs at thread exit after the library's own destructor (glibc calls
 * them in the order the keys were made), which has unmapped the thread's
 * frames by then: sfork() must map them again, not use the old ones. */
static void late_destructor(void *value)
{
	char *argv[] = { "true", NULL };
	pid_t pid;
	int st;

	if (sfork() == 0) {
		late_exit_pid = sfork_exit(7);
		if (t_waitpid(late_exit_pid, &st) == late_exit_pid)
			late_exit_status = st;
	}
	late_spawn_err = egg_spawn(&pid, "/bin/true", NULL, 0, argv, NULL, NULL);
	if (!late_spawn_err)
		t_waitpid(pid, NULL);
}

static void *sfork_then_exit_with_late_key(void *arg)
{
	int pid = sfork();

	if (pid == 0)
		pid = sfork_exit(0);
	t_waitpid(pid, NULL);
	pthread_setspecific(late_key, &late_key);
	return NULL;
}

START_TEST(sfork_in_a_late_thread_destructor)
{
	pthread_t t;
	int pid;

	/* The library's key first: made on this process's first sfork. */
	pid = sfork();
	if (pid == 0)
		pid = sfork_exit(0);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
	ck_assert_int_eq(pthread_key_create(&late_key, late_destructor), 0);
	late_exit_pid = late_spawn_err = -1;
	late_exit_status = 0;
	ck_assert_int_eq(pthread_create(&t, NULL, sfork_then_exit_with_late_key, NULL), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_gt(late_exit_pid, 0);
	ck_assert_msg(WIFEXITED(late_exit_status) && WEXITSTATUS(late_exit_status) == 7,
		      "status 0x%x", late_exit_status);
	ck_assert_int_eq(late_spawn_err, 0);
	t_assert_no_child();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-threads");
	TCase *tc = t_tcase(s, "threads", 120);

	tcase_add_test(tc, threads_sfork_concurrently);
	tcase_add_test(tc, other_threads_run_while_the_child_runs);
	tcase_add_test(tc, other_thread_is_not_in_the_child);
	tcase_add_test(tc, cancel_waits_until_back_in_the_parent);
	tcase_add_test(tc, sfork_in_a_late_thread_destructor);
	return t_run(s);
}
