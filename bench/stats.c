/* SPDX-License-Identifier: MIT */
/* Order statistics of timing samples, and how far to trust a median. */
#include <stdlib.h>
#include <time.h>

#include "spawnbench.h"

/* Resamples per interval: enough for the 2.5% and 97.5% points to move by
 * less than the noise they describe. */
#define BOOTSTRAP_ROUNDS 400
#define MAX_SETS 8

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rand_seed(uint64_t seed)
{
	rng_state = seed | 1;
}

/* xorshift64*: a fixed seed makes the method orders of a run repeatable. */
uint64_t rand_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

void shuffle(unsigned int *a, size_t n)
{
	size_t i, j;
	unsigned int t;

	for (i = n ? n - 1 : 0; i > 0; i--) {
		j = (size_t)(rand_next() % (i + 1));
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest rank on the sorted samples. */
static double rank(const uint64_t *ns, size_t n, double q)
{
	return (double)ns[(size_t)(q * (double)(n - 1) + 0.5)];
}

void summarize(uint64_t *ns, size_t n, struct summary *s)
{
	s->n = n;
	if (!n) {
		s->median = s->p10 = s->p90 = s->min = 0;
		return;
	}
	qsort(ns, n, sizeof(*ns), cmp_u64);
	s->median = rank(ns, n, 0.5);
	s->p10 = rank(ns, n, 0.1);
	s->p90 = rank(ns, n, 0.9);
	s->min = (double)ns[0];
}

static double resampled_median(const struct sample_set *s, uint64_t *scratch)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		scratch[i] = s->v[rand_next() % s->n];
	qsort(scratch, s->n, sizeof(*scratch), cmp_u64);
	return rank(scratch, s->n, 0.5);
}

void bootstrap_ci(const struct sample_set *sets, size_t nsets, median_fn *f,
		  double ci[2])
{
	double med[MAX_SETS], *stat = calloc(BOOTSTRAP_ROUNDS, sizeof(double));
	uint64_t *scratch;
	size_t i, b, most = 0;

	for (i = 0; i < nsets; i++)
		if (sets[i].n > most)
			most = sets[i].n;
	scratch = calloc(most ? most : 1, sizeof(uint64_t));
	ci[0] = ci[1] = 0;
	if (!stat || !scratch || nsets > MAX_SETS || !most)
		goto out;
	for (b = 0; b < BOOTSTRAP_ROUNDS; b++) {
		for (i = 0; i < nsets; i++)
			med[i] = sets[i].n ? resampled_median(&sets[i], scratch) : 0;
		stat[b] = f(med);
	}
	qsort(stat, BOOTSTRAP_ROUNDS, sizeof(double), cmp_double);
	ci[0] = stat[BOOTSTRAP_ROUNDS * 25 / 1000];
	ci[1] = stat[BOOTSTRAP_ROUNDS * 975 / 1000 - 1];
out:
	free(stat);
	free(scratch);
}
