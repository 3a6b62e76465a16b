/* SPDX-License-Identifier: MIT */
/*
 * Stress: threads spawning tests/stress-exit as fast as they can, each
 * child reaped with the status it was told to exit with, while another
 * thread churns malloc and free and another process floods our process
 * group (so the parent and every child in its sfork window) with SIGUSR1
 * and SIGCHLD.  Our handler writes a marker with getpid() to a file; a
 * marker with any pid but ours means a handler of the parent ran in a
 * child.  At the end: every child accounted for, no child or zombie left,
 * the fd table as it was.  A watchdog thread fails the run, saying where
 * each thread was, if it has not ended after the given time.
 *
 *   stress-spawn [-t threads] [-n spawns per thread] [-w watchdog seconds] [-k] [-f]
 *
 * -k fakes a kernel without clone3 (the library's test hook): plain clone,
 * and the child resets the parent's handlers one by one before the exec.
 * -f forces the fork path, as where vfork is fork (valgrind, qemu-user).
 * Exits 0 pass, 1 fail.
 */
#define _GNU_SOURCE 1	/* as config.h has it */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <egg.h>

#include "internal.h"
#include "egg-util.h"
#include "vmshare.h"

#define MAX_THREADS 16
#define BATCH 16		/* children alive at once, per thread */
#define PARENT_MARKERS 1000	/* markers the parent writes; a child's are all kept */
#define MALLOC_SLOTS 256
#define FLOOD_PAUSE_NS 20000	/* between two rounds of the flood */
/* What tests/stress-exit exits with when the egg did not do its job. */
#define STATUS_FD_LEAKED 250
#define STATUS_NOT_BLOCKED 251

struct spawner {
	pthread_t thread;
	unsigned int index;
	unsigned long done;	/* spawns reaped so far */
	const char *failure;	/* set once, then the thread stops */
	char detail[256];
};

static struct {
	unsigned int threads;
	unsigned long spawns;
	unsigned int watchdog;
	int old_kernel;
	int fork_path;
} opt = { 2, 500, 120, 0, 0 };

static char exit_prog[4096];
static char marker_path[] = "/tmp/egg-stress-markers-XXXXXX";
static int marker_fd = -1;
static pid_t parent_pid;
static unsigned long handled_parent, handled_child, marker_errors;
static unsigned long malloc_rounds;
static int stop_churn, all_done;
static struct spawner spawners[MAX_THREADS];

