/* SPDX-License-Identifier: MIT */
/*
 * asyncbench: what egg_aspawn() buys, against egg_spawn(), both spawning
 * bench/stamp with an empty egg, in one run so that the ratios share the
 * machine's state.
 *
 *  - blocked: rounds of one egg_spawn() and one egg_aspawn(), in shuffled
 *    order.  For egg_spawn() the time in the call (it returns after the
 *    exec); for egg_aspawn() the time in the call, and the time in every
 *    library call the spawn needs (egg_aspawn, each egg_child_result,
 *    egg_child_free).  Target: the latter's median at most 0.35 times the
 *    former's.
 *  - throughput: trials of a loop of egg_spawn() and waitpid(), and of one
 *    thread keeping 8 egg_aspawn() in flight (poll on their fds, the
 *    programs reaped with waitpid(-1, WNOHANG)), alternately.  Target:
 *    the median of the second at least 1.6 times the first's.
 *
 *	asyncbench [--rounds N] [--trials N] [--trial-ms MS]
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <egg.h>

#define IN_FLIGHT 8
#define STAMP_FD 3

static char stamp[PATH_MAX];
static char *stamp_argv[] = { "stamp", NULL };

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "asyncbench: %s: %s\n", what, strerror(err));
	exit(1);
}

static void reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("waitpid", errno);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("the stamp program failed", EIO);
}

static uint64_t time_spawn(void)
{
	uint64_t t0, t1;
	pid_t pid;
	int err;

	t0 = now_ns();
	err = egg_spawn(&pid, stamp, NULL, 0, stamp_argv, NULL, NULL);
	t1 = now_ns();
	if (err)
		die("egg_spawn", err);
	reap(pid);
	return t1 - t0;
}

/* The time in egg_aspawn() alone in *call; the time in every call of the
 * spawn is returned. */
static uint64_t time_aspawn(uint64_t *call)
{
	struct egg_child *c;
	struct pollfd p = { .events = POLLIN };
	uint64_t t0, t1, in_lib;
	pid_t pid;
	int err;

	t0 = now_ns();
	err = egg_aspawn(&c, AT_FDCWD, stamp, NULL, 0, stamp_argv, NULL, 0);
	t1 = now_ns();
	if (err)
		die("egg_aspawn", err);
	*call = in_lib = t1 - t0;
	p.fd = egg_child_fd(c);
	for (;;) {
		if (poll(&p, 1, -1) < 0)
			die("poll", errno);
		t0 = now_ns();
		err = egg_child_result(c, &pid, NULL, NULL);
		in_lib += now_ns() - t0;
		if (err != EINPROGRESS)
			break;
	}
	if (err)
		die("egg_child_result", err);
	t0 = now_ns();
	egg_child_free(c);
	in_lib += now_ns() - t0;
	reap(pid);
	return in_lib;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double median(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

static double spawn_loop(uint64_t ns)
{
	uint64_t start = now_ns(), n = 0;
	pid_t pid;
	int err;

	while (now_ns() - start < ns) {
		err = egg_spawn(&pid, stamp, NULL, 0, stamp_argv, NULL, NULL);
		if (err)
			die("egg_spawn", err);
		reap(pid);
		n++;
	}
	return (double)n * 1e9 / (double)(now_ns() - start);
}

static void reap_ready(void)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			die("the stamp program failed", EIO);
}

/* Takes slot i's result if it is in, and starts the next spawn there. */
static int slot_turn(struct egg_child **slot, int starting)
{
	pid_t pid;
	int err;

	if (*slot) {
		err = egg_child_result(*slot, &pid, NULL, NULL);
		if (err == EINPROGRESS)
			return 0;
		if (err)
			die("egg_child_result", err);
		egg_child_free(*slot);
		*slot = NULL;
	}
	if (starting) {
		err = egg_aspawn(slot, AT_FDCWD, stamp, NULL, 0, stamp_argv, NULL, 0);
		if (err)
			die("egg_aspawn", err);
	}
	return 1;
}

static double aspawn_in_flight(uint64_t ns)
{
	struct egg_child *slot[IN_FLIGHT] = { 0 };
	struct pollfd p[IN_FLIGHT];
	uint64_t start = now_ns(), n = 0;
	int i, busy, starting = 1;

	for (;;) {
		starting = now_ns() - start < ns;
		busy = 0;
		for (i = 0; i < IN_FLIGHT; i++) {
			int had = slot[i] != NULL;

			if (slot_turn(&slot[i], starting) && had)
				n++;
			p[i] = (struct pollfd){ .fd = slot[i] ? egg_child_fd(slot[i]) : -1,
						.events = POLLIN };
			busy += slot[i] != NULL;
		}
		reap_ready();
		if (!busy)
			break;
		if (poll(p, IN_FLIGHT, -1) < 0)
			die("poll", errno);
	}
	while (waitpid(-1, NULL, 0) > 0)
		;
	return (double)n * 1e9 / (double)(now_ns() - start);
}

static void stamp_setup(void)
{
	char self[PATH_MAX - 16];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;
	int fd;

	if (n < 0)
		die("/proc/self/exe", errno);
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	snprintf(stamp, sizeof(stamp), "%s/stamp", self);
	if (access(stamp, X_OK))
		die(stamp, errno);
	/* The stamp writes its timestamp to fd 3; here nobody reads it. */
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || (fd != STAMP_FD && dup2(fd, STAMP_FD) != STAMP_FD))
		die("/dev/null", errno);
	if (fd != STAMP_FD)
		close(fd);
}

