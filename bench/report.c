/* SPDX-License-Identifier: MIT */
/*
 * What spawnbench prints: a table per parent size, the CSV and the plot's
 * data, and the targets, judged on this run's medians.  Each judgement
 * comes with a 95% interval from resampling, so that a verdict the noise
 * could flip says so.
 */
#include <string.h>

#include "spawnbench.h"

int run_find_method(const struct run *run, const char *name)
{
	size_t k;

	for (k = 0; k < run->nmethods; k++)
		if (!strcmp(run->method[k]->name, name))
			return (int)k;
	return -1;
}

static int run_find_size(const struct run *run, const char *label)
{
	size_t z;

	for (z = 0; z < run->nsizes; z++)
		if (!strcmp(run->size[z].label, label))
			return (int)z;
	return -1;
}

static int floor_index(const struct run *run)
{
	size_t k;

	for (k = 0; k < run->nmethods; k++)
		if (run->method[k]->flags & METHOD_FLOOR)
			return (int)k;
	return -1;
}

void report_csv_row(FILE *csv, const char *kind, const char *size, const char *method,
		    const struct summary *s, double scale, const struct summary *floor)
{
	if (!csv)
		return;
	fprintf(csv, "%s,%s,%s,%zu,%.3f,%.3f,%.3f,%.3f,", kind, size, method, s->n,
		s->median / scale, s->p10 / scale, s->p90 / scale, s->min / scale);
	if (floor && floor->median > 0)
		fprintf(csv, "%.4f\n", s->median / floor->median);
	else
		fprintf(csv, "\n");
}

static void print_cell(const struct summary *s, const struct summary *floor)
{
	printf(" %8.1f %8.1f %8.1f %8.1f", s->median / 1e3, s->p10 / 1e3,
	       s->p90 / 1e3, s->min / 1e3);
	if (floor && floor->median > 0)
		printf(" %6.2f", s->median / floor->median);
	else
		printf(" %6s", "-");
}

static void size_describe(const struct run *run, const struct parent_size *ps)
{
	if (!ps->bytes)
		printf("parent size: small (no extra mapping)");
	else
		printf("parent size: %s (+%zu MiB mapped, %s)", ps->label, ps->bytes >> 20,
		       ps->touched ? "every page touched" : "untouched");
	printf("; %u rounds in %u blocks, %u warm-up rounds per block dropped\n",
	       run->iterations, run->blocks, run->warmup);
}

void report_size(const struct run *run, size_t z, FILE *csv, FILE *dat)
{
	const struct size_result *r = &run->res[z];
	const char *label = run->size[z].label;
	int fl = floor_index(run);
	const struct summary *flat = fl >= 0 ? &r->lat_s[fl] : NULL;
	const struct summary *flrt = fl >= 0 ? &r->rt_s[fl] : NULL;
	size_t k;

	size_describe(run, &run->size[z]);
	printf("%-20s %-42s %s\n", "", "spawn to first instruction (us)",
	       "spawn + waitpid (us)");
	printf("%-14s %5s %8s %8s %8s %8s %6s %8s %8s %8s %8s %6s\n", "method", "n",
	       "median", "p10", "p90", "min", "xfloor", "median", "p10", "p90", "min",
	       "xfloor");
	for (k = 0; k < run->nmethods; k++) {
		const char *name = run->method[k]->name;

		printf("%-14s %5zu", name, r->lat_s[k].n);
		print_cell(&r->lat_s[k], flat);
		print_cell(&r->rt_s[k], flrt);
		printf("\n");
		report_csv_row(csv, "latency_us", label, name, &r->lat_s[k], 1e3, flat);
		report_csv_row(csv, "roundtrip_us", label, name, &r->rt_s[k], 1e3, flrt);
	}
	printf("\n");
	if (dat) {
		fprintf(dat, "%s", label);
		for (k = 0; k < run->nmethods; k++)
			fprintf(dat, " %.3f", r->lat_s[k].median / 1e3);
		fprintf(dat, "\n");
	}
	fflush(stdout);
}

void report_egg6_syscalls(const struct run *run, FILE *csv)
{
	printf("the six-op egg's system calls, timed in a vfork child, %zu times:\n  %s\n",
	       run->egg6_syscalls.n, methods_egg6_syscalls);
	printf("%-20s %8s %8s %8s %8s\n", "", "median", "p10", "p90", "min");
	printf("%-20s", "system calls (us)");
	print_cell(&run->egg6_syscalls, NULL);
	printf("\n\n");
	report_csv_row(csv, "egg6_syscalls_us", "small", "in_child", &run->egg6_syscalls,
		       1e3, NULL);
}

