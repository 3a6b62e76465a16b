/* SPDX-License-Identifier: MIT */
/*
 * The signal state a program started by sfork_execveat() gets: exactly the
 * caller's mask (from a nested child too), no caught signal, ignored ones still ignored; a signal
 * pending at the exec meets the default disposition, never the parent's
 * handler; and the parent's own handlers stay.
 *
 * Built twice (tests/sfork.mk): tests/sfork-execsig against libegg.la, on
 * the kernel's path (clone3 with CLONE_CLEAR_SIGHAND), and
 * tests/sfork-execsig-fallback against the internal library with
 * SFORK_TEST_HOOKS, where every case runs once per fallback: no
 * CLONE_CLEAR_SIGHAND (handlers reset one by one before the exec), no
 * clone3 (clone(2) instead), and both.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

#include "sfork-util.h"

#ifdef SFORK_TEST_HOOKS
#include "internal.h"

static const unsigned int hooks[] = {
	EGG__HOOK_NO_CLEAR_SIGHAND,
	EGG__HOOK_NO_CLONE3,
	EGG__HOOK_NO_CLONE3 | EGG__HOOK_NO_CLEAR_SIGHAND,
};
#define NHOOKS ((int)(sizeof(hooks) / sizeof(hooks[0])))
#define FALLBACK 1

static void set_hook(int i)
{
	egg__hook_enosys = hooks[i % NHOOKS];
}
#else
#define NHOOKS 1
#define FALLBACK 0

static void set_hook(int i)
{
}
#endif

static volatile sig_atomic_t handled, handled_pid;

static void record(int sig)
{
	handled++;
	handled_pid = (pid_t)syscall(SYS_getpid);
}

static char *sig_argv[] = { "helper", "sig", NULL };

/* Masks a caller may have, from none to all but a few, real-time ones too. */
static uint64_t mask_case(int i)
{
	switch (i) {
	case 0:
		return 0;
	case 1:
		return T_SIGBIT(SIGUSR2);
	case 2:
		return T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGRTMIN + 2) | T_SIGBIT(SIGCHLD);
	case 3:
		return T_BLOCKABLE & ~(T_SIGBIT(SIGINT) | T_SIGBIT(SIGTERM) |
				       T_SIGBIT(SIGRTMIN + 3) | T_SIGBIT(SIGSEGV));
	case 4:
		return T_SIGBIT(SIGRTMIN) | T_SIGBIT(40) | T_SIGBIT(SIGRTMAX);
	default:
		return T_BLOCKABLE;
	}
}
#define NMASKS 6

START_TEST(program_gets_the_callers_mask)
{
	uint64_t mask = mask_case(_i / NHOOKS);
	struct t_helper_run r;

	set_hook(_i);
	t_catch(SIGUSR1, record);
	t_set_kmask(mask);
	t_run_helper(&r, sig_argv, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(t_out_hex(&r, "blk"), mask);
	ck_assert_uint_eq(t_out_hex(&r, "cgt"), 0);
	ck_assert_uint_eq(t_sigmask(), mask);
	free(r.out);
}
END_TEST

/* In an sfork child, runs the helper from a nested child (by sfork() and
 * sfork_execveat(), or by egg_spawn()) with its output on out, and waits
 * for it.  Returns its status, or -1. */
static int nested_helper(int out, int by_egg)
{
	struct egg *e;
	pid_t pid;
	int st;

	if (!by_egg) {
		if (sfork() != 0)
			return -1;
		pid = t_exec_helper(out, sig_argv);
	} else {
		e = egg_new();
		if (!e || egg_dup2(e, out, STDOUT_FILENO) ||
		    egg_spawn(&pid, t_helper(), egg_data(e), egg_size(e), sig_argv,
			      NULL, NULL))
			pid = -1;
		egg_free(e);
	}
	if (pid <= 0 || t_waitpid(pid, &st) != pid)
		return -1;
	return st;
}

/* A program started from inside an sfork child gets the mask of the code
 * that started it, the caller's, as from the top level: not the child's
 * real mask, which has everything blocked. */
START_TEST(nested_program_gets_the_callers_mask)
{
	uint64_t mask = mask_case(_i / 2);
	/* volatile: set in the child, read after sfork() returned again */
	volatile int st = -1;
	struct t_helper_run r;
	int fds[2], pid;

	set_hook(_i);
	t_set_kmask(mask);
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	fflush(NULL);
	pid = sfork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		st = nested_helper(fds[1], _i % 2);
		pid = sfork_exit(0);
	}
	t_collect_helper(&r, fds, pid);
	ck_assert_msg(st == 0, "the nested helper: status %d", st);
	ck_assert_uint_eq(t_out_hex(&r, "blk"), mask);
	ck_assert_uint_eq(t_sigmask(), mask);
	free(r.out);
}
END_TEST

