/* SPDX-License-Identifier: MIT */
/* The interpreter before its bounds checks, for interpbench: see interp-ref.c. */
#ifndef EGG_BENCH_INTERP_REF_H
#define EGG_BENCH_INTERP_REF_H

#include <egg.h>
#include <stddef.h>
#include <stdint.h>

struct egg__ctx;

/* egg__interp_ctx() as it was: valid code only; NULL ctx is a dry run. */
int interp_ref(const uint8_t *code, size_t len, struct egg_fault *fault,
	       const struct egg__ctx *ctx);

#endif /* EGG_BENCH_INTERP_REF_H */
