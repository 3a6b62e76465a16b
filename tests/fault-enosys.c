/* SPDX-License-Identifier: MIT */
/*
 * Old kernels, faked with the library's test hook (egg__hook_enosys):
 *  - no close_range: the close_range and keep ops fall back to walking
 *    /proc/self/fd, and must close (or mark close-on-exec) exactly the
 *    fds the real system call would.  Run with --no-proc, the program
 *    first hides /proc in a mount namespace of its own, so the last
 *    fallback, a loop up to RLIMIT_NOFILE, is what runs (needs root).
 *  - no clone3: egg_pidfd_spawn and sfork_pidfd fail with ENOSYS, making
 *    nothing; egg_spawn works with clone and the per-signal reset.
 *  - clone3 without CLONE_CLEAR_SIGHAND: the same reset, after clone3.
 * The hook skips the library's run-time detection, so the same checks run
 * again with a seccomp filter that makes the kernel itself answer as an
 * older one would: ENOSYS for clone3 and close_range (before 5.3, before
 * 5.9), or EINVAL for CLOSE_RANGE_CLOEXEC (5.9 and 5.10); and ENOSYS for
 * clone3 alone, as container runtimes' seccomp profiles answer.  Each of
 * these runs in a process of its own (Check's fork mode), so the filter
 * never outlives its case.
 * Each result is what a spawned tests/fault-report saw.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

#include "internal.h"
#include "egg-util.h"
#include "seccomp-util.h"

/* The parent's fds the cases close: LOW..HIGH, all open, none cloexec. */
#define LOW 39
#define HIGH 50
#define REPORT_SIZE 16384

struct range_case {
	unsigned int first, last, flags;
};

static const struct range_case range_cases[] = {
	{ 42, 45, 0 },
	{ 42, 45, CLOSE_RANGE_CLOEXEC },
	{ LOW, LOW, 0 },
	{ HIGH, HIGH, CLOSE_RANGE_CLOEXEC },
	{ LOW, HIGH, 0 },
	{ LOW, HIGH, CLOSE_RANGE_CLOEXEC },
	{ 45, ~0U, 0 },
	{ 45, ~0U, CLOSE_RANGE_CLOEXEC },
	{ 3, 44, 0 },
	{ 0, 2, 0 },
	{ HIGH + 1, HIGH + 100, 0 },
	{ 0, ~0U, CLOSE_RANGE_CLOEXEC },
	{ 40, 48, CLOSE_RANGE_UNSHARE },
};


static const int keep_lists[][6] = {
	{ 1, 2, 41, 47, -1 },
	{ 0, 1, 2, LOW, HIGH, -1 },
	{ HIGH, -1 },
	{ -1 },
	{ 3, 44, 45, 46, 1000, -1 },
};


/* An older kernel, as the library sees it: how clone3 and close_range
 * answer (0: they work). */
struct old_kernel {
	const char *name;
	int clone3;
	int close_range;	/* EINVAL: only with CLOSE_RANGE_CLOEXEC */
};

static const struct old_kernel old_kernels[] = {
	{ "Linux 5.2: no clone3, no close_range", ENOSYS, ENOSYS },
	{ "Linux 5.3 to 5.8: no close_range", 0, ENOSYS },
	{ "Linux 5.9 and 5.10: no CLOSE_RANGE_CLOEXEC", 0, EINVAL },
	{ "a container's seccomp profile: no clone3", ENOSYS, 0 },
};

static int no_proc_mode;
static const struct old_kernel *old_kernel;	/* the filter in force, or NULL */
static char report[REPORT_SIZE];

static void handler(int sig)
{
}

static void setup(void)
{
	struct sigaction sa = { .sa_handler = handler };
	sigset_t set;
	int fd;

	for (fd = LOW; fd <= HIGH; fd++)
		ck_assert_int_eq(dup2(2, fd), fd);
	/* For the reset checks: a caught signal, an ignored one, a blocked one. */
	ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_SETMASK, &set, NULL);
}

