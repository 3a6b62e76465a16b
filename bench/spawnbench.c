/* SPDX-License-Identifier: MIT */
/*
 * spawnbench: how long from a spawn call to the first instruction of the
 * new program, after Josh Triplett's spawnbench (LPC 2022).  The program
 * spawned, bench/stamp-<arch>.S, reads CLOCK_MONOTONIC first thing and
 * writes it to fd 3, a pipe back to us; we read the clock just before the
 * spawn call.  Also timed: spawn + waitpid, the same for parents with big
 * mappings, and spawns per second from one and two threads.
 *
 * Rounds interleave the methods (each round runs each method once, in a
 * shuffled order), and blocks of rounds interleave the parent sizes, so
 * that the machine's drift hits every method and every size alike.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spawnbench.h"


static struct run run = {
	.iterations = 2000,
	.warmup = 5,
	.blocks = 10,
	.tp_trials = 5,
	.tp_ms = 400,
};

static struct {
	unsigned int budget_s;
	int throughput;
	const char *stamp;
	const char *outdir;
	unsigned int method[MAX_METHODS];	/* indices into spawn_methods */
	size_t nmethods;
} opt = {
	.budget_s = 8,
	.throughput = 1,
};

static int pipe_rd = -1;
static FILE *csv;
static FILE *dat;

static void die(const char *msg)
{
	fprintf(stderr, "spawnbench: %s\n", msg);
	exit(1);
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"usage: spawnbench [--iterations N] [--warmup ROUNDS] [--blocks N]\n"
		"                  [--sizes LIST] [--methods LIST] [--budget SECONDS]\n"
		"                  [--threads LIST] [--tp-trials N] [--tp-time MS]\n"
		"                  [--no-throughput] [--stamp PATH] [--outdir DIR] [--seed N]\n"
		"iterations: rounds per parent size (default 2000), in blocks (default 10);\n"
		"       each block maps the parent's memory afresh and drops its first\n"
		"       warm-up rounds (default 5)\n"
		"sizes: small, or N[KMG] mapped on top of it, N[KMG]t touched too\n"
		"       (default small,1G,1Gt,4G)\n"
		"budget: the most time one method may take per size (default 8 s);\n"
		"       a slower one runs in fewer rounds, 0 for no limit\n"
		"threads: thread counts for the throughput runs (default 1,2)\n"
		"methods (default all):\n");
	for (i = 0; i < spawn_nmethods; i++)
		fprintf(out, "  %-14s %s\n", spawn_methods[i].name, spawn_methods[i].what);
}

/* Options */

static unsigned long parse_ulong(const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > UINT_MAX) {
		fprintf(stderr, "spawnbench: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static int size_parse(const char *s, struct parent_size *ps)
{
	unsigned long long n;
	char *end;

	snprintf(ps->label, sizeof(ps->label), "%s", s);
	ps->bytes = 0;
	ps->touched = 0;
	if (!strcmp(s, "small"))
		return 0;
	n = strtoull(s, &end, 10);
	if (end == s)
		return -1;
	switch (*end) {
	case 'G':
		n <<= 10;
		/* fall through */
	case 'M':
		n <<= 10;
		/* fall through */
	case 'K':
		n <<= 10;
		end++;
		break;
	}
	if (*end == 't') {
		ps->touched = 1;
		end++;
	}
	ps->bytes = (size_t)n;
	return *end || !n ? -1 : 0;
}

/* Splits a comma-separated list in place, calling fn on each item. */
static void list_each(char *list, void (*fn)(const char *))
{
	char *save = NULL, *item;

	for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save))
		fn(item);
}

static void size_add(const char *s)
{
	if (run.nsizes == MAX_SIZES)
		die("too many sizes");
	if (size_parse(s, &run.size[run.nsizes])) {
		fprintf(stderr, "spawnbench: bad size: %s\n", s);
		exit(2);
	}
	run.nsizes++;
}

static void method_add(const char *s)
{
	size_t i;

	for (i = 0; i < spawn_nmethods; i++) {
		if (strcmp(s, spawn_methods[i].name))
			continue;
		if (opt.nmethods == MAX_METHODS)
			die("too many methods");
		opt.method[opt.nmethods++] = (unsigned int)i;
		return;
	}
	fprintf(stderr, "spawnbench: no such method: %s\n", s);
	exit(2);
}

static void threads_add(const char *s)
{
	unsigned long n = parse_ulong(s, "thread count");

	if (run.nthreads == MAX_THREAD_COUNTS || n < 1 || n > 64)
		die("thread counts: at most 8 of them, each 1 to 64");
	run.threads[run.nthreads++] = (unsigned int)n;
}

