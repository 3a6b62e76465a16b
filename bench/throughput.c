/* SPDX-License-Identifier: MIT */
/*
 * Spawns per second from several threads at once: each thread spawns and
 * reaps its own children in a loop until told to stop.  The threads start
 * together at a barrier, so the clock covers only the time they all run.
 * Besides the rate, the CPU time each spawn took (ours and the child's)
 * and how busy the whole machine was: when two threads do not make twice
 * the spawns, these say whether the spawns got dearer or the CPUs were
 * taken.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawnbench.h"

#define MAX_THREADS 64

/* The control: work of about a spawn's length that needs nothing but a
 * CPU.  How it scales from one thread to two is the most any spawn can
 * on this machine at this time. */
#define SPIN_LOOPS 200000

static const struct spawn_method control = {
	"cpu-bound", "a loop of about a spawn's length, no system call", NULL, 0
};

struct tp_thread {
	pthread_t tid;
	const struct spawn_method *m;
	pthread_barrier_t *start;
	unsigned long count;
	int failed;
};

static int stop;

static void spin(void)
{
	volatile unsigned long n;

	for (n = 0; n < SPIN_LOOPS; n++)
		;
}

static int spawn_and_reap(const struct spawn_method *m)
{
	pid_t pid;
	int status;

	if (!m->spawn) {
		spin();
		return 0;
	}
	if (m->spawn(&pid))
		return -1;
	if (waitpid(pid, &status, 0) != pid || status != 0)
		return -1;
	return 0;
}

static void *tp_loop(void *arg)
{
	struct tp_thread *t = arg;

	pthread_barrier_wait(t->start);
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (spawn_and_reap(t->m)) {
			t->failed = 1;
			break;
		}
		t->count++;
	}
	return NULL;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts))
		;
}

/* A thread that cannot start would leave the others at the barrier for
 * ever: give up on the whole run instead. */
static void tp_start(struct tp_thread *t, unsigned int n,
		     const struct spawn_method *m, pthread_barrier_t *start)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		t[i] = (struct tp_thread){ .m = m, .start = start };
		if (pthread_create(&t[i].tid, NULL, tp_loop, &t[i])) {
			fprintf(stderr, "spawnbench: cannot start a thread\n");
			exit(1);
		}
	}
}

static long ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

static double cpu_ns(void)
{
	struct rusage self, children;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	return (self.ru_utime.tv_sec + self.ru_stime.tv_sec +
		children.ru_utime.tv_sec + children.ru_stime.tv_sec) * 1e9 +
	       (self.ru_utime.tv_usec + self.ru_stime.tv_usec +
		children.ru_utime.tv_usec + children.ru_stime.tv_usec) * 1e3;
}

/* The machine's busy and total time so far, in clock ticks. */
static void machine_ticks(double *busy, double *total)
{
	unsigned long long v[10] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int i;

	*busy = *total = 0;
	if (!f)
		return;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1],
		   &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]) >= 4) {
		/* idle and iowait are the only time nobody ran; guest time is
		 * already in user time. */
		for (i = 0; i < 8; i++)
			*total += (double)v[i];
		*busy = *total - (double)v[3] - (double)v[4];
	}
	fclose(f);
}

int throughput_run(const struct spawn_method *m, unsigned int nthreads,
		   unsigned int ms, struct tp_result *res)
{
	struct tp_thread t[MAX_THREADS];
	pthread_barrier_t start;
	double cpu0, busy0, total0, busy1, total1;
	unsigned long total = 0;
	unsigned int i;
	int failed = 0;
	uint64_t t0;

	if (nthreads < 1 || nthreads > MAX_THREADS)
		return -1;
	__atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
	pthread_barrier_init(&start, NULL, nthreads + 1);
	tp_start(t, nthreads, m, &start);
	pthread_barrier_wait(&start);
	t0 = now_ns();
	cpu0 = cpu_ns();
	machine_ticks(&busy0, &total0);
	sleep_ms(ms);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < nthreads; i++) {
		pthread_join(t[i].tid, NULL);
		total += t[i].count;
		failed |= t[i].failed;
	}
	t0 = now_ns() - t0;
	machine_ticks(&busy1, &total1);
	pthread_barrier_destroy(&start);
	if (failed || !total) {
		fprintf(stderr, "spawnbench: %s failed in a throughput thread\n", m->name);
		return -1;
	}
	res->per_s = (double)total * 1e9 / (double)t0;
	res->cpu_us = (cpu_ns() - cpu0) / 1e3 / (double)total;
	res->busy = total1 > total0 ? (busy1 - busy0) / (total1 - total0) : 0;
	res->ours = res->cpu_us * 1e3 * (double)total / (double)t0 / (double)ncpus();
	return 0;
}