/* The filter of k, for this process and its children. */
static void seccomp_install(const struct old_kernel *k)
{
	struct seccomp_enosys answers = { .clone3 = k->clone3, .close_range = k->close_range };
	int err = seccomp_enosys_install(&answers);

	ck_assert_msg(err == 0, "seccomp: %s", strerror(-err));
	old_kernel = k;
}

/* The filter answers as it should, so no case passes for want of one. */
static void seccomp_check(const struct old_kernel *k)
{
	long r;

	errno = 0;
	r = syscall(__NR_clone3, NULL, 0);	/* a real clone3 says EFAULT or EINVAL */
	ck_assert(r == -1 && (k->clone3 ? errno == k->clone3 : errno != ENOSYS));
	errno = 0;
	r = syscall(__NR_close_range, ~0U, ~0U, CLOSE_RANGE_CLOEXEC);
	ck_assert(k->close_range ? r == -1 && errno == k->close_range : r == 0);
	r = syscall(__NR_close_range, ~0U, ~0U, 0);
	ck_assert(k->close_range == ENOSYS ? r == -1 && errno == ENOSYS : r == 0);
}

static void old_kernel_0(void)
{
	seccomp_install(&old_kernels[0]);
	seccomp_check(&old_kernels[0]);
}

static void old_kernel_1(void)
{
	seccomp_install(&old_kernels[1]);
	seccomp_check(&old_kernels[1]);
}

static void old_kernel_2(void)
{
	seccomp_install(&old_kernels[2]);
	seccomp_check(&old_kernels[2]);
}

static void old_kernel_3(void)
{
	seccomp_install(&old_kernels[3]);
	seccomp_check(&old_kernels[3]);
}

static void (*const old_kernel_setup[])(void) = {
	old_kernel_0, old_kernel_1, old_kernel_2, old_kernel_3,
};
_Static_assert(EGG_ARRAY_SIZE(old_kernel_setup) == EGG_ARRAY_SIZE(old_kernels), "one each");

static void hook_set_close_range(void)
{
	egg__hook_enosys = EGG__HOOK_NO_CLOSE_RANGE;
}

static void hook_clear(void)
{
	egg__hook_enosys = 0;
}

/* The value of key in the report, or "". */
static const char *report_get(const char *key)
{
	static char val[REPORT_SIZE];
	size_t klen = strlen(key);
	const char *p = report;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			snprintf(val, sizeof(val), "%.*s", (int)strcspn(p + klen + 1, "\n"),
				 p + klen + 1);
			return val;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return "";
}

static void list_add(char *list, size_t size, int n)
{
	size_t len = strlen(list);

	snprintf(list + len, size - len, "%s%d", len ? "," : "", n);
}

/* The fds a spawned program has when the egg closes [first, last] (but
 * for revive): the parent's non-cloexec ones outside the range. */
static void expected_fds(char *list, size_t size, unsigned int first, unsigned int last,
			 int revive)
{
	int fd, fl;

	list[0] = '\0';
	for (fd = 0; fd < T_FD_MAX; fd++) {
		fl = fcntl(fd, F_GETFD);
		if (fl < 0 || (fl & FD_CLOEXEC))
			continue;
		if ((unsigned int)fd >= first && (unsigned int)fd <= last && fd != revive)
			continue;
		list_add(list, size, fd);
	}
}

static void run_report(const struct egg *egg)
{
	struct egg_fault f;
	int err = t_fault_report(egg_data(egg), egg_size(egg), &f, report, sizeof(report));

	ck_assert_msg(err == 0, "spawn failed: %s at op %zu", strerror(err), f.index);
}

/* close_range with CLOSE_RANGE_CLOEXEC then cloexec(first, 0): first is
 * kept only if it was marked, not closed. */
