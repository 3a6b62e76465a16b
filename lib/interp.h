/* SPDX-License-Identifier: MIT */
/* Running eggs: the validator in the parent, the interpreter in the child. */
#ifndef EGG_INTERP_H
#define EGG_INTERP_H

#include <egg.h>
#include <stdint.h>

#include "internal.h"

int egg__decode_insn(const uint8_t *code, size_t len, size_t *off,
		     struct egg_insn *insn) EGG_HIDDEN;
long egg__validate(const uint8_t *code, size_t len, size_t *bad) EGG_HIDDEN;
long egg__validate_fx(const uint8_t *code, size_t len, size_t *bad,
		      unsigned int *fx) EGG_HIDDEN;

/* Runs validated code with the context ops need; on failure returns -errno
 * with *fault filled in.  On success fault->index is the instruction count.
 * A NULL ctx is a dry run: decodes and dispatches but makes no system call. */
struct egg__ctx;
int egg__interp_ctx(const uint8_t *code, size_t len, struct egg_fault *fault,
		    const struct egg__ctx *ctx) EGG_HIDDEN;

/* A dry run of egg__interp_ctx(), for benchmarks and fuzzing. */
int egg__interp_dry(const uint8_t *code, size_t len, struct egg_fault *fault) EGG_HIDDEN;

/* execvp's search, in the child: returns only on failure, with -errno. */
int egg__exec_search(const char *file, char *const argv[], char *const envp[],
		     const char *path) EGG_HIDDEN;

/* The same with another exec than sfork_execveat() (egg_aspawn()'s child
 * has no sfork frame); exec returns only on failure, with -errno. */
typedef int egg__exec_fn(void *cookie, int dirfd, const char *file, char *const argv[],
			 char *const envp[], int flags);
int egg__exec_search_with(const char *file, char *const argv[], char *const envp[],
			  const char *path, egg__exec_fn *exec, void *cookie) EGG_HIDDEN;

#endif /* EGG_INTERP_H */