static size_t fmt_ulong(char *out, unsigned long v)
{
	char tmp[24];
	size_t n = 0, i;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/* Async-signal-safe: raw getpid (no cache), one write of "pid sig\n". */
static void on_signal(int sig)
{
	int saved = errno;
	pid_t pid = (pid_t)syscall(SYS_getpid);
	char line[48];
	size_t n;

	if (pid == parent_pid &&
	    __atomic_add_fetch(&handled_parent, 1, __ATOMIC_RELAXED) > PARENT_MARKERS) {
		errno = saved;
		return;
	}
	if (pid != parent_pid)
		__atomic_add_fetch(&handled_child, 1, __ATOMIC_RELAXED);
	n = fmt_ulong(line, (unsigned long)pid);
	line[n++] = ' ';
	n += fmt_ulong(line + n, (unsigned long)sig);
	line[n++] = '\n';
	if (write(marker_fd, line, n) != (ssize_t)n)
		__atomic_add_fetch(&marker_errors, 1, __ATOMIC_RELAXED);
	errno = saved;
}

static void die(const char *what)
{
	fprintf(stderr, "stress: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The flooder: its own process, signalling our whole group until the
 * pipe it reads from is closed (or we die: PDEATHSIG). */
static pid_t flooder_start(int *stop_fd)
{
	struct timespec pause = { 0, FLOOD_PAUSE_NS };
	int p[2];
	char c;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid > 0) {
		close(p[0]);
		*stop_fd = p[1];
		return pid;
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGUSR1, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (read(p[0], &c, 1) < 0 && errno == EAGAIN) {
		kill(-parent_pid, SIGUSR1);
		kill(-parent_pid, SIGCHLD);
		/* A breath, or on two cores the flood starves the spawners
		 * and tests little but the scheduler. */
		nanosleep(&pause, NULL);
	}
	_exit(0);
}

static void *churn_run(void *arg)
{
	void *slot[MALLOC_SLOTS] = { 0 };
	unsigned int seed = 1, i;

	while (!__atomic_load_n(&stop_churn, __ATOMIC_RELAXED)) {
		i = (unsigned int)rand_r(&seed) % MALLOC_SLOTS;
		free(slot[i]);
		slot[i] = malloc(16 + (size_t)rand_r(&seed) % 65536);
		if (slot[i])
			memset(slot[i], (int)i, 16);
		__atomic_add_fetch(&malloc_rounds, 1, __ATOMIC_RELAXED);
	}
	for (i = 0; i < MALLOC_SLOTS; i++)
		free(slot[i]);
	return NULL;
}

/* The egg of every spawn, built afresh each time (more malloc churn):
 * SIGUSR1 blocked for the program, which the flood would kill otherwise,
 * and every fd above 2 closed, which the program checks, but the marker
 * file's: a handler that ran in the child must be able to write there.
 * It is close-on-exec, so the program does not have it. */
static struct egg *spawn_egg(void)
{
	struct egg *egg = egg_new();
	sigset_t set;

	int keep[] = { 0, 1, 2, marker_fd };

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (!egg || egg_umask(egg, 022) || egg_sigmask(egg, &set) ||
	    egg_keep(egg, 4, keep)) {
		egg_free(egg);
		return NULL;
	}
	return egg;
}

static int failed(struct spawner *s, const char *what, unsigned long i, int v)
{
	snprintf(s->detail, sizeof(s->detail), "thread %u, spawn %lu: %s (%d)", s->index, i,
		 what, v);
	s->failure = s->detail;
	return -1;
}

/* Reap the batch, each pid with the status its spawn asked for. */
static int reap_batch(struct spawner *s, const pid_t *pid, unsigned long first,
		      unsigned long n)
{
	unsigned long k;
	int status;
	pid_t r;

	for (k = 0; k < n; k++) {
		do
			r = waitpid(pid[k], &status, 0);
		while (r < 0 && errno == EINTR);
		if (r != pid[k])
			return failed(s, "waitpid failed", first + k, errno);
		if (!WIFEXITED(status))
			return failed(s, "child did not exit; wait status", first + k, status);
		if (WEXITSTATUS(status) == STATUS_FD_LEAKED)
			return failed(s, "the program had an fd above 2", first + k, status);
		if (WEXITSTATUS(status) == STATUS_NOT_BLOCKED)
			return failed(s, "the program started with SIGUSR1 unblocked", first + k,
				      status);
		if (WEXITSTATUS(status) != (int)((first + k) % 200))
			return failed(s, "wrong exit status", first + k, WEXITSTATUS(status));
		s->done++;
	}
	return 0;
}

static int spawn_one(struct spawner *s, unsigned long i, pid_t *pid)
{
	char status[16];
	char *argv[] = { "stress-exit", status, NULL };
	struct egg_fault f;
	struct egg *egg = spawn_egg();
	int err;

	if (!egg)
		return failed(s, "egg build failed", i, 0);
	snprintf(status, sizeof(status), "%lu", i % 200);
	err = egg_spawn(pid, exit_prog, egg_data(egg), egg_size(egg), argv, NULL, &f);
	egg_free(egg);
	if (err)
		return failed(s, "egg_spawn failed", i, err);
	return 0;
}

static void *spawner_run(void *arg)
{
	struct spawner *s = arg;
	pid_t pid[BATCH];
	unsigned long i, n = 0;

	for (i = 0; i < opt.spawns; i++) {
		if (spawn_one(s, i, &pid[n]) != 0)
			break;
		if (++n == BATCH || i + 1 == opt.spawns) {
			if (reap_batch(s, pid, i + 1 - n, n) != 0)
				return NULL;
			n = 0;
		}
	}
	/* After a failed spawn, still reap what the batch made. */
	if (n)
		reap_batch(s, pid, i - n, n);
	return NULL;
}

static void progress_print(FILE *f)
{
	unsigned int t;

	for (t = 0; t < opt.threads; t++)
		fprintf(f, "stress:   thread %u: %lu of %lu spawns reaped\n", t,
			__atomic_load_n(&spawners[t].done, __ATOMIC_RELAXED), opt.spawns);
	fprintf(f, "stress:   malloc rounds %lu, handler runs in the parent %lu\n",
		__atomic_load_n(&malloc_rounds, __ATOMIC_RELAXED),
		__atomic_load_n(&handled_parent, __ATOMIC_RELAXED));
}

static void *watchdog_run(void *arg)
{
	struct timespec tick = { 0, 100 * 1000 * 1000 };
	unsigned long ticks;

	for (ticks = 0; ticks < opt.watchdog * 10UL; ticks++) {
		if (__atomic_load_n(&all_done, __ATOMIC_ACQUIRE))
			return NULL;
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "stress: FAIL: not done after %u s: deadlock or livelock?\n",
		opt.watchdog);
	progress_print(stderr);
	unlink(marker_path);
	_exit(1);
}

/* Every marker: the parent's pid, or a failure naming the child's. */
static int markers_check(void)
{
	FILE *f = fopen(marker_path, "re");
	unsigned long pid, sig, ours = 0, theirs = 0;

	if (!f)
		die("marker file");
	while (fscanf(f, "%lu %lu", &pid, &sig) == 2) {
		if ((pid_t)pid == parent_pid) {
			ours++;
			continue;
		}
		if (theirs++ < 10)
			fprintf(stderr, "stress: FAIL: our handler ran in child %lu (signal %lu)\n",
				pid, sig);
	}
	fclose(f);
	if (theirs || __atomic_load_n(&handled_child, __ATOMIC_RELAXED)) {
		/* The count is in memory the child shares: a second witness. */
		fprintf(stderr, "stress: FAIL: our handler ran %lu times in a child "
			"(%lu markers from children)\n", handled_child, theirs);
		return -1;
	}
	if (__atomic_load_n(&marker_errors, __ATOMIC_RELAXED)) {
		fprintf(stderr, "stress: FAIL: %lu marker writes failed\n", marker_errors);
		return -1;
	}
	if (!ours) {
		fprintf(stderr, "stress: FAIL: the handler never ran: no flood, no test\n");
		return -1;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: stress-spawn [-t threads] [-n spawns] [-w seconds] [-k] [-f]\n");
	exit(2);
}

static void options(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "t:n:w:kf")) != -1) {
		switch (c) {
		case 't':
			opt.threads = (unsigned int)atoi(optarg);
			break;
		case 'n':
			opt.spawns = strtoul(optarg, NULL, 10);
			break;
		case 'w':
			opt.watchdog = (unsigned int)atoi(optarg);
			break;
		case 'k':
			opt.old_kernel = 1;
			break;
		case 'f':
			opt.fork_path = 1;
			break;
		default:
			usage();
		}
	}
	if (!opt.threads || opt.threads > MAX_THREADS || !opt.spawns || !opt.watchdog)
		usage();
}

/* The handler, in every thread but the watchdog's; SA_RESTART is left out
 * on purpose, so that EINTR paths run too. */
static void handlers_install(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) || sigaction(SIGCHLD, &sa, NULL))
		die("sigaction");
}