START_TEST(close_range_exact)
{
	const struct range_case *c = &range_cases[_i];
	struct egg *egg = egg_new();
	char want[REPORT_SIZE];
	int revive = -1;

	ck_assert_int_eq(egg_close_range(egg, c->first, c->last, c->flags), 0);
	if ((c->flags & CLOSE_RANGE_CLOEXEC) && fcntl((int)c->first, F_GETFD) == 0) {
		revive = (int)c->first;
		ck_assert_int_eq(egg_cloexec(egg, revive, 0), 0);
	}
	expected_fds(want, sizeof(want), c->first, c->last, revive);
	run_report(egg);
	ck_assert_msg(!strcmp(report_get("fds"), want),
		      "close_range(%u, %u, %#x): fds %s, want %s (hook %#x)", c->first, c->last,
		      c->flags, report_get("fds"), want, egg__hook_enosys);
	egg_free(egg);
}
END_TEST

START_TEST(keep_exact)
{
	const int *keep = keep_lists[_i];
	struct egg *egg = egg_new();
	char want[REPORT_SIZE] = "";
	size_t n = 0;

	while (keep[n] >= 0) {
		if (fcntl(keep[n], F_GETFD) == 0)
			list_add(want, sizeof(want), keep[n]);
		n++;
	}
	ck_assert_int_eq(egg_keep(egg, n, keep), 0);
	run_report(egg);
	ck_assert_msg(!strcmp(report_get("fds"), want), "keep #%d: fds %s, want %s (hook %#x)",
		      _i, report_get("fds"), want, egg__hook_enosys);
	egg_free(egg);
}
END_TEST

/* The signals this process ignores, as tests/fault-report lists them:
 * SIGPIPE (setup()) and whatever it was started with ignored (a busybox
 * init ignores SIGQUIT, nohup SIGHUP). */
static const char *ignored_here(void)
{
	static char list[256];
	struct sigaction sa;
	int sig;

	list[0] = '\0';
	for (sig = 1; sig < NSIG; sig++)
		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			list_add(list, sizeof(list), sig);
	return list;
}

/* The parent's handler is still there (the child's reset was its own) and
 * the program starts with the ignored signals still ignored and SIGUSR2
 * blocked. */
static void check_signals_after_spawn(void)
{
	struct sigaction sa;

	ck_assert_int_eq(sigaction(SIGUSR1, NULL, &sa), 0);
	ck_assert_msg(sa.sa_handler == handler, "the parent's handler was reset");
	ck_assert_str_eq(report_get("caught"), "");
	ck_assert_str_eq(report_get("ignored"), ignored_here());
	ck_assert_str_eq(report_get("blocked"), "12");
}

static const unsigned int spawn_hooks[] = {
	EGG__HOOK_NO_CLONE3,
	EGG__HOOK_NO_CLEAR_SIGHAND,
	EGG__HOOK_NO_CLONE3 | EGG__HOOK_NO_CLOSE_RANGE,
};

START_TEST(spawn_without)
{
	struct egg *egg = egg_new();

	egg__hook_enosys = spawn_hooks[_i];
	ck_assert_int_eq(egg_close_range(egg, 3, ~0U, 0), 0);
	run_report(egg);
	ck_assert_str_eq(report_get("fds"), "0,1,2");
	check_signals_after_spawn();
	egg_free(egg);
}
END_TEST

/* Under the filter: spawns work, handlers are reset, and a pidfd is
 * there exactly when clone3 is. */
START_TEST(spawn_on_old_kernel)
{
	struct egg *egg = egg_new();
	char *argv[] = { "true", NULL };
	struct egg_fault f;
	int err, pidfd = -7;

	ck_assert_int_eq(egg_close_range(egg, 3, ~0U, 0), 0);
	run_report(egg);
	ck_assert_str_eq(report_get("fds"), "0,1,2");
	check_signals_after_spawn();
	err = egg_pidfd_spawn(&pidfd, "/bin/true", NULL, 0, argv, NULL, &f);
	if (old_kernel->clone3) {
		ck_assert_int_eq(err, ENOSYS);
		ck_assert_int_eq(pidfd, -7);
		ck_assert_msg(t_no_child(), "something was spawned");
	} else {
		ck_assert_int_eq(err, 0);
		ck_assert_int_ge(pidfd, 0);
		ck_assert_int_eq(waitid(P_PIDFD, (id_t)pidfd, NULL, WEXITED), 0);
		close(pidfd);
	}
	egg_free(egg);
}
END_TEST

