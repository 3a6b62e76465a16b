/* SPDX-License-Identifier: MIT */
/*
 * interpbench: what the egg format costs per instruction, with no system
 * call in the way.  A long egg, a mix of ops with every kind of operand
 * (numbers of one and several bytes, strings, lists), is validated the way
 * egg_spawn validates it in the parent (egg__validate) and run the way the
 * child runs it, with the ops' system calls left out (egg__interp_dry).
 * egg_spawn copies the egg before validating it, which is timed too; and
 * the interpreter as it was before its bounds checks (interp-ref.c) runs
 * on the same egg in the same trials, so that what the checks cost is
 * measured in every run.
 *
 * It runs on each CPU in turn: on a virtual machine one CPU can run at
 * half the speed of another for a while, when the host is busy, and the
 * code's own cost is what the least disturbed CPU shows.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <egg.h>

#include "interp-ref.h"
#include "interp.h"

#define MAX_TRIALS 1000000

/* Short trials, many of them: on a busy machine most trials then run
 * without being preempted, and the median is one of those. */
static struct {
	unsigned int copies;	/* of the mix in the egg */
	unsigned int reps;	/* passes over the egg per trial */
	unsigned int trials;
	const char *outdir;
} opt = { .copies = 100, .reps = 1, .trials = 3001 };

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A daemon's setup and a sandbox's, one of each op kind that matters. */
static int mix_append(struct egg *e)
{
	static const gid_t groups[] = { 4, 24, 27 };
	static const int keep[] = { 0, 1, 2, 3 };
	struct rlimit rl = { 1024, 524288 };
	sigset_t none;

	sigemptyset(&none);
	return egg_setsid(e) ||
	       egg_open(e, 0, "/dev/null", O_RDWR, 0) ||
	       egg_dup2(e, 0, 1) ||
	       egg_open(e, 2, "/var/log/daemon.log", O_WRONLY | O_CREAT | O_APPEND, 0640) ||
	       egg_close_range(e, 4, ~0U, 0) ||
	       egg_setrlimit(e, RLIMIT_NOFILE, &rl) ||
	       egg_umask(e, 022) ||
	       egg_chdir(e, "/var/lib/daemon") ||
	       egg_sigmask(e, &none) ||
	       egg_setgroups(e, 3, groups) ||
	       egg_setresgid(e, 1000, 1000, 1000) ||
	       egg_setresuid(e, 1000, 1000, 1000) ||
	       egg_keep(e, 4, keep) ||
	       egg_setpriority(e, -5) ||
	       egg_no_new_privs(e) ||
	       egg_pdeathsig(e, SIGTERM) ? -1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

/* Nanoseconds per instruction of one trial of egg__validate. */
static double validate_trial(const uint8_t *code, size_t len, size_t count)
{
	uint64_t t0 = now_ns();
	unsigned int r;
	size_t bad;

	for (r = 0; r < opt.reps; r++) {
		if (egg__validate(code, len, &bad) != (long)count) {
			fprintf(stderr, "interpbench: the egg does not validate\n");
			exit(1);
		}
	}
	return (double)(now_ns() - t0) / ((double)opt.reps * (double)count);
}

/* Nanoseconds per instruction of one trial of egg_spawn's copy. */
static double copy_trial(const uint8_t *code, size_t len, size_t count, uint8_t *to)
{
	uint64_t t0 = now_ns();
	unsigned int r;

	for (r = 0; r < opt.reps; r++) {
		memcpy(to, code, len);
		/* Keep the copy: the compiler must not drop it. */
		__asm__ volatile("" : : "r"(to) : "memory");
	}
	return (double)(now_ns() - t0) / ((double)opt.reps * (double)count);
}

typedef int interp_fn(const uint8_t *code, size_t len, struct egg_fault *fault,
		      const struct egg__ctx *ctx);

/* Nanoseconds per instruction of one trial of a dry interpreter. */
static double dispatch_trial(interp_fn *interp, const uint8_t *code, size_t len,
			     size_t count)
{
	struct egg_fault fault;
	uint64_t t0 = now_ns();
	unsigned int r;

	for (r = 0; r < opt.reps; r++) {
		if (interp(code, len, &fault, NULL) || fault.index != count) {
			fprintf(stderr, "interpbench: the dry run failed\n");
			exit(1);
		}
	}
	return (double)(now_ns() - t0) / ((double)opt.reps * (double)count);
}

/* The medians of one CPU, in ns per instruction. */
struct medians {
	double validate, copy, dispatch, ref, checks;
};

static void csv_append(int cpu, const struct medians *m)
{
	char path[PATH_MAX];
	FILE *f;

	if (!opt.outdir)
		return;
	snprintf(path, sizeof(path), "%s/results.csv", opt.outdir);
	f = fopen(path, "a");
	if (!f) {
		fprintf(stderr, "interpbench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	fprintf(f, "interp_ns_per_insn,cpu%d,validate,%u,%.3f,,,,\n", cpu, opt.trials,
		m->validate);
	fprintf(f, "interp_ns_per_insn,cpu%d,copy,%u,%.3f,,,,\n", cpu, opt.trials, m->copy);
	fprintf(f, "interp_ns_per_insn,cpu%d,dispatch,%u,%.3f,,,,\n", cpu, opt.trials,
		m->dispatch);
	fprintf(f, "interp_ns_per_insn,cpu%d,dispatch_unchecked,%u,%.3f,,,,\n", cpu,
		opt.trials, m->ref);
	fprintf(f, "interp_ns_per_insn,cpu%d,checks,%u,%.3f,,,,\n", cpu, opt.trials,
		m->checks);
	fprintf(f, "interp_ns_per_insn,cpu%d,total,%u,%.3f,,,,\n", cpu, opt.trials,
		m->validate + m->copy + m->dispatch);
	if (fclose(f)) {
		fprintf(stderr, "interpbench: cannot write %s\n", path);
		exit(1);
	}
}

static double *samples(void)
{
	double *s = calloc(opt.trials, sizeof(double));

	if (!s) {
		fprintf(stderr, "interpbench: out of memory\n");
		exit(1);
	}
	return s;
}

/* Medians of each part, in ns per instruction, on the CPU we run on now.
 * Interleaved, so drift hits all alike; the checks' cost is the median of
 * each trial's difference between the two interpreters. */
static void measure(const uint8_t *code, size_t len, size_t count, struct medians *m)
{
	double *v = samples(), *c = samples(), *d = samples(), *r = samples();
	uint8_t *to = malloc(len);
	unsigned int t;

	if (!to) {
		fprintf(stderr, "interpbench: out of memory\n");
		exit(1);
	}
	for (t = 0; t < opt.trials; t++) {
		v[t] = validate_trial(code, len, count);
		c[t] = copy_trial(code, len, count, to);
		d[t] = dispatch_trial(egg__interp_ctx, to, len, count);
		r[t] = dispatch_trial(interp_ref, to, len, count);
	}
	m->validate = median(v, opt.trials);
	m->copy = median(c, opt.trials);
	for (t = 0; t < opt.trials; t++)
		c[t] = d[t] - r[t];
	m->checks = median(c, opt.trials);
	m->dispatch = median(d, opt.trials);
	m->ref = median(r, opt.trials);
	free(to);
	free(v);
	free(c);
	free(d);
	free(r);
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static void run(const uint8_t *code, size_t len, size_t count)
{
	struct medians m, best = { .validate = -1 };
	cpu_set_t all;
	int cpu;

	if (sched_getaffinity(0, sizeof(all), &all)) {
		fprintf(stderr, "interpbench: sched_getaffinity: %s\n", strerror(errno));
		exit(1);
	}
	printf("egg: %zu instructions, %zu bytes (%.1f bytes each); "
	       "%u trials of %u passes on each CPU, medians in ns per instruction:\n",
	       count, len, (double)len / (double)count, opt.trials, opt.reps);
	printf("  %-6s %10s %6s %9s %10s %7s %9s\n", "", "validation", "copy", "dispatch",
	       "unchecked", "checks", "together");
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &all) || pin(cpu))
			continue;
		measure(code, len, count, &m);
		printf("  cpu %-2d %10.2f %6.2f %9.2f %10.2f %7.2f %9.2f\n", cpu, m.validate,
		       m.copy, m.dispatch, m.ref, m.checks, m.validate + m.copy + m.dispatch);
		csv_append(cpu, &m);
		if (best.validate < 0 || m.validate + m.copy + m.dispatch <
		    best.validate + best.copy + best.dispatch)
			best = m;
	}
	sched_setaffinity(0, sizeof(all), &all);
	printf("(validation: egg__validate, as egg_spawn runs it in the parent; copy: its\n"
	       " private copy of the egg; dispatch: egg__interp_dry, the child's decoding\n"
	       " and calls without their syscalls; unchecked: the same before its bounds\n"
	       " checks, bench/interp-ref.c; checks: the median of dispatch - unchecked)\n");
	printf("(4) validation + copy + dispatch %.2f ns per instruction on the least "
	       "disturbed CPU (<= 20: %s)\n", best.validate + best.copy + best.dispatch,
	       best.validate + best.copy + best.dispatch <= 20 ? "met" : "MISSED");
	printf("(6) the bounds checks %.2f ns per instruction on that CPU (<= 2: %s)\n",
	       best.checks, best.checks <= 2 ? "met" : "MISSED");
}

