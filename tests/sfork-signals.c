/* SPDX-License-Identifier: MIT */
/*
 * Signals around sfork(): every signal is blocked from the clone until the
 * thread is back in the parent, so a handler of the parent never runs in
 * the child, a signal sent to the parent meanwhile is handled in the
 * parent once it is back, and the caller's mask comes back exactly.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

static volatile sig_atomic_t handled, handled_pid, handled_tid, wrong_place;
static pid_t expected_pid;

/* Runs only in the parent, or the test fails: it notes where it ran. */
static void record(int sig)
{
	pid_t pid = (pid_t)syscall(SYS_getpid);

	handled++;
	handled_pid = pid;
	handled_tid = (pid_t)syscall(SYS_gettid);
	if (pid != expected_pid)
		wrong_place++;
}

static void catch_usr1(void)
{
	handled = handled_pid = handled_tid = wrong_place = 0;
	expected_pid = getpid();
	t_catch(SIGUSR1, record);
	t_set_kmask(0);
}

/* Gives a signal every chance to be delivered where it must not be. */
static void let_signals_in(void)
{
	int i;

	for (i = 0; i < 100; i++)
		sched_yield();
}

static int is_pending(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	return sigpending(&set) == 0 && sigismember(&set, sig) == 1;
}

START_TEST(signal_to_parent_is_handled_in_parent_after_resume)
{
	pid_t parent = getpid();
	int pid, st, in_child_count = -1, pending_in_child = 0;

	catch_usr1();
	ck_assert_int_eq(sfork(), 0);
	kill(getppid(), SIGUSR1);
	t_tgkill_self(SIGUSR1);
	let_signals_in();
	pending_in_child = is_pending(SIGUSR1);
	in_child_count = handled;
	pid = sfork_exit(0);
	/* Back: the one pending in the parent ran here, the child's died
	 * with the child. */
	ck_assert_int_eq(in_child_count, 0);
	ck_assert(pending_in_child);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(handled_pid, parent);
	ck_assert_int_eq(wrong_place, 0);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}
END_TEST

/* Sent by the child to itself, to the thread and to the process: pending
 * in the child, which exits normally, and never handled anywhere. */
START_TEST(self_signal_in_child_never_runs_the_handler)
{
	int pid, st, pending_in_child = 0;
	uint64_t shared = 0;

	catch_usr1();
	ck_assert_int_eq(sfork(), 0);
	t_tgkill_self(SIGUSR1);
	kill(getpid(), SIGUSR1);
	let_signals_in();
	pending_in_child = is_pending(SIGUSR1);
	shared = t_status_sigset("ShdPnd");
	pid = sfork_exit(6);
	ck_assert(pending_in_child);
	ck_assert(shared & T_SIGBIT(SIGUSR1));
	ck_assert_int_eq(handled, 0);
	ck_assert_int_eq(wrong_place, 0);
	ck_assert(!is_pending(SIGUSR1));
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 6);
}
END_TEST

static volatile sig_atomic_t rt_count, rt_values[8], rt_wrong;

static void record_rt(int sig, siginfo_t *si, void *uc)
{
	if ((pid_t)syscall(SYS_getpid) != expected_pid)
		rt_wrong++;
	if (rt_count < 8)
		rt_values[rt_count] = si->si_value.sival_int;
	rt_count++;
}

static void queue_three(pid_t to, int sig)
{
	union sigval v;
	int i;

	for (i = 1; i <= 3; i++) {
		v.sival_int = i * 11;
		sigqueue(to, sig, v);
	}
}

/* Real-time signals queue: all three reach the parent, in order. */
START_TEST(queued_rt_signals_reach_the_parent_in_order)
{
	struct sigaction sa = { .sa_sigaction = record_rt, .sa_flags = SA_SIGINFO };
	int pid, i;

	expected_pid = getpid();
	rt_count = rt_wrong = 0;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGRTMIN + 4, &sa, NULL), 0);
	t_set_kmask(0);
	ck_assert_int_eq(sfork(), 0);
	queue_three(getppid(), SIGRTMIN + 4);
	let_signals_in();
	pid = sfork_exit(0);
	ck_assert_int_eq(rt_count, 3);
	ck_assert_int_eq(rt_wrong, 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(rt_values[i], (i + 1) * 11);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
}
END_TEST