START_TEST(pidfd_spawn_enosys)
{
	struct t_state st;
	struct egg_fault f;
	int err, pidfd = -7;
	char *argv[] = { "true", NULL };

	egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	t_state_save(&st);
	err = egg_pidfd_spawn(&pidfd, "/bin/true", NULL, 0, argv, NULL, &f);
	t_expect_state(&st, "nothing spawned");
	ck_assert_msg(err == ENOSYS, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(f.error, ENOSYS);
	ck_assert_int_eq(pidfd, -7);
}
END_TEST

START_TEST(sfork_pidfd_enosys)
{
	struct t_state st;
	int r, pidfd = -7;

	egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	t_state_save(&st);
	r = sfork_pidfd(&pidfd);
	if (r == 0)
		r = sfork_exit(0);	/* not reached without clone3 */
	t_expect_state(&st, "nothing spawned");
	ck_assert_int_eq(r, -ENOSYS);
	ck_assert_int_eq(pidfd, -7);
}
END_TEST

static TCase *range_tcase(Suite *s, const char *name, void (*hook)(void))
{
	TCase *tc = t_tcase(s, name, 60);

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_checked_fixture(tc, hook, NULL);
	tcase_add_loop_test(tc, close_range_exact, 0, T_ARRAY_SIZE(range_cases));
	tcase_add_loop_test(tc, keep_exact, 0, T_ARRAY_SIZE(keep_lists));
	return tc;
}

static Suite *enosys_suite(void)
{
	Suite *s = suite_create(no_proc_mode ? "fault-enosys --no-proc" : "fault-enosys");
	unsigned int k;
	TCase *tc;

	range_tcase(s, "close_range fallback", hook_set_close_range);
	if (no_proc_mode)
		return s;
	/* The real system call, for comparison: the same table must pass. */
	range_tcase(s, "close_range native", hook_clear);
	tc = t_tcase(s, "clone", 60);
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, spawn_without, 0, T_ARRAY_SIZE(spawn_hooks));
	tcase_add_test(tc, pidfd_spawn_enosys);
	tcase_add_test(tc, sfork_pidfd_enosys);
	for (k = 0; k < EGG_ARRAY_SIZE(old_kernels); k++) {
		/* Under an outer filter (tests/seccomp-enosys clone3, as the
		 * aarch64 lane runs the suite) no filter can give clone3 back. */
		if (!old_kernels[k].clone3 && !t_have_clone3()) {
			printf("not run: %s, clone3 answers ENOSYS already\n", old_kernels[k].name);
			continue;
		}
		tc = range_tcase(s, old_kernels[k].name, old_kernel_setup[k]);
		tcase_add_test(tc, spawn_on_old_kernel);
	}
	return s;
}

/* A mount namespace without /proc, so that /proc/self/fd cannot be read.
 * Returns 0, or prints why not and returns -1. */
static int proc_hide(void)
{
	int fd;

	if (geteuid() != 0) {
		printf("SKIP: hiding /proc needs a mount namespace, and that needs root\n");
		return -1;
	}
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		printf("SKIP: no mount namespace here: %s\n", strerror(errno));
		return -1;
	}
	if (umount2("/proc", MNT_DETACH) != 0 && errno != EINVAL) {
		printf("SKIP: cannot unmount /proc in a new namespace: %s\n", strerror(errno));
		return -1;
	}
	fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		printf("FAIL: /proc/self/fd still readable after unmounting /proc\n");
		exit(1);
	}
	return 0;
}

int main(int argc, char **argv)
{
	no_proc_mode = argc > 1 && !strcmp(argv[1], "--no-proc");
	if (no_proc_mode && proc_hide() != 0)
		return 77;
	return t_run(enosys_suite());
}