static pthread_t thread_start(void *(*fn)(void *), void *arg, int quiet)
{
	sigset_t all, old;
	pthread_t t;

	sigfillset(&all);
	if (quiet)
		pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&t, NULL, fn, arg) != 0)
		die("pthread_create");
	if (quiet)
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	return t;
}

static int run(void)
{
	pthread_t churn, dog;
	int stop_fd, status, bad = 0;
	unsigned int t;
	pid_t flooder;

	flooder = flooder_start(&stop_fd);
	dog = thread_start(watchdog_run, NULL, 1);
	churn = thread_start(churn_run, NULL, 0);
	for (t = 0; t < opt.threads; t++) {
		spawners[t].index = t;
		spawners[t].thread = thread_start(spawner_run, &spawners[t], 0);
	}
	for (t = 0; t < opt.threads; t++)
		pthread_join(spawners[t].thread, NULL);
	__atomic_store_n(&stop_churn, 1, __ATOMIC_RELAXED);
	pthread_join(churn, NULL);
	close(stop_fd);
	while (waitpid(flooder, &status, 0) < 0 && errno == EINTR)
		;
	__atomic_store_n(&all_done, 1, __ATOMIC_RELEASE);
	pthread_join(dog, NULL);
	for (t = 0; t < opt.threads; t++) {
		if (spawners[t].failure) {
			fprintf(stderr, "stress: FAIL: %s\n", spawners[t].failure);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct t_state before;
	struct timespec t0, t1;
	const char *diff;
	int bad = 0;

	options(argc, argv);
	snprintf(exit_prog, sizeof(exit_prog), "%s", t_build_path("tests/stress-exit"));
	if (opt.old_kernel)
		egg__hook_enosys = EGG__HOOK_NO_CLONE3;
	if (opt.fork_path)
		egg__vm_sharing = EGG__VM_COPIED;
	parent_pid = getpid();
	/* Our own process group, so that the flood reaches us and our
	 * children only, not the test harness. */
	if (getpgrp() != parent_pid && setpgid(0, 0) != 0)
		die("setpgid");
	marker_fd = mkostemp(marker_path, O_APPEND | O_CLOEXEC);
	if (marker_fd < 0)
		die("mkostemp");
	handlers_install();
	t_state_save(&before);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (run() != 0)
		bad = 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	errno = before.err;	/* only the fds and the mask are compared here */
	diff = t_state_diff(&before);
	if (diff) {
		fprintf(stderr, "stress: FAIL: after the run, %s\n", diff);
		bad = 1;
	}
	if (!t_no_child()) {
		fprintf(stderr, "stress: FAIL: a child or zombie is left\n");
		bad = 1;
	}
	if (markers_check() != 0)
		bad = 1;
	printf("stress: %u threads x %lu spawns, %s%s: %s in %.1f s\n", opt.threads, opt.spawns,
	       opt.old_kernel ? "clone and handler reset (no clone3)" : "clone3",
	       opt.fork_path ? ", fork path" : "",
	       bad ? "FAIL" : "ok",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	progress_print(stdout);
	close(marker_fd);
	unlink(marker_path);
	return bad;
}
