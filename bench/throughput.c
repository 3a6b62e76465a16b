/* SPDX-License-Identifier: MIT */
/*
 * Spawns per second from several threads at once: each thread spawns and
 * reaps its own children in a loop until told to stop.  The threads start
 * together at a barrier, so the clock covers only the time they all run.
 * Besides the rate, the CPU time each spawn took (ours and the child's)
 * and how busy the whole machine was: when two threads do not make twice
 * the spawns, these say whether the spawns got dearer or the CPUs were
 * taken.  The same from as many processes, which share no memory, says
 * whether sharing the process is why.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

struct tp_worker {
	pthread_t tid;
	pid_t pid;
	const struct spawn_method *m;
	unsigned long count;
	int failed;
};

/* In shared memory, so that worker processes see the barrier and the stop
 * flag, and their counts come back. */
struct tp_shared {
	pthread_barrier_t start;
	int stop;
	struct tp_worker w[MAX_THREADS];
};

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

static struct tp_shared *shared;

static void *tp_loop(void *arg)
{
	struct tp_worker *t = arg;

	pthread_barrier_wait(&shared->start);
	while (!__atomic_load_n(&shared->stop, __ATOMIC_RELAXED)) {
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

/* The state of one run, mapped shared once and reused. */
static void tp_shared_init(unsigned int n)
{
	pthread_barrierattr_t attr;

	if (!shared) {
		shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared == MAP_FAILED) {
			fprintf(stderr, "spawnbench: cannot map the throughput state\n");
			exit(1);
		}
	}
	memset(shared->w, 0, sizeof(shared->w));
	shared->stop = 0;
	pthread_barrierattr_init(&attr);
	pthread_barrierattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&shared->start, &attr, n + 1);
	pthread_barrierattr_destroy(&attr);
}

/* A worker process: one thread, the loop, and its children reaped by
 * itself, whose CPU time reaches us when we reap it. */
static pid_t tp_fork(struct tp_worker *w)
{
	pid_t pid = fork();

	if (pid == 0) {
		tp_loop(w);
		_exit(0);
	}
	return pid;
}

/* A worker that cannot start would leave the others at the barrier for
 * ever: give up on the whole run instead. */
static void tp_start(unsigned int n, enum tp_kind kind, const struct spawn_method *m)
{
	struct tp_worker *w;
	unsigned int i;
	int bad;

	for (i = 0; i < n; i++) {
		w = &shared->w[i];
		w->m = m;
		if (kind == TP_PROCESSES) {
			w->pid = tp_fork(w);
			bad = w->pid < 0;
		} else {
			bad = pthread_create(&w->tid, NULL, tp_loop, w) != 0;
		}
		if (bad) {
			fprintf(stderr, "spawnbench: cannot start a worker\n");
			exit(1);
		}
	}
}

