/* SPDX-License-Identifier: MIT */
/* The op functions, grouped by what they act on in lib/ops_<area>.c. */
#ifndef EGG_OPS_H
#define EGG_OPS_H

#include "optable.h"

/* What most op functions return: a system call's -errno, or 0. */
static inline int egg__zero_or_err(long r)
{
	return r < 0 ? (int)r : 0;
}

/*
 * The op functions, in lib/ops_<area>.c, and the parent-side checks:
 * declared from lib/optable.def's rows, so that a new op is not declared
 * by hand.
 */
#define EGG__CHECK_DECL_0(mnemonic)
#define EGG__CHECK_DECL_CHECK(mnemonic) egg__op_check_fn egg__check_##mnemonic;
#define OP(code, mnemonic, chk, fx, n, kinds, names) \
	egg__op_fn egg__op_##mnemonic; EGG__CHECK_DECL_##chk(mnemonic)
#include "optable.def"
#undef OP

/* The pdeathsig op's work, also done again before the exec (lib/spawn.c). */
int egg__pdeathsig_arm(int sig, int parent_pid) EGG_HIDDEN;

#endif /* EGG_OPS_H */
