/* SPDX-License-Identifier: MIT */
/*
 * The context the per-architecture assembly saves for the resumed parent,
 * on the paths where aarch64 once lost it:
 *  - sfork_execveat() saved the context relative to the stack instead of
 *    the frame (its base register was also save_ctx's scratch): the parent
 *    took the rescue path and sfork() returned -EOWNERDEAD, and a failed
 *    exec wrote over the caller's stack;
 *  - the first sfork() of a process where clone3 answers ENOSYS (here a
 *    real seccomp filter, as in containers) retried with clone after a
 *    call that overwrote the return address, so the child returned into
 *    sfork_pidfd instead of its caller;
 *  - the floating-point control state, callee-saved by both ABIs (x86_64:
 *    MXCSR's control bits and the x87 control word; aarch64: FPCR): a
 *    rounding mode the child sets survives sfork_exit() and
 *    sfork_execveat(), and the parent's is kept when the child changes
 *    nothing.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <fenv.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sfork.h>

#include "seccomp-util.h"
#include "sfork-util.h"

#define GUARD_BYTE 0xa5

/* Asserts that pid exited with status. */
static void expect_exit(pid_t pid, int status)
{
	int st;

	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == status, "status %#x, want exit %d",
		      st, status);
	t_assert_no_child();
}

/* The helper, exiting with 9: sfork_execveat() returns its pid in the
 * parent, once, and sfork() does not return a second time. */
START_TEST(exec_resumes_the_parent_with_the_pid)
{
	char *argv[] = { "helper", "exit", "9", NULL };
	int r, pid;

	r = sfork();
	ck_assert_int_eq(r, 0);		/* -EOWNERDEAD: the rescue path ran */
	pid = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
	expect_exit(pid, 9);
}
END_TEST

/* Runs a failed sfork_execveat() from a frame whose locals are a guard:
 * returns the number of guard bytes that changed. */
static __attribute__((noinline)) int failed_exec_under_a_guard(int *err, pid_t *pid)
{
	volatile unsigned char guard[1024];
	char *argv[] = { "x", NULL };
	size_t i;
	int changed = 0;

	memset((void *)guard, GUARD_BYTE, sizeof(guard));
	if (sfork() != 0)
		return -1;
	*err = sfork_execveat(AT_FDCWD, t_tmppath("missing"), argv, NULL, 0);
	*pid = sfork_exit(3);
	for (i = 0; i < sizeof(guard); i++)
		changed += guard[i] != GUARD_BYTE;
	return changed;
}

START_TEST(failed_exec_keeps_the_callers_stack)
{
	pid_t pid = 0;
	int err = 0, changed;

	changed = failed_exec_under_a_guard(&err, &pid);
	ck_assert_int_eq(err, -ENOENT);
	ck_assert_msg(changed == 0, "%d bytes of the caller's frame changed", changed);
	expect_exit(pid, 3);
}
END_TEST

/* This process is a fresh one (Check's fork mode) that has not made an
 * sfork child yet: the first one finds clone3 missing and falls back. */
static void clone3_enosys(void)
{
	struct seccomp_enosys k = { .clone3 = ENOSYS };
	int err = seccomp_enosys_install(&k);

	if (err == -EINVAL || err == -ENOSYS)
		ck_abort_msg("no seccomp filters here: %s", strerror(-err));
	ck_assert_msg(err == 0, "seccomp: %s", strerror(-err));
}

START_TEST(first_sfork_without_clone3_returns_to_its_caller)
{
	pid_t child = 0, pid;

	clone3_enosys();
	ck_assert_int_eq(sfork(), 0);
	child = getpid();
	pid = sfork_exit(5);
	ck_assert_int_eq(pid, child);
	expect_exit(pid, 5);
}
END_TEST

START_TEST(first_sfork_without_clone3_then_exec)
{
	char *argv[] = { "helper", "exit", "6", NULL };
	int pid;

	clone3_enosys();
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
	expect_exit(pid, 6);
}
END_TEST

/* 1/3 and -1/3 under the current rounding mode, in double (SSE or NEON)
 * and long double (x87 on x86_64, software on aarch64, which reads FPCR).
 * A directed mode rounds one of the two differently from the nearest. */
struct quotients {
	double d[2];
	long double ld[2];
};

static struct quotients third(void)
{
	volatile double one = 1.0, three = 3.0;
	volatile long double lone = 1.0L, lthree = 3.0L;

	return (struct quotients){ { one / three, -one / three },
				   { lone / lthree, -lone / lthree } };
}

static int same_quotients(const struct quotients *a, const struct quotients *b, int ld)
{
	if (ld)
		return a->ld[0] == b->ld[0] && a->ld[1] == b->ld[1];
	return a->d[0] == b->d[0] && a->d[1] == b->d[1];
}

/* What third() gives under mode, the current mode being kept. */
static struct quotients third_under(int mode)
{
	int saved = fegetround();
	struct quotients q;

	ck_assert_int_eq(fesetround(mode), 0);
	q = third();
	fesetround(saved);
	return q;
}

static void expect_mode(int mode)
{
	struct quotients want = third_under(mode), got;

	ck_assert_int_eq(fegetround(), mode);
	got = third();
	ck_assert_msg(same_quotients(&got, &want, 0), "double: not rounded as the mode says");
	ck_assert_msg(same_quotients(&got, &want, 1), "long double: not rounded as the mode says");
}

START_TEST(rounding_mode_survives_exit)
{
	struct quotients up = third_under(FE_UPWARD), near = third_under(FE_TONEAREST);
	pid_t pid;

	ck_assert(!same_quotients(&up, &near, 0) && !same_quotients(&up, &near, 1));
	ck_assert_int_eq(fesetround(FE_TONEAREST), 0);
	ck_assert_int_eq(sfork(), 0);
	fesetround(FE_UPWARD);
	pid = sfork_exit(0);
	expect_mode(FE_UPWARD);
	expect_exit(pid, 0);
}
END_TEST

START_TEST(rounding_mode_survives_exec)
{
	char *argv[] = { "helper", "exit", "0", NULL };
	pid_t pid;

	ck_assert_int_eq(fesetround(FE_TONEAREST), 0);
	ck_assert_int_eq(sfork(), 0);
	fesetround(FE_TOWARDZERO);
	pid = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
	expect_mode(FE_TOWARDZERO);
	expect_exit(pid, 0);
}
END_TEST

START_TEST(rounding_mode_of_the_parent_kept)
{
	pid_t pid;

	ck_assert_int_eq(fesetround(FE_DOWNWARD), 0);
	ck_assert_int_eq(sfork(), 0);
	pid = sfork_exit(0);
	expect_mode(FE_DOWNWARD);
	expect_exit(pid, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sfork-context");
	TCase *exec = t_tcase(s, "sfork_execveat", 30);
	TCase *fallback = t_tcase(s, "clone3 ENOSYS", 30);
	TCase *fp = t_tcase(s, "FP control", 30);

	tcase_add_test(exec, exec_resumes_the_parent_with_the_pid);
	tcase_add_test(exec, failed_exec_keeps_the_callers_stack);
	tcase_add_test(fallback, first_sfork_without_clone3_returns_to_its_caller);
	tcase_add_test(fallback, first_sfork_without_clone3_then_exec);
	tcase_add_test(fp, rounding_mode_survives_exit);
	tcase_add_test(fp, rounding_mode_survives_exec);
	tcase_add_test(fp, rounding_mode_of_the_parent_kept);
	return t_run(s);
}
