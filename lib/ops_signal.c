/* SPDX-License-Identifier: MIT */
/*
 * Ops on what the new program starts with.  The child itself keeps every
 * signal blocked until the exec, so sigmask only records the mask that
 * sfork_execveat() (or egg_aspawn()'s exec) will install.
 */
#include "ops.h"

int egg__op_sigmask(const union egg_value *arg, const struct egg__ctx *ctx)
{
	if (ctx->exec_mask) {
		*ctx->exec_mask = arg[0].u;
		return 0;
	}
	return egg__sfork_set_exec_mask(arg[0].u);
}

int egg__op_sigdefault(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__sig_set_default(arg[0].u);
}

int egg__op_sigignore(const union egg_value *arg, const struct egg__ctx *ctx)
{
	return egg__sig_set_ignore(arg[0].u);
}