static unsigned long arg_num(int argc, char **argv, const char *name, unsigned long def)
{
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return strtoul(argv[i + 1], NULL, 10);
	return def;
}

int main(int argc, char **argv)
{
	size_t rounds = arg_num(argc, argv, "--rounds", 2000);
	size_t trials = arg_num(argc, argv, "--trials", 7);
	uint64_t trial_ns = arg_num(argc, argv, "--trial-ms", 400) * 1000000u;
	uint64_t *sync = calloc(rounds, sizeof(uint64_t));
	uint64_t *call = calloc(rounds, sizeof(uint64_t));
	uint64_t *all = calloc(rounds, sizeof(uint64_t));
	double *loop = calloc(trials, sizeof(double)), *flight = calloc(trials, sizeof(double));
	double ms, ma, mc, tl, tf;
	uint64_t tl_u[64], tf_u[64];
	size_t i;

	if (!rounds || !trials || trials > 64 || !sync || !call || !all || !loop || !flight)
		die("arguments", EINVAL);
	stamp_setup();
	srand(1);
	for (i = 0; i < rounds; i++) {
		if (rand() & 1) {
			sync[i] = time_spawn();
			all[i] = time_aspawn(&call[i]);
		} else {
			all[i] = time_aspawn(&call[i]);
			sync[i] = time_spawn();
		}
	}
	for (i = 0; i < trials; i++) {
		if (i & 1) {
			flight[i] = aspawn_in_flight(trial_ns);
			loop[i] = spawn_loop(trial_ns);
		} else {
			loop[i] = spawn_loop(trial_ns);
			flight[i] = aspawn_in_flight(trial_ns);
		}
		tl_u[i] = (uint64_t)loop[i];
		tf_u[i] = (uint64_t)flight[i];
	}
	ms = median(sync, rounds);
	mc = median(call, rounds);
	ma = median(all, rounds);
	tl = median(tl_u, trials);
	tf = median(tf_u, trials);
	printf("== egg_aspawn against egg_spawn, %zu rounds; medians in us\n", rounds);
	printf("egg_spawn, in the call (returns after the exec):   %8.1f\n", ms / 1000);
	printf("egg_aspawn, in the call:                           %8.1f  (%.2fx)\n",
	       mc / 1000, mc / ms);
	printf("egg_aspawn, in every call (aspawn, results, free): %8.1f  (%.2fx)\n",
	       ma / 1000, ma / ms);
	printf("== spawns per second, medians of %zu trials of %llu ms\n", trials,
	       (unsigned long long)(trial_ns / 1000000));
	printf("a loop of egg_spawn + waitpid:       %8.0f\n", tl);
	printf("one thread, %d egg_aspawn in flight: %8.0f  (%.2fx)\n", IN_FLIGHT, tf, tf / tl);
	printf("target: blocked per spawn <= 0.35x egg_spawn: %.2fx (every call) %s\n",
	       ma / ms, ma / ms <= 0.35 ? "met" : "NOT met");
	printf("target: %d in flight >= 1.6x a loop: %.2fx %s\n", IN_FLIGHT, tf / tl,
	       tf / tl >= 1.6 ? "met" : "NOT met");
	free(sync);
	free(call);
	free(all);
	free(loop);
	free(flight);
	return 0;
}
