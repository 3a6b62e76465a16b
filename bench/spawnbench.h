/* SPDX-License-Identifier: MIT */
/* spawnbench's parts: the spawn methods, the statistics, the throughput
 * runs and the report, around what one run measured (struct run). */
#ifndef SPAWNBENCH_H
#define SPAWNBENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* The fd the stamp program writes its timestamp to; eggs keep it open. */
#define STAMP_FD 3

#define METHOD_FLOOR 0x1u	/* the floor the ratios are taken against */
#define METHOD_THROUGHPUT 0x2u	/* also run from several threads at once */
#define METHOD_COW 0x4u		/* leaves the parent's memory copy-on-write */
#define METHOD_PRELOAD 0x8u	/* needs libegg-spawn.so, which a static build lacks */

#define MAX_METHODS 32
#define MAX_SIZES 16
#define MAX_THREAD_COUNTS 8
#define MAX_TRIALS 64
#define MAX_WARMUP 64

struct spawn_method {
	const char *name;
	const char *what;
	/* Starts the stamp program; returns 0 with *pid set or an errno.
	 * NULL for the throughput runs' CPU-bound control. */
	int (*spawn)(pid_t *pid);
	unsigned int flags;
};

extern const struct spawn_method spawn_methods[];
extern const size_t spawn_nmethods;

/* Everything the methods share, set up once: argv, envp, PATH (for the
 * spawnp methods, stamp's directory last), the eggs and posix_spawn's
 * file actions.  Returns 0 or prints why not and returns -1. */
int methods_init(const char *stamp);
/* Whether libegg-spawn.so was loaded, for the METHOD_PRELOAD methods. */
int methods_have_preload(void);
/* The PATH the spawnp methods search, for the report. */
const char *methods_path(void);
/* Why the last egg_spawn failed, for an error message. */
void methods_print_fault(FILE *out);

/* The raw system calls the six-op egg makes, as it makes them, timed in a
 * vfork child (the same kind of process the egg runs in): returns the
 * nanoseconds they took, or 0 on failure. */
uint64_t methods_time_egg6_syscalls(void);
/* What methods_time_egg6_syscalls() calls, for the report. */
extern const char methods_egg6_syscalls[];

/* Statistics (stats.c) */

struct summary {
	size_t n;
	double median, p10, p90, min;
};

uint64_t now_ns(void);
uint64_t rand_next(void);
void rand_seed(uint64_t seed);
void shuffle(unsigned int *a, size_t n);
/* Sorts ns in place. */
void summarize(uint64_t *ns, size_t n, struct summary *s);

/* A 95% interval, by resampling, of f(medians of the sets). */
struct sample_set {
	const uint64_t *v;
	size_t n;
};
typedef double median_fn(const double *medians);
void bootstrap_ci(const struct sample_set *sets, size_t nsets, median_fn *f,
		  double ci[2]);

/* What one run measured */

struct parent_size {
	char label[16];
	size_t bytes;
	int touched;
};

struct size_result {
	uint64_t *lat[MAX_METHODS];	/* sorted once summarized */
	uint64_t *rt[MAX_METHODS];
	size_t n[MAX_METHODS];
	struct summary lat_s[MAX_METHODS];
	struct summary rt_s[MAX_METHODS];
};

struct run {
	/* What to run */
	const struct spawn_method *method[MAX_METHODS];
	size_t nmethods;
	struct parent_size size[MAX_SIZES];
	size_t nsizes;
	unsigned int threads[MAX_THREAD_COUNTS];
	size_t nthreads;
	unsigned int iterations, warmup, blocks, tp_trials, tp_ms;
	/* What it measured */
	struct size_result res[MAX_SIZES];
	struct summary egg6_syscalls;
	double tp[MAX_METHODS][MAX_THREAD_COUNTS];	/* median spawns/s */
	double tp_procs[MAX_METHODS][MAX_THREAD_COUNTS]; /* the same, processes */
	double tp_control[MAX_THREAD_COUNTS];
	int tp_done;
};

/* Throughput (throughput.c) */

struct tp_result {
	double per_s;		/* spawns per second, all threads */
	double cpu_us;		/* CPU time per spawn, parent and child */
	double ours;		/* our share of all CPUs, children included */
	double busy;		/* of the whole machine, 0 to 1 */
};

/* The workers of a throughput run: threads of this process, or processes
 * of their own, which share nothing with each other. */
enum tp_kind { TP_THREADS, TP_PROCESSES };

/* Spawns from n workers at once, for about ms milliseconds.  Returns 0,
 * or -1 if a spawn failed. */
int throughput_run(const struct spawn_method *m, unsigned int n, enum tp_kind kind,
		   unsigned int ms, struct tp_result *res);
/* Every throughput method and the control, each thread count, and each
 * method again from that many processes, in shuffled trials; fills run->tp
 * and run->tp_procs and prints a table.  The stamps go to
 * /dev/null by then.  Returns 0 or -1 if a spawn failed. */
int throughput_all(struct run *run, FILE *csv);

/* The report (report.c) */

void report_size(const struct run *run, size_t z, FILE *csv, FILE *dat);
void report_egg6_syscalls(const struct run *run, FILE *csv);
void report_targets(const struct run *run);
void report_csv_row(FILE *csv, const char *kind, const char *size, const char *method,
		    const struct summary *s, double scale, const struct summary *floor);
int run_find_method(const struct run *run, const char *name);

#endif /* SPAWNBENCH_H */