static pthread_t main_thread;
static volatile int child_up, sent;

static void *signal_main_thread(void *arg)
{
	while (!__atomic_load_n(&child_up, __ATOMIC_ACQUIRE))
		sched_yield();
	pthread_kill(main_thread, SIGUSR1);
	__atomic_store_n(&sent, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Another thread signals the suspended thread: handled by that thread,
 * in the parent, once it is back. */
START_TEST(signal_to_suspended_thread_waits_for_it)
{
	pid_t tid = (pid_t)syscall(SYS_gettid);
	int pid, in_child_count = -1;
	pthread_t t;

	catch_usr1();
	main_thread = pthread_self();
	child_up = sent = 0;
	ck_assert_int_eq(pthread_create(&t, NULL, signal_main_thread, NULL), 0);
	ck_assert_int_eq(sfork(), 0);
	__atomic_store_n(&child_up, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&sent, __ATOMIC_ACQUIRE))
		sched_yield();
	let_signals_in();
	in_child_count = handled;
	pid = sfork_exit(0);
	ck_assert_int_eq(in_child_count, 0);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(handled_tid, tid);
	ck_assert_int_eq(wrong_place, 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
}
END_TEST

/* Masks a caller may have; the last ones block all but a few. */
static const uint64_t masks[] = {
	0,
	T_SIGBIT(SIGUSR1) | T_SIGBIT(SIGTERM),
	T_SIGBIT(SIGINT) | T_SIGBIT(SIGQUIT) | T_SIGBIT(SIGCHLD),
	T_SIGBIT(34) | T_SIGBIT(40) | T_SIGBIT(64),
	T_BLOCKABLE & ~(T_SIGBIT(SIGINT) | T_SIGBIT(SIGUSR2) | T_SIGBIT(50)),
	T_BLOCKABLE & ~(T_SIGBIT(SIGSEGV) | T_SIGBIT(SIGBUS) | T_SIGBIT(35)),
	T_BLOCKABLE,
};

START_TEST(callers_mask_restored_exactly)
{
	uint64_t in_child = 0, glibc_view_ok;
	sigset_t before, after;
	int pid;

	/* glibc fills only the kernel's 64 bits of a sigset_t. */
	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	t_set_kmask(masks[_i]);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &before), 0);
	ck_assert_int_eq(sfork(), 0);
	in_child = t_sigmask();
	pid = sfork_exit(0);
	ck_assert_uint_eq(in_child, T_BLOCKABLE);
	ck_assert_uint_eq(t_sigmask(), masks[_i]);
	ck_assert_uint_eq(t_status_sigset("SigBlk"), masks[_i]);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, NULL, &after), 0);
	glibc_view_ok = !memcmp(&before, &after, sizeof(before));
	ck_assert(glibc_view_ok);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
}
END_TEST

/* Nested: each level gets back the mask it had, the outer one the
 * caller's, the inner one everything blocked. */
START_TEST(nested_masks_restored)
{
	uint64_t mask = T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGRTMIN + 7), middle = 0;
	int pid, inner;

	t_set_kmask(mask);
	ck_assert_int_eq(sfork(), 0);
	if (sfork() == 0)
		inner = sfork_exit(0);
	else
		inner = -1;
	middle = t_sigmask();
	if (inner > 0)
		waitpid(inner, NULL, 0);
	pid = sfork_exit(0);
	ck_assert_int_gt(inner, 0);
	ck_assert_uint_eq(middle, T_BLOCKABLE);
	ck_assert_uint_eq(t_sigmask(), mask);
	ck_assert_int_eq(t_waitpid(pid, NULL), pid);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-signals");
	TCase *deliv = t_tcase(s, "delivery", 30);
	TCase *mask = t_tcase(s, "mask", 30);

	tcase_add_test(deliv, signal_to_parent_is_handled_in_parent_after_resume);
	tcase_add_test(deliv, self_signal_in_child_never_runs_the_handler);
	tcase_add_test(deliv, queued_rt_signals_reach_the_parent_in_order);
	tcase_add_test(deliv, signal_to_suspended_thread_waits_for_it);
	tcase_add_loop_test(mask, callers_mask_restored_exactly, 0,
			    sizeof(masks) / sizeof(masks[0]));
	tcase_add_test(mask, nested_masks_restored);
	return t_run(s);
}
