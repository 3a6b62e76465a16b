/* SPDX-License-Identifier: MIT */
/*
 * sfork(3)'s control flow: one thread goes into a child and comes back
 * with the child's pid; nesting to depth 32, to SFORK_MAX_DEPTH and one
 * past it; fib through nested sforks; the calls outside a child; errno.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "sfork-util.h"

START_TEST(demo_control_flow)
{
	pid_t parent = getpid(), child = 0, child_ppid = 0;
	int ret, pid, st, steps = 0;

	steps++;
	ret = sfork();
	ck_assert_int_eq(ret, 0);
	/* The child: a new process with the parent's memory. */
	steps++;
	child = getpid();
	child_ppid = getppid();
	pid = sfork_exit(42);
	/* The parent again, with what the child wrote. */
	steps++;
	ck_assert_int_eq(getpid(), parent);
	ck_assert_int_ne(child, parent);
	ck_assert_int_eq(child_ppid, parent);
	ck_assert_int_eq(pid, child);
	ck_assert_int_eq(steps, 3);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 42);
	t_assert_no_child();
}
END_TEST

/* The exit status is status & 0377, as _exit(2)'s. */
static const int exit_statuses[][2] = {
	{ 0, 0 }, { 1, 1 }, { 127, 127 }, { 255, 255 }, { 256, 0 }, { 0x1234, 0x34 }, { -1, 255 },
};

START_TEST(exit_status_is_low_byte)
{
	int pid, st;

	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(exit_statuses[_i][0]);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), exit_statuses[_i][1]);
}
END_TEST

/* What each level of a nest saw; filled in by the levels themselves. */
struct level {
	int err;	/* sfork()'s return, if it failed */
	pid_t self;	/* getpid() in the child */
	pid_t ppid;	/* getppid() in the child */
	pid_t parent;	/* getpid() before the sfork */
	pid_t back;	/* getpid() after sfork_exit */
	pid_t got;	/* what sfork_exit returned */
	pid_t reaped;	/* what waitpid returned */
	int status;
};

static struct level levels[SFORK_MAX_DEPTH + 1];
static int extra_err, extra_pid_same, extra_no_child;
static uint64_t extra_mask;

/* The deepest level tries one more sfork, which must fail without a child. */
static void try_one_more(void)
{
	pid_t me = getpid();

	extra_err = sfork();
	extra_pid_same = getpid() == me;
	extra_no_child = t_no_child();
	extra_mask = t_sigmask();
}

static void nest(int depth, int max, int one_more)
{
	struct level *l = &levels[depth];
	int ret;

	if (depth == max) {
		if (one_more)
			try_one_more();
		return;
	}
	l->parent = getpid();
	ret = sfork();
	if (ret) {
		l->err = ret;
		return;
	}
	l->self = getpid();
	l->ppid = getppid();
	nest(depth + 1, max, one_more);
	ret = sfork_exit(depth + 1);
	l->back = getpid();
	l->got = ret;
	l->reaped = waitpid(ret, &l->status, 0);
}

static void check_nest(int max)
{
	pid_t top = getpid();
	int d, e;

	for (d = 0; d < max; d++) {
		const struct level *l = &levels[d];

		ck_assert_msg(!l->err, "level %d: sfork() = %d", d, l->err);
		ck_assert_int_eq(l->parent, d ? levels[d - 1].self : top);
		ck_assert_int_eq(l->ppid, l->parent);
		ck_assert_int_eq(l->back, l->parent);
		ck_assert_int_eq(l->got, l->self);
		ck_assert_int_eq(l->reaped, l->self);
		ck_assert(WIFEXITED(l->status));
		ck_assert_int_eq(WEXITSTATUS(l->status), d + 1);
		for (e = 0; e < d; e++)
			ck_assert_int_ne(levels[e].self, l->self);
		ck_assert_int_ne(l->self, top);
	}
	ck_assert_int_eq(getpid(), top);
	t_assert_no_child();
}

START_TEST(nesting_depth_32)
{
	nest(0, 32, 0);
	check_nest(32);
}
END_TEST

START_TEST(nesting_to_max_depth_then_eagain)
{
	uint64_t before = t_sigmask();
	int pid;

	nest(0, SFORK_MAX_DEPTH, 1);
	check_nest(SFORK_MAX_DEPTH);
	ck_assert_int_eq(extra_err, -EAGAIN);
	ck_assert(extra_pid_same);
	ck_assert_msg(extra_no_child, "the failed sfork made a child");
	/* The deepest child had everything blocked, and still had. */
	ck_assert_uint_eq(extra_mask, T_BLOCKABLE);
	ck_assert_uint_eq(t_sigmask(), before);
	/* The depth went back to 0: the thread can go down again. */
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(0);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
}
END_TEST

