/* SPDX-License-Identifier: MIT */
/*
 * The signal ops in a real child, as the probe sees them: sigmask and
 * sigdefault, what the child gets from the caller without them (its mask
 * and ignored signals) and what it never gets (the caller's handlers).
 */
/* Also defined by config.h where the internal library's flags apply. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "egg-util.h"

/* Signals ignored by this process, from the kernel (glibc's sigaction
 * refuses to tell about 32 and 33). */
static uint64_t caller_sigign(void)
{
	struct {
		void *handler;
		unsigned long pad[8];
	} act;
	uint64_t set = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++) {
		ck_assert_int_eq(syscall(SYS_rt_sigaction, sig, NULL, &act, 8), 0);
		if (act.handler == (void *)SIG_IGN)
			set |= 1ULL << (sig - 1);
	}
	return set;
}


/* ---- Signals. ---- */

static void block(const int *sigs, int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (; *sigs; sigs++)
		ck_assert_int_eq(sigaddset(&set, *sigs), 0);
	ck_assert_int_eq(sigprocmask(how, &set, NULL), 0);
}

static void make_set(sigset_t *set, const int *sigs)
{
	sigemptyset(set);
	for (; *sigs; sigs++)
		ck_assert_int_eq(sigaddset(set, *sigs), 0);
}

START_TEST(sigmask_is_exactly_the_set)
{
	static const int caller[] = { SIGUSR1, SIGTERM, 0 };
	static const int want[] = { SIGHUP, SIGUSR2, 40, 64, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	block(caller, SIG_BLOCK);
	make_set(&set, want);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"),
			  T_SIGBIT(SIGHUP) | T_SIGBIT(SIGUSR2) | T_SIGBIT(40) | T_SIGBIT(64));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(sigmask_empty_unblocks_everything)
{
	static const int caller[] = { SIGUSR1, SIGTERM, SIGINT, 35, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	block(caller, SIG_BLOCK);
	sigemptyset(&set);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sigmask", "0x0000000000000000");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

/* The library blocks every signal in the child; the program must still
 * start with the caller's mask. */
START_TEST(without_sigmask_child_has_caller_mask)
{
	static const int caller[] = { SIGUSR2, SIGTERM, SIGHUP, 40, 64, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	uint64_t mask, want;

	block(caller, SIG_BLOCK);
	mask = t_sigmask();
	want = T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGTERM) | T_SIGBIT(40) | T_SIGBIT(64);
	ck_assert_uint_eq(mask & want, want);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), mask);
	t_probe_free(&p);
	ck_assert_uint_eq(t_sigmask(), mask);
	egg_free(e);
}
END_TEST

START_TEST(without_sigmask_child_has_caller_empty_mask)
{
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	sigemptyset(&set);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &set, NULL), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), t_sigmask());
	t_probe_expect(&p, "sigmask", "0x0000000000000000");
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(ignored_signal_stays_ignored_without_sigdefault)
{
	struct egg *e = t_egg();
	struct t_probe p;

	ck_assert(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	ck_assert(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"), caller_sigign());
	ck_assert_uint_eq(t_probe_hex(&p, "sigign") & (T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGPIPE)),
			  T_SIGBIT(SIGUSR2) | T_SIGBIT(SIGPIPE));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(sigdefault_makes_ignored_signal_default)
{
	static const int dfl[] = { SIGUSR2, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	ck_assert(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	ck_assert(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	make_set(&set, dfl);
	ck_assert_int_eq(egg_sigdefault(e, &set), 0);
	t_probe_run(&p, e);
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"), caller_sigign() & ~T_SIGBIT(SIGUSR2));
	ck_assert(t_probe_hex(&p, "sigign") & T_SIGBIT(SIGPIPE));
	t_probe_expect(&p, "sigcaught", "0x0000000000000000");
	t_probe_free(&p);
	ck_assert(caller_sigign() & T_SIGBIT(SIGUSR2));
	egg_free(e);
}
END_TEST

static void on_signal(int sig)
{
}

static void install_handler(int sig)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };

	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(sig, &sa, NULL), 0);
}

/* A handler means nothing in the new program: each becomes SIG_DFL, and
 * none becomes SIG_IGN. */
START_TEST(caller_handlers_not_inherited)
{
	struct egg *e = t_egg();
	struct t_probe p;

	install_handler(SIGUSR1);
	install_handler(SIGTERM);
	install_handler(SIGCHLD);
	install_handler(SIGRTMIN + 1);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sigcaught", "0x0000000000000000");
	ck_assert_uint_eq(t_probe_hex(&p, "sigign"), caller_sigign());
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

START_TEST(caller_handlers_not_inherited_with_sigdefault_and_sigmask)
{
	static const int sigs[] = { SIGUSR1, SIGINT, 0 };
	struct egg *e = t_egg();
	struct t_probe p;
	sigset_t set;

	install_handler(SIGUSR1);
	install_handler(SIGTERM);
	install_handler(SIGCHLD);
	make_set(&set, sigs);
	ck_assert_int_eq(egg_sigdefault(e, &set), 0);
	ck_assert_int_eq(egg_sigmask(e, &set), 0);
	t_probe_run(&p, e);
	t_probe_expect(&p, "sigcaught", "0x0000000000000000");
	ck_assert_uint_eq(t_probe_hex(&p, "sigmask"), T_SIGBIT(SIGUSR1) | T_SIGBIT(SIGINT));
	t_probe_free(&p);
	egg_free(e);
}
END_TEST

static void add_cases(Suite *s)
{
	TCase *tc = t_tcase(s, "signals", 60);

	tcase_add_test(tc, sigmask_is_exactly_the_set);
	tcase_add_test(tc, sigmask_empty_unblocks_everything);
	tcase_add_test(tc, without_sigmask_child_has_caller_mask);
	tcase_add_test(tc, without_sigmask_child_has_caller_empty_mask);
	tcase_add_test(tc, ignored_signal_stays_ignored_without_sigdefault);
	tcase_add_test(tc, sigdefault_makes_ignored_signal_default);
	tcase_add_test(tc, caller_handlers_not_inherited);
	tcase_add_test(tc, caller_handlers_not_inherited_with_sigdefault_and_sigmask);
}

int main(void)
{
	Suite *s = suite_create("egg-ops-signals");

	add_cases(s);
	return t_run(s);
}