static unsigned int parse_uint(const char *s, unsigned int max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v < 1 || v > max) {
		fprintf(stderr, "interpbench: bad number: %s (1 to %u)\n", s, max);
		exit(2);
	}
	return (unsigned int)v;
}

static void options_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "copies", required_argument, 0, 'c' },
		{ "reps", required_argument, 0, 'r' },
		{ "trials", required_argument, 0, 't' },
		{ "outdir", required_argument, 0, 'o' },
		{ 0, 0, 0, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': opt.copies = parse_uint(optarg, 100000); break;
		case 'r': opt.reps = parse_uint(optarg, 1000000); break;
		case 't': opt.trials = parse_uint(optarg, MAX_TRIALS); break;
		case 'o': opt.outdir = optarg; break;
		default:
			fprintf(stderr, "usage: interpbench [--copies N] [--reps N] "
				"[--trials N] [--outdir DIR]\n");
			exit(2);
		}
	}
}

int main(int argc, char **argv)
{
	struct egg *e;
	unsigned int i;

	options_parse(argc, argv);
	e = egg_new();
	if (!e)
		return 1;
	for (i = 0; i < opt.copies; i++) {
		if (mix_append(e)) {
			fprintf(stderr, "interpbench: cannot build the egg\n");
			return 1;
		}
	}
	run(egg_data(e), egg_size(e), egg_count(e));
	egg_free(e);
	return 0;
}