static void tp_join(unsigned int n, enum tp_kind kind)
{
	unsigned int i;
	int status;

	for (i = 0; i < n; i++) {
		if (kind == TP_THREADS) {
			pthread_join(shared->w[i].tid, NULL);
			continue;
		}
		if (waitpid(shared->w[i].pid, &status, 0) != shared->w[i].pid || status)
			shared->w[i].failed = 1;
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

int throughput_run(const struct spawn_method *m, unsigned int n, enum tp_kind kind,
		   unsigned int ms, struct tp_result *res)
{
	double cpu0, busy0, total0, busy1, total1;
	unsigned long total = 0;
	unsigned int i;
	int failed = 0;
	uint64_t t0;

	if (n < 1 || n > MAX_THREADS)
		return -1;
	tp_shared_init(n);
	tp_start(n, kind, m);
	pthread_barrier_wait(&shared->start);
	t0 = now_ns();
	cpu0 = cpu_ns();
	machine_ticks(&busy0, &total0);
	sleep_ms(ms);
	__atomic_store_n(&shared->stop, 1, __ATOMIC_RELAXED);
	tp_join(n, kind);
	for (i = 0; i < n; i++) {
		total += shared->w[i].count;
		failed |= shared->w[i].failed;
	}
	t0 = now_ns() - t0;
	machine_ticks(&busy1, &total1);
	pthread_barrier_destroy(&shared->start);
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

/* The methods run from threads and processes, then the control (from
 * threads only: it shares nothing anyway). */
struct tp_set {
	const struct spawn_method *m[MAX_METHODS + 1];
	int k[MAX_METHODS + 1];		/* index in run->method, -1: the control */
	size_t n;
	struct tp_result r[MAX_METHODS + 1][2][MAX_THREAD_COUNTS][MAX_TRIALS];
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

/* Whether (method, kind, thread count) is measured: one process is one
 * thread, and the control runs from threads only. */
static int tp_wanted(const struct run *run, const struct tp_set *ts, size_t k,
		     enum tp_kind kind, size_t t)
{
	return kind == TP_THREADS || (ts->k[k] >= 0 && run->threads[t] > 1);
}

#define TP_CODE(k, kind, t) ((unsigned int)(((k) * 2 + (kind)) * MAX_THREAD_COUNTS + (t)))

/* One trial of every method, kind and thread count, in a shuffled order. */
static int tp_trial(const struct run *run, struct tp_set *ts, unsigned int trial)
{
	unsigned int order[(MAX_METHODS + 1) * 2 * MAX_THREAD_COUNTS], n = 0, i;
	enum tp_kind kind;
	size_t k, t;

	for (k = 0; k < ts->n; k++)
		for (kind = TP_THREADS; kind <= TP_PROCESSES; kind++)
			for (t = 0; t < run->nthreads; t++)
				if (tp_wanted(run, ts, k, kind, t))
					order[n++] = TP_CODE(k, kind, t);
	shuffle(order, n);
	for (i = 0; i < n; i++) {
		t = order[i] % MAX_THREAD_COUNTS;
		kind = (enum tp_kind)(order[i] / MAX_THREAD_COUNTS % 2);
		k = order[i] / MAX_THREAD_COUNTS / 2;
		if (throughput_run(ts->m[k], run->threads[t], kind, run->tp_ms,
				   &ts->r[k][kind][t][trial]))
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

static void tp_report_one(struct run *run, const struct tp_set *ts, size_t k,
			  enum tp_kind kind, size_t t, FILE *csv)
{
	const struct tp_result *r = ts->r[k][kind][t];
	const char *unit = kind == TP_PROCESSES ? "processes" : "threads";
	uint64_t v[MAX_TRIALS];
	struct summary s;
	char kind_name[32], workers[16];
	unsigned int i;

	for (i = 0; i < run->tp_trials; i++)
		v[i] = (uint64_t)r[i].per_s;
	summarize(v, run->tp_trials, &s);
	if (ts->k[k] < 0)
		run->tp_control[t] = s.median;
	else if (kind == TP_PROCESSES)
		run->tp_procs[ts->k[k]][t] = s.median;
	else
		run->tp[ts->k[k]][t] = s.median;
	snprintf(workers, sizeof(workers), "%u%s", run->threads[t],
		 kind == TP_PROCESSES ? " proc" : "");
	printf("%-14s %7s %9.0f %9.0f %9.0f %12.1f %5.0f%% %7.0f%%\n", ts->m[k]->name,
	       workers, s.median, s.p10, s.p90, tp_median(run, r, 1),
	       tp_median(run, r, 3), tp_median(run, r, 2));
	snprintf(kind_name, sizeof(kind_name), "per_s_%u_%s", run->threads[t], unit);
	report_csv_row(csv, kind_name, "small", ts->m[k]->name, &s, 1, NULL);
}

static void tp_report(struct run *run, const struct tp_set *ts, FILE *csv)
{
	enum tp_kind kind;
	size_t k, t;

	printf("throughput, small parent, %u trials of %u ms, medians "
	       "(%s: %s)\n", run->tp_trials, run->tp_ms, control.name, control.what);
	printf("%-14s %7s %9s %9s %9s %12s %6s %8s\n", "method", "threads", "per s", "p10",
	       "p90", "CPU us each", "ours", "machine");
	for (k = 0; k < ts->n; k++)
		for (kind = TP_THREADS; kind <= TP_PROCESSES; kind++)
			for (t = 0; t < run->nthreads; t++)
				if (tp_wanted(run, ts, k, kind, t))
					tp_report_one(run, ts, k, kind, t, csv);
	printf("(N proc: N processes, one thread each, sharing no memory; CPU us\n"
	       " each: our and the children's CPU time per spawn; ours: that time as\n"
	       " a share of all CPUs; machine: how busy all CPUs were, with whatever\n"
	       " else ran)\n\n");
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