/* The methods run from threads, then the control. */
struct tp_set {
	const struct spawn_method *m[MAX_METHODS + 1];
	int k[MAX_METHODS + 1];		/* index in run->method, -1: the control */
	size_t n;
	struct tp_result r[MAX_METHODS + 1][MAX_THREAD_COUNTS][MAX_TRIALS];
};

static void tp_set_init(const struct run *run, struct tp_set *ts)
{
	size_t k;

	ts->n = 0;
	for (k = 0; k < run->nmethods; k++) {
		if (!(run->method[k]->flags & METHOD_THROUGHPUT))
			continue;
		ts->k[ts->n] = (int)k;
		ts->m[ts->n++] = run->method[k];
	}
	ts->k[ts->n] = -1;
	ts->m[ts->n++] = &control;
}

/* One trial of every method and thread count, in a shuffled order. */
static int tp_trial(const struct run *run, struct tp_set *ts, unsigned int trial)
{
	unsigned int order[(MAX_METHODS + 1) * MAX_THREAD_COUNTS], n = 0, i;
	size_t k, t;

	for (k = 0; k < ts->n; k++)
		for (t = 0; t < run->nthreads; t++)
			order[n++] = (unsigned int)(k * MAX_THREAD_COUNTS + t);
	shuffle(order, n);
	for (i = 0; i < n; i++) {
		k = order[i] / MAX_THREAD_COUNTS;
		t = order[i] % MAX_THREAD_COUNTS;
		if (throughput_run(ts->m[k], run->threads[t], run->tp_ms, &ts->r[k][t][trial]))
			return -1;
	}
	return 0;
}

/* The median of one measure over the trials. */
static double tp_median(const struct run *run, const struct tp_result *r, int what)
{
	uint64_t v[MAX_TRIALS];
	struct summary s;
	unsigned int i;

	for (i = 0; i < run->tp_trials; i++)
		v[i] = (uint64_t)(1000 * (what == 0 ? r[i].per_s :
					  what == 1 ? r[i].cpu_us :
					  what == 2 ? 100 * r[i].busy : 100 * r[i].ours));
	summarize(v, run->tp_trials, &s);
	return s.median / 1000;
}

static void tp_report_one(struct run *run, const struct tp_set *ts, size_t k, size_t t,
			  FILE *csv)
{
	uint64_t v[MAX_TRIALS];
	struct summary s;
	char kind[32];
	unsigned int i;

	for (i = 0; i < run->tp_trials; i++)
		v[i] = (uint64_t)ts->r[k][t][i].per_s;
	summarize(v, run->tp_trials, &s);
	if (ts->k[k] >= 0)
		run->tp[ts->k[k]][t] = s.median;
	else
		run->tp_control[t] = s.median;
	printf("%-14s %7u %9.0f %9.0f %9.0f %12.1f %5.0f%% %7.0f%%\n", ts->m[k]->name,
	       run->threads[t], s.median, s.p10, s.p90, tp_median(run, ts->r[k][t], 1),
	       tp_median(run, ts->r[k][t], 3), tp_median(run, ts->r[k][t], 2));
	snprintf(kind, sizeof(kind), "per_s_%u_threads", run->threads[t]);
	report_csv_row(csv, kind, "small", ts->m[k]->name, &s, 1, NULL);
}

static void tp_report(struct run *run, const struct tp_set *ts, FILE *csv)
{
	size_t k, t;

	printf("throughput, small parent, %u trials of %u ms, medians "
	       "(%s: %s)\n", run->tp_trials, run->tp_ms, control.name, control.what);
	printf("%-14s %7s %9s %9s %9s %12s %6s %8s\n", "method", "threads", "per s", "p10",
	       "p90", "CPU us each", "ours", "machine");
	for (k = 0; k < ts->n; k++)
		for (t = 0; t < run->nthreads; t++)
			tp_report_one(run, ts, k, t, csv);
	printf("(CPU us each: our and the children's CPU time per spawn; ours: that\n"
	       " time as a share of all CPUs; machine: how busy all CPUs were, with\n"
	       " whatever else ran)\n\n");
	run->tp_done = 1;
}

int throughput_all(struct run *run, FILE *csv)
{
	struct tp_set *ts = calloc(1, sizeof(*ts));
	unsigned int i;
	int err = 0;

	if (!ts)
		return -1;
	tp_set_init(run, ts);
	for (i = 0; i < run->tp_trials && !err; i++)
		err = tp_trial(run, ts, i);
	if (!err)
		tp_report(run, ts, csv);
	free(ts);
	return err;
}
