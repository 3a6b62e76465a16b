/* SPDX-License-Identifier: MIT */
/*
 * RLIMIT_NPROC reached: the clone fails with EAGAIN and nothing is left
 * behind.  The kernel does not enforce RLIMIT_NPROC on root, so each case
 * (a process of its own, Check's fork mode) first becomes a uid that no
 * process uses, then sets the limit to the number of tasks that uid has:
 * itself.  Needs root for the switch; skipped, saying so, without it.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

#include "egg-util.h"

/* Where to look for a uid no process runs as. */
#define UID_FIRST 61000
#define UID_LAST 61999

static char *argv_true[] = { "true", NULL };

/* Tasks (threads count: the kernel counts tasks) whose real uid is uid. */
static long uid_tasks(uid_t uid)
{
	char path[300], line[256];
	struct dirent *d;
	long n = 0;
	DIR *dir = opendir("/proc");

	ck_assert_ptr_nonnull(dir);
	while ((d = readdir(dir))) {
		unsigned int ruid = ~0U;
		long threads = 0;
		FILE *f;

		if (atoi(d->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			sscanf(line, "Uid: %u", &ruid);
			sscanf(line, "Threads: %ld", &threads);
		}
		fclose(f);
		if (ruid == uid)
			n += threads;
	}
	closedir(dir);
	return n;
}

static uid_t unused_uid(void)
{
	uid_t uid;

	for (uid = UID_FIRST; uid <= UID_LAST; uid++)
		if (uid_tasks(uid) == 0)
			return uid;
	ck_abort_msg("no unused uid in %d-%d", UID_FIRST, UID_LAST);
	return 0;
}

/* Become an unprivileged uid and allow it exactly the tasks it has. */
static void setup(void)
{
	uid_t uid = unused_uid();
	struct rlimit rl;
	long n;

	ck_assert_int_eq(setresgid(uid, uid, uid), 0);
	ck_assert_int_eq(setresuid(uid, uid, uid), 0);
	/* A uid change makes us undumpable, and /proc/self then root's. */
	prctl(PR_SET_DUMPABLE, 1);
	n = uid_tasks(uid);
	ck_assert_int_ge(n, 1);
	/* Room above the soft limit, for limit_raise once unprivileged. */
	rl.rlim_cur = (rlim_t)n;
	rl.rlim_max = (rlim_t)n + 1;
	ck_assert_int_eq(setrlimit(RLIMIT_NPROC, &rl), 0);
}

/* Back to the hard limit, one more than the tasks we had: what runs at
 * exit (LeakSanitizer's tracer, say) may need a task. */
static void teardown(void)
{
	struct rlimit rl;

	getrlimit(RLIMIT_NPROC, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NPROC, &rl);
}

/* One more task allowed: the next spawn must work. */
static void limit_raise(void)
{
	struct rlimit rl;

	ck_assert_int_eq(getrlimit(RLIMIT_NPROC, &rl), 0);
	rl.rlim_cur++;
	ck_assert_int_eq(setrlimit(RLIMIT_NPROC, &rl), 0);
}

static struct egg *small_egg(void)
{
	struct egg *egg = egg_new();

	ck_assert_ptr_nonnull(egg);
	ck_assert_int_eq(egg_umask(egg, 022), 0);
	ck_assert_int_eq(egg_setsid(egg), 0);
	return egg;
}

static void wait_true(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(nproc_spawn)
{
	struct egg *egg = small_egg();
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	t_state_save(&st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true, NULL, &f);
	t_expect_state(&st, "under RLIMIT_NPROC");
	ck_assert_msg(err == EAGAIN, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(f.error, EAGAIN);
	ck_assert_int_eq(f.stage, EGG_STAGE_CHILD);
	ck_assert_uint_eq(f.index, 0);
	ck_assert_uint_eq(f.opcode, 0);
	ck_assert_int_eq(pid, -7);
	limit_raise();
	ck_assert_int_eq(egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true,
				   NULL, &f), 0);
	wait_true(pid);
	egg_free(egg);
}
END_TEST

START_TEST(nproc_pidfd_spawn)
{
	struct t_state st;
	struct egg_fault f;
	int err, pidfd = -7;

	t_state_save(&st);
	err = egg_pidfd_spawn(&pidfd, "/bin/true", NULL, 0, argv_true, NULL, &f);
	t_expect_state(&st, "under RLIMIT_NPROC");
	ck_assert_msg(err == EAGAIN || err == ENOSYS, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(f.error, err);
	ck_assert_int_eq(pidfd, -7);
}
END_TEST

START_TEST(nproc_spawnp)
{
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	t_state_save(&st);
	err = egg_spawnp(&pid, "true", NULL, 0, argv_true, NULL, &f);
	t_expect_state(&st, "under RLIMIT_NPROC");
	ck_assert_msg(err == EAGAIN, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(pid, -7);
}
END_TEST

START_TEST(nproc_sfork)
{
	struct t_state st;
	int r;

	t_state_save(&st);
	r = sfork();
	if (r == 0)
		r = sfork_exit(0);	/* not reached if the limit holds */
	t_expect_state(&st, "under RLIMIT_NPROC");
	ck_assert_msg(r == -EAGAIN, "sfork returned %d", r);
	limit_raise();
	r = sfork();
	if (r == 0)
		r = sfork_exit(3);	/* back in the parent, with the pid */
	ck_assert_int_gt(r, 0);
	ck_assert_int_eq(waitpid(r, &st.err, 0), r);
	ck_assert(WIFEXITED(st.err) && WEXITSTATUS(st.err) == 3);
}
END_TEST

static Suite *nproc_suite(void)
{
	Suite *s = suite_create("fault-nproc");
	TCase *tc = t_tcase(s, "nproc", 60);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, nproc_spawn);
	tcase_add_test(tc, nproc_pidfd_spawn);
	tcase_add_test(tc, nproc_spawnp);
	tcase_add_test(tc, nproc_sfork);
	return s;
}

int main(void)
{
	if (geteuid() != 0) {
		printf("SKIP: RLIMIT_NPROC is tested as an unused uid, "
		       "and switching to one needs root\n");
		return 77;
	}
	return t_run(nproc_suite());
}