static const int caught[] = { SIGUSR1, SIGTERM, SIGINT, SIGCHLD, SIGALRM, 36, 50, 64 };
static const int ignored[] = { SIGHUP, SIGPIPE, SIGUSR2, 40 };

static void catch_and_ignore(void)
{
	size_t i;

	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
		t_catch(caught[i], record);
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		ck_assert(signal(ignored[i], SIG_IGN) != SIG_ERR);
}

START_TEST(caught_signals_default_ignored_stay_ignored)
{
	uint64_t ign;
	struct t_helper_run r;
	size_t i;

	set_hook(_i);
	catch_and_ignore();
	ign = t_status_sigset("SigIgn");
	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		ck_assert(ign & T_SIGBIT(ignored[i]));
	t_run_helper(&r, sig_argv, NULL);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(t_out_hex(&r, "cgt"), 0);
	ck_assert_uint_eq(t_out_hex(&r, "ign"), ign);
	free(r.out);
}
END_TEST

/* The reset happens in the child's own copy of the dispositions: the
 * parent's handlers are still there, and still run, in the parent. */
START_TEST(parent_handlers_stay)
{
	struct sigaction sa;
	struct t_helper_run r;
	size_t i;

	set_hook(_i);
	catch_and_ignore();
	t_run_helper(&r, sig_argv, NULL);
	ck_assert_int_eq(r.status, 0);
	free(r.out);
	for (i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
		ck_assert_int_eq(sigaction(caught[i], NULL, &sa), 0);
		ck_assert_msg(sa.sa_handler == record, "signal %d lost its handler", caught[i]);
	}
	handled = 0;
	t_tgkill_self(SIGUSR1);
	ck_assert_int_eq(handled, 1);
	ck_assert_int_eq(handled_pid, getpid());
}
END_TEST

/* A caught signal pending in the child when the exec restores the mask is
 * delivered there and then: by the default action (SIGUSR1 kills), never by
 * the parent's handler.  Were the handlers reset after the mask, the
 * handler would run in the child and the program would exit 0. */
START_TEST(pending_caught_signal_meets_the_default)
{
	char *argv[] = { "helper", "exit", "0", NULL };
	int pid, st;

	set_hook(_i);
	t_catch(SIGUSR1, record);
	t_set_kmask(0);
	handled = 0;
	ck_assert_int_eq(sfork(), 0);
	t_tgkill_self(SIGUSR1);
	pid = sfork_execveat(AT_FDCWD, t_helper(), argv, NULL, 0);
	if (pid < 0)
		pid = sfork_exit(127);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(t_waitpid(pid, &st), pid);
	ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1, "status 0x%x", st);
	ck_assert_int_eq(handled, 0);
	t_assert_no_child();
}
END_TEST

/* A pending signal the parent ignores is dropped at the exec, and the
 * program runs. */