static void options_check(void)
{
	char sizes[] = "small,1G,1Gt,4G", threads[] = "1,2";
	size_t i;

	if (!run.nsizes)
		list_each(sizes, size_add);
	if (!run.nthreads)
		list_each(threads, threads_add);
	if (!opt.nmethods)
		for (i = 0; i < spawn_nmethods; i++)
			opt.method[opt.nmethods++] = (unsigned int)i;
	for (i = 0; i < opt.nmethods; i++)
		run.method[i] = &spawn_methods[opt.method[i]];
	run.nmethods = opt.nmethods;
	if (!run.iterations || !run.blocks)
		die("--iterations and --blocks must be at least 1");
	if (run.blocks > run.iterations)
		run.blocks = run.iterations;
	if (run.tp_trials > MAX_TRIALS)
		die("--tp-trials: at most 64");
	if (run.warmup > MAX_WARMUP)
		die("--warmup: at most 64");
}

static void options_parse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, 0, 'i' },
		{ "warmup", required_argument, 0, 'w' },
		{ "blocks", required_argument, 0, 'B' },
		{ "sizes", required_argument, 0, 's' },
		{ "methods", required_argument, 0, 'm' },
		{ "budget", required_argument, 0, 'b' },
		{ "threads", required_argument, 0, 't' },
		{ "tp-trials", required_argument, 0, 'T' },
		{ "tp-time", required_argument, 0, 'D' },
		{ "no-throughput", no_argument, 0, 'N' },
		{ "stamp", required_argument, 0, 'S' },
		{ "outdir", required_argument, 0, 'o' },
		{ "seed", required_argument, 0, 'r' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': run.iterations = (unsigned int)parse_ulong(optarg, "count"); break;
		case 'w': run.warmup = (unsigned int)parse_ulong(optarg, "warm-up"); break;
		case 'B': run.blocks = (unsigned int)parse_ulong(optarg, "blocks"); break;
		case 's': list_each(optarg, size_add); break;
		case 'm': list_each(optarg, method_add); break;
		case 'b': opt.budget_s = (unsigned int)parse_ulong(optarg, "budget"); break;
		case 't': list_each(optarg, threads_add); break;
		case 'T': run.tp_trials = (unsigned int)parse_ulong(optarg, "trials"); break;
		case 'D': run.tp_ms = (unsigned int)parse_ulong(optarg, "time"); break;
		case 'N': opt.throughput = 0; break;
		case 'S': opt.stamp = optarg; break;
		case 'o': opt.outdir = optarg; break;
		case 'r': rand_seed(parse_ulong(optarg, "seed")); break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (optind != argc) {
		usage(stderr);
		exit(2);
	}
	options_check();
}

/* The stamp program lives next to us unless told otherwise. */
static const char *stamp_default(void)
{
	static char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - sizeof("stamp"));
	char *slash;

	if (n <= 0)
		return "stamp";
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	strcpy(slash + 1, "stamp");
	return buf;
}

/* The stamp's fd */

/* fd 3 is the write end of a pipe, open across exec; we keep the read end,
 * close-on-exec and non-blocking (a child that died before writing must
 * not hang us).  fd 3 is taken first so the pipe cannot land on it. */
static void stamp_pipe_open(void)
{
	int fds[2];

	if (dup2(2, STAMP_FD) != STAMP_FD || pipe2(fds, O_CLOEXEC))
		die("cannot make the timestamp pipe");
	if (dup2(fds[1], STAMP_FD) != STAMP_FD)
		die("cannot put the timestamp pipe on fd 3");
	close(fds[1]);
	pipe_rd = fds[0];
	if (fcntl(pipe_rd, F_SETFL, O_NONBLOCK))
		die("cannot make the timestamp pipe non-blocking");
}

/* For the throughput runs, nobody reads the stamps. */
static void stamp_discard(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0 || dup2(fd, STAMP_FD) != STAMP_FD)
		die("cannot put /dev/null on fd 3");
	close(fd);
}

/* One spawn */

static int stamp_read(uint64_t *ns)
{
	struct timespec ts;

	if (read(pipe_rd, &ts, sizeof(ts)) != (ssize_t)sizeof(ts))
		return -1;
	*ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	return 0;
}

static void spawn_failed(const struct spawn_method *m, int err)
{
	fprintf(stderr, "spawnbench: %s: %s\n", m->name, strerror(err));
	if (!strncmp(m->name, "egg_", 4))
		methods_print_fault(stderr);
	exit(1);
}