/* fib(n) = fib(n-1) + fib(n-2), each term computed in a child of its own:
 * the sum is made in the child and read by the parent after sfork_exit.
 * The exit status carries its low byte as a second channel. */
static long fib(int n)
{
	long a, b, sum;
	int pid, st;

	if (n < 2)
		return n;
	if (sfork() != 0)
		return -1;
	a = fib(n - 1);
	b = fib(n - 2);
	sum = a < 0 || b < 0 ? -1 : a + b;
	pid = sfork_exit((int)(sum & 0xff));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != (sum & 0xff))
		return -1;
	return sum;
}

static const long fib_table[] = {
	0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610,
	987, 1597, 2584, 4181, 6765,
};

START_TEST(fib_through_nested_sforks)
{
	pid_t me = getpid();

	ck_assert_int_eq(fib(_i), fib_table[_i]);
	ck_assert_int_eq(getpid(), me);
	t_assert_no_child();
}
END_TEST

/* Each frame holds a buffer the compiler cannot drop; the innermost calls
 * sfork_exit, and the parent returns through all of them, counting the
 * frames whose buffer is intact. */
static __attribute__((noinline)) int descend(int depth, char *intact)
{
	volatile char buf[512];
	int ret;

	buf[depth % sizeof(buf)] = (char)depth;
	if (!depth)
		return sfork_exit(7);
	ret = descend(depth - 1, intact);
	if (buf[depth % sizeof(buf)] == (char)depth)
		++*intact;
	return ret;
}

/* The child goes down 50 frames before it calls sfork_exit; the parent
 * continues there and comes back up through them. */
START_TEST(exit_from_a_deeper_frame)
{
	char intact = 0;
	int pid, st;

	ck_assert_int_eq(sfork(), 0);
	pid = descend(50, &intact);
	ck_assert_int_eq(intact, 50);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(st), 7);
}
END_TEST

START_TEST(exit_and_exec_outside_a_child_are_einval)
{
	char *argv[] = { "true", NULL };
	int pid;

	errno = 1234;
	ck_assert_int_eq(sfork_exit(0), -EINVAL);
	ck_assert_int_eq(errno, 1234);
	ck_assert_int_eq(sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0), -EINVAL);
	ck_assert_int_eq(errno, 1234);
	t_assert_no_child();
	/* And again once a round trip has brought the depth back to 0. */
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(sfork_exit(0), -EINVAL);
	ck_assert_int_eq(sfork_execveat(AT_FDCWD, "/bin/true", argv, NULL, 0), -EINVAL);
	ck_assert_int_eq(errno, 1234);
	t_assert_no_child();
}
END_TEST

/* sfork() and sfork_exit() leave the parent's errno alone, also on the
 * thread's first call (which sets up its per-thread state) and nested. */
static void *errno_round_trip(void *arg)
{
	int pid, inner, bad = 0;

	errno = 1234;
	if (sfork() != 0)
		return (void *)1L;
	errno = 1234;
	if (sfork() != 0)
		return (void *)2L;
	inner = sfork_exit(0);
	bad |= errno != 1234;
	waitpid(inner, NULL, 0);
	errno = 1234;
	pid = sfork_exit(0);
	bad |= errno != 1234;
	if (waitpid(pid, NULL, 0) != pid)
		bad |= 4;
	return (void *)(long)bad;
}

START_TEST(errno_untouched_in_the_parent)
{
	pthread_t t;
	void *bad;

	ck_assert_ptr_null(errno_round_trip(NULL));
	ck_assert_int_eq(pthread_create(&t, NULL, errno_round_trip, NULL), 0);
	ck_assert_int_eq(pthread_join(t, &bad), 0);
	ck_assert_ptr_null(bad);
	t_assert_no_child();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-flow");
	TCase *flow = t_tcase(s, "flow", 30);
	TCase *nesting = t_tcase(s, "nesting", 60);
	TCase *fib = t_tcase(s, "fib", 60);

	tcase_add_test(flow, demo_control_flow);
	tcase_add_loop_test(flow, exit_status_is_low_byte, 0,
			    sizeof(exit_statuses) / sizeof(exit_statuses[0]));
	tcase_add_test(flow, exit_from_a_deeper_frame);
	tcase_add_test(flow, exit_and_exec_outside_a_child_are_einval);
	tcase_add_test(flow, errno_untouched_in_the_parent);
	tcase_add_test(nesting, nesting_depth_32);
	tcase_add_test(nesting, nesting_to_max_depth_then_eagain);
	tcase_add_loop_test(fib, fib_through_nested_sforks, 0,
			    sizeof(fib_table) / sizeof(fib_table[0]));
	return t_run(s);
}