/* Targets */

static double ratio(const double *m)
{
	return m[0] / m[1];
}

static double diff(const double *m)
{
	return m[0] - m[1];
}

static double diff_of_diffs(const double *m)
{
	return (m[0] - m[1]) - (m[2] - m[3]);
}

static struct sample_set lat_set(const struct run *run, size_t z, int k)
{
	return (struct sample_set){ run->res[z].lat[k], run->res[z].n[k] };
}

static const char *verdict(int met)
{
	return met ? "met" : "MISSED";
}

/* (1) egg_spawn, empty egg: at most 1.05 x vfork, below posix_spawn. */
static void target_vs_vfork(const struct run *run)
{
	int e = run_find_method(run, "egg_spawn"), v = run_find_method(run, "vfork");
	int p = run_find_method(run, "posix_spawn");
	double r, d, ci[2], cd[2];
	size_t z;

	if (e < 0 || v < 0 || p < 0) {
		printf("(1) not measured: needs egg_spawn, vfork and posix_spawn\n");
		return;
	}
	for (z = 0; z < run->nsizes; z++) {
		struct sample_set ev[2] = { lat_set(run, z, e), lat_set(run, z, v) };
		struct sample_set ep[2] = { lat_set(run, z, e), lat_set(run, z, p) };
		const struct summary *s = run->res[z].lat_s;

		r = s[e].median / s[v].median;
		d = s[e].median - s[p].median;
		bootstrap_ci(ev, 2, ratio, ci);
		bootstrap_ci(ep, 2, diff, cd);
		printf("(1) %-5s egg_spawn / vfork = %.3f [%.3f, %.3f] (<= 1.05: %s); "
		       "- posix_spawn = %.1f us [%.1f, %.1f] (< 0: %s)\n",
		       run->size[z].label, r, ci[0], ci[1], verdict(r <= 1.05),
		       d / 1e3, cd[0] / 1e3, cd[1] / 1e3, verdict(d < 0));
	}
}

/* (2) flat: egg_spawn's median at each size within 10% of the small one. */
static void target_flat(const struct run *run)
{
	int e = run_find_method(run, "egg_spawn"), s = run_find_size(run, "small");
	double r, ci[2];
	size_t z;

	if (e < 0 || s < 0) {
		printf("(2) not measured: needs egg_spawn and the small size\n");
		return;
	}
	for (z = 0; z < run->nsizes; z++) {
		struct sample_set set[2] = { lat_set(run, z, e), lat_set(run, (size_t)s, e) };

		if ((int)z == s)
			continue;
		r = run->res[z].lat_s[e].median / run->res[s].lat_s[e].median;
		bootstrap_ci(set, 2, ratio, ci);
		printf("(2) %-5s egg_spawn / egg_spawn small = %.3f [%.3f, %.3f] "
		       "(within 10%%: %s)\n", run->size[z].label, r, ci[0], ci[1],
		       verdict(r >= 0.9 && r <= 1.1));
	}
}

/* The same six system calls made by hand in a vfork child before its
 * execve: what they cost a spawn, after-effects included. */
static void target_egg6_by_hand(const struct run *run, int s, int e, int e6)
{
	int v = run_find_method(run, "vfork"), v6 = run_find_method(run, "vfork6");
	struct sample_set set[4];
	double hand, extra, ci[2], ch[2];

	if (v < 0 || v6 < 0)
		return;
	set[0] = lat_set(run, (size_t)s, v6);
	set[1] = lat_set(run, (size_t)s, v);
	hand = run->res[s].lat_s[v6].median - run->res[s].lat_s[v].median;
	bootstrap_ci(set, 2, diff, ch);
	set[0] = lat_set(run, (size_t)s, e6);
	set[1] = lat_set(run, (size_t)s, e);
	set[2] = lat_set(run, (size_t)s, v6);
	set[3] = lat_set(run, (size_t)s, v);
	extra = run->res[s].lat_s[e6].median - run->res[s].lat_s[e].median - hand;
	bootstrap_ci(set, 4, diff_of_diffs, ci);
	printf("    vfork6 - vfork (the same calls by hand, before execve) = %.1f us "
	       "[%.1f, %.1f]\n", hand / 1e3, ch[0] / 1e3, ch[1] / 1e3);
	printf("    the egg's cost beyond the hand-made calls = %.1f us [%.1f, %.1f] "
	       "(<= 0: %s)\n", extra / 1e3, ci[0] / 1e3, ci[1] / 1e3,
	       extra <= 0 ? "met" : ci[0] <= 0 ? "met within the noise" : "MISSED");
}

