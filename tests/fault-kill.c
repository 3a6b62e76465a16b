/* SPDX-License-Identifier: MIT */
/*
 * The child killed with SIGKILL while an op blocks (an egg open of a FIFO
 * nobody opens the other end of): egg_spawn must come back with
 * EOWNERDEAD, the child reaped, and the caller's fd table, signal mask and
 * errno as they were.  Another thread of the parent finds the child in
 * /proc, blocked in openat, and kills it.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <egg.h>

#include "egg-util.h"

static char fifo[PATH_MAX];
static char *argv_true[] = { "true", NULL };

struct killer {
	pthread_t thread;
	pid_t parent;
	pid_t victim;		/* the child it killed */
};

/* The pid of a child of parent that is blocked in openat, or 0. */
static pid_t blocked_child(pid_t parent)
{
	char path[64], line[512];
	struct dirent *d;
	pid_t found = 0;
	DIR *dir = opendir("/proc");
	FILE *f;

	if (!dir)
		return 0;
	while (!found && (d = readdir(dir))) {
		pid_t pid = (pid_t)atoi(d->d_name);
		int ppid = 0;
		long nr = -1;
		char state = 0;
		char *p;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		f = fopen(path, "re");
		if (!f)
			continue;
		/* The name can hold spaces and parentheses: parse after the last ')'. */
		if (fgets(line, sizeof(line), f) && (p = strrchr(line, ')')))
			sscanf(p + 1, " %c %d", &state, &ppid);
		fclose(f);
		if (ppid != parent || state != 'S')
			continue;
		/* Blocked in openat, if we may look (root, or ptrace allowed);
		 * else sleeping is enough: the egg sleeps nowhere else. */
		snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
		f = fopen(path, "re");
		if (!f || (fscanf(f, "%ld", &nr) == 1 && nr == SYS_openat))
			found = pid;
		if (f)
			fclose(f);
	}
	closedir(dir);
	return found;
}

static void *killer_run(void *arg)
{
	struct killer *k = arg;
	pid_t pid;

	/* No time limit here: the test's timeout is the bound. */
	while (!(pid = blocked_child(k->parent)))
		usleep(1000);
	k->victim = pid;
	kill(pid, SIGKILL);
	return NULL;
}

/* After the caller's state is saved: the killer's own fds come and go. */
static void killer_start(struct killer *k, const struct t_state *st)
{
	sigset_t all, old;

	k->parent = getpid();
	k->victim = 0;
	/* The killer must not take the caller's signals. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ck_assert_int_eq(pthread_create(&k->thread, NULL, killer_run, k), 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = st->err;
}

static void setup(void)
{
	snprintf(fifo, sizeof(fifo), "%s/fifo", t_tmpdir());
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
}

/* An egg that blocks in its second op, an open of the FIFO. */
static struct egg *blocking_egg(int oflag)
{
	struct egg *egg = egg_new();

	ck_assert_ptr_nonnull(egg);
	ck_assert_int_eq(egg_umask(egg, 022), 0);
	ck_assert_int_eq(egg_open(egg, 5, fifo, oflag, 0), 0);
	ck_assert_int_eq(egg_close(egg, 5), 0);
	return egg;
}

/* A mask of the caller's that the spawn must give back. */
static void caller_mask_set(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGWINCH);
	ck_assert_int_eq(sigprocmask(SIG_SETMASK, &set, NULL), 0);
}

static void check_killed(int err, const struct egg_fault *f, const struct killer *k,
			 const struct t_state *st)
{
	t_expect_state(st, "killed in its open");
	ck_assert_msg(err == EOWNERDEAD, "got %d (%s)", err, strerror(err));
	ck_assert_int_eq(f->error, EOWNERDEAD);
	ck_assert_int_eq(f->stage, EGG_STAGE_DIED);
	ck_assert_int_gt(k->victim, 0);
	ck_assert_msg(waitpid(k->victim, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD,
		      "the killed child %d was not reaped", k->victim);
}

/* The same thread spawns again and it works: its sfork state is sound. */
static void check_spawn_after(void)
{
	pid_t pid;
	int status;

	ck_assert_int_eq(egg_spawn(&pid, "/bin/true", NULL, 0, argv_true, NULL, NULL), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static const int open_modes[] = { O_RDONLY, O_WRONLY };

START_TEST(kill_in_open)
{
	struct egg *egg = blocking_egg(open_modes[_i]);
	struct t_state st;
	struct egg_fault f;
	struct killer k;
	pid_t pid = -7;
	int err;

	caller_mask_set();
	t_state_save(&st);
	killer_start(&k, &st);
	err = egg_spawn(&pid, "/bin/true", egg_data(egg), egg_size(egg), argv_true, NULL, &f);
	check_killed(err, &f, &k, &st);
	ck_assert_int_eq(pid, -7);
	pthread_join(k.thread, NULL);
	check_spawn_after();
	egg_free(egg);
}
END_TEST

START_TEST(kill_in_open_pidfd)
{
	struct egg *egg = blocking_egg(O_RDONLY);
	struct t_state st;
	struct egg_fault f;
	struct killer k;
	int err, pidfd = -7;

	caller_mask_set();
	t_state_save(&st);
	killer_start(&k, &st);
	err = egg_pidfd_spawn(&pidfd, "/bin/true", egg_data(egg), egg_size(egg), argv_true,
			      NULL, &f);
	if (err == ENOSYS) {
		printf("kill_in_open_pidfd: no clone3 here, nothing to check\n");
		fflush(stdout);
		pthread_cancel(k.thread);
		return;
	}
	/* t_state_diff also shows a leaked pidfd. */
	check_killed(err, &f, &k, &st);
	ck_assert_int_eq(pidfd, -7);
	pthread_join(k.thread, NULL);
	check_spawn_after();
	egg_free(egg);
}
END_TEST

START_TEST(kill_in_open_spawnp)
{
	struct egg *egg = blocking_egg(O_RDONLY);
	struct t_state st;
	struct egg_fault f;
	struct killer k;
	pid_t pid = -7;
	int err;

	t_state_save(&st);
	killer_start(&k, &st);
	err = egg_spawnp(&pid, "true", egg_data(egg), egg_size(egg), argv_true, NULL, &f);
	check_killed(err, &f, &k, &st);
	pthread_join(k.thread, NULL);
	check_spawn_after();
	egg_free(egg);
}
END_TEST

static Suite *kill_suite(void)
{
	Suite *s = suite_create("fault-kill");
	TCase *tc = t_tcase(s, "kill", 60);

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, kill_in_open, 0, 2);
	tcase_add_test(tc, kill_in_open_pidfd);
	tcase_add_test(tc, kill_in_open_spawnp);
	return s;
}

int main(void)
{
	return t_run(kill_suite());
}
