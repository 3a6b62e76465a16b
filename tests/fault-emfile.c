/* SPDX-License-Identifier: MIT */
/*
 * The parent out of fds: RLIMIT_NOFILE set to the fds it has, every slot
 * below it used.  A plain spawn needs no fd and must work; a pidfd needs
 * one and must fail with EMFILE, spawning nothing; an egg open fails with
 * EMFILE at its own index, and an egg that closes one first succeeds.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>
#include <sfork.h>

#include "egg-util.h"

/* Slots to fill above the highest fd the test starts with. */
#define ROOM 4

static int limit;		/* the soft RLIMIT_NOFILE: no fd can be this high */
static rlim_t saved_limit;
static int first_filler;	/* setup's fds: first_filler to limit - 1 */
static char *argv_true[] = { "true", NULL };

/* Fill every free slot below the new limit with a close-on-exec fd, as a
 * real program's would be; the exec then drops them. */
static void setup(void)
{
	struct rlimit rl;
	int fd, top = 0;

	for (fd = 0; fd < T_FD_MAX; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			top = fd;
	limit = top + 1 + ROOM;
	ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &rl), 0);
	saved_limit = rl.rlim_cur;
	rl.rlim_cur = (rlim_t)limit;
	ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &rl), 0);
	first_filler = -1;
	while ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0) {
		ck_assert_int_lt(fd, limit);
		if (first_filler < 0)
			first_filler = fd;
	}
	ck_assert_int_eq(errno, EMFILE);
}

/* Give the fds back: what runs at exit (LeakSanitizer, say) may need some. */
static void teardown(void)
{
	struct rlimit rl;
	int fd;

	for (fd = first_filler; fd >= 0 && fd < limit; fd++)
		close(fd);
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = saved_limit;
	setrlimit(RLIMIT_NOFILE, &rl);
}

static void wait_true(pid_t pid)
{
	int status;

	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
}

START_TEST(emfile_spawn_works)
{
	struct egg *egg = egg_new();
	struct egg_fault f;
	pid_t pid;

	ck_assert_int_eq(egg_umask(egg, 022), 0);
	ck_assert_int_eq(egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true,
				   NULL, &f), 0);
	wait_true(pid);
	ck_assert_int_eq(egg_spawnp(&pid, "true", NULL, 0, argv_true, NULL, &f), 0);
	wait_true(pid);
	egg_free(egg);
}
END_TEST

START_TEST(emfile_egg_open)
{
	struct egg *egg = egg_new();
	struct t_state st;
	struct egg_fault f;
	size_t at;
	pid_t pid = -7;
	int err;

	ck_assert_int_eq(egg_umask(egg, 022), 0);
	at = egg_size(egg);
	ck_assert_int_eq(egg_open(egg, 3, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_setsid(egg), 0);
	t_state_save(&st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true, NULL, &f);
	t_expect_state(&st, "open with no free fd");
	ck_assert_msg(err == EMFILE, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(f.error, EMFILE);
	ck_assert_uint_eq(f.index, 1);
	ck_assert_uint_eq(f.opcode, EGG_OP_OPEN);
	ck_assert_uint_eq(f.offset, at);
	ck_assert_int_eq(pid, -7);
	egg_free(egg);
}
END_TEST

START_TEST(emfile_egg_close_then_open)
{
	struct egg *egg = egg_new();
	struct egg_fault f;
	pid_t pid;

	ck_assert_int_eq(egg_close(egg, limit - 1), 0);
	ck_assert_int_eq(egg_open(egg, limit - 1, "/dev/null", O_RDONLY, 0), 0);
	ck_assert_int_eq(egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true,
				   NULL, &f), 0);
	wait_true(pid);
	egg_free(egg);
}
END_TEST

START_TEST(emfile_egg_dup2_past_limit)
{
	struct egg *egg = egg_new();
	struct t_state st;
	struct egg_fault f;
	pid_t pid = -7;
	int err;

	ck_assert_int_eq(egg_dup2(egg, 0, limit + 10), 0);
	t_state_save(&st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true, NULL, &f);
	t_expect_state(&st, "dup2 past RLIMIT_NOFILE");
	ck_assert_msg(err == EBADF, "got %d (%s)", err, strerror(err));
	ck_assert_uint_eq(f.index, 0);
	ck_assert_uint_eq(f.opcode, EGG_OP_DUP2);
	ck_assert_uint_eq(f.offset, 0);
	egg_free(egg);
}
END_TEST

START_TEST(emfile_pidfd_spawn)
{
	struct t_state st;
	struct egg_fault f;
	int err, pidfd = -7;

	t_state_save(&st);
	err = egg_pidfd_spawn(&pidfd, "/bin/true", NULL, 0, argv_true, NULL, &f);
	t_expect_state(&st, "pidfd with no free fd");
	ck_assert_msg(err == EMFILE || err == ENOSYS, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(f.error, err);
	ck_assert_int_eq(pidfd, -7);
}
END_TEST

START_TEST(emfile_sfork_pidfd)
{
	struct t_state st;
	int r, pidfd = -7;

	t_state_save(&st);
	r = sfork_pidfd(&pidfd);
	if (r == 0)
		r = sfork_exit(0);	/* not reached: there is no fd for the pidfd */
	t_expect_state(&st, "sfork_pidfd with no free fd");
	ck_assert_msg(r == -EMFILE || r == -ENOSYS, "sfork_pidfd returned %d", r);
}
END_TEST

static Suite *emfile_suite(void)
{
	Suite *s = suite_create("fault-emfile");
	TCase *tc = t_tcase(s, "emfile", 60);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, emfile_spawn_works);
	tcase_add_test(tc, emfile_egg_open);
	tcase_add_test(tc, emfile_egg_close_then_open);
	tcase_add_test(tc, emfile_egg_dup2_past_limit);
	tcase_add_test(tc, emfile_pidfd_spawn);
	tcase_add_test(tc, emfile_sfork_pidfd);
	return s;
}

int main(void)
{
	return t_run(emfile_suite());
}