/* (3) the six-op egg costs at most the empty egg plus its system calls. */
static void target_egg6(const struct run *run)
{
	int e = run_find_method(run, "egg_spawn"), e6 = run_find_method(run, "egg_spawn6");
	int s = run_find_size(run, "small");
	double extra, sys = run->egg6_syscalls.median, ci[2];
	struct sample_set set[2];

	if (e < 0 || e6 < 0 || s < 0 || !run->egg6_syscalls.n) {
		printf("(3) not measured: needs egg_spawn, egg_spawn6 and the small size\n");
		return;
	}
	set[0] = lat_set(run, (size_t)s, e6);
	set[1] = lat_set(run, (size_t)s, e);
	extra = run->res[s].lat_s[e6].median - run->res[s].lat_s[e].median;
	bootstrap_ci(set, 2, diff, ci);
	printf("(3) egg_spawn6 - egg_spawn = %.1f us [%.1f, %.1f]; the system calls "
	       "timed in a child: %.1f us (no more: %s)\n", extra / 1e3, ci[0] / 1e3,
	       ci[1] / 1e3, sys / 1e3, verdict(extra <= sys));
	target_egg6_by_hand(run, s, e, e6);
}

/* (5) two threads reach 1.6 x the spawns per second of one. */
static void target_threads(const struct run *run)
{
	int e = run_find_method(run, "egg_spawn");
	size_t t, one = MAX_THREAD_COUNTS, two = MAX_THREAD_COUNTS;
	double r;

	for (t = 0; t < run->nthreads; t++) {
		if (run->threads[t] == 1)
			one = t;
		if (run->threads[t] == 2)
			two = t;
	}
	if (e < 0 || one == MAX_THREAD_COUNTS || two == MAX_THREAD_COUNTS ||
	    !run->tp_done || !run->tp[e][one]) {
		printf("(5) not measured: needs egg_spawn with 1 and 2 threads\n");
		return;
	}
	r = run->tp[e][two] / run->tp[e][one];
	printf("(5) egg_spawn, 2 threads %.0f/s = %.2f x 1 thread %.0f/s (>= 1.6: %s);\n"
	       "    the CPU-bound control, 2 threads = %.2f x 1;\n"
	       "    egg_spawn from 2 processes, sharing nothing = %.2f x 1 thread\n",
	       run->tp[e][two], r, run->tp[e][one], verdict(r >= 1.6),
	       run->tp_control[one] > 0 ? run->tp_control[two] / run->tp_control[one] : 0,
	       run->tp_procs[e][two] / run->tp[e][one]);
}

/* (7) posix_spawn through libegg-spawn.so: at most 0.65 x glibc's. */
static void target_preload(const struct run *run)
{
	static const char *const pairs[][2] = {
		{ "preload_spawn", "posix_spawn" }, { "preload_spawn6", "posix_spawn6" },
	};
	double r, ci[2];
	size_t z, i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		int e = run_find_method(run, pairs[i][0]), g = run_find_method(run, pairs[i][1]);

		if (e < 0 || g < 0) {
			printf("(7) not measured: needs %s and %s\n", pairs[i][0], pairs[i][1]);
			continue;
		}
		for (z = 0; z < run->nsizes; z++) {
			struct sample_set set[2] = { lat_set(run, z, e), lat_set(run, z, g) };

			r = run->res[z].lat_s[e].median / run->res[z].lat_s[g].median;
			bootstrap_ci(set, 2, ratio, ci);
			printf("(7) %-5s %s / %s = %.3f [%.3f, %.3f] (<= 0.65: %s)\n",
			       run->size[z].label, pairs[i][0], pairs[i][1], r, ci[0], ci[1],
			       verdict(r <= 0.65));
		}
	}
}

void report_targets(const struct run *run)
{
	printf("targets: medians of spawn to first instruction, [95%% intervals]; "
	       "(4) is interpbench's\n");
	target_vs_vfork(run);
	target_flat(run);
	target_egg6(run);
	target_threads(run);
	target_preload(run);
}