START_TEST(pending_ignored_signal_is_dropped)
{
	struct t_helper_run r;
	int fds[2], pid;

	set_hook(_i);
	ck_assert(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	t_set_kmask(0);
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(sfork(), 0);
	/* Blocked here, so queued despite SIG_IGN. */
	t_tgkill_self(SIGUSR2);
	pid = t_exec_helper(fds[1], sig_argv);
	t_collect_helper(&r, fds, pid);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(t_out_hex(&r, "pnd") & T_SIGBIT(SIGUSR2), 0);
	ck_assert(t_out_hex(&r, "ign") & T_SIGBIT(SIGUSR2));
	free(r.out);
}
END_TEST

/* A signal the caller blocks, sent to the child (to the thread and to the
 * process) before the exec, is still pending in the program, which has it
 * blocked and at its default disposition. */
START_TEST(pending_blocked_signal_stays_pending)
{
	uint64_t mask = T_SIGBIT(SIGUSR1) | T_SIGBIT(SIGTERM) | T_SIGBIT(SIGRTMIN + 1);
	struct t_helper_run r;
	int fds[2], pid;

	set_hook(_i);
	t_catch(SIGUSR1, record);
	t_catch(SIGTERM, record);
	t_set_kmask(mask);
	handled = 0;
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	ck_assert_int_eq(sfork(), 0);
	t_tgkill_self(SIGUSR1);
	kill(getpid(), SIGTERM);
	pid = t_exec_helper(fds[1], sig_argv);
	t_collect_helper(&r, fds, pid);
	ck_assert_int_eq(r.status, 0);
	ck_assert_uint_eq(t_out_hex(&r, "blk"), mask);
	ck_assert_uint_eq(t_out_hex(&r, "pnd"), T_SIGBIT(SIGUSR1));
	ck_assert_uint_eq(t_out_hex(&r, "shdpnd"), T_SIGBIT(SIGTERM));
	ck_assert_uint_eq(t_out_hex(&r, "cgt"), 0);
	ck_assert_int_eq(handled, 0);
	ck_assert_uint_eq(t_sigmask(), mask);
	free(r.out);
}
END_TEST

static int kernel_clears_sighand(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (!t_have_clone3() || uname(&u) ||
	    sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major > 5 || (major == 5 && minor >= 5);
}

/* Which path was taken, seen from inside the child before any exec: with
 * CLONE_CLEAR_SIGHAND the kernel has reset the handlers at the clone; the
 * fallbacks leave the parent's until sfork_execveat() (which is what makes
 * the cases above test the fallback). */
START_TEST(child_handlers_before_the_exec)
{
	struct sigaction sa;
	void (*in_child)(int) = NULL;
	int pid, query;

	set_hook(_i);
	t_catch(SIGUSR1, record);
	ck_assert_int_eq(sfork(), 0);
	query = sigaction(SIGUSR1, NULL, &sa);
	in_child = sa.sa_handler;
	pid = sfork_exit(0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(query, 0);
	if (FALLBACK)
		ck_assert_msg(in_child == record, "the fallback was not used");
	else
		ck_assert_msg(in_child == SIG_DFL, "the kernel did not clear the handlers");
}
END_TEST

int main(void)
{
	Suite *s = suite_create(FALLBACK ? "sfork-execsig-fallback" : "sfork-execsig");
	TCase *mask = t_tcase(s, "mask", 30);
	TCase *disp = t_tcase(s, "dispositions", 30);
	TCase *pend = t_tcase(s, "pending", 30);

	tcase_add_loop_test(mask, program_gets_the_callers_mask, 0, NMASKS * NHOOKS);
	tcase_add_loop_test(mask, nested_program_gets_the_callers_mask, 0, NMASKS * 2);
	tcase_add_loop_test(disp, caught_signals_default_ignored_stay_ignored, 0, NHOOKS);
	tcase_add_loop_test(disp, parent_handlers_stay, 0, NHOOKS);
	if (FALLBACK || kernel_clears_sighand())
		tcase_add_loop_test(disp, child_handlers_before_the_exec, 0, NHOOKS);
	else
		printf("not run: child_handlers_before_the_exec, the kernel is older than 5.5"
		       " or clone3 answers ENOSYS\n");
	tcase_add_loop_test(pend, pending_caught_signal_meets_the_default, 0, NHOOKS);
	tcase_add_loop_test(pend, pending_ignored_signal_is_dropped, 0, NHOOKS);
	tcase_add_loop_test(pend, pending_blocked_signal_stays_pending, 0, NHOOKS);
	return t_run(s);
}