/* Times one spawn: to the child's first instruction and to its reaping. */
static void measure_one(const struct spawn_method *m, uint64_t *lat, uint64_t *rt)
{
	uint64_t t0, t1, child;
	pid_t pid;
	int err, status;

	t0 = now_ns();
	err = m->spawn(&pid);
	if (err)
		spawn_failed(m, err);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid failed");
	t1 = now_ns();
	if (status != 0) {
		fprintf(stderr, "spawnbench: %s: the stamp program ended with status %#x\n",
			m->name, status);
		exit(1);
	}
	if (stamp_read(&child) || child < t0)
		die("the stamp program wrote no timestamp");
	*lat = child - t0;
	*rt = t1 - t0;
}

/* Parent sizes */

static void *arena_map(const struct parent_size *ps)
{
	long page = sysconf(_SC_PAGESIZE);
	volatile char *p;
	size_t off;

	if (!ps->bytes)
		return NULL;
	p = mmap(NULL, ps->bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		die("cannot map the parent's extra memory");
	/* Small pages, as most heaps have: with huge pages fork would copy
	 * 512 times fewer page table entries. */
	madvise((void *)p, ps->bytes, MADV_NOHUGEPAGE);
	if (ps->touched)
		for (off = 0; off < ps->bytes; off += (size_t)page)
			p[off] = 1;
	return (void *)p;
}

/* Rounds and blocks */

/* How a size's sampling goes.  A method too slow to run in every round
 * within the time budget (fork in a big parent) runs in every stride-th
 * round only, and has fewer samples. */
struct size_state {
	unsigned int stride[MAX_METHODS];
	uint64_t warm_ns[MAX_METHODS][MAX_WARMUP];	/* the first block's */
	unsigned int nwarm[MAX_METHODS];
	unsigned int rounds;		/* measured so far */
};

static struct size_state state[MAX_SIZES];

static void samples_alloc(void)
{
	size_t z, k;

	for (z = 0; z < run.nsizes; z++) {
		for (k = 0; k < run.nmethods; k++) {
			run.res[z].lat[k] = calloc(run.iterations, sizeof(uint64_t));
			run.res[z].rt[k] = calloc(run.iterations, sizeof(uint64_t));
			if (!run.res[z].lat[k] || !run.res[z].rt[k])
				die("out of memory");
			state[z].stride[k] = 1;
		}
	}
}

/* From the first warm-up's times: how often each method can run.  Their
 * median, not their sum: one spawn held up for a time slice by another
 * process must not cut a method's samples. */
static void strides_set(struct size_state *st)
{
	double budget = opt.budget_s * 1e9, need;
	struct summary s;
	size_t k;

	if (!opt.budget_s)
		return;
	for (k = 0; k < run.nmethods; k++) {
		if (!st->nwarm[k])
			continue;
		summarize(st->warm_ns[k], st->nwarm[k], &s);
		need = s.median * run.iterations;
		if (need > budget)
			st->stride[k] = (unsigned int)(need / budget) + 1;
	}
}

/*
 * fork write-protects every private page of ours, and the first write to
 * each afterwards takes a page fault, even once fork's child has exec'd.
 * Left alone, those faults land in whichever method next writes a page:
 * the clone floor's own stack, sfork's frames, a deeper part of our stack.
 * One spawn by each other method, not timed, takes them all.
 */
static void settle_after_cow(size_t self)
{
	uint64_t lat, rt;
	size_t k;

	for (k = 0; k < run.nmethods; k++)
		if (k != self)
			measure_one(run.method[k], &lat, &rt);
}

/* One spawn of method k, and the settling it needs; returns the time of
 * both. */
static uint64_t spawn_timed(size_t k, uint64_t *lat, uint64_t *rt)
{
	uint64_t t0 = now_ns();

	measure_one(run.method[k], lat, rt);
	if (run.method[k]->flags & METHOD_COW)
		settle_after_cow(k);
	return now_ns() - t0;
}

enum round_kind { ROUND_MEASURED, ROUND_FIRST_WARMUP, ROUND_WARMUP };

/* A warm-up round after the first block's leaves the slow methods out:
 * they warm up in their own rounds. */
static void round_run(size_t z, enum round_kind kind)
{
	struct size_result *r = &run.res[z];
	struct size_state *st = &state[z];
	unsigned int order[MAX_METHODS];
	uint64_t lat, rt, ns;
	size_t i, k;

	for (k = 0; k < run.nmethods; k++)
		order[k] = (unsigned int)k;
	shuffle(order, run.nmethods);
	for (i = 0; i < run.nmethods; i++) {
		k = order[i];
		if (kind == ROUND_MEASURED && st->rounds % st->stride[k])
			continue;
		if (kind == ROUND_WARMUP && st->stride[k] > 1)
			continue;
		ns = spawn_timed(k, &lat, &rt);
		if (kind == ROUND_FIRST_WARMUP) {
			st->warm_ns[k][st->nwarm[k]++] = ns;
		} else if (kind == ROUND_MEASURED) {
			r->lat[k][r->n[k]] = lat;
			r->rt[k][r->n[k]++] = rt;
		}
	}
	if (kind == ROUND_MEASURED)
		st->rounds++;
}

/* Block b of size z: a fresh mapping, warm-up, then its share of rounds. */
static void block_run(size_t z, unsigned int b)
{
	const struct parent_size *ps = &run.size[z];
	unsigned int w, rounds, i;
	void *arena;

	rounds = (unsigned int)((uint64_t)run.iterations * (b + 1) / run.blocks -
				(uint64_t)run.iterations * b / run.blocks);
	arena = arena_map(ps);
	for (w = 0; w < run.warmup; w++)
		round_run(z, b ? ROUND_WARMUP : ROUND_FIRST_WARMUP);
	if (b == 0)
		strides_set(&state[z]);
	for (i = 0; i < rounds; i++)
		round_run(z, ROUND_MEASURED);
	if (arena)
		munmap(arena, ps->bytes);
}

/* Blocks go through the sizes in turn, starting one further each time. */
static void sizes_run(void)
{
	unsigned int b;
	size_t i, z, k;

	int tty = isatty(2);

	samples_alloc();
	for (b = 0; b < run.blocks; b++) {
		for (i = 0; i < run.nsizes; i++)
			block_run((b + i) % run.nsizes, b);
		if (tty)
			fprintf(stderr, "\rspawnbench: block %u of %u done", b + 1, run.blocks);
	}
	if (tty)
		fprintf(stderr, "\n");
	for (z = 0; z < run.nsizes; z++) {
		for (k = 0; k < run.nmethods; k++) {
			summarize(run.res[z].lat[k], run.res[z].n[k], &run.res[z].lat_s[k]);
			summarize(run.res[z].rt[k], run.res[z].n[k], &run.res[z].rt_s[k]);
		}
		report_size(&run, z, csv, dat);
	}
}

/* The six syscalls of the six-op egg, on their own */

static void egg6_syscalls_run(void)
{
	uint64_t *ns = calloc(run.iterations, sizeof(uint64_t));
	unsigned int i;

	if (!ns)
		die("out of memory");
	for (i = 0; i < run.iterations; i++) {
		ns[i] = methods_time_egg6_syscalls();
		if (!ns[i])
			die("cannot time the six-op egg's system calls");
	}
	summarize(ns, run.iterations, &run.egg6_syscalls);
	free(ns);
	report_egg6_syscalls(&run, csv);
}

/* Files */

static FILE *out_open(const char *name)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", opt.outdir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "spawnbench: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static void outputs_open(void)
{
	size_t k;

	if (!opt.outdir)
		return;
	csv = out_open("results.csv");
	fprintf(csv, "kind,size,method,n,median,p10,p90,min,ratio_to_floor\n");
	dat = out_open("latency.dat");
	fprintf(dat, "size");
	for (k = 0; k < run.nmethods; k++)
		fprintf(dat, " %s", run.method[k]->name);
	fprintf(dat, "\n");
}

static void outputs_close(void)
{
	if (csv && fclose(csv))
		die("cannot write results.csv");
	if (dat && fclose(dat))
		die("cannot write latency.dat");
}

/* Without libegg-spawn.so (a build without shared libraries, or a
 * preload that does not load) its methods cannot run: left out, and said. */
static void methods_drop_unavailable(void)
{
	size_t i, n = 0;

	for (i = 0; i < run.nmethods; i++) {
		if ((run.method[i]->flags & METHOD_PRELOAD) && !methods_have_preload()) {
			printf("not measured: %s (no libegg-spawn.so)\n", run.method[i]->name);
			continue;
		}
		run.method[n++] = run.method[i];
	}
	run.nmethods = n;
}

int main(int argc, char **argv)
{
	options_parse(argc, argv);
	if (methods_init(opt.stamp ? opt.stamp : stamp_default()))
		return 1;
	methods_drop_unavailable();
	stamp_pipe_open();
	outputs_open();
	printf("PATH of the spawnp methods: %s\n\n", methods_path());
	sizes_run();
	egg6_syscalls_run();
	if (opt.throughput && run.tp_trials) {
		stamp_discard();
		if (throughput_all(&run, csv))
			return 1;
	}
	report_targets(&run);
	outputs_close();
	return 0;
}
